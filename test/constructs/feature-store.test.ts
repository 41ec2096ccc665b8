import { Testing } from 'cdktf';
import { FeatureGroupDefinition, FeatureStore, FeatureStoreProps } from '../../src/constructs/feature-store';
import { awsStack, onlyResource, resourcesOf, synthJson, TEST_ACCOUNT } from '../helpers/stack';

const USERS: FeatureGroupDefinition = {
  name: 'user-features',
  recordIdentifier: 'user_id',
  eventTime: 'event_time',
  features: [
    { name: 'user_id', type: 'String' },
    { name: 'event_time', type: 'Fractional' },
    { name: 'clicks_7d', type: 'Integral' },
    { name: 'ctr_7d', type: 'Fractional' },
  ],
};

function build(props: Partial<FeatureStoreProps> = {}) {
  const stack = awsStack({}, Testing.app());
  const store = new FeatureStore(stack, 'Features', { featureGroups: [USERS], ...props });
  return { stack, store, json: synthJson(stack) };
}

const group = (over: Partial<FeatureGroupDefinition>): FeatureGroupDefinition => ({ ...USERS, ...over });

describe('FeatureStore', () => {
  test('online store (Standard) and offline store (S3) are encrypted with the customer key', () => {
    const { json } = build();
    const [[keyId]] = resourcesOf(json, 'aws_kms_key');
    const keyArn = `\${aws_kms_key.${keyId}.arn}`;
    const fg = onlyResource(json, 'aws_sagemaker_feature_group');
    expect(fg.feature_group_name).toBe('test-user-features');
    expect(fg.record_identifier_feature_name).toBe('user_id');
    expect(fg.event_time_feature_name).toBe('event_time');
    expect(fg.feature_definition).toHaveLength(4);
    expect(fg.online_store_config).toEqual({ enable_online_store: true, storage_type: 'Standard', security_config: { kms_key_id: keyArn } });
    expect(fg.offline_store_config.s3_storage_config.kms_key_id).toBe(keyArn);
    expect(fg.offline_store_config.s3_storage_config.s3_uri).toMatch(/^s3:\/\/\$\{aws_s3_bucket\..+\.bucket\}\/offline-store$/);
    expect(fg.offline_store_config.disable_glue_table_creation).toBe(true);
    const sse = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: keyArn });
  });

  test('groups and the offline bucket prevent destroy', () => {
    const { json } = build();
    expect(onlyResource(json, 'aws_sagemaker_feature_group').lifecycle.prevent_destroy).toBe(true);
    const bucket = onlyResource(json, 'aws_s3_bucket');
    expect(bucket.lifecycle.prevent_destroy).toBe(true);
    expect(bucket.force_destroy).toBe(false);
  });

  test('the role trusts SageMaker for this account only and may use only the bucket prefix and the key', () => {
    const { json } = build();
    const docs = json.data.aws_iam_policy_document;
    const role = onlyResource(json, 'aws_iam_role');
    const trustId = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(role.assume_role_policy)![1];
    const trust = docs[trustId].statement[0];
    expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['sagemaker.amazonaws.com'] }]);
    expect(trust.condition).toEqual([{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [TEST_ACCOUNT] }]);
    const policy = onlyResource(json, 'aws_iam_role_policy');
    const permId = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(policy.policy)![1];
    const statements = docs[permId].statement;
    const resources = statements.flatMap((s: any) => s.resources);
    expect(resources.every((r: string) => r !== '*')).toBe(true);
    const write = statements.find((s: any) => s.sid === 'WriteOfflineStore');
    expect(write.resources).toEqual([expect.stringMatching(/\.arn\}\/offline-store\/\*$/)]);
    expect(statements.find((s: any) => s.sid === 'UseTheStoreKey').resources).toEqual([expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/)]);
    expect(statements.some((s: any) => s.actions.some((a: string) => a.startsWith('glue:')))).toBe(false);
  });

  test('createGlueTables adds Glue access scoped to the sagemaker_featurestore database', () => {
    const { json } = build({ aws: { createGlueTables: true } });
    expect(onlyResource(json, 'aws_sagemaker_feature_group').offline_store_config.disable_glue_table_creation).toBe(false);
    const glue = Object.values(json.data.aws_iam_policy_document as Record<string, any>)
      .flatMap((d) => d.statement)
      .find((s: any) => s.sid === 'UpdateFeatureStoreGlueTables');
    expect(glue.resources.every((r: string) => r.includes('sagemaker_featurestore') || r.endsWith(':catalog'))).toBe(true);
  });

  test('online-only groups need no bucket; TTL maps to hours', () => {
    const { json } = build({ featureGroups: [group({ offline: false, ttlHours: 48 })] });
    expect(resourcesOf(json, 'aws_s3_bucket')).toHaveLength(0);
    const fg = onlyResource(json, 'aws_sagemaker_feature_group');
    expect(fg.offline_store_config).toBeUndefined();
    expect(fg.online_store_config.ttl_duration).toEqual({ unit: 'Hours', value: 48 });
  });

  test('adding groups does not change the addresses of existing groups or the bucket', () => {
    const ids = (json: any) => ['aws_sagemaker_feature_group', 'aws_s3_bucket', 'aws_kms_key'].flatMap((t) => resourcesOf(json, t).map(([id]) => `${t}.${id}`));
    const one = build();
    const two = build({ featureGroups: [USERS, group({ name: 'item-features' })], usage: { writesMillionsPerMonth: 100 } });
    expect(ids(two.json)).toEqual(expect.arrayContaining(ids(one.json)));
  });

  test('prices usage when given', () => {
    const { stack } = build({ usage: { writesMillionsPerMonth: 10, readsMillionsPerMonth: 100, onlineStorageGiB: 20, offlineStorageGiB: 500 } });
    const total = stack.costLines.reduce((s, l) => s + l.monthlyUsd, 0);
    expect(total).toBeCloseTo(10 * 1.25 + 100 * 0.25 + 20 * 0.45 + 500 * 0.023 + 1, 1);
  });

  describe('rejects bad feature definitions naming the construct path and the field', () => {
    test.each([
      [[group({ recordIdentifier: 'uid' })], /test\/Features: featureGroups\.0\.recordIdentifier must be one of the group's features \(user_id, event_time, clicks_7d, ctr_7d\), got "uid"/],
      [[group({ eventTime: 'ts' })], /test\/Features: featureGroups\.0\.eventTime must be one of the group's features/],
      [[group({ eventTime: 'clicks_7d' })], /test\/Features: featureGroups\.0\.eventTime must be a feature of type String \(ISO-8601\) or Fractional \(epoch seconds\), got "clicks_7d \(Integral\)"/],
      [[group({ name: 'bad_name' })], /test\/Features: featureGroups\.0\.name must be 1-64 letters, digits or hyphens/],
      [[group({ name: 'x'.repeat(65) })], /featureGroups\.0\.name/],
      [[group({ features: [...USERS.features, { name: 'write_time', type: 'String' }] })], /featureGroups\.0\.features\.4\.name must be a name other than is_deleted, write_time, api_invocation_time/],
      [[group({ features: [...USERS.features, { name: 'CTR_7d', type: 'String' }] })], /featureGroups\.0\.features\.4\.name must be a feature name unique in its group/],
      [[group({ features: [...USERS.features, { name: 'emb', type: 'Vector' as never }] })], /featureGroups\.0\.features\.4\.type must be one of "String", "Integral", "Fractional", got "Vector"/],
      [[group({ features: [{ name: '-x', type: 'String' }] })], /featureGroups\.0\.features\.0\.name must be 1-64 letters, digits, hyphens or underscores/],
      [[group({ online: false, offline: false })], /featureGroups\.0\.online must be true, or offline true/],
      [[group({ online: false, ttlHours: 3 })], /featureGroups\.0\.ttlHours must be unset when the group has no online store/],
      [[USERS, group({ name: 'User-Features' })], /test\/Features: featureGroups\.1\.name must be a name unique among the groups/],
      [[], /test\/Features: featureGroups must be of length >= 1/],
    ])('%#', (featureGroups, message) => {
      expect(() => build({ featureGroups: featureGroups as FeatureGroupDefinition[] })).toThrow(message);
    });
  });
});
