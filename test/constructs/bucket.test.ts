import { Testing } from 'cdktf';
import { SecureBucket } from '../../src/aws/bucket';
import { CustomerKey } from '../../src/aws/kms';
import { awsStack, onlyResource, synthJson } from '../helpers/stack';

function build(extra: Partial<ConstructorParameters<typeof SecureBucket>[2]> = {}) {
  const stack = awsStack({}, Testing.app());
  const key = new CustomerKey(stack, 'Key', { description: 'test', aliasSuffix: 'test' });
  const bucket = new SecureBucket(stack, 'Bucket', { nameSuffix: 'checkpoints', kmsKeyArn: key.arn, ...extra });
  return { bucket, json: synthJson(stack) };
}

describe('SecureBucket', () => {
  test('versioned, SSE-KMS with a bucket key, all four public-access blocks, ACLs off', () => {
    const { json } = build();
    const b = onlyResource(json, 'aws_s3_bucket');
    expect(b.bucket).toBe('test-checkpoints-123456789012-us-east-1');
    expect(b.force_destroy).toBe(false);
    expect(b.lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(json, 'aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
    const rule = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration').rule[0];
    expect(rule.bucket_key_enabled).toBe(true);
    expect(rule.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(rule.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(onlyResource(json, 'aws_s3_bucket_ownership_controls').rule.object_ownership).toBe('BucketOwnerEnforced');
  });

  test('bucket policy denies every request not made over TLS', () => {
    const { json } = build();
    const doc = Object.values(json.data.aws_iam_policy_document as Record<string, any>).find((d) => d.statement[0].sid === 'DenyInsecureTransport');
    expect(doc.statement[0]).toMatchObject({
      effect: 'Deny',
      actions: ['s3:*'],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    expect(onlyResource(json, 'aws_s3_bucket_policy').policy).toMatch(/^\$\{data\.aws_iam_policy_document\./);
  });

  test('lifecycle: built-in rules plus the caller\'s', () => {
    const { json } = build({ noncurrentVersionExpirationDays: 30, lifecycleRules: [{ id: 'old-checkpoints', status: 'Enabled', filter: [{ prefix: 'ckpt/' }], expiration: [{ days: 14 }] }] });
    const rules = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(rules.map((r: any) => r.id)).toEqual(['abort-incomplete-multipart-uploads', 'expire-noncurrent-versions', 'old-checkpoints']);
    expect(rules[1].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  test('long names are shortened with a stable hash', () => {
    const { json } = build({ nameSuffix: 'a-very-long-component-name-for-the-offline-feature-store' });
    const name = onlyResource(json, 'aws_s3_bucket').bucket as string;
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9][a-z0-9-]+[a-z0-9]$/);
  });

  test('no server access logs by default: an explicit opt-out recorded as a decision', () => {
    const stack = awsStack({}, Testing.app());
    const key = new CustomerKey(stack, 'Key', { description: 'test', aliasSuffix: 'test' });
    new SecureBucket(stack, 'Bucket', { nameSuffix: 'checkpoints', kmsKeyArn: key.arn });
    const json = synthJson(stack);
    expect(json.resource.aws_s3_bucket_logging).toBeUndefined();
    const d = stack.decisions.find((x) => x.topic === 's3-access-logging')!;
    expect(d.construct).toBe('test/Bucket');
    expect(d.chosen).toMatch(/opt-out/);
    expect(d.reason).toMatch(/CloudTrail S3 data events/);
  });

  test('accessLogs turns server access logging on to the given bucket, prefixed by the bucket name', () => {
    const { json } = build({ accessLogs: { targetBucket: 'org-s3-access-logs' } });
    const logging = onlyResource(json, 'aws_s3_bucket_logging');
    expect(logging.bucket).toMatch(/^\$\{aws_s3_bucket\./);
    expect(logging.target_bucket).toBe('org-s3-access-logs');
    expect(logging.target_prefix).toBe('checkpoints-123456789012-us-east-1/');
  });
});
