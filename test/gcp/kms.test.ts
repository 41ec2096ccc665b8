import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { GcpCustomerKey, GcpKeyRing } from '../../src/gcp/kms';
import { bareGoogleStack, synthGcp, TEST_PROJECT_NUMBER, TEST_REGION } from '../helpers/gcp';

function build(keyProps: Partial<ConstructorParameters<typeof GcpCustomerKey>[2]> = {}) {
  const stack = bareGoogleStack();
  const ring = new GcpKeyRing(stack, 'Keys', { name: 'llm-test', location: TEST_REGION });
  const key = ring.addKey('Data', { name: 'data', ...keyProps });
  return { stack, ring, key };
}

describe('GcpKeyRing and GcpCustomerKey', () => {
  test('bad names and rotation periods are refused with the construct path and the field', () => {
    const stack = bareGoogleStack();
    expect(() => new GcpKeyRing(stack, 'Bad', { name: 'has space', location: TEST_REGION })).toThrow(/gcp\/Bad: name must be 1-63 letters/);
    expect(() => build({ rotationPeriodSeconds: 86_400 })).toThrow(/Keys\/Data: rotationPeriodSeconds must be whole seconds above 86400 .* got 86400/);
    expect(() => build({ rotationPeriodSeconds: 7_776_001 })).toThrow(/at most 7776000 \(90 days\), got 7776001/);
  });

  test('key ring in the stack region, key ENCRYPT_DECRYPT with 90-day rotation, both prevent_destroy', () => {
    const { stack } = build({ labels: { data: 'checkpoints' } });
    const json = synthGcp(stack);
    const ring = Object.values(json.resource.google_kms_key_ring as Record<string, any>)[0];
    expect(ring).toMatchObject({ name: 'llm-test', location: 'europe-west4', lifecycle: { prevent_destroy: true } });
    const key = Object.values(json.resource.google_kms_crypto_key as Record<string, any>)[0];
    expect(key).toMatchObject({
      name: 'data',
      purpose: 'ENCRYPT_DECRYPT',
      rotation_period: '7776000s',
      destroy_scheduled_duration: '2592000s',
      version_template: { algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protection_level: 'SOFTWARE' },
      labels: { data: 'checkpoints' },
      lifecycle: { prevent_destroy: true },
    });
    expect(key.key_ring).toBe('${google_kms_key_ring.Keys_4E30B592.id}');
  });

  test('Terraform addresses come from construct ids, not names or sizes', () => {
    const { stack } = build({ rotationPeriodSeconds: 2_592_000 });
    const json = synthGcp(stack);
    expect(Object.keys(json.resource.google_kms_key_ring)).toEqual(['Keys_4E30B592']);
    expect(Object.keys(json.resource.google_kms_crypto_key)).toEqual(['Keys_Data_A2F7C5E6']);
    expect(Object.values(json.resource.google_kms_crypto_key as Record<string, any>)[0].rotation_period).toBe('2592000s');
  });

  test('grants the service agent encrypter/decrypter; a resource can depend on the grant; same member twice is one grant', () => {
    const { stack, key } = build();
    const grant = key.grantEncryptDecryptToAgent('cloudStorage', TEST_PROJECT_NUMBER);
    expect(key.grantEncryptDecryptToAgent('cloudStorage', TEST_PROJECT_NUMBER)).toBe(grant);
    expect(key.grantEncryptDecrypt('serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com')).toBe(grant);
    new StorageBucket(stack, 'Bucket', { name: 'b', location: TEST_REGION, encryption: { defaultKmsKeyName: key.keyId }, dependsOn: [grant] });
    const json = synthGcp(stack);
    const grants = Object.entries(json.resource.google_kms_crypto_key_iam_member as Record<string, any>);
    expect(grants).toHaveLength(1);
    const [grantId, g] = grants[0];
    expect(grantId).toMatch(/^Keys_Data_EncryptDecrypt-cloudStorage_/);
    expect(g).toMatchObject({
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: 'serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com',
    });
    expect(g.crypto_key_id).toBe('${google_kms_crypto_key.Keys_Data_A2F7C5E6.id}');
    const bucket = Object.values(json.resource.google_storage_bucket as Record<string, any>)[0];
    expect(bucket.depends_on).toEqual([`google_kms_crypto_key_iam_member.${grantId}`]);
    expect(bucket.encryption.default_kms_key_name).toBe(g.crypto_key_id);
  });

  test('a member known only at apply time needs an explicit stable id', () => {
    const stack2 = build();
    const token = stack2.ring.keyRing.name; // any unresolved token
    expect(() => stack2.key.grantEncryptDecrypt(`serviceAccount:${token}`)).toThrow(/Data: grantEncryptDecrypt\(id\) must be a stable construct id/);
    expect(stack2.key.grantEncryptDecrypt(`serviceAccount:${token}`, 'NodeSa').node.id).toBe('NodeSa');
  });
});
