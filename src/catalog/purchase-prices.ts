import { AWS_INSTANCE_TYPES } from './aws-instance-types';
import { REGIONS } from './regions';
import type { Cloud, Jurisdiction, Sourced } from './types';

/**
 * Prices by purchase option other than on-demand, and the documented bases
 * the planner uses where no price is sourced: Capacity Block rates, sourced
 * spot prices, the spot discount per cloud, and the regional uplift per
 * geography (jurisdiction).
 */

/** A sourced $/hour for one node of a type in one region, for one way of buying it. */
export interface PurchasePrice extends Sourced {
  readonly type: string;
  readonly region: string;
  readonly usdPerHour: number;
}

/**
 * Stored copy of https://aws.amazon.com/ec2/capacityblocks/pricing/ (a mirror of the
 * page, read through the search corpus). The page says its rates were "scheduled to
 * be updated on January 1, 2025", so they are the rates in effect before that date.
 */
const CB_PAGE = 'https://aws.amazon.com/ec2/capacityblocks/pricing/ (stored mirror http://sibshop.uat.jiralog.com/ec2/capacityblocks/pricing)';
const CB_AS_OF = '2024-12-31';
const CB_NOTE = 'Capacity Block effective instance rate (reservation fee, paid up front, Linux); AWS updates these rates with supply and demand, so a dated figure is an estimate of today\'s offer';

/**
 * EC2 Capacity Block rates: `effective instance hourly rate` per type and region.
 * The p5e row's type name is cut off in the stored copy; it is the only H200 type
 * (8 × H200, 1,128 GB HBM3e) the Capacity Blocks user guide of the same period lists
 * for US East (Ohio) (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-capacity-blocks.html).
 */
export const CAPACITY_BLOCK_PRICES: ReadonlyArray<PurchasePrice> = [
  { type: 'p5.48xlarge', region: 'us-east-1', usdPerHour: 39.33, source: CB_PAGE, asOf: CB_AS_OF, confidence: 'single-source', note: CB_NOTE },
  { type: 'p5.48xlarge', region: 'us-east-2', usdPerHour: 39.33, source: CB_PAGE, asOf: CB_AS_OF, confidence: 'single-source', note: CB_NOTE },
  {
    type: 'p5e.48xlarge',
    region: 'us-east-2',
    usdPerHour: 43.26,
    source: `${CB_PAGE}; https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-capacity-blocks.html (p5e Capacity Blocks in US East (Ohio))`,
    asOf: CB_AS_OF,
    confidence: 'single-source',
    note: `${CB_NOTE}; the row's type name is cut off in the stored copy (8 × H200 in US East (Ohio): p5e.48xlarge per the user guide)`,
  },
  { type: 'p4d.24xlarge', region: 'us-east-2', usdPerHour: 14.75, source: CB_PAGE, asOf: CB_AS_OF, confidence: 'single-source', note: CB_NOTE },
  { type: 'p4d.24xlarge', region: 'us-west-2', usdPerHour: 14.75, source: CB_PAGE, asOf: CB_AS_OF, confidence: 'single-source', note: CB_NOTE },
];

const DSTACK_P5EN = 'https://github.com/dstackai/dstack/pull/4110 (dstack offer -b aws --instance-type p5en.48xlarge)';
const GCP_3P = 'third-party transcription of https://cloud.google.com/compute/gpus-pricing (Iowa)';

/** Sourced spot prices. Spot prices move daily; every one is an estimate of today's. */
export const SPOT_PRICES: ReadonlyArray<PurchasePrice> = [
  { type: 'p5en.48xlarge', region: 'us-east-1', usdPerHour: 27.1988, source: DSTACK_P5EN, asOf: '2026-08-06', confidence: 'single-source' },
  { type: 'p5en.48xlarge', region: 'us-east-2', usdPerHour: 26.5714, source: DSTACK_P5EN, asOf: '2026-08-06', confidence: 'single-source' },
  { type: 'p5en.48xlarge', region: 'us-west-2', usdPerHour: 26.9369, source: DSTACK_P5EN, asOf: '2026-08-06', confidence: 'single-source' },
  { type: 'p5en.48xlarge', region: 'eu-north-1', usdPerHour: 39.8158, source: DSTACK_P5EN, asOf: '2026-08-06', confidence: 'single-source' },
  { type: 'a4-highgpu-8g', region: 'us-central1', usdPerHour: 39.63, source: GCP_3P, asOf: '2026-11-25', confidence: 'unconfirmed', note: 'one third-party transcription' },
];

/** How a spot price is estimated for a type with no sourced spot price: on-demand × (1 − discount). */
export interface SpotDiscountBasis extends Sourced {
  readonly cloud: Cloud;
  /** Share of the on-demand price spot is assumed to save (0.6 = 60 % off). */
  readonly discount: number;
}

export const SPOT_DISCOUNT: Readonly<Record<Cloud, SpotDiscountBasis>> = {
  aws: {
    cloud: 'aws',
    discount: 0.57,
    source: `${DSTACK_P5EN} (spot ÷ on-demand for p5en.48xlarge: us-east-1 27.1988/63.296 = 0.43, us-east-2 0.42, us-west-2 0.43)`,
    asOf: '2026-08-06',
    confidence: 'single-source',
    note: 'the US spot/on-demand ratio of the one GPU type with sourced spot prices (p5en, 0.43); AWS itself only says "up to 90 % off"',
  },
  gcp: {
    cloud: 'gcp',
    discount: 0.6,
    source: 'https://cloud.google.com/compute/docs/instances/spot ("60-91% discounts for machine types and GPUs")',
    asOf: '2026-11-25',
    confidence: 'single-source',
    note: 'the smallest discount GCP states (60 %), so the estimate is an upper bound of the spot price',
  },
};

/** A price ratio of a geography to the cloud's reference region (us-east-1 / us-central1). */
export interface RegionalUplift extends Sourced {
  readonly jurisdiction: Jurisdiction | 'other';
  readonly factor: number;
  /** Regional prices the factor rests on. */
  readonly samples: number;
}

const AWS_UPLIFT_SOURCE = 'median of regional ÷ us-east-1 on-demand price over the AWS types of this catalog with both prices (skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv@e385a0d; karpenter zz_generated.pricing_aws(_us_gov).go@1d92708)';

function median(values: ReadonlyArray<number>): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Regional uplift per jurisdiction, derived from the sourced AWS regional prices in
 * this catalog (the only cloud with sourced regional GPU prices here). `other` is the
 * median over every non-US price, used where a jurisdiction has no sample.
 */
function deriveUplifts(): ReadonlyArray<RegionalUplift> {
  const ratios = new Map<Jurisdiction, number[]>();
  for (const t of AWS_INSTANCE_TYPES) {
    const ref = t.prices.find((p) => p.region === 'us-east-1');
    if (!ref) continue;
    for (const p of t.prices) {
      if (p.region === 'us-east-1') continue;
      const j = REGIONS.find((r) => r.cloud === 'aws' && r.name === p.region)?.jurisdiction;
      if (!j) continue;
      ratios.set(j, [...(ratios.get(j) ?? []), p.onDemandUsdPerHour / ref.onDemandUsdPerHour]);
    }
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const rows: RegionalUplift[] = [...ratios].map(([jurisdiction, values]) => ({
    jurisdiction,
    factor: round(median(values)),
    samples: values.length,
    source: AWS_UPLIFT_SOURCE,
    asOf: '2026-07-20',
    confidence: 'single-source',
  }));
  const nonUs = [...ratios].filter(([j]) => j !== 'US').flatMap(([, v]) => v);
  rows.push({
    jurisdiction: 'other',
    factor: round(median(nonUs)),
    samples: nonUs.length,
    source: AWS_UPLIFT_SOURCE,
    asOf: '2026-07-20',
    confidence: 'unconfirmed',
    note: 'no sourced price in this geography: the median over every non-US regional price',
  });
  return rows;
}

export const REGIONAL_UPLIFTS: ReadonlyArray<RegionalUplift> = deriveUplifts();

/**
 * The documented uplift for a region with no sourced price: the factor of its
 * jurisdiction (1 for a region of the reference region's own jurisdiction with no
 * sample, since the reference price is the best estimate there), else `other`.
 */
export function regionalUplift(cloud: Cloud, region: string): RegionalUplift {
  const j = REGIONS.find((r) => r.cloud === cloud && r.name === region)?.jurisdiction;
  const own = REGIONAL_UPLIFTS.find((u) => u.jurisdiction === j);
  if (own) return own;
  return REGIONAL_UPLIFTS.find((u) => u.jurisdiction === 'other')!;
}

/** A sourced price of a type for one purchase option in a region, or undefined. */
export function purchasePrice(table: ReadonlyArray<PurchasePrice>, type: string, region: string): PurchasePrice | undefined {
  return table.find((p) => p.type === type && p.region === region);
}
