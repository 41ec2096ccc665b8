import type { Cloud, Sourced } from './types';

/**
 * List prices of the non-accelerator services the cost estimator prices:
 * AWS in us-east-1, GCP in us-central1.
 *
 * No sourced regional multiplier table exists here: service prices for other
 * regions are estimated with these reference-region figures, and every cost
 * line built from them says so (see `SERVICE_PRICE_REGION_NOTE`).
 */

export type ServicePriceId =
  | 'aws.eks.cluster'
  | 'aws.ec2.m6i.large'
  | 'aws.ec2.m6i.xlarge'
  | 'aws.ec2.m6i.2xlarge'
  | 'aws.ec2.m5.large'
  | 'aws.ec2.c6i.large'
  | 'aws.ec2.c6i.xlarge'
  | 'aws.nat-gateway.hour'
  | 'aws.nat-gateway.data'
  | 'aws.public-ipv4.hour'
  | 'aws.ebs.gp3'
  | 'aws.kms.key'
  | 'aws.fsx-lustre.persistent2-125'
  | 'aws.fsx-lustre.persistent2-250'
  | 'aws.fsx-lustre.persistent2-500'
  | 'aws.fsx-lustre.persistent2-1000'
  | 'aws.fsx-lustre.scratch2'
  | 'aws.aurora-serverless-v2.acu'
  | 'aws.aurora.storage'
  | 'aws.aurora.io'
  | 'aws.aurora.backup'
  | 'aws.vpc.gateway-endpoint'
  | 'aws.opensearch-serverless.ocu'
  | 'aws.opensearch-serverless.storage'
  | 'aws.sagemaker-feature-store.online-storage'
  | 'aws.sagemaker-feature-store.write-units'
  | 'aws.sagemaker-feature-store.read-units'
  | 'aws.s3.standard'
  | 'aws.amp.ingestion'
  | 'aws.amp.ingestion.tier2'
  | 'aws.amp.ingestion.tier3'
  | 'aws.amp.storage'
  | 'aws.amp.collector'
  | 'aws.amp.collector-samples'
  | 'aws.cloudwatch-logs.ingestion'
  | 'aws.cloudwatch-logs.storage'
  | 'gcp.gke.cluster'
  | 'gcp.cloud-nat.vm'
  | 'gcp.cloud-nat.data'
  | 'gcp.cloud-nat.ip'
  | 'gcp.managed-lustre.125'
  | 'gcp.managed-lustre.250'
  | 'gcp.managed-lustre.500'
  | 'gcp.managed-lustre.1000'
  | 'gcp.compute.e2-standard-4'
  | 'gcp.pd-balanced'
  | 'gcp.logging.ingestion'
  | 'gcp.logging.retention'
  | 'gcp.logging.vended-network'
  | 'gcp.gmp.samples'
  | 'gcp.gmp.samples.tier2'
  | 'gcp.gmp.samples.tier3'
  | 'gcp.gmp.samples.tier4'
  | 'gcp.gcs.standard'
  | 'gcp.kms.key-version'
  | 'gcp.cloud-sql.vcpu'
  | 'gcp.cloud-sql.memory'
  | 'gcp.cloud-sql.storage'
  | 'gcp.alloydb.vcpu'
  | 'gcp.alloydb.memory'
  | 'gcp.alloydb.storage'
  // GCP data and operations services (VectorStore, FeatureStore, ObservabilityStack, FinOpsBudget)
  | 'gcp.vector-search.e2-standard-2'
  | 'gcp.vector-search.e2-standard-16'
  | 'gcp.vector-search.e2-highmem-16'
  | 'gcp.vector-search.batch-build'
  | 'gcp.vector-search.stream-update'
  | 'gcp.pubsub.throughput'
  | 'gcp.monitoring.alert-condition'
  | 'gcp.gmp.samples'
  | 'gcp.bigquery.active-storage'
  | 'gcp.kms.key-version';

/** Unit a service price is quoted in. */
export type ServicePriceUnit =
  | 'hour'
  | 'GB'
  | 'key-month'
  | 'GB-month'
  | 'GiB-month'
  | 'ACU-hour'
  | 'OCU-hour'
  | 'vCPU-hour'
  | 'GB-hour'
  | 'million-requests'
  | '10-million-samples'
  | 'GiB'
  | 'million-samples'
  | 'condition-month'
  | 'key-version-month';

export interface ServicePrice extends Sourced {
  readonly id: ServicePriceId;
  readonly cloud: Cloud;
  /** Human service name (`Amazon EKS`). */
  readonly service: string;
  /** What is charged (`cluster`, `data processed`). */
  readonly item: string;
  readonly unit: ServicePriceUnit;
  readonly usd: number;
  /** Reference region the price applies to. */
  readonly region: string;
}

export const SERVICE_PRICE_REGION_NOTE = 'Non-reference-region service prices are estimated with the us-east-1 (AWS) / us-central1 (GCP) list price: no regional multiplier is sourced.';

const READ = '2026-11-25';
/** When the usage-priced AWS items (Aurora I/O and backup, AMP tiers, gateway endpoints) were read. */
const USAGE_READ = '2026-12-02';
const AMP_TIERS_SOURCE = 'https://victoriametrics.com/blog/managed-prometheus-pricing/ (2022-04-04: "First 2 billion samples $0.90 / 10M, Next 250 billion samples $0.35 / 10M, Over 252 billion samples $0.16 / 10M"); '
  + 'a public repository doc of AWS Price List API figures gives the same three tiers for us-east-1, us-west-2, eu-west-1 and eu-west-2; https://aws.amazon.com/prometheus/pricing/';
const GCP_READ = '2026-12-02';
const GMP_TIERS_SOURCE = 'https://cloud.google.com/stackdriver/pricing ("The price of Managed Service for Prometheus samples ingested into Cloud Monitoring has dropped by 60 percent"; '
  + 'a public repository copy lists $0.06 / $0.048 / $0.036 / $0.024 per million samples for 0-50 B, 50-250 B, 250-500 B and over 500 B a month); '
  + 'a 2026 cost analysis in a public repository ("First 50 billion samples/month = $0.06 per million samples", "above 50 billion/month = $0.048")';
const LUSTRE_TIERS_SOURCE = 'a public repository note of the Cloud Billing pricing export (Iowa: "125-Perf $0.145, 250-Perf $0.21, 500-Perf $0.34/GiB-month, 1000-Perf $0.60, Dynamic-Perf $0.06"); '
  + 'https://cloud.google.com/products/managed-lustre/pricing (table not readable here)';
/** When the GCP data-service prices were read. */
const GCP_DATA_READ = '2026-12-02';
const UNCONFIRMED_MEMORY = 'Not found in the stored sources searched; the commonly published list price is used. Verify on the provider pricing page before relying on it.';

export const SERVICE_PRICES: Readonly<Record<ServicePriceId, ServicePrice>> = {
  'aws.ec2.m6i.large': {
    id: 'aws.ec2.m6i.large',
    cloud: 'aws',
    service: 'Amazon EC2 (system nodes)',
    item: 'm6i.large on-demand (2 vCPU, 8 GiB, Linux)',
    unit: 'hour',
    usd: 0.096,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/ (us-east-1 Linux), as transcribed identically in four public cost tools',
    asOf: READ,
    confidence: 'single-source',
    note: 'Third-party transcriptions of the AWS price list agree; not read from the AWS price API here.',
  },
  'aws.ec2.m6i.xlarge': {
    id: 'aws.ec2.m6i.xlarge',
    cloud: 'aws',
    service: 'Amazon EC2 (system nodes)',
    item: 'm6i.xlarge on-demand (4 vCPU, 16 GiB, Linux)',
    unit: 'hour',
    usd: 0.192,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/ (us-east-1 Linux), as transcribed identically in four public cost tools',
    asOf: READ,
    confidence: 'single-source',
    note: 'Third-party transcriptions of the AWS price list agree; not read from the AWS price API here.',
  },
  'aws.ec2.m6i.2xlarge': {
    id: 'aws.ec2.m6i.2xlarge',
    cloud: 'aws',
    service: 'Amazon EC2 (system nodes)',
    item: 'm6i.2xlarge on-demand (8 vCPU, 32 GiB, Linux)',
    unit: 'hour',
    usd: 0.384,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/ (us-east-1 Linux), as transcribed identically in four public cost tools',
    asOf: READ,
    confidence: 'single-source',
    note: 'Third-party transcriptions of the AWS price list agree; not read from the AWS price API here.',
  },
  'aws.ec2.m5.large': {
    id: 'aws.ec2.m5.large',
    cloud: 'aws',
    service: 'Amazon EC2 (system nodes)',
    item: 'm5.large on-demand (2 vCPU, 8 GiB, Linux)',
    unit: 'hour',
    usd: 0.096,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/ (us-east-1 Linux), as transcribed identically in four public cost tools',
    asOf: READ,
    confidence: 'single-source',
    note: 'Third-party transcriptions of the AWS price list agree; not read from the AWS price API here.',
  },
  'aws.ec2.c6i.large': {
    id: 'aws.ec2.c6i.large',
    cloud: 'aws',
    service: 'Amazon EC2 (system nodes)',
    item: 'c6i.large on-demand (2 vCPU, 4 GiB, Linux)',
    unit: 'hour',
    usd: 0.085,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/ (us-east-1 Linux), as transcribed identically in four public cost tools',
    asOf: READ,
    confidence: 'single-source',
    note: 'Third-party transcriptions of the AWS price list agree; not read from the AWS price API here.',
  },
  'aws.ec2.c6i.xlarge': {
    id: 'aws.ec2.c6i.xlarge',
    cloud: 'aws',
    service: 'Amazon EC2 (system nodes)',
    item: 'c6i.xlarge on-demand (4 vCPU, 8 GiB, Linux)',
    unit: 'hour',
    usd: 0.17,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/ (us-east-1 Linux), as transcribed identically in four public cost tools',
    asOf: READ,
    confidence: 'single-source',
    note: 'Third-party transcriptions of the AWS price list agree; not read from the AWS price API here.',
  },
  'aws.eks.cluster': {
    id: 'aws.eks.cluster',
    cloud: 'aws',
    service: 'Amazon EKS',
    item: 'cluster (standard support)',
    unit: 'hour',
    usd: 0.10,
    region: 'us-east-1',
    source: 'http://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing ($0.10 per cluster per hour in standard support; $0.60 total in extended support)',
    asOf: READ,
    note: 'Extended support (Kubernetes version past 14 months) is $0.60/h in total.',
  },
  'aws.nat-gateway.hour': {
    id: 'aws.nat-gateway.hour',
    cloud: 'aws',
    service: 'Amazon VPC NAT gateway',
    item: 'gateway',
    unit: 'hour',
    usd: 0.045,
    region: 'us-east-1',
    source: 'https://basavytix.com/blog/aws-nat-gateway-pricing; https://cloudburn.io/blog/aws-nat-gateway-pricing ($0.045/h, US East)',
    asOf: READ,
  },
  'aws.nat-gateway.data': {
    id: 'aws.nat-gateway.data',
    cloud: 'aws',
    service: 'Amazon VPC NAT gateway',
    item: 'data processed',
    unit: 'GB',
    usd: 0.045,
    region: 'us-east-1',
    source: 'https://basavytix.com/blog/aws-nat-gateway-pricing; https://www.egresscost.com/nat-gateway ($0.045/GB processed, both directions)',
    asOf: READ,
    note: 'Internet egress and cross-AZ transfer are charged on top.',
  },
  'aws.public-ipv4.hour': {
    id: 'aws.public-ipv4.hour',
    cloud: 'aws',
    service: 'Amazon VPC public IPv4 address',
    item: 'public IPv4 address (in use or idle)',
    unit: 'hour',
    usd: 0.005,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/blogs/networking-and-content-delivery/identify-and-optimize-public-ipv4-address-usage-on-aws/ (charge on every AWS-provided public IPv4 from 2024-02-01); https://www.doit.com/aws-public-ipv4-price-increase-the-complete-guide/ ($0.005/h, NAT gateways included)',
    asOf: READ,
  },
  'aws.ebs.gp3': {
    id: 'aws.ebs.gp3',
    cloud: 'aws',
    service: 'Amazon EBS',
    item: 'gp3 volume storage (3,000 IOPS and 125 MiB/s included)',
    unit: 'GB-month',
    usd: 0.08,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/ebs/pricing/ (AWS Price List API product description, SKU JG3KUJMBRGHV3N8G, in three public repository copies: "$0.08 per GB-month of General Purpose (gp3) provisioned storage - US East (N. Virginia)")',
    asOf: USAGE_READ,
    note: 'Extra IOPS ($0.005 per IOPS-month above 3,000) and throughput ($0.04 per MiB/s-month above 125) are billed on top.',
  },
  'aws.kms.key': {
    id: 'aws.kms.key',
    cloud: 'aws',
    service: 'AWS KMS',
    item: 'customer managed key',
    unit: 'key-month',
    usd: 1.0,
    region: 'us-east-1',
    source: 'https://cloudburn.io (2026-03: "$1/month per customer-managed key, $0.03 per 10K requests"); https://factualminds.com (2026-06-13, same figures); https://aws.amazon.com/kms/pricing/',
    asOf: USAGE_READ,
    note: 'Third-party sources agree; requests ($0.03 per 10,000 after 20,000 free a month) are extra.',
  },

  'aws.fsx-lustre.persistent2-125': {
    id: 'aws.fsx-lustre.persistent2-125',
    cloud: 'aws',
    service: 'Amazon FSx for Lustre',
    item: 'PERSISTENT_2 SSD, 125 MB/s/TiB',
    unit: 'GB-month',
    usd: 0.145,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/fsx/lustre/pricing/ (a public repository note of the AWS Price List API, us-east-1, 2026-07-13: "PERSISTENT_2 SSD at the cheapest throughput tier (125 MB/s/TiB) is $0.145/GB-month"); https://c3x.dev/resources/aws/aws_fsx_lustre_file_system/ (~$0.145/GB-month)',
    note: 'Two sources agree, one of them a Price List API copy.',
    asOf: USAGE_READ,
  },
  'aws.fsx-lustre.persistent2-250': {
    id: 'aws.fsx-lustre.persistent2-250',
    cloud: 'aws',
    service: 'Amazon FSx for Lustre',
    item: 'PERSISTENT_2 SSD, 250 MB/s/TiB',
    unit: 'GB-month',
    usd: 0.21,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/fsx/lustre/pricing/',
    asOf: READ,
    confidence: 'unconfirmed',
    note: UNCONFIRMED_MEMORY,
  },
  'aws.fsx-lustre.persistent2-500': {
    id: 'aws.fsx-lustre.persistent2-500',
    cloud: 'aws',
    service: 'Amazon FSx for Lustre',
    item: 'PERSISTENT_2 SSD, 500 MB/s/TiB',
    unit: 'GB-month',
    usd: 0.34,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/fsx/lustre/pricing/',
    asOf: READ,
    confidence: 'unconfirmed',
    note: UNCONFIRMED_MEMORY,
  },
  'aws.fsx-lustre.persistent2-1000': {
    id: 'aws.fsx-lustre.persistent2-1000',
    cloud: 'aws',
    service: 'Amazon FSx for Lustre',
    item: 'PERSISTENT_2 SSD, 1000 MB/s/TiB',
    unit: 'GB-month',
    usd: 0.60,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/fsx/lustre/pricing/ (one public repository table: ~$0.60/GB-month; an eu-west-1 Price List excerpt gives $0.660 at 1000 and $0.160 at 125, the same 1.10 ratio to us-east-1 at both ends)',
    asOf: USAGE_READ,
    confidence: 'single-source',
    note: 'One weak source plus a consistent eu-west-1 Price List ratio; not read from the pricing page.',
  },
  'aws.fsx-lustre.scratch2': {
    id: 'aws.fsx-lustre.scratch2',
    cloud: 'aws',
    service: 'Amazon FSx for Lustre',
    item: 'SCRATCH_2 SSD',
    unit: 'GB-month',
    usd: 0.14,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/fsx/lustre/pricing/ (a public repository note of the AWS Price List API, us-east-1, 2026-07-13: "SCRATCH_2-equivalent (Single-AZ SSD) is $0.140/GB-month"); https://learning-aws.readthedocs.io ("FSx for Lustre (Scratch 2) ~$0.140 per GB-month")',
    asOf: USAGE_READ,
    note: 'Two sources agree, one of them a Price List API copy.',
  },
  'aws.aurora-serverless-v2.acu': {
    id: 'aws.aurora-serverless-v2.acu',
    cloud: 'aws',
    service: 'Amazon Aurora Serverless v2 (PostgreSQL)',
    item: 'capacity',
    unit: 'ACU-hour',
    usd: 0.12,
    region: 'us-east-1',
    source: 'https://c3x.dev/blog/aws-aurora-serverless-v2-cost/; https://awsnegotiations.com/blog/aurora-serverless-v2-pricing.html (~$0.12/ACU-hour, us-east-1)',
    asOf: READ,
    note: '0.5 ACU floor ~ $44/month unless scale-to-zero is enabled. Aurora I/O-Optimized has other rates.',
  },
  'aws.aurora.storage': {
    id: 'aws.aurora.storage',
    cloud: 'aws',
    service: 'Amazon Aurora (standard)',
    item: 'storage',
    unit: 'GB-month',
    usd: 0.10,
    region: 'us-east-1',
    source: 'https://awsnegotiations.com/blog/aurora-serverless-v2-pricing.html (~$0.10/GB-month, same as provisioned Aurora)',
    asOf: READ,
    confidence: 'single-source',
    note: 'I/O requests are billed separately on Aurora standard.',
  },
  'aws.aurora.io': {
    id: 'aws.aurora.io',
    cloud: 'aws',
    service: 'Amazon Aurora (standard)',
    item: 'I/O requests',
    unit: 'million-requests',
    usd: 0.20,
    region: 'us-east-1',
    source: 'https://jusdb.com (Aurora pricing: "$0.20 per million I/Os on the standard pricing tier"); public repository cost docs agree ("$0.20 per 1 million requests"); https://aws.amazon.com/rds/aurora/pricing/',
    asOf: USAGE_READ,
    note: 'Third-party sources agree; the official table was not in the stored copy. Aurora I/O-Optimized has no I/O charge (higher compute and storage rates).',
  },
  'aws.aurora.backup': {
    id: 'aws.aurora.backup',
    cloud: 'aws',
    service: 'Amazon Aurora',
    item: 'backup storage beyond the free amount',
    unit: 'GB-month',
    usd: 0.021,
    region: 'us-east-1',
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-storage-backup.html ("no additional charge for backup storage of up to 100% of your total Aurora database storage for each Aurora DB cluster"); '
      + 'https://www.cloudexmachina.io (2025-09-02: "Free up to the DB size while the cluster exists, then $0.021/GB-month")',
    asOf: USAGE_READ,
    confidence: 'single-source',
    note: 'The free allowance is from the AWS user guide; the $0.021 rate from one third-party page (public repository cost docs agree).',
  },
  'aws.vpc.gateway-endpoint': {
    id: 'aws.vpc.gateway-endpoint',
    cloud: 'aws',
    service: 'Amazon VPC gateway endpoint',
    item: 'S3 gateway endpoint',
    unit: 'hour',
    usd: 0,
    region: 'us-east-1',
    source: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html ("There is no additional charge for using gateway endpoints.")',
    asOf: USAGE_READ,
  },
  'aws.opensearch-serverless.ocu': {
    id: 'aws.opensearch-serverless.ocu',
    cloud: 'aws',
    service: 'Amazon OpenSearch Serverless',
    item: 'indexing or search compute',
    unit: 'OCU-hour',
    usd: 0.24,
    region: 'us-east-1',
    source: 'https://teamaws.com/?p=1428; https://awsnegotiations.com/opensearch-serverless-cost ($0.24 per OCU-hour)',
    asOf: READ,
    note: 'Indexing and search OCUs bill separately; minimum 0.5 OCU each since the half-OCU launch (AWS Big Data blog), 2-4 OCUs with redundancy.',
  },
  'aws.opensearch-serverless.storage': {
    id: 'aws.opensearch-serverless.storage',
    cloud: 'aws',
    service: 'Amazon OpenSearch Serverless',
    item: 'managed storage',
    unit: 'GB-month',
    usd: 0.024,
    region: 'us-east-1',
    source: 'https://cloudburn.io/blog/amazon-opensearch-pricing (Managed Storage $0.024/GB-month, us-east-1)',
    asOf: READ,
    confidence: 'single-source',
  },
  'aws.sagemaker-feature-store.online-storage': {
    id: 'aws.sagemaker-feature-store.online-storage',
    cloud: 'aws',
    service: 'Amazon SageMaker Feature Store',
    item: 'online store (Standard) storage',
    unit: 'GB-month',
    usd: 0.45,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/sagemaker/pricing/',
    asOf: READ,
    confidence: 'unconfirmed',
    note: `${UNCONFIRMED_MEMORY} The offline store is S3 (priced as aws.s3.standard) plus Glue catalog.`,
  },
  'aws.sagemaker-feature-store.write-units': {
    id: 'aws.sagemaker-feature-store.write-units',
    cloud: 'aws',
    service: 'Amazon SageMaker Feature Store',
    item: 'write request units (on-demand)',
    unit: 'million-requests',
    usd: 1.25,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/sagemaker/pricing/; https://docs.aws.amazon.com/sagemaker/latest/dg/feature-store-throughput-mode.html (ReadRequestsUnits / WriteRequestsUnits)',
    asOf: READ,
    confidence: 'unconfirmed',
    note: UNCONFIRMED_MEMORY,
  },
  'aws.sagemaker-feature-store.read-units': {
    id: 'aws.sagemaker-feature-store.read-units',
    cloud: 'aws',
    service: 'Amazon SageMaker Feature Store',
    item: 'read request units (on-demand)',
    unit: 'million-requests',
    usd: 0.25,
    region: 'us-east-1',
    source: 'https://aws.amazon.com/sagemaker/pricing/; https://docs.aws.amazon.com/sagemaker/latest/dg/feature-store-throughput-mode.html',
    asOf: READ,
    confidence: 'unconfirmed',
    note: UNCONFIRMED_MEMORY,
  },
  'aws.s3.standard': {
    id: 'aws.s3.standard',
    cloud: 'aws',
    service: 'Amazon S3',
    item: 'Standard storage (first 50 TB)',
    unit: 'GB-month',
    usd: 0.023,
    region: 'us-east-1',
    source: 'public GitHub gist of S3 prices (2022-07-07: "First 50 TB / Month | $0.023 per GB"); alphagov/asset-manager commit ("$0.023/GB/month on S3"); https://aws.amazon.com/s3/pricing/',
    asOf: USAGE_READ,
    note: 'Secondary sources agree; requests and transfer are extra. S3 bills binary GB (its FAQ: 100 GB = 107,374,182,400 bytes; GB-Months = byte-hours / 1,073,741,824), so GiB quantities are exact.',
  },

  'aws.amp.ingestion': {
    id: 'aws.amp.ingestion',
    cloud: 'aws',
    service: 'Amazon Managed Service for Prometheus',
    item: 'metric samples ingested (first 2 billion a month)',
    unit: '10-million-samples',
    usd: 0.90,
    region: 'us-east-1',
    source: AMP_TIERS_SOURCE,
    asOf: USAGE_READ,
    note: 'Two third-party sources agree; the official table was not in the stored copy. The free tier (40 M samples a month) is not subtracted.',
  },
  'aws.amp.ingestion.tier2': {
    id: 'aws.amp.ingestion.tier2',
    cloud: 'aws',
    service: 'Amazon Managed Service for Prometheus',
    item: 'metric samples ingested (next 250 billion a month)',
    unit: '10-million-samples',
    usd: 0.35,
    region: 'us-east-1',
    source: AMP_TIERS_SOURCE,
    asOf: USAGE_READ,
    note: 'Two third-party sources agree; the official table was not in the stored copy.',
  },
  'aws.amp.ingestion.tier3': {
    id: 'aws.amp.ingestion.tier3',
    cloud: 'aws',
    service: 'Amazon Managed Service for Prometheus',
    item: 'metric samples ingested (over 252 billion a month)',
    unit: '10-million-samples',
    usd: 0.16,
    region: 'us-east-1',
    source: AMP_TIERS_SOURCE,
    asOf: USAGE_READ,
    note: 'Two third-party sources agree; the official table was not in the stored copy.',
  },
  'aws.amp.storage': {
    id: 'aws.amp.storage',
    cloud: 'aws',
    service: 'Amazon Managed Service for Prometheus',
    item: 'metrics stored',
    unit: 'GB-month',
    usd: 0.03,
    region: 'us-east-1',
    source: AMP_TIERS_SOURCE,
    asOf: USAGE_READ,
    note: 'Two third-party sources agree ("Storage: $0.03/GB-Mo"); the first 10 GB are in the free tier.',
  },
  'aws.amp.collector': {
    id: 'aws.amp.collector',
    cloud: 'aws',
    service: 'Amazon Managed Service for Prometheus',
    item: 'managed collector (agentless scraper)',
    unit: 'hour',
    usd: 0.04,
    region: 'us-east-1',
    source: 'public repository docs of AWS Price List API figures ($0.04 per collector-hour plus $0.03 per 10 million samples collected); https://aws.amazon.com/prometheus/pricing/',
    asOf: USAGE_READ,
    confidence: 'single-source',
    note: 'From repository copies of the Price List API, not the pricing page itself.',
  },
  'aws.amp.collector-samples': {
    id: 'aws.amp.collector-samples',
    cloud: 'aws',
    service: 'Amazon Managed Service for Prometheus',
    item: 'samples collected by the managed collector',
    unit: '10-million-samples',
    usd: 0.03,
    region: 'us-east-1',
    source: 'public repository docs of AWS Price List API figures ($0.03 per 10 million samples collected); https://aws.amazon.com/prometheus/pricing/',
    asOf: USAGE_READ,
    confidence: 'single-source',
    note: 'From repository copies of the Price List API, not the pricing page itself.',
  },

  'aws.cloudwatch-logs.ingestion': {
    id: 'aws.cloudwatch-logs.ingestion',
    cloud: 'aws',
    service: 'Amazon CloudWatch Logs',
    item: 'ingestion (Standard class)',
    unit: 'GB',
    usd: 0.50,
    region: 'us-east-1',
    source: 'https://c3x.dev/blog/cloudwatch-logs-cost-optimization; https://hykell.com/knowledge-base/aws-cloudwatch-logs-pricing ($0.50/GB, us-east-1)',
    asOf: READ,
    note: 'Infrequent Access class: $0.25/GB ingestion.',
  },
  'aws.cloudwatch-logs.storage': {
    id: 'aws.cloudwatch-logs.storage',
    cloud: 'aws',
    service: 'Amazon CloudWatch Logs',
    item: 'archival storage',
    unit: 'GB-month',
    usd: 0.03,
    region: 'us-east-1',
    source: 'https://c3x.dev/blog/cloudwatch-logs-cost-optimization; https://hykell.com/knowledge-base/aws-cloudwatch-logs-pricing ($0.03/GB-month)',
    asOf: READ,
  },
  'gcp.gke.cluster': {
    id: 'gcp.gke.cluster',
    cloud: 'gcp',
    service: 'Google Kubernetes Engine',
    item: 'cluster management fee',
    unit: 'hour',
    usd: 0.10,
    region: 'us-central1',
    source: 'https://cloud.google.com/kubernetes-engine/pricing ($0.10 per cluster per hour; $74.40 monthly free-tier credit per billing account for zonal/Autopilot)',
    asOf: READ,
    note: 'The free-tier credit does not apply to regional clusters.',
  },
  // ---- GCP storage and platform services (gcp-storage section) ----
  'gcp.cloud-nat.vm': {
    id: 'gcp.cloud-nat.vm',
    cloud: 'gcp',
    service: 'Cloud NAT',
    item: 'gateway, per VM using it (up to 32 VMs; $0.044/h cap per gateway)',
    unit: 'hour',
    usd: 0.0014,
    region: 'us-central1',
    source: 'https://cloud.google.com/nat/pricing ($0.0014 per VM-hour up to 32 VMs, then a flat $0.044 per hour per gateway)',
    asOf: GCP_READ,
    note: 'Quantity is the VMs behind the gateway; natGatewayCostGcp caps the hourly charge at $0.044 per gateway.',
  },
  'gcp.cloud-nat.data': {
    id: 'gcp.cloud-nat.data',
    cloud: 'gcp',
    service: 'Cloud NAT',
    item: 'data processed (both directions)',
    unit: 'GiB',
    usd: 0.045,
    region: 'us-central1',
    source: 'https://cloud.google.com/nat/pricing ($0.045 per GiB processed, ingress and egress)',
    asOf: GCP_READ,
    note: 'Internet egress is charged on top.',
  },
  'gcp.cloud-nat.ip': {
    id: 'gcp.cloud-nat.ip',
    cloud: 'gcp',
    service: 'Cloud NAT',
    item: 'external IP address used by NAT',
    unit: 'hour',
    usd: 0.005,
    region: 'us-central1',
    source: 'https://cloud.google.com/nat/pricing ($0.005 per hour per NAT IP address)',
    asOf: GCP_READ,
  },
  'gcp.managed-lustre.125': {
    id: 'gcp.managed-lustre.125',
    cloud: 'gcp',
    service: 'Google Cloud Managed Lustre',
    item: '125 MB/s/TiB tier, provisioned capacity',
    unit: 'GiB-month',
    usd: 0.145,
    region: 'us-central1',
    source: 'thenewstack.io Managed Lustre GA article by Joab Jackson, July 2025 ("storing a gibibyte on the 125MB/s tier will run $0.145 a month"); github.com/nozomi-koborinai/terradart PR #395 (SKU 517C-E77D-C11A "Capacity 125-Perf us-central1"); official page https://cloud.google.com/products/managed-lustre/pricing renders the table as an image',
    asOf: GCP_READ,
    confidence: 'single-source',
    note: 'Independent third-party sources agree (and a Billing pricing export copy); not read from the official page.',
  },
  'gcp.managed-lustre.250': {
    id: 'gcp.managed-lustre.250',
    cloud: 'gcp',
    service: 'Google Cloud Managed Lustre',
    item: 'capacity, 250 MB/s per TiB',
    unit: 'GiB-month',
    usd: 0.21,
    region: 'us-central1',
    source: LUSTRE_TIERS_SOURCE,
    asOf: GCP_READ,
    confidence: 'single-source',
    note: 'One copy of the Billing pricing export; its 125 tier agrees with three other sources.',
  },
  'gcp.managed-lustre.500': {
    id: 'gcp.managed-lustre.500',
    cloud: 'gcp',
    service: 'Google Cloud Managed Lustre',
    item: 'capacity, 500 MB/s per TiB',
    unit: 'GiB-month',
    usd: 0.34,
    region: 'us-central1',
    source: LUSTRE_TIERS_SOURCE,
    asOf: GCP_READ,
    confidence: 'single-source',
    note: 'One copy of the Billing pricing export; its 125 tier agrees with three other sources.',
  },
  'gcp.managed-lustre.1000': {
    id: 'gcp.managed-lustre.1000',
    cloud: 'gcp',
    service: 'Google Cloud Managed Lustre',
    item: 'capacity, 1000 MB/s per TiB',
    unit: 'GiB-month',
    usd: 0.60,
    region: 'us-central1',
    source: `${LUSTRE_TIERS_SOURCE}; a second public repository note ("Managed Lustre ... ~$0.60/GiB/mo")`,
    asOf: GCP_READ,
    confidence: 'single-source',
    note: 'The Billing export copy, and one approximate second figure.',
  },
  'gcp.compute.e2-standard-4': {
    id: 'gcp.compute.e2-standard-4',
    cloud: 'gcp',
    service: 'Compute Engine',
    item: 'e2-standard-4 (4 vCPU, 16 GB), on-demand',
    unit: 'hour',
    usd: 0.134012,
    region: 'us-central1',
    source: 'https://cloud.google.com/compute/vm-instance-pricing (E2 us-central1: $0.021811590 per vCPU-hour, $0.002923530 per GiB-hour, as copied from the Cloud Billing Catalog '
      + 'and the Pricing API (2026-09-25, 2026-10-06) in three public repositories); 4 × 0.021811 + 16 × 0.002923 = $0.134012',
    asOf: GCP_READ,
    note: 'Derived from the E2 unit rates, which three sources agree on.',
  },
  'gcp.pd-balanced': {
    id: 'gcp.pd-balanced',
    cloud: 'gcp',
    service: 'Compute Engine',
    item: 'Balanced persistent disk (pd-balanced), provisioned space',
    unit: 'GiB-month',
    usd: 0.10,
    region: 'us-central1',
    source: 'https://cloud.google.com/compute/disks-image-pricing#disk (us-central1 as copied in a public repository, 2024-08-27: "balanced provisioned space : $0.10/GB"; the page quotes "$ / 1 gibibyte month"); a second public copy gives us-west1 "$0.1/GB/month"',
    asOf: GCP_READ,
    confidence: 'single-source',
    note: 'One us-central1 copy (2024) and one us-west1 copy agree.',
  },
  'gcp.logging.ingestion': {
    id: 'gcp.logging.ingestion',
    cloud: 'gcp',
    service: 'Cloud Logging',
    item: 'log ingestion (first 50 GiB per project per month free)',
    unit: 'GiB',
    usd: 0.50,
    region: 'us-central1',
    source: 'https://cloud.google.com/logging/pricing ($0.50/GiB ingested, first 50 GiB per project per month free)',
    asOf: GCP_READ,
    note: 'Includes 30 days of retention; the free 50 GiB is not subtracted here.',
  },
  'gcp.logging.retention': {
    id: 'gcp.logging.retention',
    cloud: 'gcp',
    service: 'Cloud Logging',
    item: 'retention beyond 30 days',
    unit: 'GiB-month',
    usd: 0.01,
    region: 'us-central1',
    source: 'https://cloud.google.com/logging/pricing ($0.01 per GiB-month of logs retained beyond 30 days)',
    asOf: GCP_READ,
  },
  'gcp.logging.vended-network': {
    id: 'gcp.logging.vended-network',
    cloud: 'gcp',
    service: 'Cloud Logging',
    item: 'vended network logs (VPC flow logs) ingestion',
    unit: 'GiB',
    usd: 0.25,
    region: 'us-central1',
    source: 'https://cloud.google.com/logging/pricing (proxy copy: vended network logs $0.25/GiB)',
    asOf: GCP_READ,
    confidence: 'single-source',
    note: 'One copy of the official page; retention beyond 30 days is extra.',
  },
  'gcp.gmp.samples': {
    id: 'gcp.gmp.samples',
    cloud: 'gcp',
    service: 'Google Cloud Managed Service for Prometheus',
    item: 'samples ingested (first 50 billion a month)',
    unit: 'million-samples',
    usd: 0.06,
    region: 'us-central1',
    source: `${GMP_TIERS_SOURCE}; faun.dev GMP chapter (2025/26: "$0.06 per million samples for the first 50 billion")`,
    asOf: GCP_READ,
    note: 'Two public sources agree on the current first tier; official 2023 snapshots show $0.15 before the 60 % cut.',
  },
  'gcp.gmp.samples.tier2': {
    id: 'gcp.gmp.samples.tier2',
    cloud: 'gcp',
    service: 'Google Cloud Managed Service for Prometheus',
    item: 'samples ingested (50-250 billion a month)',
    unit: 'million-samples',
    usd: 0.048,
    region: 'us-central1',
    source: GMP_TIERS_SOURCE,
    asOf: GCP_READ,
    note: 'Two public sources agree.',
  },
  'gcp.gmp.samples.tier3': {
    id: 'gcp.gmp.samples.tier3',
    cloud: 'gcp',
    service: 'Google Cloud Managed Service for Prometheus',
    item: 'samples ingested (250-500 billion a month)',
    unit: 'million-samples',
    usd: 0.036,
    region: 'us-central1',
    source: GMP_TIERS_SOURCE,
    asOf: GCP_READ,
    confidence: 'single-source',
    note: 'One public copy of the tier table (60 % below the 2023 official $0.09).',
  },
  'gcp.gmp.samples.tier4': {
    id: 'gcp.gmp.samples.tier4',
    cloud: 'gcp',
    service: 'Google Cloud Managed Service for Prometheus',
    item: 'samples ingested (over 500 billion a month)',
    unit: 'million-samples',
    usd: 0.024,
    region: 'us-central1',
    source: GMP_TIERS_SOURCE,
    asOf: GCP_READ,
    confidence: 'single-source',
    note: 'One public copy of the tier table (60 % below the 2023 official $0.06).',
  },
  'gcp.gcs.standard': {
    id: 'gcp.gcs.standard',
    cloud: 'gcp',
    service: 'Cloud Storage',
    item: 'Standard storage, regional bucket',
    unit: 'GiB-month',
    usd: 0.020,
    region: 'us-central1',
    source: 'https://cloud.google.com/storage/pricing (Iowa us-central1 Standard $0.020 per GB-month; Cloud Storage bills GB = 2^30 bytes); https://cloud.google.com/storage/pricing-examples',
    asOf: GCP_READ,
    note: 'Operations, network and soft-deleted or noncurrent object versions are extra (noncurrent versions bill as stored data).',
  },
  'gcp.kms.key-version': {
    id: 'gcp.kms.key-version',
    cloud: 'gcp',
    service: 'Cloud KMS',
    item: 'active key version, SOFTWARE protection',
    unit: 'key-version-month',
    usd: 0.06,
    region: 'us-central1',
    source: 'https://cloud.google.com/kms/pricing (effective 2025-03-17: $0.06 per active SOFTWARE key version per month; HSM $1.00; key operations $0.03 per 10,000)',
    asOf: GCP_READ,
    note: 'Every rotation adds an active version until old ones are destroyed: a 90-day key has about 4 active versions after a year. Operations are extra.',
  },
  'gcp.cloud-sql.vcpu': {
    id: 'gcp.cloud-sql.vcpu',
    cloud: 'gcp',
    service: 'Cloud SQL for PostgreSQL (Enterprise)',
    item: 'dedicated-core vCPU',
    unit: 'vCPU-hour',
    usd: 0.0413,
    region: 'us-central1',
    source: 'https://www.usage.ai/blogs/gcp/cloud-sql/pricing/ ($0.0413 per vCPU-hour, us-central1, citing cloud.google.com/sql/pricing)',
    asOf: READ,
    confidence: 'single-source',
    note: 'HA doubles compute; Enterprise Plus costs more.',
  },
  'gcp.cloud-sql.memory': {
    id: 'gcp.cloud-sql.memory',
    cloud: 'gcp',
    service: 'Cloud SQL for PostgreSQL (Enterprise)',
    item: 'memory',
    unit: 'GB-hour',
    usd: 0.007,
    region: 'us-central1',
    source: 'https://www.usage.ai/blogs/gcp/cloud-sql/pricing/ ($0.007 per GB-hour, us-central1)',
    asOf: READ,
    confidence: 'single-source',
  },
  'gcp.cloud-sql.storage': {
    id: 'gcp.cloud-sql.storage',
    cloud: 'gcp',
    service: 'Cloud SQL for PostgreSQL (Enterprise)',
    item: 'SSD storage (per instance; HA keeps two copies)',
    unit: 'GiB-month',
    usd: 0.17,
    region: 'us-central1',
    source: 'https://cloud.google.com/sql/pricing (calculator data of the official page, 2026-09-24, as copied in a public repository: europe-west1 "Cloud SQL SSD storage, HA (GiB-month) $0.34", i.e. 2 × $0.17, '
      + 'next to HA vCPU $0.0826 = 2 × the $0.0413 used here; other public copies give $0.17 per GiB-month)',
    asOf: GCP_DATA_READ,
    confidence: 'single-source',
    note: 'Read for europe-west1, whose Cloud SQL vCPU and memory rates equal us-central1\'s; HA bills the storage twice. Backups ($0.08 per GiB-month) are extra.',
  },

  'gcp.alloydb.vcpu': {
    id: 'gcp.alloydb.vcpu',
    cloud: 'gcp',
    service: 'AlloyDB for PostgreSQL',
    item: 'vCPU',
    unit: 'vCPU-hour',
    usd: 0.06608,
    region: 'us-central1',
    source: 'https://cloud.google.com/alloydb/pricing (us-central1 $0.06608 per vCPU-hour, $0.0112 per GB-hour of memory, storage $0.0004109 per GB-hour; four public repository notes citing the page, one dated 2026-10-01); bytebase.com AlloyDB pricing post (2024-03-26, us-east1 rates 1.13 × these)',
    asOf: GCP_DATA_READ,
    note: 'Several copies of the official rates agree; the page itself is not readable here.',
  },
  'gcp.alloydb.memory': {
    id: 'gcp.alloydb.memory',
    cloud: 'gcp',
    service: 'AlloyDB for PostgreSQL',
    item: 'memory',
    unit: 'GB-hour',
    usd: 0.0112,
    region: 'us-central1',
    source: 'https://cloud.google.com/alloydb/pricing (us-central1 $0.06608 per vCPU-hour, $0.0112 per GB-hour of memory, storage $0.0004109 per GB-hour; four public repository notes citing the page, one dated 2026-10-01); bytebase.com AlloyDB pricing post (2024-03-26, us-east1 rates 1.13 × these)',
    asOf: GCP_DATA_READ,
    note: 'Several copies of the official rates agree; the page itself is not readable here.',
  },
  'gcp.alloydb.storage': {
    id: 'gcp.alloydb.storage',
    cloud: 'gcp',
    service: 'AlloyDB for PostgreSQL',
    item: 'cluster storage',
    unit: 'GB-month',
    usd: 0.3,
    region: 'us-central1',
    source: 'https://cloud.google.com/alloydb/pricing (us-central1 $0.06608 per vCPU-hour, $0.0112 per GB-hour of memory, storage $0.0004109 per GB-hour; four public repository notes citing the page, one dated 2026-10-01); bytebase.com AlloyDB pricing post (2024-03-26, us-east1 rates 1.13 × these)',
    asOf: GCP_DATA_READ,
    note: '$0.0004109 per GB-hour × 730 h; two copies of the official rate agree. Backups ($0.10 per GB-month, one source) are billed on top.',
  },

  // ---- GCP data and operations services (VectorStore, FeatureStore, ObservabilityStack, FinOpsBudget)
  'gcp.vector-search.e2-standard-2': {
    id: 'gcp.vector-search.e2-standard-2',
    cloud: 'gcp',
    service: 'Vertex AI Vector Search',
    item: 'serving node e2-standard-2 (SHARD_SIZE_SMALL)',
    unit: 'hour',
    usd: 0.0938084,
    region: 'us-central1',
    source: 'https://cloud.google.com/vertex-ai/pricing#vectorsearch (official page as parsed 2026-06-10 into a public repository doc: us-central1 e2-standard-2 $0.0938084/h); two more public repository copies ($0.0938, 2026-10-02; $0.094)',
    asOf: GCP_DATA_READ,
    note: 'Three public copies of the official table agree; the page itself is not readable here.',
  },
  'gcp.vector-search.e2-standard-16': {
    id: 'gcp.vector-search.e2-standard-16',
    cloud: 'gcp',
    service: 'Vertex AI Vector Search',
    item: 'serving node e2-standard-16 (SHARD_SIZE_MEDIUM)',
    unit: 'hour',
    usd: 0.7504672,
    region: 'us-central1',
    source: 'https://cloud.google.com/vertex-ai/pricing#vectorsearch (official page as parsed 2026-06-10 into a public repository doc: us-central1 e2-standard-16 $0.7504672/h); a second public repository copy ($0.75)',
    asOf: GCP_DATA_READ,
    note: 'Two public copies of the official table agree; the page itself is not readable here.',
  },
  'gcp.vector-search.e2-highmem-16': {
    id: 'gcp.vector-search.e2-highmem-16',
    cloud: 'gcp',
    service: 'Vertex AI Vector Search',
    item: 'serving node e2-highmem-16 (SHARD_SIZE_LARGE)',
    unit: 'hour',
    usd: 1.012368,
    region: 'us-central1',
    source: 'https://cloud.google.com/vertex-ai/pricing#vectorsearch (official page as parsed 2026-06-10 into a public repository doc: us-central1 e2-highmem-16 $1.012368/h); a Nov 2025 cost guide gives ~$738.5 per node-month (= $1.0116/h)',
    asOf: GCP_DATA_READ,
    confidence: 'single-source',
    note: 'One copy of the official table; a third-party guide is within 0.1 %.',
  },
  'gcp.vector-search.batch-build': {
    id: 'gcp.vector-search.batch-build',
    cloud: 'gcp',
    service: 'Vertex AI Vector Search',
    item: 'index build or batch update, data processed',
    unit: 'GiB',
    usd: 3.0,
    region: 'us-central1',
    source: 'https://cloud.google.com/vertex-ai/pricing#vectorsearch (official page as parsed 2026-06-10 into a public repository doc: "Index building/updating: $3.00 per GiB processed"); two more public repository copies (2026-10-02)',
    asOf: GCP_DATA_READ,
  },
  'gcp.vector-search.stream-update': {
    id: 'gcp.vector-search.stream-update',
    cloud: 'gcp',
    service: 'Vertex AI Vector Search',
    item: 'streaming update, data ingested',
    unit: 'GiB',
    usd: 0.45,
    region: 'us-central1',
    source: 'https://cloud.google.com/vertex-ai/pricing#vectorsearch (official page as parsed 2026-06-10 into a public repository doc: "Streaming update inserts: $0.45 / GiB ingested"); two more public repository copies (2026-10-02)',
    asOf: GCP_DATA_READ,
  },
  'gcp.pubsub.throughput': {
    id: 'gcp.pubsub.throughput',
    cloud: 'gcp',
    service: 'Pub/Sub',
    item: 'message publish and delivery throughput',
    unit: 'GiB',
    usd: 0.0390625,
    region: 'us-central1',
    source: 'https://cloud.google.com/pubsub/pricing ("The first 10 GiB are free. After that, the price is $40 per TiB in all Google Cloud regions")',
    asOf: GCP_DATA_READ,
    note: '$40 per TiB / 1,024 GiB; the first 10 GiB a month are free; at least 1,000 bytes billed per request.',
  },
  'gcp.monitoring.alert-condition': {
    id: 'gcp.monitoring.alert-condition',
    cloud: 'gcp',
    service: 'Cloud Monitoring alerting',
    item: 'alert policy condition',
    unit: 'condition-month',
    usd: 1.5,
    region: 'us-central1',
    source: 'https://cloud.google.com/monitoring/alerts/cost-control ("$1.50-per-condition cost"; $0.35 per million time series returned)',
    asOf: GCP_DATA_READ,
    note: 'Time series returned by each evaluation are billed on top ($0.35 per million).',
  },
  'gcp.bigquery.active-storage': {
    id: 'gcp.bigquery.active-storage',
    cloud: 'gcp',
    service: 'BigQuery',
    item: 'active logical storage, regional dataset (Iowa)',
    unit: 'GiB-month',
    usd: 0.023,
    region: 'us-central1',
    source: 'https://cloud.google.com/bigquery/pricing#storage (Iowa us-central1: $0.000031507 per GiB-hour = $0.023 per GiB-month of active logical storage; three public repository notes, checked 2026-09-13 to 2026-09-20; the US multi-region is $0.02)',
    asOf: GCP_DATA_READ,
    note: 'The first 10 GiB a month are free (not subtracted); long-term storage is $0.016 in Iowa; queries are billed separately.',
  },
};

/** Cloud NAT's hourly gateway charge stops growing at this amount (32 VMs and more), same source as gcp.cloud-nat.vm. */
export const GCP_CLOUD_NAT_GATEWAY_CAP_USD_PER_HOUR = 0.044;

/** A service price by id. */
export function servicePrice(id: ServicePriceId): ServicePrice {
  return SERVICE_PRICES[id];
}
