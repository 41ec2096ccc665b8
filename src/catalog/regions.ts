import type { ComplianceProgram, Jurisdiction, RegionSpec } from './types';

/**
 * Regions of both clouds: jurisdiction, EEA membership, the compliance
 * programs a region can host, and its zones.
 *
 * AWS zones are AZ IDs (`use1-az6`), identical in every account, taken from
 * the skypilot-catalog v8 AWS table [SPv8] (every AZ ID it lists for the
 * region). Regions SPv8 does not cover get conventional AZ IDs and
 * `confidence: 'unconfirmed'`. GCP zone letters are the conventional ones
 * (also unconfirmed) except where the fact sheets name a zone; every zone an
 * accelerator type lists is in its region here (a test pins that).
 *
 * Programs: HIPAA on AWS is account-scoped (Artifact BAA) and per service,
 * not per region, so every commercial and GovCloud region carries it; on GCP
 * the BAA covers products, so every region carries it. FedRAMP Moderate: AWS
 * US East/West; FedRAMP High: AWS GovCloud, and on GCP the US regions where
 * Assured Workloads packages are offered (not us-east5 or us-south1). GDPR:
 * EU/EEA regions (applies by location).
 */

const SPV8 = 'skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv@e385a0d';
const AWS_REGIONS_DOC = 'https://docs.aws.amazon.com/solutions/latest/automated-security-response-on-aws/ ("Supported AWS Regions")';
const AWS_FEDRAMP = 'aws-samples "Federal Customer Region Selection Guidance"; factualminds FedRAMP region matrix (2026-07)';
const AWS_HIPAA = 'AWS Artifact BAA (account-scoped, per HIPAA-eligible service; Trend Micro Conformity HIPAA rule text)';
const EUSC = 'AWS SDK partition/endpoint data (eusc-de-east-1, partition aws-eusc, DNS suffix amazonaws.eu), as published in the AWS SDKs';
const SPGV8 = 'skypilot-org/skypilot-catalog catalogs/v8/gcp/vms.csv@8427bbf';
const GCP_AW = 'https://cloud.google.com/assured-workloads/docs/locations';
const GCP_HIPAA = 'https://cloud.google.com/security/compliance/hipaa';
const GCP_FEDRAMP = 'https://cloud.google.com/security/compliance/fedramp';
const AS_OF = '2026-11-25';

type AwsPartition = 'aws' | 'aws-us-gov' | 'aws-eusc';

interface AwsRow {
  readonly name: string;
  readonly location: string;
  readonly jurisdiction: Jurisdiction;
  readonly eea: boolean;
  readonly zones: ReadonlyArray<string>;
  /** True when the AZ IDs come from SPv8; false → conventional IDs, unconfirmed. */
  readonly zonesSourced: boolean;
  readonly partition?: AwsPartition;
}

const US_COMMERCIAL_FEDRAMP = new Set(['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']);
/** GCP US regions with Assured Workloads (US Data Boundary / FedRAMP) packages. */
const GCP_FEDRAMP_REGIONS = new Set(['us-central1', 'us-east1', 'us-east4', 'us-west1', 'us-west2', 'us-west3', 'us-west4']);

const azIds = (prefix: string, ...n: number[]): string[] => n.map((i) => `${prefix}-az${i}`);

const AWS_ROWS: ReadonlyArray<AwsRow> = [
  { name: 'us-east-1', location: 'N. Virginia', jurisdiction: 'US', eea: false, zones: azIds('use1', 1, 2, 3, 4, 5, 6), zonesSourced: true },
  { name: 'us-east-2', location: 'Ohio', jurisdiction: 'US', eea: false, zones: azIds('use2', 1, 2, 3), zonesSourced: true },
  { name: 'us-west-1', location: 'N. California', jurisdiction: 'US', eea: false, zones: azIds('usw1', 1, 3), zonesSourced: true },
  { name: 'us-west-2', location: 'Oregon', jurisdiction: 'US', eea: false, zones: azIds('usw2', 1, 2, 3, 4), zonesSourced: true },
  { name: 'us-gov-west-1', location: 'GovCloud (US-West)', jurisdiction: 'US-GOV', eea: false, zones: azIds('usgw1', 1, 2, 3), zonesSourced: false, partition: 'aws-us-gov' },
  { name: 'us-gov-east-1', location: 'GovCloud (US-East)', jurisdiction: 'US-GOV', eea: false, zones: azIds('usge1', 1, 2, 3), zonesSourced: false, partition: 'aws-us-gov' },
  { name: 'ca-central-1', location: 'Canada (Central)', jurisdiction: 'CA', eea: false, zones: azIds('cac1', 1, 2, 4), zonesSourced: true },
  { name: 'ca-west-1', location: 'Calgary', jurisdiction: 'CA', eea: false, zones: azIds('caw1', 1, 2, 3), zonesSourced: false },
  { name: 'mx-central-1', location: 'Mexico (Central)', jurisdiction: 'MX', eea: false, zones: azIds('mxc1', 1, 2, 3), zonesSourced: false },
  { name: 'sa-east-1', location: 'São Paulo', jurisdiction: 'BR', eea: false, zones: azIds('sae1', 1, 2, 3), zonesSourced: false },
  { name: 'eu-central-1', location: 'Frankfurt', jurisdiction: 'EU', eea: true, zones: azIds('euc1', 1, 2, 3), zonesSourced: true },
  { name: 'eu-west-1', location: 'Ireland', jurisdiction: 'EU', eea: true, zones: azIds('euw1', 1, 2, 3), zonesSourced: true },
  { name: 'eu-west-3', location: 'Paris', jurisdiction: 'EU', eea: true, zones: azIds('euw3', 1, 2, 3), zonesSourced: true },
  { name: 'eu-north-1', location: 'Stockholm', jurisdiction: 'EU', eea: true, zones: azIds('eun1', 1, 2, 3), zonesSourced: true },
  { name: 'eu-south-1', location: 'Milan', jurisdiction: 'EU', eea: true, zones: azIds('eus1', 1, 2, 3), zonesSourced: true },
  { name: 'eu-south-2', location: 'Spain', jurisdiction: 'EU', eea: true, zones: azIds('eus2', 1, 2, 3), zonesSourced: true },
  { name: 'eusc-de-east-1', location: 'European Sovereign Cloud (Brandenburg)', jurisdiction: 'EU', eea: true, zones: azIds('euscde1', 1, 2, 3), zonesSourced: false, partition: 'aws-eusc' },
  { name: 'eu-west-2', location: 'London', jurisdiction: 'UK', eea: false, zones: azIds('euw2', 1, 2, 3), zonesSourced: true },
  { name: 'eu-central-2', location: 'Zurich', jurisdiction: 'CH', eea: false, zones: azIds('euc2', 1, 2, 3), zonesSourced: false },
  { name: 'ap-northeast-1', location: 'Tokyo', jurisdiction: 'JP', eea: false, zones: azIds('apne1', 1, 2, 4), zonesSourced: true },
  { name: 'ap-northeast-2', location: 'Seoul', jurisdiction: 'KR', eea: false, zones: azIds('apne2', 1, 2, 3, 4), zonesSourced: true },
  { name: 'ap-northeast-3', location: 'Osaka', jurisdiction: 'JP', eea: false, zones: azIds('apne3', 1, 2, 3), zonesSourced: true },
  { name: 'ap-south-1', location: 'Mumbai', jurisdiction: 'IN', eea: false, zones: azIds('aps1', 1, 2, 3), zonesSourced: true },
  { name: 'ap-south-2', location: 'Hyderabad', jurisdiction: 'IN', eea: false, zones: azIds('aps2', 1, 2, 3), zonesSourced: false },
  { name: 'ap-southeast-1', location: 'Singapore', jurisdiction: 'SG', eea: false, zones: azIds('apse1', 1, 2, 3), zonesSourced: true },
  { name: 'ap-southeast-2', location: 'Sydney', jurisdiction: 'AU', eea: false, zones: azIds('apse2', 1, 2, 3), zonesSourced: true },
  { name: 'ap-southeast-3', location: 'Jakarta', jurisdiction: 'ID', eea: false, zones: azIds('apse3', 1, 2, 3), zonesSourced: true },
  { name: 'ap-southeast-4', location: 'Melbourne', jurisdiction: 'AU', eea: false, zones: azIds('apse4', 1, 2, 3), zonesSourced: false },
  { name: 'ap-southeast-5', location: 'Malaysia', jurisdiction: 'MY', eea: false, zones: azIds('apse5', 1, 2, 3), zonesSourced: false },
  { name: 'ap-southeast-7', location: 'Thailand', jurisdiction: 'TH', eea: false, zones: azIds('apse7', 1, 2, 3), zonesSourced: false },
  { name: 'ap-east-1', location: 'Hong Kong', jurisdiction: 'HK', eea: false, zones: azIds('ape1', 1, 2, 3), zonesSourced: true },
  { name: 'me-south-1', location: 'Bahrain', jurisdiction: 'BH', eea: false, zones: azIds('mes1', 1, 2, 3), zonesSourced: true },
  { name: 'me-central-1', location: 'UAE', jurisdiction: 'AE', eea: false, zones: azIds('mec1', 1, 2, 3), zonesSourced: true },
  { name: 'il-central-1', location: 'Tel Aviv', jurisdiction: 'IL', eea: false, zones: azIds('ilc1', 1, 2, 3), zonesSourced: false },
  { name: 'af-south-1', location: 'Cape Town', jurisdiction: 'ZA', eea: false, zones: azIds('afs1', 1, 2, 3), zonesSourced: true },
];

const awsPrograms = (row: AwsRow): ComplianceProgram[] => {
  const programs: ComplianceProgram[] = [];
  // The European Sovereign Cloud is a separate partition; BAA coverage there is not sourced.
  if (row.partition !== 'aws-eusc') programs.push('HIPAA');
  if (US_COMMERCIAL_FEDRAMP.has(row.name)) programs.push('FEDRAMP_MODERATE');
  if (row.jurisdiction === 'US-GOV') programs.push('FEDRAMP_HIGH');
  if (row.eea) programs.push('GDPR');
  return programs;
};

const awsRegion = (row: AwsRow): RegionSpec => {
  const notes: string[] = [];
  if (!row.zonesSourced) notes.push('AZ IDs are conventional (region not covered by SPv8): unconfirmed.');
  if (row.partition === 'aws-eusc') notes.push('Separate partition; instance types offered and HIPAA coverage unconfirmed.');
  if (row.jurisdiction === 'US-GOV') notes.push('HIPAA BAA coverage of GovCloud: wording unconfirmed.');
  return {
    cloud: 'aws',
    name: row.name,
    location: row.location,
    jurisdiction: row.jurisdiction,
    eea: row.eea,
    programs: awsPrograms(row),
    partition: row.partition ?? 'aws',
    zones: row.zones,
    source: [AWS_REGIONS_DOC, row.zonesSourced ? SPV8 : undefined, AWS_HIPAA, AWS_FEDRAMP, row.partition === 'aws-eusc' ? EUSC : undefined]
      .filter((s) => s !== undefined).join('; '),
    asOf: AS_OF,
    ...(notes.length > 0 ? { confidence: 'unconfirmed' as const, note: notes.join(' ') } : {}),
  };
};

interface GcpRow {
  readonly name: string;
  readonly location: string;
  readonly jurisdiction: Jurisdiction;
  readonly eea: boolean;
  /** Zone letters. */
  readonly letters: string;
}

const GCP_ROWS: ReadonlyArray<GcpRow> = [
  { name: 'us-central1', location: 'Iowa', jurisdiction: 'US', eea: false, letters: 'abcf' },
  { name: 'us-east1', location: 'South Carolina', jurisdiction: 'US', eea: false, letters: 'bcd' },
  { name: 'us-east4', location: 'N. Virginia', jurisdiction: 'US', eea: false, letters: 'abc' },
  { name: 'us-east5', location: 'Columbus', jurisdiction: 'US', eea: false, letters: 'abc' },
  { name: 'us-south1', location: 'Dallas', jurisdiction: 'US', eea: false, letters: 'abc' },
  { name: 'us-west1', location: 'Oregon', jurisdiction: 'US', eea: false, letters: 'abc' },
  { name: 'us-west2', location: 'Los Angeles', jurisdiction: 'US', eea: false, letters: 'abc' },
  { name: 'us-west3', location: 'Salt Lake City', jurisdiction: 'US', eea: false, letters: 'abc' },
  { name: 'us-west4', location: 'Las Vegas', jurisdiction: 'US', eea: false, letters: 'abc' },
  { name: 'northamerica-northeast1', location: 'Montréal', jurisdiction: 'CA', eea: false, letters: 'abc' },
  { name: 'northamerica-northeast2', location: 'Toronto', jurisdiction: 'CA', eea: false, letters: 'abc' },
  { name: 'northamerica-south1', location: 'Querétaro', jurisdiction: 'MX', eea: false, letters: 'abc' },
  { name: 'southamerica-east1', location: 'São Paulo', jurisdiction: 'BR', eea: false, letters: 'abc' },
  { name: 'southamerica-west1', location: 'Santiago', jurisdiction: 'CL', eea: false, letters: 'abc' },
  { name: 'europe-central2', location: 'Warsaw', jurisdiction: 'EU', eea: true, letters: 'abc' },
  { name: 'europe-north1', location: 'Hamina', jurisdiction: 'EU', eea: true, letters: 'abc' },
  { name: 'europe-north2', location: 'Stockholm', jurisdiction: 'EU', eea: true, letters: 'abc' },
  { name: 'europe-southwest1', location: 'Madrid', jurisdiction: 'EU', eea: true, letters: 'abc' },
  { name: 'europe-west1', location: 'St. Ghislain', jurisdiction: 'EU', eea: true, letters: 'bcd' },
  { name: 'europe-west3', location: 'Frankfurt', jurisdiction: 'EU', eea: true, letters: 'abc' },
  { name: 'europe-west4', location: 'Eemshaven', jurisdiction: 'EU', eea: true, letters: 'abc' },
  { name: 'europe-west8', location: 'Milan', jurisdiction: 'EU', eea: true, letters: 'abc' },
  { name: 'europe-west9', location: 'Paris', jurisdiction: 'EU', eea: true, letters: 'abc' },
  { name: 'europe-west10', location: 'Berlin', jurisdiction: 'EU', eea: true, letters: 'abc' },
  { name: 'europe-west12', location: 'Turin', jurisdiction: 'EU', eea: true, letters: 'abc' },
  { name: 'europe-west2', location: 'London', jurisdiction: 'UK', eea: false, letters: 'abc' },
  { name: 'europe-west6', location: 'Zurich', jurisdiction: 'CH', eea: false, letters: 'abc' },
  { name: 'asia-east1', location: 'Changhua County', jurisdiction: 'TW', eea: false, letters: 'abc' },
  { name: 'asia-east2', location: 'Hong Kong', jurisdiction: 'HK', eea: false, letters: 'abc' },
  { name: 'asia-northeast1', location: 'Tokyo', jurisdiction: 'JP', eea: false, letters: 'abc' },
  { name: 'asia-northeast2', location: 'Osaka', jurisdiction: 'JP', eea: false, letters: 'abc' },
  { name: 'asia-northeast3', location: 'Seoul', jurisdiction: 'KR', eea: false, letters: 'abc' },
  { name: 'asia-south1', location: 'Mumbai', jurisdiction: 'IN', eea: false, letters: 'abc' },
  { name: 'asia-south2', location: 'Delhi', jurisdiction: 'IN', eea: false, letters: 'abc' },
  { name: 'asia-southeast1', location: 'Singapore', jurisdiction: 'SG', eea: false, letters: 'abc' },
  { name: 'asia-southeast2', location: 'Jakarta', jurisdiction: 'ID', eea: false, letters: 'abc' },
  { name: 'australia-southeast1', location: 'Sydney', jurisdiction: 'AU', eea: false, letters: 'abc' },
  { name: 'australia-southeast2', location: 'Melbourne', jurisdiction: 'AU', eea: false, letters: 'abc' },
  { name: 'me-central1', location: 'Doha', jurisdiction: 'QA', eea: false, letters: 'abc' },
  { name: 'me-central2', location: 'Dammam', jurisdiction: 'SA', eea: false, letters: 'abc' },
  { name: 'me-west1', location: 'Tel Aviv', jurisdiction: 'IL', eea: false, letters: 'abc' },
  { name: 'africa-south1', location: 'Johannesburg', jurisdiction: 'ZA', eea: false, letters: 'abc' },
];

const gcpPrograms = (row: GcpRow): ComplianceProgram[] => {
  const programs: ComplianceProgram[] = ['HIPAA'];
  if (GCP_FEDRAMP_REGIONS.has(row.name)) programs.push('FEDRAMP_MODERATE', 'FEDRAMP_HIGH');
  if (row.eea) programs.push('GDPR');
  return programs;
};

const gcpRegion = (row: GcpRow): RegionSpec => ({
  cloud: 'gcp',
  name: row.name,
  location: row.location,
  jurisdiction: row.jurisdiction,
  eea: row.eea,
  programs: gcpPrograms(row),
  zones: [...row.letters].map((l) => `${row.name}-${l}`),
  source: `${SPGV8}; ${GCP_AW}; ${GCP_HIPAA}; ${GCP_FEDRAMP}`,
  asOf: AS_OF,
  confidence: 'unconfirmed',
  note: 'Zone letters are conventional; zones named in the fact sheets (accelerator zones) are confirmed. HIPAA: the Google Cloud BAA covers products, not regions. FedRAMP High ("Data Boundary for FedRAMP High", needs Assured Support) region list beyond the Assured Workloads locations copy is unconfirmed.',
});

export const REGIONS: ReadonlyArray<RegionSpec> = [
  ...AWS_ROWS.map(awsRegion),
  ...GCP_ROWS.map(gcpRegion),
];
