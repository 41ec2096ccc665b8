import { Construct } from 'constructs';
import { gcpStacks, keyRef, NETWORK_ID, only, PROJECT_ID, PROJECT_NUMBER, REGION, resourcesOf, synth, testContext } from './helpers-data-builders';
import { buildGcpFeatureStore, featureTableSchema, GcpFeatureGroupPlan, GcpFeatureStorePlan } from '../../src/gcp/feature-store';

const USERS: GcpFeatureGroupPlan = {
  name: 'users',
  resourceId: 'users',
  entityIdColumn: 'user_id',
  eventTime: 'event_time',
  features: [
    { name: 'user_id', type: 'String' },
    { name: 'event_time', type: 'String' },
    { name: 'age', type: 'Integral' },
    { name: 'ltv', type: 'Fractional' },
  ],
  online: true,
};
const CLICKS: GcpFeatureGroupPlan = { ...USERS, name: 'clicks', resourceId: 'clicks', features: [...USERS.features.slice(0, 2), { name: 'ctr', type: 'Fractional' }], online: false };

function build(overrides: Partial<GcpFeatureStorePlan> = {}) {
  const { stack, key } = gcpStacks();
  const scope = new Construct(stack, 'Features');
  const res = buildGcpFeatureStore(scope, testContext(), 'features', {
    groups: [USERS, CLICKS],
    key,
    onlineStore: 'optimized',
    syncCron: '0 * * * *',
    deletionProtection: true,
    client: { namespace: 'ml', serviceAccount: 'ranker' },
    ...overrides,
  });
  return { res, json: synth(stack) };
}

describe('Feature store (GCP builder)', () => {
  test('BigQuery offline store: dataset and tables with the customer key, kept on destroy, prevent_destroy', () => {
    const { json } = build();
    const ds = only(json, 'google_bigquery_dataset');
    expect(ds).toMatchObject({ dataset_id: 'test_features', location: REGION, delete_contents_on_destroy: false });
    expect(ds.default_encryption_configuration.kms_key_name).toBe(keyRef(json));
    expect(ds.lifecycle.prevent_destroy).toBe(true);
    const tables = resourcesOf(json, 'google_bigquery_table').map(([, t]) => t);
    expect(tables.map((t) => t.table_id).sort()).toEqual(['clicks', 'users']);
    for (const t of tables) {
      expect(t.encryption_configuration.kms_key_name).toBe(keyRef(json));
      expect(t.deletion_protection).toBe(true);
      expect(t.lifecycle.prevent_destroy).toBe(true);
      expect(t.time_partitioning).toEqual({ type: 'DAY', field: 'feature_timestamp' });
    }
    expect(only(json, 'google_kms_crypto_key_iam_member').member).toBe(`serviceAccount:bq-${PROJECT_NUMBER}@bigquery-encryption.iam.gserviceaccount.com`);
  });

  test('table schema: entity id, feature_timestamp for the event-time feature, then the features', () => {
    expect(JSON.parse(featureTableSchema(USERS))).toEqual([
      { name: 'user_id', type: 'STRING', mode: 'REQUIRED', description: 'Entity id' },
      { name: 'feature_timestamp', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'Event time (feature "event_time")' },
      { name: 'age', type: 'INT64', mode: 'NULLABLE' },
      { name: 'ltv', type: 'FLOAT64', mode: 'NULLABLE' },
    ]);
  });

  test('feature groups over the tables, features registered, a feature view only for online groups', () => {
    const { json } = build();
    const groups = Object.fromEntries(resourcesOf(json, 'google_vertex_ai_feature_group').map(([, g]) => [g.name, g]));
    expect(groups.users.big_query).toEqual({ big_query_source: { input_uri: `bq://${PROJECT_ID}.test_features.users` }, entity_id_columns: ['user_id'] });
    expect(resourcesOf(json, 'google_vertex_ai_feature_group_feature').map(([, f]) => f.name).sort()).toEqual(['age', 'ctr', 'ltv']);
    const view = only(json, 'google_vertex_ai_feature_online_store_featureview');
    expect(view.name).toBe('users');
    expect(view.sync_config.cron).toBe('0 * * * *');
    expect(view.feature_registry_source.feature_groups[0].feature_ids).toEqual(['age', 'ltv']);
  });

  test('optimized online store served privately (PSC, own project only), kept by prevent_destroy', () => {
    const { json } = build({ servingNetwork: { networkId: NETWORK_ID, subnetworkId: 'projects/p/regions/r/subnetworks/nodes' } });
    const store = only(json, 'google_vertex_ai_feature_online_store');
    expect(store.optimized).toEqual({});
    expect(store.dedicated_serving_endpoint.private_service_connect_config).toEqual({
      enable_private_service_connect: true,
      project_allowlist: [PROJECT_ID],
    });
    expect(store.force_destroy).toBe(false);
    expect(store.lifecycle.prevent_destroy).toBe(true);
    const rule = only(json, 'google_compute_forwarding_rule');
    expect(rule.load_balancing_scheme).toBe('');
    expect(rule.target).toMatch(/dedicated_serving_endpoint\[0\]\.service_attachment|dedicated_serving_endpoint.service_attachment/);
    expect(only(json, 'google_compute_address').address_type).toBe('INTERNAL');
  });

  test('Bigtable online store autoscales between the given nodes', () => {
    const { json } = build({ onlineStore: 'bigtable', bigtableNodes: { min: 1, max: 3, cpuUtilizationTarget: 60 } });
    const store = only(json, 'google_vertex_ai_feature_online_store');
    expect(store.bigtable.auto_scaling).toEqual({ min_node_count: 1, max_node_count: 3, cpu_utilization_target: 60 });
    expect(store.dedicated_serving_endpoint).toBeUndefined();
  });

  test('least privilege: Vertex AI reads the dataset; the client writes it, runs jobs and only fetches online values', () => {
    const { json } = build();
    const ds = resourcesOf(json, 'google_bigquery_dataset_iam_member').map(([, m]) => `${m.role} ${m.member}`).sort();
    expect(ds).toEqual([
      `roles/bigquery.dataEditor serviceAccount:test-features-features@${PROJECT_ID}.iam.gserviceaccount.com`,
      `roles/bigquery.dataViewer serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-aiplatform.iam.gserviceaccount.com`,
    ]);
    expect(only(json, 'google_project_iam_custom_role').permissions).toEqual(['aiplatform.featureViews.fetchFeatureValues']);
    const project = resourcesOf(json, 'google_project_iam_member').map(([, m]) => m.role);
    expect(project).toContain('roles/bigquery.jobUser');
    expect(project).toHaveLength(2);
    expect(only(json, 'google_service_account_iam_member').member).toBe(`serviceAccount:${PROJECT_ID}.svc.id.goog[ml/ranker]`);
  });

  test('no online group: no online store and no views', () => {
    const { json } = build({ groups: [CLICKS] });
    expect(resourcesOf(json, 'google_vertex_ai_feature_online_store')).toHaveLength(0);
    expect(resourcesOf(json, 'google_vertex_ai_feature_online_store_featureview')).toHaveLength(0);
  });
});
