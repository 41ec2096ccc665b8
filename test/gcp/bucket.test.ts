import { GcsBucket, GcsBucketProps } from '../../src/gcp/bucket';
import { GcpKeyRing } from '../../src/gcp/kms';
import { bareGoogleStack, synthGcp, TEST_PROJECT_NUMBER, TEST_REGION } from '../helpers/gcp';

function build(extra: Partial<GcsBucketProps> = {}, keyLocation = TEST_REGION) {
  const stack = bareGoogleStack();
  const key = new GcpKeyRing(stack, 'Keys', { name: 'llm-test', location: keyLocation }).addKey('Data', { name: 'data' });
  const bucket = new GcsBucket(stack, 'Checkpoints', { name: 'llm-test-checkpoints', location: TEST_REGION, key, projectNumber: TEST_PROJECT_NUMBER, ...extra });
  const json = synthGcp(stack);
  return { bucket, json, b: Object.values(json.resource.google_storage_bucket as Record<string, any>)[0] };
}

describe('GcsBucket', () => {
  test('bad input is refused with the construct path, the field, what was given and what is allowed', () => {
    expect(() => build({ name: 'Upper_Case' })).toThrow(/gcp\/Checkpoints: name must be 3-63 lowercase letters.* got "Upper_Case"/);
    expect(() => build({}, 'us-central1')).toThrow(/Checkpoints: key must be a key in the bucket's location europe-west4 .* got "us-central1"/);
    expect(() => build({ softDeleteRetentionSeconds: 3600 })).toThrow(/softDeleteRetentionSeconds must be whole seconds from 604800 \(7 days\) to 7776000 \(90 days\), got 3600/);
    expect(() => build({ noncurrentVersionRetentionDays: 0 })).toThrow(/noncurrentVersionRetentionDays must be a whole number of days >= 1, got 0/);
    expect(() => build({ projectNumber: 'llm-train-prod' })).toThrow(/gcp\.projectNumber must be the project NUMBER/);
  });

  test('CMEK with the Cloud Storage agent granted first; uniform access, PAP enforced, versioning, soft delete', () => {
    const { json, b } = build();
    const [grantId, grant] = Object.entries(json.resource.google_kms_crypto_key_iam_member as Record<string, any>)[0];
    expect(grant.member).toBe('serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com');
    expect(grant.role).toBe('roles/cloudkms.cryptoKeyEncrypterDecrypter');
    expect(b.encryption.default_kms_key_name).toBe('${google_kms_crypto_key.Keys_Data_A2F7C5E6.id}');
    expect(b.depends_on).toEqual([`google_kms_crypto_key_iam_member.${grantId}`]);
    expect(b).toMatchObject({
      name: 'llm-test-checkpoints',
      location: 'europe-west4',
      storage_class: 'STANDARD',
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      versioning: { enabled: true },
      soft_delete_policy: { retention_duration_seconds: 604800 },
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('lifecycle: noncurrent versions deleted after 90 days, incomplete uploads aborted after 7, extra rules appended', () => {
    const { b } = build({ lifecycleRules: [{ action: { type: 'Delete' }, condition: { age: 30, matchesPrefix: ['tmp/'] } }] });
    expect(b.lifecycle_rule).toEqual([
      { action: { type: 'Delete' }, condition: { days_since_noncurrent_time: 90, with_state: 'ARCHIVED' } },
      { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 7 } },
      { action: { type: 'Delete' }, condition: { age: 30, matches_prefix: ['tmp/'] } },
    ]);
  });

  test('no access logs is a recorded decision; given a log bucket, logging is on and nothing is recorded', () => {
    const off = build();
    expect(off.b.logging).toBeUndefined();
    expect(off.bucket.decisions).toEqual([expect.objectContaining({ topic: 'gcs-access-logging', reason: expect.stringMatching(/CKV_GCP_62/) })]);
    const on = build({ accessLogs: { logBucket: 'org-gcs-logs' } });
    expect(on.b.logging).toEqual({ log_bucket: 'org-gcs-logs', log_object_prefix: 'llm-test-checkpoints' });
    expect(on.bucket.decisions).toEqual([]);
  });

  test('the Terraform address is the construct id; options change attributes, not the address', () => {
    const a = build();
    const b = build({ noncurrentVersionRetentionDays: 30, softDeleteRetentionSeconds: 30 * 86_400 });
    expect(Object.keys(a.json.resource.google_storage_bucket)).toEqual(Object.keys(b.json.resource.google_storage_bucket));
    expect(b.b.soft_delete_policy.retention_duration_seconds).toBe(2_592_000);
    expect(b.b.lifecycle_rule[0].condition.days_since_noncurrent_time).toBe(30);
  });
});
