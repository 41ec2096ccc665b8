import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing } from 'cdktf';
import { DistributedTrainingStack, GpuCluster, RemoteStateStore } from '../../src';
import { AiInfraStack } from '../../src/constructs/stack';
import { awsStack, onlyResource, resourcesOf, synthJson, TEST_ACCOUNT } from '../helpers/stack';

const TAGS = { project: 'llm', environment: 'prod', costCenter: 'research' };

function gcpStateStack(app: App = Testing.app(), projectNumber: string | null = '123456789012'): AiInfraStack {
  return new AiInfraStack(app, 'gstate', {
    cloud: 'gcp',
    region: 'europe-west4',
    namePrefix: 'acme-gtf',
    tags: TAGS,
    gcp: { projectId: 'acme-ml-prod', ...(projectNumber ? { projectNumber } : {}) },
  });
}

describe('AiInfraStack backend: bad input', () => {
  test('both s3 and gcs, or neither', () => {
    expect(() => awsStack({ backend: {} })).toThrow(/^test: backend must be exactly one of s3 or gcs/);
    expect(() => awsStack({ backend: { s3: { bucket: 'b-1', region: 'us-east-1', kmsKeyId: `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:alias/k` }, gcs: { bucket: 'b-2' } } }))
      .toThrow(/backend must be exactly one of s3 or gcs/);
  });

  test('an S3 key that is not a key or alias ARN', () => {
    expect(() => awsStack({ backend: { s3: { bucket: 'state-bucket', region: 'us-east-1', kmsKeyId: 'alias/state' } } }))
      .toThrow(/^test: backend\.s3\.kmsKeyId must be a KMS key ARN or alias ARN .*got "alias\/state"/);
  });

  test('a bucket name S3 would refuse', () => {
    expect(() => awsStack({ backend: { s3: { bucket: 'State_Bucket', region: 'us-east-1', kmsKeyId: `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:alias/k` } } }))
      .toThrow(/backend\.s3\.bucket must be an S3 bucket name/);
  });

  test('RemoteStateStore on GCP needs the project number (the Cloud Storage agent is granted the key)', () => {
    const stack = gcpStateStack(Testing.app(), null);
    expect(() => new RemoteStateStore(stack, 'State')).toThrow(/gstate\/State: gcp\.projectNumber must be/);
  });

  test('RemoteStateStore props are validated', () => {
    expect(() => new RemoteStateStore(awsStack(), 'State', { noncurrentVersionDays: 0 })).toThrow(/test\/State: noncurrentVersionDays must be/);
  });
});

describe('RemoteStateStore on AWS', () => {
  // GIVEN a bootstrap stack with the store
  const stack = awsStack({ namePrefix: 'acme-tf', region: 'eu-central-1' });
  const store = new RemoteStateStore(stack, 'State');
  const json = synthJson(stack);

  test('backend settings are plain strings known at synth: bucket, region, the key alias ARN', () => {
    expect(store.backend).toEqual({
      s3: {
        bucket: `acme-tf-state-${TEST_ACCOUNT}-eu-central-1`,
        region: 'eu-central-1',
        kmsKeyId: `arn:aws:kms:eu-central-1:${TEST_ACCOUNT}:alias/acme-tf-state`,
        keyPrefix: 'ai-infra',
      },
    });
    expect(onlyResource(json, 'aws_kms_alias').name).toBe('alias/acme-tf-state');
  });

  test('the bucket: versioned, SSE-KMS with the customer key, public access blocked, prevent_destroy', () => {
    const bucket = onlyResource(json, 'aws_s3_bucket');
    expect(bucket.bucket).toBe(`acme-tf-state-${TEST_ACCOUNT}-eu-central-1`);
    expect(bucket.force_destroy).toBe(false);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(json, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    const sse = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration').rule[0];
    expect(sse.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(sse.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.State_Aws_Key_\w+\.arn\}$/);
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(onlyResource(json, 'aws_kms_key').enable_key_rotation).toBe(true);
    const noncurrent = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule.find((r: any) => r.noncurrent_version_expiration);
    expect(noncurrent.noncurrent_version_expiration).toEqual([{ noncurrent_days: 365 }]);
  });

  test('no DynamoDB lock table: locking is S3 native', () => {
    expect(resourcesOf(json, 'aws_dynamodb_table')).toEqual([]);
  });

  test('the policy pack finds nothing and the decision is recorded', () => {
    expect(stack.policyReport.findings).toEqual([]);
    expect(stack.decisions.find((d) => d.topic === 'state-store')?.chosen)
      .toBe(`s3://acme-tf-state-${TEST_ACCOUNT}-eu-central-1/ai-infra/<stack>.tfstate, SSE-KMS arn:aws:kms:eu-central-1:${TEST_ACCOUNT}:alias/acme-tf-state, S3 native locking`);
  });

  test('the bootstrap stack itself names no remote backend (it keeps local state)', () => {
    expect(json.terraform.backend).toBeUndefined();
  });
});

describe('RemoteStateStore on GCP', () => {
  const stack = gcpStateStack();
  const store = new RemoteStateStore(stack, 'State');
  const json = synthJson(stack);

  test('backend settings name the bucket and the prefix', () => {
    expect(store.backend).toEqual({ gcs: { bucket: 'acme-gtf-state-acme-ml-prod', prefix: 'ai-infra' } });
  });

  test('the bucket: CMEK default key, versioning, uniform access, public access prevented, prevent_destroy', () => {
    const bucket = onlyResource(json, 'google_storage_bucket');
    expect(bucket).toMatchObject({
      name: 'acme-gtf-state-acme-ml-prod',
      location: 'EUROPE-WEST4',
      force_destroy: false,
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      versioning: { enabled: true },
      lifecycle: { prevent_destroy: true },
    });
    expect(bucket.encryption.default_kms_key_name).toMatch(/^\$\{google_kms_crypto_key\.State_Gcp_Key_\w+\.id\}$/);
    expect(bucket.lifecycle_rule[0]).toEqual({ action: { type: 'Delete' }, condition: { days_since_noncurrent_time: 365, with_state: 'ARCHIVED' } });
    const grant = onlyResource(json, 'google_kms_crypto_key_iam_member');
    expect(grant.member).toBe('serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com');
    expect(grant.role).toBe('roles/cloudkms.cryptoKeyEncrypterDecrypter');
    expect(bucket.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\./)]);
    expect(onlyResource(json, 'google_kms_crypto_key').lifecycle).toEqual({ prevent_destroy: true });
  });

  test('a stack pointed at it keeps its state under its own prefix', () => {
    const app = Testing.app();
    const other = new AiInfraStack(app, 'features', { cloud: 'gcp', region: 'europe-west4', namePrefix: 'feat', tags: TAGS, gcp: { projectId: 'acme-ml-prod' }, backend: store.backend });
    expect(synthJson(other).terraform.backend).toEqual({ gcs: { bucket: 'acme-gtf-state-acme-ml-prod', prefix: 'ai-infra/features' } });
  });
});

describe('AiInfraStack backend on S3: one key per stack, the workloads stack included', () => {
  // A full app synth, as `cdktf synth` runs it: cross-stack references and default backends are resolved there.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-infra-state-'));
  const app = new App({ outdir });
  const boot = new AiInfraStack(app, 'tfstate', { cloud: 'aws', region: 'eu-central-1', namePrefix: 'acme-tf', tags: TAGS, aws: { accountId: TEST_ACCOUNT } });
  const state = new RemoteStateStore(boot, 'State', { keyPrefix: 'platform/ml' });
  const llm = new DistributedTrainingStack(app, 'llm', {
    namePrefix: 'llm',
    tags: TAGS,
    aws: { accountId: TEST_ACCOUNT },
    compliance: { jurisdictions: ['US'] },
    training: { accelerator: 'H100', totalGpus: 16, expectedNodes: 1 },
    budget: { limitUsd: 100_000 },
    backend: state.backend,
  });
  const plain = new AiInfraStack(app, 'plain', { cloud: 'aws', region: 'eu-central-1', namePrefix: 'plain', tags: TAGS, aws: { accountId: TEST_ACCOUNT } });
  const workloads = (llm.cluster as GpuCluster).workloadScope();
  app.synth();
  const synthesized = (id: string) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const expected = (key: string) => ({
    s3: {
      bucket: `acme-tf-state-${TEST_ACCOUNT}-eu-central-1`,
      region: 'eu-central-1',
      key,
      encrypt: true,
      kms_key_id: `arn:aws:kms:eu-central-1:${TEST_ACCOUNT}:alias/acme-tf-state`,
      use_lockfile: true,
    },
  });

  test('the cloud stack: its own key, SSE-KMS, use_lockfile', () => {
    expect(synthesized('llm').terraform.backend).toEqual(expected('platform/ml/llm.tfstate'));
    expect(llm.decisions.find((d) => d.topic === 'state-backend')?.chosen)
      .toBe(`s3://acme-tf-state-${TEST_ACCOUNT}-eu-central-1/platform/ml/llm.tfstate (eu-central-1)`);
  });

  test('the workloads stack: its own key, and it reads the cluster stack\'s outputs from that key', () => {
    expect(workloads.node.id).toBe('llm-workloads');
    const json = synthesized('llm-workloads');
    expect(json.terraform.backend).toEqual(expected('platform/ml/llm-workloads.tfstate'));
    const remote = json.data.terraform_remote_state['cross-stack-reference-input-llm'];
    expect(remote.backend).toBe('s3');
    expect(remote.config).toMatchObject({ bucket: `acme-tf-state-${TEST_ACCOUNT}-eu-central-1`, key: 'platform/ml/llm.tfstate', region: 'eu-central-1' });
  });

  test('without backend, state stays local (the quickstart needs no cloud account)', () => {
    expect(plain.stateBackend).toBeUndefined();
    expect(synthesized('plain').terraform.backend).toEqual({ local: { path: expect.stringMatching(/terraform\.plain\.tfstate$/) } });
    expect(synthesized('tfstate').terraform.backend).toEqual({ local: { path: expect.stringMatching(/terraform\.tfstate\.tfstate$/) } });
  });
});
