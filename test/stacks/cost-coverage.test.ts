import { Testing } from 'cdktf';
import {
  AiInfraStack, FeatureStore, FinOpsBudget, GpuCluster, LustreTier, ObservabilityStack, SpotTrainingPool, VectorStore, WarmInferencePool,
} from '../../src';
import type { CostLine } from '../../src/planning';

/**
 * Every billable resource the Terraform creates has its cost line (issue 10,
 * item 10): a stack with every construct is synthesized, and the resources of
 * each billable type are counted against the lines that price them.
 */

const TAGS = { project: 'p', environment: 'e', costCenter: 'c' };
const LLAMA_8B = { id: 'meta-llama/Llama-3.1-8B-Instruct', name: 'llama-3.1-8b' };

function awsPlatform() {
  const stack = new AiInfraStack(Testing.app(), 'cov', { cloud: 'aws', region: 'us-west-2', namePrefix: 'cov', tags: TAGS, aws: { accountId: '123456789012' } });
  const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['H100', 'L40S'] });
  const pretrain = new SpotTrainingPool(stack, 'Pretrain', { cluster, accelerator: 'H100', totalGpus: 16, model: { name: 'llama-3.1-8b' } });
  new SpotTrainingPool(stack, 'Finetune', { cluster, accelerator: 'H100', totalGpus: 8, purpose: 'lora' });
  new WarmInferencePool(stack, 'Chat', { cluster, model: LLAMA_8B });
  new LustreTier(stack, 'Scratch', { cluster, zone: pretrain.zones[0], capacityGiB: 2400 });
  new VectorStore(stack, 'Vectors', { cluster, vectors: 5_000_000, dimensions: 1024 });
  new FeatureStore(stack, 'Features', { featureGroups: [{ name: 'users', recordIdentifier: 'id', eventTime: 'ts', features: [{ name: 'id', type: 'String' }, { name: 'ts', type: 'Fractional' }] }] });
  new ObservabilityStack(stack, 'Observability', { cluster, applicationLogGroups: ['/ai-infra/inference'] });
  new FinOpsBudget(stack, 'Budget', { limitUsd: 1_000_000, emails: ['f@example.com'] });
  return { stack, json: JSON.parse(Testing.synth(stack, true)) };
}

function gcpPlatform() {
  const stack = new AiInfraStack(Testing.app(), 'cov', {
    cloud: 'gcp', region: 'us-central1', namePrefix: 'cov', tags: TAGS, gcp: { projectId: 'cov-project', projectNumber: '402837465123' },
  });
  const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['H100', 'L4'] });
  new SpotTrainingPool(stack, 'Pretrain', { cluster, accelerator: 'H100', totalGpus: 16, model: { name: 'llama-3.1-8b' } });
  new WarmInferencePool(stack, 'Chat', { cluster, model: LLAMA_8B });
  new VectorStore(stack, 'Documents', { cluster, vectors: 5_000_000, dimensions: 1024, gcp: { engine: 'alloydb' } });
  new ObservabilityStack(stack, 'Observability', { cluster });
  new FinOpsBudget(stack, 'Budget', { limitUsd: 1_000_000, emails: ['f@example.com'], gcp: { billingAccountId: '01AB23-45CD67-89EF01' } });
  return { stack, json: JSON.parse(Testing.synth(stack, true)) };
}

const count = (json: any, type: string): number => Object.keys(json.resource[type] ?? {}).length;
const sum = (lines: ReadonlyArray<CostLine>): number => lines.reduce((s, l) => s + l.quantity, 0);

describe('usage props: bad input first', () => {
  const aws = () => new AiInfraStack(Testing.app(), 'bad', { cloud: 'aws', region: 'us-west-2', namePrefix: 'bad', tags: TAGS, aws: { accountId: '123456789012' } });
  const admins = { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] };
  test.each<[string, () => unknown, RegExp]>([
    ['a negative NAT volume', () => new GpuCluster(aws(), 'Cluster', { aws: admins, usage: { natDataGBPerMonth: -1 } }), /^bad\/Cluster: usage.natDataGBPerMonth must be >= 0, got -1$/],
    ['NAT usage on your own VPC', () => new GpuCluster(aws(), 'Cluster', {
      aws: { ...admins, vpc: { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.1.0.0/16', privateSubnetIds: { 'usw2-az1': 'subnet-0a', 'usw2-az2': 'subnet-0b' } } },
      usage: { natDataGBPerMonth: 100 },
    }), /^bad\/Cluster: usage.natDataGBPerMonth must be unset with aws.vpc \(the NAT and flow logs of your network are not this cluster's to price\), got 100$/],
    ['flow-log usage on your own GCP network', () => {
      const stack = new AiInfraStack(Testing.app(), 'bad', { cloud: 'gcp', region: 'us-central1', namePrefix: 'bad', tags: TAGS, gcp: { projectId: 'cov-project', projectNumber: '402837465123' } });
      const network = { network: 'projects/host/global/networks/shared', subnetwork: 'projects/host/regions/us-central1/subnetworks/gke', podsRangeName: 'gke-pods', servicesRangeName: 'gke-svc' };
      return new GpuCluster(stack, 'Cluster', { gcp: { network }, usage: { flowLogsGBPerMonth: 3 } });
    }, /^bad\/Cluster: usage.flowLogsGBPerMonth must be unset with gcp.network/],
    ['an S3 endpoint setting on your own VPC', () => new GpuCluster(aws(), 'Cluster', {
      aws: { ...admins, s3GatewayEndpoint: false, vpc: { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.1.0.0/16', privateSubnetIds: { 'usw2-az1': 'subnet-0a', 'usw2-az2': 'subnet-0b' } } },
    }), /^bad\/Cluster: aws.s3GatewayEndpoint must be unset with aws.vpc/],
    ['flow-log usage with flow logs off', () => new GpuCluster(aws(), 'Cluster', { aws: { ...admins, flowLogs: false }, usage: { flowLogsGBPerMonth: 5 } }), /^bad\/Cluster: usage.flowLogsGBPerMonth must be unset with aws.flowLogs false/],
    ['an unknown usage field', () => new GpuCluster(aws(), 'Cluster', { aws: admins, usage: { egressGB: 5 } as never }), /^bad\/Cluster: unknown field usage.egressGB \(allowed: natDataGBPerMonth, clusterLogsGBPerMonth, flowLogsGBPerMonth\)$/],
    ['Aurora usage on OpenSearch', () => {
      const stack = aws();
      const cluster = new GpuCluster(stack, 'Cluster', { aws: admins });
      return new VectorStore(stack, 'Search', { cluster, engine: 'opensearch-serverless', aws: { accessPrincipalArns: ['arn:aws:iam::123456789012:role/app'], usage: { ioMillionsPerMonth: 5 } } });
    }, /^bad\/Search: aws.usage must be unset with engine "opensearch-serverless"/],
    ['CloudWatch usage on a GCP ObservabilityStack', () => {
      const stack = new AiInfraStack(Testing.app(), 'bad', { cloud: 'gcp', region: 'us-central1', namePrefix: 'bad', tags: TAGS, gcp: { projectId: 'cov-project', projectNumber: '402837465123' } });
      return new ObservabilityStack(stack, 'Observability', { cluster: new GpuCluster(stack, 'Cluster'), usage: { workspaceLogsGBPerMonth: 1 } });
    }, /^bad\/Observability: usage must be unset on a gcp stack/],
    ['application-log usage without application log groups', () => {
      const stack = aws();
      return new ObservabilityStack(stack, 'Observability', { cluster: new GpuCluster(stack, 'Cluster', { aws: admins }), usage: { applicationLogsGBPerMonth: 5 } });
    }, /^bad\/Observability: usage.applicationLogsGBPerMonth must be unset without applicationLogGroups \(there is no application log group to size\), got 5$/],
    ['download usage without a model server', () => {
      const stack = aws();
      return new WarmInferencePool(stack, 'Chat', { cluster: new GpuCluster(stack, 'Cluster', { aws: admins }), model: LLAMA_8B, deployModelServer: false, usage: { modelDownloadsPerReplicaPerMonth: 3 } });
    }, /^bad\/Chat: usage.modelDownloadsPerReplicaPerMonth must be unset with deployModelServer: false/],
    ['a negative download count', () => {
      const stack = aws();
      return new WarmInferencePool(stack, 'Chat', { cluster: new GpuCluster(stack, 'Cluster', { aws: admins }), model: LLAMA_8B, usage: { modelDownloadsPerReplicaPerMonth: -2 } });
    }, /^bad\/Chat: usage.modelDownloadsPerReplicaPerMonth must be/],
  ])('%s is refused with the path and the field', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test('the S3 gateway endpoint can be turned off: no endpoint, S3 traffic counted as NAT data, recorded as an opt-out', () => {
    const stack = aws();
    new GpuCluster(stack, 'Cluster', { aws: { ...admins, s3GatewayEndpoint: false } });
    const json = JSON.parse(Testing.synth(stack, true));
    expect(json.resource.aws_vpc_endpoint).toBeUndefined();
    expect(stack.costLines.find((l) => l.item.startsWith('NAT gateway data processed'))?.item).toBe('NAT gateway data processed (S3 traffic included: aws.s3GatewayEndpoint is false)');
    expect(stack.costLines.some((l) => l.item.startsWith('S3 gateway endpoint'))).toBe(false);
    expect(stack.decisions.find((d) => d.topic === 's3-gateway-endpoint')).toMatchObject({ chosen: 'none (aws.s3GatewayEndpoint is false)', reason: expect.stringMatching(/^OPT-OUT: /) });
  });

  test('given usage replaces each assumption, and the line says it was given', () => {
    const stack = aws();
    const cluster = new GpuCluster(stack, 'Cluster', { aws: admins, usage: { natDataGBPerMonth: 2000, clusterLogsGBPerMonth: 100, flowLogsGBPerMonth: 0 } });
    new WarmInferencePool(stack, 'Chat', { cluster, model: LLAMA_8B, usage: { modelDownloadsPerReplicaPerMonth: 10 } });
    const line = (prefix: string) => stack.costLines.find((l) => l.item.startsWith(prefix))!;
    expect([line('NAT gateway data processed').quantity, line('NAT gateway data processed').monthlyUsd, line('NAT gateway data processed').note]).toEqual([2000, 90, expect.stringMatching(/^usage given/)]);
    expect(line('CloudWatch Logs ingestion: EKS').quantity).toBe(100);
    expect(line('CloudWatch Logs ingestion: VPC flow logs').monthlyUsd).toBe(0);
    expect(line('model weights downloaded through NAT').quantity).toBe(160.6);
  });
});

describe('AWS: every billable resource has its cost line', () => {
  const { stack, json } = awsPlatform();
  const lines = stack.costLines;

  test('KMS: one key-month per aws_kms_key (the checkpoint bucket keys were missing)', () => {
    expect(count(json, 'aws_kms_key')).toBe(9);
    expect(sum(lines.filter((l) => l.unit === 'key-month'))).toBe(count(json, 'aws_kms_key'));
    expect(lines.filter((l) => l.item === 'AWS KMS: customer managed key (checkpoint bucket)').map((l) => l.component)).toEqual(['cov/Pretrain', 'cov/Finetune']);
  });

  test('NAT: gateways, their public IPv4, and the data processed; S3 takes the free gateway endpoint on every private route table', () => {
    const nat = count(json, 'aws_nat_gateway');
    expect(nat).toBe(3);
    expect(lines.find((l) => l.item === `NAT gateways (${nat})`)?.quantity).toBe(nat);
    expect(lines.find((l) => l.item.startsWith('public IPv4 on NAT gateways'))?.quantity).toBe(count(json, 'aws_eip'));
    const data = lines.find((l) => l.item.startsWith('NAT gateway data processed'))!;
    expect([data.quantity, data.unitUsd, data.monthlyUsd, data.basis]).toEqual([500, 0.045, 22.5, 'usage-estimate']);
    const endpoints = Object.values<any>(json.resource.aws_vpc_endpoint);
    expect(endpoints).toEqual([expect.objectContaining({ service_name: 'com.amazonaws.us-west-2.s3', vpc_endpoint_type: 'Gateway' })]);
    const privateTables = Object.keys(json.resource.aws_route_table).filter((id) => id.includes('_Private-')).map((id) => `\${aws_route_table.${id}.id}`);
    expect(privateTables).toHaveLength(3);
    expect([...endpoints[0].route_table_ids].sort()).toEqual(privateTables.sort());
    expect(lines.find((l) => l.item === 'S3 gateway endpoint (no charge)')?.monthlyUsd).toBe(0);
    expect(stack.decisions.find((d) => d.topic === 's3-gateway-endpoint')?.chosen).toBe('S3 gateway endpoint on the 3 private route tables');
  });

  test('the model servers download their weights through NAT: 16.06 GB × 1 replica', () => {
    const line = lines.find((l) => l.component === 'cov/Chat' && l.item.startsWith('model weights downloaded through NAT'))!;
    expect([line.quantity, line.monthlyUsd]).toEqual([16.06, 0.72]);
  });

  test('CloudWatch Logs: an ingestion and a storage line per log group', () => {
    const groups = Object.values<any>(json.resource.aws_cloudwatch_log_group);
    expect(groups).toHaveLength(5);
    expect(lines.filter((l) => l.item.startsWith('CloudWatch Logs ingestion:'))).toHaveLength(groups.length);
    expect(lines.filter((l) => l.item.startsWith('CloudWatch Logs storage:'))).toHaveLength(groups.length);
    const controlPlane = lines.filter((l) => l.item.includes('EKS control-plane logs'));
    // 30 GB/month at $0.50; a year kept = 365 / (365 / 12) × 30 GB = 360 GB × $0.03
    expect(controlPlane.map((l) => [l.quantity, l.monthlyUsd])).toEqual([[30, 15], [360, 10.8]]);
    expect(controlPlane[0].note).toMatch(/^assumed 30 GB\/month: .*set GpuCluster usage.clusterLogsGBPerMonth/);
  });

  test('S3: a storage line per bucket; checkpoints sized from the model when it is known', () => {
    const buckets = count(json, 'aws_s3_bucket');
    expect(buckets).toBe(3);
    const s3 = lines.filter((l) => l.item.startsWith('Amazon S3: Standard storage'));
    expect(s3.map((l) => l.component)).toEqual(['cov/Pretrain', 'cov/Finetune', 'cov/Features']);
    // Llama 3.1 8B (8.03 B params): weights 16.06 GB + fp32 master and Adam 96.36 GB = 112.42 GB; 2 kept = 224.84 GB = 209 GiB
    const pretrain = s3[0];
    expect([pretrain.quantity, pretrain.monthlyUsd, pretrain.basis]).toEqual([209, 4.81, 'usage-estimate']);
    expect(pretrain.note).toMatch(/^checkpoint bucket, 209 GiB = 2 × a 112.42 GB checkpoint \(weights and optimizer state\)/);
    // No model: the line is there at 0 GiB and says how to price it
    expect([s3[1].quantity, s3[1].note]).toEqual([0, expect.stringMatching(/^checkpoint bucket at 0 GiB: no model to size a checkpoint from/)]);
  });

  test('Aurora: capacity, storage, I/O and backup storage', () => {
    const aurora = lines.filter((l) => l.component === 'cov/Vectors').map((l) => l.item);
    expect(aurora).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Aurora I\/O requests \([\d.]+ million a month\)$/),
      'Aurora backup storage beyond the free amount (7-day retention)',
    ]));
    const io = lines.find((l) => l.component === 'cov/Vectors' && l.item.startsWith('Aurora I/O'))!;
    const storage = lines.find((l) => l.component === 'cov/Vectors' && l.item === 'Amazon Aurora (standard): storage')!;
    expect(io.quantity).toBeCloseTo((storage.quantity * 1024 * 1024) / 4 / 1e6, 2);
  });

  test('Managed Prometheus: ingestion by tier, the collector hour and its samples', () => {
    const amp = lines.filter((l) => l.component === 'cov/Observability').map((l) => [l.item, l.monthlyUsd]);
    // 2000/s = 5.256 B samples: 2 B × $0.90 + 3.256 B × $0.35 per 10 M (was $473.04, all at $0.90)
    expect(amp).toEqual(expect.arrayContaining([
      ['Managed Prometheus ingestion, first 2 billion samples (2.00 B)', 180],
      ['Managed Prometheus ingestion, next 250 billion samples (3.26 B)', 113.96],
      ['Managed Prometheus collector (agentless scraper)', 29.2],
      ['samples collected by the managed collector (2000 samples/s = 5.26 B samples/month)', 15.77],
    ]));
  });
});

describe('GCP: every billable resource has its cost line', () => {
  const { stack, json } = gcpPlatform();
  const lines = stack.costLines;

  test('Cloud KMS: one active key version per google_kms_crypto_key (the GKE cluster\'s two keys were missing)', () => {
    expect(count(json, 'google_kms_crypto_key')).toBe(6);
    expect(lines.find((l) => l.component === 'cov/Cluster' && l.unit === 'key-version-month')?.quantity).toBe(2);
    expect(sum(lines.filter((l) => l.unit === 'key-version-month'))).toBe(count(json, 'google_kms_crypto_key'));
  });

  test('Cloud NAT data, flow logs and GKE logs are priced; checkpoints sized from the model', () => {
    expect(lines.find((l) => l.item === 'Cloud NAT data processed')?.monthlyUsd).toBe(20.95);
    expect(lines.find((l) => l.item.startsWith('VPC flow logs'))?.unitUsd).toBe(0.25);
    expect(lines.find((l) => l.item.startsWith('Cloud Logging ingestion: GKE logs'))?.unitUsd).toBe(0.5);
    const checkpoints = lines.find((l) => l.component === 'cov/Pretrain' && l.item.endsWith('(checkpoints)'))!;
    expect([checkpoints.quantity, checkpoints.unitUsd, checkpoints.monthlyUsd]).toEqual([209, 0.02, 4.18]);
    // The _Default bucket keeps the cluster's logs 365 days: 30 GB = 27.94 GiB a month × 335 / (365 / 12) months past the included 30
    const retention = lines.find((l) => l.item.startsWith('Cloud Logging retention beyond 30 days'))!;
    expect([retention.component, retention.quantity, retention.unitUsd, retention.monthlyUsd]).toEqual(['cov/Observability', 307.72, 0.01, 3.08]);
    const weights = lines.find((l) => l.component === 'cov/Chat' && l.item.startsWith('model weights downloaded through NAT'))!;
    // 16.06 GB = 14.96 GiB (Cloud NAT bills GiB)
    expect([weights.quantity, weights.unit]).toEqual([14.96, 'GiB']);
  });
});
