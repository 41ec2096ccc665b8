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
import { DistributedTrainingStack } from '../../src/stacks/distributed-training';
import { FeaturePlatformStack } from '../../src/stacks/feature-platform';
import { InferenceServingStack } from '../../src/stacks/inference-serving';

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
];

const BASE = { namePrefix: 'contract', tags: { project: 'p', environment: 'e', costCenter: 'c' }, aws: { accountId: '123456789012' } };

function addresses(stack: any): string[] {
  const json = JSON.parse(Testing.synth(stack));
  return STATEFUL_TYPES.flatMap((type) => Object.keys(json.resource?.[type] ?? {}).map((id) => `${type}.${id}`)).sort();
}

function current(): Record<string, string[]> {
  return {
    training: addresses(new DistributedTrainingStack(Testing.app(), 'train', {
      ...BASE,
      cluster: { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } },
      region: 'us-east-1',
      training: { accelerator: 'H100', totalGpus: 16 },
      storage: { throughputGBps: 2, dataRepositories: [{ importPath: 's3://datasets/x/', fileSystemPath: '/data' }] },
      budget: { limitUsd: 1_000_000, emails: ['f@example.com'] },
    })),
    serving: addresses(new InferenceServingStack(Testing.app(), 'serve', {
      ...BASE,
      cluster: { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } },
      region: 'us-east-1',
      serving: { model: { id: 'org/model', paramsBillions: 8 } },
      retrieval: { vectors: 1_000_000, dimensions: 768 },
      budget: { limitUsd: 1_000_000, emails: ['f@example.com'] },
    })),
    features: addresses(new FeaturePlatformStack(Testing.app(), 'feat', {
      ...BASE,
      region: 'us-west-2',
      features: { featureGroups: [{ name: 'users', recordIdentifier: 'id', eventTime: 'ts', features: [{ name: 'id', type: 'String' }, { name: 'ts', type: 'Fractional' }] }] },
      budget: { limitUsd: 1_000_000, emails: ['f@example.com'] },
    })),
  };
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
