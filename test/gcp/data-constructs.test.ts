import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { TerraformOutput, Testing } from 'cdktf';
import { fakeGcpCluster, FAKE_NETWORK_ID, gcpAiStack, GCP_PROJECT_ID, GCP_PROJECT_NUMBER } from './constructs-helpers';
import { FeatureStore, FeatureStoreProps } from '../../src/constructs/feature-store';
import { FinOpsBudget, FinOpsBudgetProps } from '../../src/constructs/finops-budget';
import { ObservabilityStack, ObservabilityStackProps } from '../../src/constructs/observability-stack';
import { VectorStore, VectorStoreProps } from '../../src/constructs/vector-store';
import { privateNetworkOf } from '../../src/gcp/vector-store';
import { awsStack, onlyResource, resourcesOf, synthJson } from '../helpers/stack';

const BILLING = '01AB23-45CD67-89EF01';
const keyRef = (json: any): string => `\${google_kms_crypto_key.${resourcesOf(json, 'google_kms_crypto_key')[0][0]}.id}`;

describe('FinOpsBudget on GCP', () => {
  const budget = (props: Partial<FinOpsBudgetProps> = {}, stackProps = {}) => {
    const stack = gcpAiStack(stackProps);
    const b = new FinOpsBudget(stack, 'Budget', { limitUsd: 5000, emails: ['finops@example.com'], gcp: { billingAccountId: BILLING }, ...props });
    return { stack, b };
  };

  test('bad input: no billing account id names the field and how to find it', () => {
    expect(() => budget({ gcp: undefined })).toThrow(
      /^test\/Budget: gcp\.billingAccountId must be the Cloud Billing account id the project is linked to \(XXXXXX-XXXXXX-XXXXXX\) on a GCP stack.*, got nothing\. gcloud billing projects describe/,
    );
  });

  test('bad input: a malformed billing account id, an anomaly monitor, six e-mails, AWS-only settings', () => {
    expect(() => budget({ gcp: { billingAccountId: '01ab23-45cd67' } })).toThrow(/^test\/Budget: gcp\.billingAccountId must be a Cloud Billing account id: three groups of six digits or upper-case letters A-F.*got "01ab23-45cd67"$/);
    expect(() => budget({ anomalyMonitor: 'service' })).toThrow(/^test\/Budget: anomalyMonitor must be "none" or unset on a gcp stack/);
    expect(() => budget({ emails: ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io', 'f@x.io'] })).toThrow(/^test\/Budget: emails must be at most 5 addresses on a gcp stack.*got 6/);
    expect(() => budget({ aws: { activateCostAllocationTags: false } })).toThrow(/^test\/Budget: aws must be unset on a gcp stack/);
  });

  test('bad input: a GCP stack without its project number, and gcp settings on an AWS stack', () => {
    expect(() => budget({}, { gcp: { projectId: GCP_PROJECT_ID } })).toThrow(/^test\/Budget: gcp\.projectNumber must be the stack's GCP project number/);
    expect(() => new FinOpsBudget(awsStack(), 'Budget', { limitUsd: 10, emails: ['f@x.io'], gcp: { billingAccountId: BILLING } })).toThrow(/^test\/Budget: gcp must be unset on a aws stack/);
  });

  test('budget on the project number, label filter, thresholds; topic with a customer key; decisions and cost', () => {
    const { stack, b } = budget({ actualThresholdPercent: 50, forecastThresholdPercent: 90 });
    const json = synthJson(stack);
    const res = onlyResource(json, 'google_billing_budget');
    expect(res.billing_account).toBe(BILLING);
    expect(res.budget_filter).toMatchObject({ projects: [`projects/${GCP_PROJECT_NUMBER}`], labels: { project: 'llm' }, calendar_period: 'MONTH' });
    expect(res.threshold_rules).toEqual([{ threshold_percent: 0.5, spend_basis: 'CURRENT_SPEND' }, { threshold_percent: 0.9, spend_basis: 'FORECASTED_SPEND' }]);
    expect(onlyResource(json, 'google_pubsub_topic').kms_key_name).toBe(keyRef(json));
    expect(onlyResource(json, 'google_kms_crypto_key').rotation_period).toBe('7776000s');
    expect(b.gcp?.resources.budget).toBeDefined();
    expect(stack.decisions.find((d) => d.construct === 'test/Budget' && d.topic === 'cost-anomaly-monitor')?.chosen).toBe('none');
    expect(stack.costLines.filter((l) => l.component === 'test/Budget').map((l) => l.item)).toEqual(['Cloud KMS: active key version, SOFTWARE protection', 'Pub/Sub alert topic']);
  });

  test('the synth-time estimate check runs on GCP too', () => {
    const stack = gcpAiStack();
    new FinOpsBudget(stack, 'Budget', { limitUsd: 0.01, emails: ['f@x.io'], gcp: { billingAccountId: BILLING } });
    expect(() => Testing.synth(stack, true)).toThrow(/test\/Budget: limitUsd must be at least the stack's monthly ceiling \$0\.06 \(every pool at its max; expected \$0\.06\), got 0\.01/);
  });
});

describe('FeatureStore on GCP', () => {
  const groups: FeatureStoreProps['featureGroups'] = [
    {
      name: 'user-profile',
      recordIdentifier: 'user_id',
      eventTime: 'event_time',
      features: [
        { name: 'user_id', type: 'String' },
        { name: 'event_time', type: 'Fractional' },
        { name: 'orders', type: 'Integral' },
      ],
    },
  ];
  const build = (props: Partial<FeatureStoreProps> = {}) => {
    const stack = gcpAiStack();
    const fs = new FeatureStore(stack, 'Features', { featureGroups: groups, ...props });
    return { stack, fs };
  };

  test('bad input: feature names BigQuery and Vertex cannot take, a numeric entity id, a TTL, misplaced settings', () => {
    const bad = (f: string) => [{ ...groups[0], features: [...groups[0].features, { name: f, type: 'String' as const }] }];
    expect(() => build({ featureGroups: bad('Country-Code') })).toThrow(/^test\/Features: featureGroups\.0\.features\.3\.name must be on GCP a lowercase letter, then lowercase letters, digits or underscores \(≤ 60\).*got "Country-Code"$/);
    const numericId = [{ ...groups[0], features: [{ name: 'user_id', type: 'Integral' as const }, { name: 'event_time', type: 'Fractional' as const }] }];
    expect(() => build({ featureGroups: numericId })).toThrow(/^test\/Features: featureGroups\.0\.recordIdentifier must be a String feature on GCP/);
    expect(() => build({ featureGroups: [{ ...groups[0], ttlHours: 24 }] })).toThrow(/^test\/Features: featureGroups\.0\.ttlHours must be unset on GCP/);
    expect(() => build({ gcp: { onlineStore: 'optimized', bigtableNodes: { min: 1, max: 2 } } })).toThrow(/^test\/Features: gcp\.bigtableNodes must be unset unless gcp\.onlineStore is "bigtable"/);
    expect(() => build({ gcp: { onlineStore: 'bigtable', bigtableNodes: { min: 3, max: 2 } } })).toThrow(/^test\/Features: gcp\.bigtableNodes\.max must be >= bigtableNodes\.min/);
    expect(() => build({ gcp: { bigtableNodes: { min: 2, max: 21 } } })).toThrow(/^test\/Features: gcp\.bigtableNodes\.max must be <= 10 × bigtableNodes\.min \(the autoscaling limit of a Bigtable online store\).*got 21$/);
    expect(() => build({ aws: { onlineStorageType: 'InMemory' } })).toThrow(/^test\/Features: aws must be unset on a gcp stack/);
    expect(() => build({ gcp: { syncCron: 'hourly' } })).toThrow(/^test\/Features: gcp\.syncCron must be a 5-field cron expression/);
  });

  test('bad input: privateServing on the default (Bigtable) store is refused, naming the field', () => {
    const privateServing = { networkId: FAKE_NETWORK_ID, subnetworkId: 'projects/llm-serve-prod/regions/europe-west4/subnetworks/nodes' };
    expect(() => build({ gcp: { privateServing } })).toThrow(
      /^test\/Features: gcp\.privateServing must be unset unless gcp\.onlineStore is "optimized" \(Bigtable online serving, the default, has no dedicated endpoint\)/,
    );
    expect(() => build({ gcp: { onlineStore: 'bigtable', privateServing } })).toThrow(/^test\/Features: gcp\.privateServing must be unset unless gcp\.onlineStore is "optimized"/);
  });

  test('BigQuery offline store under the construct key, Vertex groups, Bigtable store by default, escape hatch and decisions', () => {
    const { stack, fs } = build({ gcp: { client: { namespace: 'ml', serviceAccount: 'ranker' } }, usage: { offlineStorageGiB: 100 } });
    const json = synthJson(stack);
    const ds = onlyResource(json, 'google_bigquery_dataset');
    expect(ds.default_encryption_configuration.kms_key_name).toBe(keyRef(json));
    expect(ds.dataset_id).toBe('test_features');
    expect(onlyResource(json, 'google_bigquery_table').table_id).toBe('user_profile');
    expect(onlyResource(json, 'google_vertex_ai_feature_group').name).toBe('user_profile');
    const store = onlyResource(json, 'google_vertex_ai_feature_online_store');
    expect(store.bigtable).toEqual({ auto_scaling: { min_node_count: 1, max_node_count: 3, cpu_utilization_target: 50 } });
    expect(store.optimized).toBeUndefined();
    expect(store.dedicated_serving_endpoint).toBeUndefined();
    expect(store.lifecycle.prevent_destroy).toBe(true);
    const view = onlyResource(json, 'google_vertex_ai_feature_online_store_featureview');
    expect(view.feature_online_store).toMatch(/^\$\{google_vertex_ai_feature_online_store\.[^.]+\.name\}$/);
    expect(view.sync_config).toEqual({ cron: '0 * * * *' });
    expect(view.feature_registry_source.feature_groups[0].feature_ids).toEqual(['orders']);
    expect(view.vector_search_config).toBeUndefined();
    expect(view.index_config).toBeUndefined();
    expect(resourcesOf(json, 'google_compute_forwarding_rule')).toEqual([]);
    expect(stack.policyReport.rulesRun).toEqual(expect.arrayContaining(['AiInfra-STATE-2', 'AiInfra-LABEL-1', 'AiInfra-BQ-1', 'AiInfra-BQ-4']));
    expect(stack.policyReport.findings).toEqual([]);
    expect(stack.policyReport.suppressed).toEqual([]);
    expect(onlyResource(json, 'google_kms_key_ring')).toMatchObject({ name: 'test-features', location: 'europe-west4' });
    expect(fs.featureGroupNames).toEqual({ 'user-profile': 'user_profile' });
    expect(fs.offlineStoreUri).toMatch(/^bq:\/\/llm-serve-prod\./);
    expect(fs.gcp?.resources.onlineStore).toBeDefined();
    expect(fs.aws).toBeUndefined();
    const topics = stack.decisions.filter((d) => d.construct === 'test/Features').map((d) => d.topic);
    expect(topics).toEqual(expect.arrayContaining(['feature-store-engine', 'encryption-opt-out', 'feature-serving-endpoint']));
    const engine = stack.decisions.find((d) => d.construct === 'test/Features' && d.topic === 'feature-store-engine')!;
    expect(engine.chosen).toBe('Vertex AI Feature Store: Bigtable online store (1-3 nodes at 50 % CPU), feature views synced "0 * * * *", BigQuery offline store');
    expect(engine.reason).toMatch(
      /^online serving: the default: Vertex AI Feature Store Optimized online serving is deprecated and sunset on 2027-02-17 \(its APIs stop answering; https:\/\/docs\.cloud\.google\.com\/vertex-ai\/docs\/featurestore\/latest\/create-featureview, read 2026-12-02\); Google points to Bigtable online serving\./,
    );
    const endpoint = stack.decisions.find((d) => d.construct === 'test/Features' && d.topic === 'feature-serving-endpoint')!;
    expect(endpoint.chosen).toBe('the regional Vertex AI API endpoint (europe-west4-aiplatform.googleapis.com), no dedicated endpoint');
    expect(stack.manifest().warnings.filter((w) => w.startsWith('test/Features'))).toEqual([]);
    const lines = stack.costLines.filter((l) => l.component === 'test/Features');
    expect(lines.map((l) => [l.item, l.basis])).toEqual([
      ['BigQuery: active logical storage, regional dataset (Iowa)', 'reference'],
      ['Vertex AI Feature Online Store, Bigtable serving (at least 1 node)', 'no-sourced-price'],
      ['Cloud KMS: active key version, SOFTWARE protection', 'reference'],
    ]);
    expect(lines[0].monthlyUsd).toBe(2.3); // 100 GiB × $0.023 (Iowa regional rate, used as the reference)
  });

  test('given Bigtable nodes autoscale between them; an explicit "bigtable" is recorded as given', () => {
    const { stack } = build({ gcp: { onlineStore: 'bigtable', bigtableNodes: { min: 2, max: 20, cpuUtilizationTarget: 65 } } });
    const json = synthJson(stack);
    const autoScaling = onlyResource(json, 'google_vertex_ai_feature_online_store').bigtable.auto_scaling;
    expect(autoScaling).toEqual({ min_node_count: 2, max_node_count: 20, cpu_utilization_target: 65 });
    const engine = stack.decisions.find((d) => d.construct === 'test/Features' && d.topic === 'feature-store-engine')!;
    expect(engine.chosen).toMatch(/^Vertex AI Feature Store: Bigtable online store \(2-20 nodes at 65 % CPU\)/);
    expect(engine.reason).toMatch(/^online serving: gcp\.onlineStore "bigtable" was given\./);
  });

  test('explicit "optimized": the optimized block behind PSC, a warning with the sunset date, the decision an explicit opt-in', () => {
    const { stack } = build({ gcp: { onlineStore: 'optimized' } });
    const json = synthJson(stack);
    const store = onlyResource(json, 'google_vertex_ai_feature_online_store');
    expect(store.optimized).toEqual({});
    expect(store.bigtable).toBeUndefined();
    expect(store.dedicated_serving_endpoint.private_service_connect_config).toEqual({
      enable_private_service_connect: true,
      project_allowlist: [GCP_PROJECT_ID],
    });
    const warning = /^test\/Features: gcp\.onlineStore is "optimized": Vertex AI Feature Store Optimized online serving is deprecated and sunset on 2027-02-17 \(its APIs stop answering; https:\/\/docs\.cloud\.google\.com\/vertex-ai\/docs\/featurestore\/latest\/create-featureview, read 2026-12-02\)\. Migrate to "bigtable" \(the default\) before 2027-02-17$/;
    expect(stack.manifest().warnings).toEqual([expect.stringMatching(warning)]);
    expect(stack.node.findChild('Features').node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data))).toEqual([expect.stringMatching(warning)]);
    const engine = stack.decisions.find((d) => d.construct === 'test/Features' && d.topic === 'feature-store-engine')!;
    expect(engine.chosen).toMatch(/^Vertex AI Feature Store: optimized online store,/);
    expect(engine.reason).toMatch(/^online serving: explicit opt-in: gcp\.onlineStore "optimized" was given although Vertex AI Feature Store Optimized online serving is deprecated and sunset on 2027-02-17/);
    expect(stack.costLines.filter((l) => l.component === 'test/Features').map((l) => l.item)).toContain('Vertex AI Feature Online Store, optimized serving');
  });

  test('explicit "optimized" with no online group builds no online store and warns of nothing', () => {
    const { stack } = build({ featureGroups: [{ ...groups[0], online: false }], gcp: { onlineStore: 'optimized' } });
    expect(resourcesOf(synthJson(stack), 'google_vertex_ai_feature_online_store')).toEqual([]);
    expect(stack.manifest().warnings).toEqual([]);
  });
});

describe('ObservabilityStack on GCP', () => {
  const build = (props: Partial<ObservabilityStackProps> = {}) => {
    const stack = gcpAiStack();
    const cluster = fakeGcpCluster(stack);
    const obs = new ObservabilityStack(stack, 'Observability', { cluster, alertEmails: ['oncall@example.com'], ...props });
    return { stack, obs };
  };

  test('bad input: log groups, an in-cluster collector, retention past Cloud Logging, DCGM types', () => {
    expect(() => build({ applicationLogGroups: ['/ai/inference'] })).toThrow(/^test\/Observability: applicationLogGroups must be empty on a gcp stack/);
    expect(() => build({ collector: 'in-cluster' })).toThrow(/^test\/Observability: collector must be "managed" on a gcp stack/);
    expect(() => build({ logRetentionDays: 3653 })).toThrow(/^test\/Observability: logRetentionDays must be at most 3650 on a gcp stack .*got 3653$/);
    expect(() => build({ dcgmExporter: { instanceTypes: ['a3-highgpu-8g'] } })).toThrow(/^test\/Observability: dcgmExporter\.instanceTypes must be unset on a gcp stack/);
  });

  test('alert policies with the thresholds, channels, dashboard, retention; $1.50 per condition', () => {
    const { stack, obs } = build({ alerts: { p95LatencyMs: 4000, lowGpuUtilizationPercent: 15 }, logRetentionDays: 90 });
    const json = synthJson(stack);
    const policies = resourcesOf(json, 'google_monitoring_alert_policy').map(([, p]) => p.conditions[0].condition_prometheus_query_language);
    expect(policies).toHaveLength(9);
    expect(policies.map((q: any) => q.query)).toEqual(expect.arrayContaining([
      expect.stringMatching(/histogram_quantile\(0\.95, .*e2e_request_latency.*\) > 4$/),
      'avg_over_time(DCGM_FI_DEV_GPU_UTIL[30m]) < 15',
    ]));
    expect(onlyResource(json, 'google_logging_project_bucket_config').retention_days).toBe(90);
    expect(onlyResource(json, 'google_pubsub_topic').kms_key_name).toBe(keyRef(json));
    expect(Object.keys(obs.gcp!.resources.alertPolicies)).toHaveLength(9);
    const alerting = stack.costLines.find((l) => l.component === 'test/Observability' && l.unit === 'condition-month');
    expect(alerting).toMatchObject({ quantity: 9, monthlyUsd: 13.5 });
    // 2,000 samples/s (the default) × 3,600 × 730 = 5,256 M samples × $0.06 = $315.36
    const gmp = stack.costLines.find((l) => l.component === 'test/Observability' && l.unit === 'million-samples');
    expect(gmp).toMatchObject({ quantity: 5256, monthlyUsd: 315.36, basis: 'usage-estimate' });
  });
});

describe('VectorStore on GCP', () => {
  const build = (props: Partial<VectorStoreProps> = {}, opts: { psa?: boolean } = {}) => {
    const stack = gcpAiStack();
    const cluster = fakeGcpCluster(stack, opts);
    const store = new VectorStore(stack, 'Vectors', { cluster, ...props });
    return { stack, store, cluster };
  };

  test('bad input: AWS engine names, settings of another engine, a missing Cloud SQL secret, Vector Search without dimensions', () => {
    expect(() => build({ engine: 'aurora-pgvector' })).toThrow(/^test\/Vectors: engine must be unset on a gcp stack \(AWS engines; choose with gcp\.engine/);
    expect(() => build({ gcp: { minReplicas: 3 } })).toThrow(/^test\/Vectors: gcp\.minReplicas must be unset with gcp\.engine "alloydb" \(it applies to vertex-vector-search only\)/);
    expect(() => build({ gcp: { engine: 'cloudsql' } })).toThrow(/^test\/Vectors: gcp\.cloudSqlAdminPasswordSecret must be the Kubernetes Secret/);
    expect(() => build({ gcp: { engine: 'vertex-vector-search' } })).toThrow(/^test\/Vectors: dimensions must be the embedding dimensions/);
    expect(() => build({ gcp: { engine: 'cloudsql', cloudSqlAdminPasswordSecret: 'pg', pointInTimeRecoveryDays: 14 } })).toThrow(/^test\/Vectors: gcp\.pointInTimeRecoveryDays must be 1-7 with gcp\.engine "cloudsql", got 14$/);
    expect(() => build({ gcp: { vcpus: 6 } })).toThrow(/^test\/Vectors: gcp\.vcpus must be one of 2, 4, 8, 16, 32, 64, 96 \(AlloyDB shapes\), got 6$/);
    expect(() => build({ vectors: 1000, dimensions: 3000 })).toThrow(/^test\/Vectors: dimensions must be at most 2000 for an HNSW index on pgvector vector \(float32\)/);
    expect(() => build({ aws: { readers: 1 } })).toThrow(/^test\/Vectors: aws\.readers must be unset on a gcp stack/);
  });

  test('bad input: a cluster network without Private Service Access', () => {
    expect(() => build({}, { psa: false })).toThrow(/^test\/Vectors: cluster must be a GCP GpuCluster whose network has a Private Service Access connection/);
  });

  test('AlloyDB by default: customer key everywhere, private IP after PSA, HA, sized from vectors × dimensions, Job in the workload stack', () => {
    // 5 M × 768 float32: HNSW index 16.4 GiB → needs 23.5 GB of cache at 75 % → 4 vCPU / 32 GB
    const { stack, store, cluster } = build({ vectors: 5_000_000, dimensions: 768 });
    const json = synthJson(stack);
    const db = onlyResource(json, 'google_alloydb_cluster');
    expect(db.encryption_config.kms_key_name).toBe(keyRef(json));
    expect(db.automated_backup_policy.encryption_config.kms_key_name).toBe(keyRef(json));
    expect(db.continuous_backup_config).toMatchObject({ enabled: true, recovery_window_days: 14 });
    expect(db.network_config.network).toBe(FAKE_NETWORK_ID);
    expect(db.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_service_networking_connection\./)]));
    expect(db.lifecycle.prevent_destroy).toBe(true);
    const primary = onlyResource(json, 'google_alloydb_instance');
    expect(primary).toMatchObject({ availability_type: 'REGIONAL', machine_config: { cpu_count: 4 }, network_config: { enable_public_ip: false } });
    expect(store.engine).toBe('alloydb');
    expect(store.port).toBe(5432);
    expect(store.securityGroupId).toBe(FAKE_NETWORK_ID);
    expect(store.gcp?.alloyDb?.clientUserName).toBe(`test-vectors-client@${GCP_PROJECT_ID}.iam`);
    const wi = resourcesOf(json, 'google_service_account_iam_member').map(([, m]) => m.member).sort();
    expect(wi).toEqual([`serviceAccount:${GCP_PROJECT_ID}.svc.id.goog[ai-inference/vectors-client]`, `serviceAccount:${GCP_PROJECT_ID}.svc.id.goog[ai-system/pgvector-bootstrap]`]);
    const workloads = JSON.parse(Testing.synth(cluster.workloadScope() as any));
    const job = onlyResource(workloads, 'kubernetes_job_v1');
    expect(job.metadata.namespace).toBe('ai-system');
    // The default client account is created, annotated with its Google service account (Workload Identity).
    const ksas = Object.fromEntries(resourcesOf(workloads, 'kubernetes_service_account_v1').map(([, a]) => [`${a.metadata.namespace}/${a.metadata.name}`, a]));
    expect(Object.keys(ksas).sort()).toEqual(['ai-inference/vectors-client', 'ai-system/pgvector-bootstrap']);
    expect(ksas['ai-inference/vectors-client'].metadata.annotations['iam.gke.io/gcp-service-account']).toMatch(/google_service_account.*email/);
    const capacity = stack.decisions.find((d) => d.construct === 'test/Vectors' && d.topic === 'vector-capacity');
    expect(capacity?.chosen).toBe('4 vCPU, 32 GB');
    const lines = stack.costLines.filter((l) => l.component === 'test/Vectors');
    expect(lines.map((l) => [l.quantity, l.unit])).toEqual([[8, 'vCPU-hour'], [64, 'GB-hour'], [lines[2].quantity, 'GB-month'], [1, 'key-version-month']]);
    // basis reference: the stack's region is not the price's (us-central1)
    expect(lines[2]).toMatchObject({ basis: 'reference', unitUsd: 0.3, item: expect.stringMatching(/^AlloyDB storage \([\d.]+ GiB used, billed on use\)$/) });
  });

  test('Cloud SQL: trusted client certificates, private IP, PITR, labels; Vertex: private endpoint, encryption opt-out recorded', () => {
    const sql = build({ gcp: { engine: 'cloudsql', cloudSqlAdminPasswordSecret: 'vectors-postgres', highAvailability: false, client: { namespace: 'rag', serviceAccount: 'rag-app' } } });
    // A client account the user names is theirs: not created.
    expect(resourcesOf(JSON.parse(Testing.synth(sql.cluster.workloadScope() as any)), 'kubernetes_service_account_v1').map(([, a]) => a.metadata.name)).toEqual(['pgvector-bootstrap']);
    const db = onlyResource(synthJson(sql.stack), 'google_sql_database_instance');
    expect(db.settings).toMatchObject({
      availability_type: 'ZONAL',
      tier: 'db-custom-2-13312',
      ip_configuration: { ipv4_enabled: false, private_network: FAKE_NETWORK_ID, ssl_mode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED' },
      backup_configuration: { point_in_time_recovery_enabled: true, transaction_log_retention_days: 7 },
      user_labels: { 'project': 'llm', 'environment': 'test', 'cost-center': 'cc-42', 'component': 'test' },
    });
    expect(db.database_version).toBe('POSTGRES_17');

    const vs = build({ vectors: 500_000, dimensions: 768, gcp: { engine: 'vertex-vector-search' } }); // 1.536 GB: one small shard
    const json = synthJson(vs.stack);
    const endpoint = onlyResource(json, 'google_vertex_ai_index_endpoint');
    expect(endpoint.public_endpoint_enabled).toBe(false);
    expect(endpoint.network).toBe(`projects/${GCP_PROJECT_NUMBER}/global/networks/fake-vpc`);
    expect(onlyResource(json, 'google_vertex_ai_index').metadata.config).toMatchObject({ dimensions: 768, shard_size: 'SHARD_SIZE_SMALL' });
    expect(onlyResource(json, 'google_vertex_ai_index_endpoint_deployed_index').dedicated_resources).toMatchObject({ min_replica_count: 2, max_replica_count: 4 });
    expect(resourcesOf(json, 'google_kms_crypto_key')).toHaveLength(0);
    expect(vs.stack.decisions.find((d) => d.construct === 'test/Vectors' && d.topic === 'encryption-opt-out')?.reason).toMatch(/^OPT-OUT of customer keys: google provider 6\.50 has no encryption_spec/);
    const serving = vs.stack.costLines.find((l) => l.component === 'test/Vectors' && l.unit === 'hour');
    expect(serving).toMatchObject({ quantity: 2, unitUsd: 0.0938084 });
  });
});

describe('the network name Vertex AI peers with', () => {
  test('from a literal network id, its last segment; from a reference, a Terraform expression over it', () => {
    const stack = gcpAiStack();
    const cluster = fakeGcpCluster(stack);
    expect(privateNetworkOf(cluster, 'test/Vectors').networkName).toBe('fake-vpc');
    const net = new ComputeNetwork(stack, 'Net', { name: 'vpc', autoCreateSubnetworks: false });
    Object.assign(cluster.backend, { networkId: net.id });
    new TerraformOutput(stack, 'NetworkName', { value: privateNetworkOf(cluster, 'test/Vectors').networkName });
    // A bare network (no firewall) would stop synth at the policy gate; only the expression matters here.
    const out = JSON.parse(Testing.synth(stack)).output.NetworkName.value;
    expect(out).toMatch(/^\$\{element\(reverse\(split\("\/", google_compute_network\.Net(_[0-9A-F]+)?\.id\)\), 0\)\}$/);
  });
});
