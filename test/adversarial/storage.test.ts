import { Testing } from 'cdktf';
import { expectAiInfraError } from './expect';
import { FeatureStore, FeatureStoreProps } from '../../src/constructs/feature-store';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { LustreTier, LustreTierProps } from '../../src/constructs/lustre-tier';
import { VectorStore, VectorStoreProps } from '../../src/constructs/vector-store';
import { awsStack } from '../helpers/stack';

const ROLE = 'arn:aws:iam::123456789012:role/app';

const vector = (props: Record<string, unknown>) => () => {
  const stack = awsStack();
  const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] });
  return new VectorStore(stack, 'Vec', { cluster, ...props } as VectorStoreProps);
};
const lustre = (props: Record<string, unknown>) => () => {
  const stack = awsStack();
  const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] });
  return new LustreTier(stack, 'Fs', { cluster, ...props } as LustreTierProps);
};
const ID = { name: 'id', type: 'String' };
const TS = { name: 'ts', type: 'Fractional' };
const group = (g: Record<string, unknown> = {}) => ({ name: 'users', recordIdentifier: 'id', eventTime: 'ts', features: [ID, TS], ...g });
const features = (props: Record<string, unknown>) => () => new FeatureStore(awsStack(), 'Feat', props as unknown as FeatureStoreProps);

describe('VectorStore: odd inputs give AiInfraError naming test/Vec and the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['dimensions without vectors', { dimensions: 768 }, 'vectors'],
    ['vectors without dimensions', { vectors: 1000 }, 'dimensions'],
    ['dimensions past pgvector HNSW on vector (2,000)', { vectors: 1000, dimensions: 3072 }, 'dimensions'],
    ['dimensions past pgvector HNSW on halfvec (4,000)', { vectors: 1000, dimensions: 5000, precision: 'float16' }, 'dimensions'],
    ['dimensions past OpenSearch (16,000)', { engine: 'opensearch-serverless', vectors: 1, dimensions: 16_001, aws: { accessPrincipalArns: [ROLE] } }, 'dimensions'],
    ['vectors × dimensions beyond an Aurora volume', { vectors: 1e12, dimensions: 2000 }, 'vectors'],
    ['fractional vectors', { vectors: 1.5, dimensions: 3 }, 'vectors'],
    ['NaN dimensions', { vectors: 1, dimensions: NaN }, 'dimensions'],
    ['min ACU above max', { aws: { minCapacityAcu: 8, maxCapacityAcu: 4 } }, 'aws.maxCapacityAcu'],
    ['ACU off the 0.5 step', { aws: { minCapacityAcu: 0.75 } }, 'aws.minCapacityAcu'],
    ['ACU 0', { aws: { minCapacityAcu: 0 } }, 'aws.minCapacityAcu'],
    ['engine version without HNSW', { aws: { engineVersion: '15.2' } }, 'aws.engineVersion'],
    ['databaseName that every cluster already has', { databaseName: 'postgres' }, 'databaseName'],
    ['databaseName template1', { databaseName: 'Template1' }, 'databaseName'],
    ['databaseName with a space', { databaseName: 'my db' }, 'databaseName'],
    ['backup retention 0', { backupRetentionDays: 0 }, 'backupRetentionDays'],
    ['OpenSearch without principals', { engine: 'opensearch-serverless' }, 'aws.accessPrincipalArns'],
    ['OpenSearch principal listed twice', { engine: 'opensearch-serverless', aws: { accessPrincipalArns: [ROLE, ROLE] } }, 'aws.accessPrincipalArns.1'],
    ['Aurora-only field on OpenSearch', { engine: 'opensearch-serverless', aws: { accessPrincipalArns: [ROLE], readers: 1 } }, 'aws.readers'],
    ['collection name too long', { engine: 'opensearch-serverless', aws: { accessPrincipalArns: [ROLE], collectionName: 'a'.repeat(33) } }, 'aws.collectionName'],
  ])('%s', (_name, props, field) => {
    expectAiInfraError(vector(props), 'test/Vec', field);
  });

  test('a cluster from another stack is refused', () => {
    const app = Testing.app();
    const cluster = new GpuCluster(awsStack({}, app), 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] });
    expectAiInfraError(() => new VectorStore(awsStack({ namePrefix: 'other' }, app), 'Vec', { cluster }), 'other/Vec', 'cluster');
  });

  test('valid edges: 2,000 float32 and 4,000 float16 dimensions build', () => {
    expect(vector({ vectors: 1000, dimensions: 2000 })().sizing?.dimensions).toBe(2000);
    expect(vector({ vectors: 1000, dimensions: 4000, precision: 'float16' })().sizing?.dimensions).toBe(4000);
  });
});

describe('FeatureStore: odd inputs give AiInfraError naming test/Feat and the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['no groups', { featureGroups: [] }, 'featureGroups'],
    ['duplicate feature names (case-insensitive)', { featureGroups: [group({ features: [ID, TS, { name: 'ID', type: 'String' }] })] }, 'featureGroups.0.features.2.name'],
    ['reserved feature name', { featureGroups: [group({ features: [ID, TS, { name: 'write_time', type: 'String' }] })] }, 'featureGroups.0.features.2.name'],
    ['2,501 features (SageMaker allows 2,500)', { featureGroups: [group({ features: [ID, TS, ...Array.from({ length: 2499 }, (_, i) => ({ name: `f${i}`, type: 'Integral' }))] })] }, 'featureGroups.0.features'],
    ['unicode feature name', { featureGroups: [group({ features: [ID, TS, { name: 'naïve', type: 'String' }] })] }, 'featureGroups.0.features.2.name'],
    ['group name of 65 characters', { featureGroups: [group({ name: 'g'.repeat(65) })] }, 'featureGroups.0.name'],
    ['group name with underscore', { featureGroups: [group({ name: 'my_users' })] }, 'featureGroups.0.name'],
    ['two groups with the same name', { featureGroups: [group(), group({ name: 'Users' })] }, 'featureGroups.1.name'],
    ['record identifier not a feature', { featureGroups: [group({ recordIdentifier: 'user' })] }, 'featureGroups.0.recordIdentifier'],
    ['event time of type Integral', { featureGroups: [group({ features: [ID, { name: 'ts', type: 'Integral' }] })] }, 'featureGroups.0.eventTime'],
    ['neither online nor offline', { featureGroups: [group({ online: false, offline: false })] }, 'featureGroups.0.online'],
    ['ttl without an online store', { featureGroups: [group({ online: false, ttlHours: 24 })] }, 'featureGroups.0.ttlHours'],
    ['ttl 0', { featureGroups: [group({ ttlHours: 0 })] }, 'featureGroups.0.ttlHours'],
    ['usage NaN', { featureGroups: [group()], usage: { writesMillionsPerMonth: NaN } }, 'usage.writesMillionsPerMonth'],
    ['usage 1e308 (an infinite estimate)', { featureGroups: [group()], usage: { readsMillionsPerMonth: 1e308 } }, 'usage.readsMillionsPerMonth'],
  ])('%s', (_name, props, field) => {
    expectAiInfraError(features(props), 'test/Feat', field);
  });

  test('two FeatureStores of one stack defining the same group (same physical feature-group name)', () => {
    const stack = awsStack();
    new FeatureStore(stack, 'A', { featureGroups: [group() as never] });
    expectAiInfraError(() => new FeatureStore(stack, 'B', { featureGroups: [group() as never] }), 'test/B', 'featureGroups.0.name');
  });

  test('valid edge: exactly 2,500 features build', () => {
    expect(() => features({ featureGroups: [group({ features: [ID, TS, ...Array.from({ length: 2498 }, (_, i) => ({ name: `f${i}`, type: 'Integral' }))] })] })()).not.toThrow();
  });
});

describe('LustreTier: odd inputs give AiInfraError naming test/Fs and the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['neither capacity nor throughput', {}, 'capacityGiB'],
    ['capacity 0', { capacityGiB: 0 }, 'capacityGiB'],
    ['capacity negative', { capacityGiB: -1200 }, 'capacityGiB'],
    ['capacity off the ladder', { capacityGiB: 3000 }, 'capacityGiB'],
    ['capacity fractional', { capacityGiB: 1200.5 }, 'capacityGiB'],
    ['capacity past FSx\'s 32-bit limit', { capacityGiB: 2400 * 1e7 }, 'capacityGiB'],
    ['capacity 1e308', { capacityGiB: 1e308 }, 'capacityGiB'],
    ['throughput impossible at the given capacity', { capacityGiB: 1200, throughputGBps: 100 }, 'capacityGiB'],
    ['throughput NaN', { throughputGBps: NaN }, 'throughputGBps'],
    ['throughput 0', { throughputGBps: 0 }, 'throughputGBps'],
    ['SCRATCH_1 off its 3,600 ladder', { deploymentType: 'SCRATCH_1', capacityGiB: 4800 }, 'capacityGiB'],
    ['tier on SCRATCH_2', { deploymentType: 'SCRATCH_2', capacityGiB: 1200, perUnitStorageThroughputMBpsPerTiB: 250 }, 'perUnitStorageThroughputMBpsPerTiB'],
    ['tier off the list', { capacityGiB: 1200, perUnitStorageThroughputMBpsPerTiB: 300 }, 'perUnitStorageThroughputMBpsPerTiB'],
    ['DRA import path not s3://', { capacityGiB: 1200, dataRepositories: [{ importPath: 'https://bucket/x', fileSystemPath: '/d' }] }, 'dataRepositories.0.importPath'],
    ['DRA bucket with ".."', { capacityGiB: 1200, dataRepositories: [{ importPath: 's3://bu..cket/x', fileSystemPath: '/d' }] }, 'dataRepositories.0.importPath'],
    ['DRA path with ".."', { capacityGiB: 1200, dataRepositories: [{ importPath: 's3://bucket/x', fileSystemPath: '/a/../b' }] }, 'dataRepositories.0.fileSystemPath'],
    ['DRA relative path', { capacityGiB: 1200, dataRepositories: [{ importPath: 's3://bucket/x', fileSystemPath: 'data' }] }, 'dataRepositories.0.fileSystemPath'],
    ['DRA paths overlapping', { capacityGiB: 1200, dataRepositories: [{ importPath: 's3://bucket/x', fileSystemPath: '/d' }, { importPath: 's3://bucket/y', fileSystemPath: '/d/e' }] }, 'dataRepositories.1.fileSystemPath'],
    ['DRA on SCRATCH_1', { deploymentType: 'SCRATCH_1', capacityGiB: 1200, dataRepositories: [{ importPath: 's3://bucket/x', fileSystemPath: '/d' }] }, 'dataRepositories'],
    ['nine DRAs (FSx allows 8)', { capacityGiB: 1200, dataRepositories: Array.from({ length: 9 }, (_, i) => ({ importPath: `s3://bucket/${i}`, fileSystemPath: `/d${i}` })) }, 'dataRepositories'],
    ['zone of another region', { capacityGiB: 1200, zone: 'usw2-az1' }, 'zone'],
    ['backups on scratch', { deploymentType: 'SCRATCH_2', capacityGiB: 1200, backupRetentionDays: 7 }, 'backupRetentionDays'],
  ])('%s', (_name, props, field) => {
    expectAiInfraError(lustre(props), 'test/Fs', field);
  });

  test('valid edges: a tiny throughput target rounds up to the smallest size; a huge one stays bounded', () => {
    expect(lustre({ throughputGBps: 1e-9 })().capacityGiB).toBe(1200);
    const big = lustre({ throughputGBps: 10_000 })();
    expect(big.capacityGiB % 2400).toBe(0);
    expect(big.capacityGiB).toBeLessThanOrEqual(2_147_483_647);
  });
});
