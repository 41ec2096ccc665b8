/**
 * The Terraform addresses of stateful resources are public contract: a new
 * version of this library that renames one makes `terraform apply` destroy a
 * database, a file system or a bucket. This test pins them for the reference
 * stacks. If it fails, the change renamed an address: add a `moved` block (or
 * keep the old id) instead of updating the list, unless the resource is new.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { FeatureStore } from '../../src/constructs/feature-store';
import { FinOpsBudget } from '../../src/constructs/finops-budget';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { LustreTier } from '../../src/constructs/lustre-tier';
import { SpotTrainingPool } from '../../src/constructs/spot-training-pool';
import { AiInfraStack } from '../../src/constructs/stack';
import { WarmInferencePool } from '../../src/constructs/warm-inference-pool';
import { DistributedTrainingStack } from '../../src/stacks/distributed-training';
import { FeaturePlatformStack } from '../../src/stacks/feature-platform';
import { InferenceServingStack } from '../../src/stacks/inference-serving';
import { FakeGpuCluster } from '../helpers/fake-cluster';
import { gcpStack } from '../helpers/stack';

const STATEFUL_TYPES = [
  'aws_s3_bucket',
  'aws_fsx_lustre_file_system',
  'aws_fsx_data_repository_association',
  'aws_rds_cluster',
  'aws_rds_cluster_instance',
  'aws_sagemaker_feature_group',
  'aws_opensearchserverless_collection',
  'aws_kms_key',
  'aws_prometheus_workspace',
  'aws_eks_cluster',
  'aws_cloudwatch_log_group',
  'aws_sqs_queue',
  // Not data, but replacing a cluster's subnet replaces the nodes in it.
  'aws_subnet',
  'google_lustre_instance',
  'google_storage_bucket',
  // GCP: data, and the keys and key rings that can never be deleted or renamed.
  'google_alloydb_cluster',
  'google_sql_database_instance',
  'google_vertex_ai_index',
  'google_bigquery_dataset',
  'google_bigquery_table',
  'google_vertex_ai_feature_group',
  'google_vertex_ai_feature_online_store',
  'google_kms_key_ring',
  'google_kms_crypto_key',
];

/**
 * Stateful (or replace-to-rebuild) resources of the GCP compute backends: keys
 * and key rings can never be deleted, so a renamed address strands them; a
 * replaced cluster, network, subnet or PSA range takes the nodes and peerings with it.
 */
const GCP_COMPUTE_STATEFUL_TYPES = [
  'google_kms_key_ring',
  'google_kms_crypto_key',
  'google_container_cluster',
  'google_compute_network',
  'google_compute_subnetwork',
  'google_compute_global_address',
  'google_service_networking_connection',
];

/** The GCP examples' stacks (examples/gcp-distributed-training, examples/gcp-quickstart), built the same way. */
function gcpExample(name: 'gcp-distributed-training' | 'gcp-quickstart'): any {
  const app = Testing.app();
  const tags = { project: 'p', environment: 'e', costCenter: 'c' };
  const gcp = { projectId: 'contract-project', projectNumber: '123456789012' };
  if (name === 'gcp-distributed-training') {
    const stack = new AiInfraStack(app, 'pretrain', {
      cloud: 'gcp', namePrefix: 'pretrain', compliance: { jurisdictions: ['EU'], programs: ['GDPR'] }, placement: { instanceTypes: ['a3-megagpu-8g'] }, tags, gcp,
    });
    const cluster = new GpuCluster(stack, 'Cluster', { instanceTypes: ['a3-megagpu-8g'] });
    new SpotTrainingPool(stack, 'Training', { cluster, instanceTypes: ['a3-megagpu-8g'], totalGpus: 128, expectedNodes: 8 });
    return stack;
  }
  const stack = new AiInfraStack(app, 'chat', { cloud: 'gcp', region: 'europe-west4', namePrefix: 'chat', tags, gcp });
  const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['L4'] });
  new WarmInferencePool(stack, 'Chat', { cluster, accelerator: 'L4', model: { id: 'org/model', paramsBillions: 3, attentionHeads: 24, kvHeads: 8, concurrency: 8 }, minNodes: 1, maxNodes: 3 });
  return stack;
}

function gcpAddresses(stack: any): string[] {
  const json = JSON.parse(Testing.synth(stack));
  return GCP_COMPUTE_STATEFUL_TYPES.flatMap((type) => Object.keys(json.resource?.[type] ?? {}).map((id) => `${type}.${id}`)).sort();
}

const BASE = { namePrefix: 'contract', tags: { project: 'p', environment: 'e', costCenter: 'c' }, aws: { accountId: '123456789012' } };

function addresses(stack: any): string[] {
  const json = JSON.parse(Testing.synth(stack));
  return STATEFUL_TYPES.flatMap((type) => Object.keys(json.resource?.[type] ?? {}).map((id) => `${type}.${id}`)).sort();
}

/** A GCP stack with the GCP constructs written so far (until the GCP reference stacks exist), on a stand-in cluster. */
function gcpConstructs(): any {
  const stack = gcpStack({ namePrefix: 'contract' }, Testing.app());
  const cluster = new FakeGpuCluster(stack, 'Cluster', { cloud: 'gcp', zones: ['us-central1-a', 'us-central1-b'] });
  new LustreTier(stack, 'Lustre', { cluster, throughputGBps: 10 });
  return stack;
}

function current(): Record<string, string[]> {
  return {
    'gcp-constructs': addresses(gcpConstructs()),
    'gcp-distributed-training': gcpAddresses(gcpExample('gcp-distributed-training')),
    'gcp-quickstart': gcpAddresses(gcpExample('gcp-quickstart')),
    'training': addresses(new DistributedTrainingStack(Testing.app(), 'train', {
      ...BASE,
      cluster: { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } },
      region: 'us-east-1',
      training: { accelerator: 'H100', totalGpus: 16 },
      storage: { throughputGBps: 2, dataRepositories: [{ importPath: 's3://datasets/x/', fileSystemPath: '/data' }] },
      budget: { limitUsd: 1_000_000, emails: ['f@example.com'] },
    })),
    'serving': addresses(new InferenceServingStack(Testing.app(), 'serve', {
      ...BASE,
      cluster: { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } },
      region: 'us-east-1',
      serving: { model: { id: 'org/model', paramsBillions: 8 } },
      retrieval: { vectors: 1_000_000, dimensions: 768 },
      budget: { limitUsd: 1_000_000, emails: ['f@example.com'] },
    })),
    'features': addresses(new FeaturePlatformStack(Testing.app(), 'feat', {
      ...BASE,
      region: 'us-west-2',
      features: { featureGroups: [{ name: 'users', recordIdentifier: 'id', eventTime: 'ts', features: [{ name: 'id', type: 'String' }, { name: 'ts', type: 'Fractional' }] }] },
      budget: { limitUsd: 1_000_000, emails: ['f@example.com'] },
    })),
    // The composition of examples/gcp-feature-store-budget.
    'gcp-features': addresses(gcpFeatureStack()),
    'gcp-training': addresses(gcpTrainingStack()),
  };
}

function gcpFeatureStack(): AiInfraStack {
  const stack = new AiInfraStack(Testing.app(), 'gcp-feat', {
    cloud: 'gcp',
    region: 'europe-west4',
    namePrefix: 'contract',
    tags: BASE.tags,
    gcp: { projectId: 'contract-project', projectNumber: '123456789012' },
  });
  new FeatureStore(stack, 'Features', {
    featureGroups: [{ name: 'users', recordIdentifier: 'id', eventTime: 'ts', features: [{ name: 'id', type: 'String' }, { name: 'ts', type: 'Fractional' }, { name: 'age', type: 'Integral' }] }],
  });
  new FinOpsBudget(stack, 'Budget', { limitUsd: 1_000_000, emails: ['f@example.com'], gcp: { billingAccountId: '01AB23-45CD67-89EF01' } });
  return stack;
}

/** The composition of examples/gcp-distributed-training: GKE, a spot pool (its checkpoint bucket and key), Managed Lustre in the pool's zone. */
function gcpTrainingStack(): AiInfraStack {
  const stack = new AiInfraStack(Testing.app(), 'gcp-train', {
    cloud: 'gcp',
    namePrefix: 'contract',
    compliance: { jurisdictions: ['EU'], programs: ['GDPR'] },
    placement: { instanceTypes: ['a3-megagpu-8g'] },
    tags: BASE.tags,
    gcp: { projectId: 'contract-project', projectNumber: '123456789012' },
  });
  const cluster = new GpuCluster(stack, 'Cluster', { instanceTypes: ['a3-megagpu-8g'] });
  const training = new SpotTrainingPool(stack, 'Training', { cluster, instanceTypes: ['a3-megagpu-8g'], totalGpus: 128, expectedNodes: 8, checkpointStorageGiB: 6_000 });
  new LustreTier(stack, 'Scratch', { cluster, throughputGBps: 10, zone: training.zones[0], persistentVolume: { namespace: 'ai-training', claimName: 'scratch' } });
  return stack;
}

const PINNED = path.join(__dirname, 'stateful-addresses.json');

describe('stateful resource addresses (upgrade contract)', () => {
  test('match the pinned list', () => {
    const now = current();
    if (process.env.UPDATE_ADDRESS_CONTRACT === '1') fs.writeFileSync(PINNED, `${JSON.stringify(now, null, 2)}\n`);
    const pinned = JSON.parse(fs.readFileSync(PINNED, 'utf8')) as Record<string, string[]>;
    for (const [stack, list] of Object.entries(pinned)) {
      // Every pinned address must still exist; new ones may be added.
      const missing = list.filter((a) => !now[stack].includes(a));
      expect({ stack, missing }).toEqual({ stack, missing: [] });
    }
  });
});
