import { Construct } from 'constructs';
import { gcpStacks, keyRef, NETWORK_ID, only, PROJECT_ID, PROJECT_NUMBER, ref, REGION, resourcesOf, synth, testContext } from './helpers-data-builders';
import { pgvectorBootstrapScript } from '../../src/gcp/pgvector-bootstrap';
import { buildGcpAlloyDbVectorStore, buildGcpCloudSqlVectorStore, buildGcpVectorSearch, CLOUD_SQL_POSTGRES_FLAGS } from '../../src/gcp/vector-store';

function alloy(overrides: Partial<Parameters<typeof buildGcpAlloyDbVectorStore>[3]> = {}) {
  const { stack, workloads, network, key } = gcpStacks();
  const scope = new Construct(stack, 'Vectors');
  const res = buildGcpAlloyDbVectorStore(scope, testContext(), 'vectors', {
    network,
    key,
    vcpus: 4,
    highAvailability: true,
    backupRetentionDays: 14,
    pointInTimeRecoveryDays: 14,
    databaseName: 'vectors',
    deletionProtection: true,
    client: { namespace: 'rag', serviceAccount: 'rag-app' },
    bootstrap: { workloadScope: workloads, namespace: 'rag' },
    ...overrides,
  });
  return { res, json: synth(stack), workloadsJson: synth(workloads) };
}

describe('AlloyDB vector store (GCP builder)', () => {
  test('customer key on the cluster, its automated and its continuous backups; the AlloyDB agent may use it', () => {
    const { json } = alloy();
    const cluster = only(json, 'google_alloydb_cluster');
    expect(cluster.encryption_config.kms_key_name).toBe(keyRef(json));
    expect(cluster.automated_backup_policy.encryption_config.kms_key_name).toBe(keyRef(json));
    expect(cluster.continuous_backup_config.encryption_config.kms_key_name).toBe(keyRef(json));
    const grant = only(json, 'google_kms_crypto_key_iam_member');
    expect(grant).toMatchObject({
      crypto_key_id: keyRef(json),
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-alloydb.iam.gserviceaccount.com`,
    });
    expect(cluster.depends_on).toContain(`google_kms_crypto_key_iam_member.${resourcesOf(json, 'google_kms_crypto_key_iam_member')[0][0]}`);
  });

  test('automated backups daily for the retention, continuous backup for point-in-time recovery, prevent_destroy', () => {
    const { json } = alloy();
    const cluster = only(json, 'google_alloydb_cluster');
    expect(cluster.automated_backup_policy.enabled).toBe(true);
    expect(cluster.automated_backup_policy.weekly_schedule.days_of_week).toHaveLength(7);
    expect(cluster.automated_backup_policy.time_based_retention.retention_period).toBe(`${14 * 86400}s`);
    expect(cluster.continuous_backup_config).toMatchObject({ enabled: true, recovery_window_days: 14 });
    expect(cluster.lifecycle.prevent_destroy).toBe(true);
    expect(cluster.deletion_policy).toBe('DEFAULT');
    expect(cluster.initial_user).toBeUndefined();
  });

  test('private IP through Private Service Access only, TLS only, REGIONAL primary with IAM authentication', () => {
    const { json } = alloy();
    const cluster = only(json, 'google_alloydb_cluster');
    expect(cluster.network_config).toEqual({ network: NETWORK_ID, allocated_ip_range: 'ml-psa' });
    expect(cluster.depends_on).toContain(`google_service_networking_connection.${resourcesOf(json, 'google_service_networking_connection')[0][0]}`);
    expect(cluster.psc_config).toBeUndefined();
    const primary = only(json, 'google_alloydb_instance');
    expect(primary.instance_type).toBe('PRIMARY');
    expect(primary.availability_type).toBe('REGIONAL');
    expect(primary.machine_config.cpu_count).toBe(4);
    expect(primary.database_flags).toEqual({ 'alloydb.iam_authentication': 'on' });
    expect(primary.network_config.enable_public_ip).toBe(false);
    expect(primary.client_connection_config.ssl_config.ssl_mode).toBe('ENCRYPTED_ONLY');
    expect(primary.cluster).toBe(ref(json, 'google_alloydb_cluster', 'name'));
  });

  test('IAM database users: the workload (alloydbiamuser) and the bootstrap Job (alloydbsuperuser), bound through Workload Identity', () => {
    const { json, res } = alloy();
    const users = Object.fromEntries(resourcesOf(json, 'google_alloydb_user').map(([, u]) => [u.user_id, u]));
    expect(users[`test-vectors-client@${PROJECT_ID}.iam`]).toMatchObject({ user_type: 'ALLOYDB_IAM_USER', database_roles: ['alloydbiamuser'] });
    expect(users[`test-vectors-pgboot@${PROJECT_ID}.iam`]).toMatchObject({
      user_type: 'ALLOYDB_IAM_USER',
      database_roles: ['alloydbiamuser', 'alloydbsuperuser'],
    });
    expect(res.clientUserName).toBe(`test-vectors-client@${PROJECT_ID}.iam`);
    const wi = resourcesOf(json, 'google_service_account_iam_member').map(([, m]) => m.member).sort();
    expect(wi).toEqual([`serviceAccount:${PROJECT_ID}.svc.id.goog[rag/pgvector-bootstrap]`, `serviceAccount:${PROJECT_ID}.svc.id.goog[rag/rag-app]`]);
    const roles = resourcesOf(json, 'google_project_iam_member').map(([, m]) => `${m.member.split('@')[0]} ${m.role}`).sort();
    expect(roles).toEqual([
      'serviceAccount:test-vectors-client roles/alloydb.client',
      'serviceAccount:test-vectors-client roles/alloydb.databaseUser',
      'serviceAccount:test-vectors-client roles/serviceusage.serviceUsageConsumer',
      'serviceAccount:test-vectors-pgboot roles/alloydb.client',
      'serviceAccount:test-vectors-pgboot roles/alloydb.databaseUser',
      'serviceAccount:test-vectors-pgboot roles/serviceusage.serviceUsageConsumer',
    ]);
  });

  test('deletionProtection false drops prevent_destroy (the construct records it)', () => {
    const { json } = alloy({ deletionProtection: false, highAvailability: false });
    expect(only(json, 'google_alloydb_cluster').lifecycle.prevent_destroy).toBe(false);
    expect(only(json, 'google_alloydb_instance').availability_type).toBe('ZONAL');
  });

  test('pgvector bootstrap Job: AlloyDB Auth Proxy with IAM login, psql creates database, vector and alloydb_scann, then stops the proxy', () => {
    const { workloadsJson } = alloy();
    const job = only(workloadsJson, 'kubernetes_job_v1');
    expect(job.metadata).toMatchObject({ name: 'pgvector-vectors', namespace: 'rag' });
    expect(job.wait_for_completion).toBe(true);
    const pod = job.spec.template.spec;
    expect(pod.service_account_name).toBe('pgvector-bootstrap');
    expect(pod.restart_policy).toBe('Never');
    const [proxy, psql] = pod.container;
    expect(proxy.image).toBe('gcr.io/alloydb-connectors/alloydb-auth-proxy:1.14.1');
    expect(proxy.args).toEqual(expect.arrayContaining(['--auto-iam-authn', '--quitquitquit', '--port=5432']));
    expect(proxy.args[proxy.args.length - 1]).toMatch(/google_alloydb_instance\..*\.name/);
    expect(psql.env).toEqual(expect.arrayContaining([{ name: 'PGUSER', value: `test-vectors-pgboot@${PROJECT_ID}.iam` }]));
    const script: string = psql.command[2];
    expect(script).toContain('CREATE EXTENSION IF NOT EXISTS "vector";');
    expect(script).toContain('CREATE EXTENSION IF NOT EXISTS "alloydb_scann";');
    expect(script).toContain(`GRANT USAGE, CREATE ON SCHEMA public TO "test-vectors-client@${PROJECT_ID}.iam";`);
    expect(script).toContain('CREATE DATABASE "vectors"');
    expect(script).toContain('quitquitquit');
    for (const c of pod.container) {
      expect(c.security_context).toMatchObject({ run_as_non_root: true, allow_privilege_escalation: false, read_only_root_filesystem: true });
    }
    const ksa = only(workloadsJson, 'kubernetes_service_account_v1');
    expect(ksa.metadata.annotations['iam.gke.io/gcp-service-account']).toMatch(/google_service_account.*email/);
  });

  test('the bootstrap script quotes identifiers and literals', () => {
    const script = pgvectorBootstrapScript({ databaseName: 'vec"db', createDatabase: true, extensions: ['vector'], clientUserName: "o'neil@p.iam" });
    expect(script).toContain('CREATE DATABASE "vec""db"');
    expect(script).toContain('TO "o\'"\'"\'neil@p.iam"');
  });
});

describe('Cloud SQL vector store (GCP builder)', () => {
  function cloudSql() {
    const { stack, workloads, network, key } = gcpStacks();
    const scope = new Construct(stack, 'Vectors');
    buildGcpCloudSqlVectorStore(scope, testContext(), 'vectors', {
      network,
      key,
      tier: 'db-custom-2-13312',
      highAvailability: true,
      databaseVersion: 'POSTGRES_17',
      diskSizeGb: 20,
      backupRetentionDays: 14,
      pointInTimeRecoveryDays: 7,
      databaseName: 'vectors',
      deletionProtection: true,
      client: { namespace: 'rag', serviceAccount: 'rag-app' },
      bootstrap: { workloadScope: workloads, namespace: 'rag' },
      adminPasswordSecret: 'vectors-postgres',
    });
    return { json: synth(stack), workloadsJson: synth(workloads) };
  }

  test('customer key, private IP only, trusted client certificates, connectors required', () => {
    const { json } = cloudSql();
    const db = only(json, 'google_sql_database_instance');
    expect(db.encryption_key_name).toBe(keyRef(json));
    expect(db.settings.ip_configuration).toEqual({ ipv4_enabled: false, private_network: NETWORK_ID, allocated_ip_range: 'ml-psa', ssl_mode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED' });
    expect(db.settings.connector_enforcement).toBe('REQUIRED');
    expect(only(json, 'google_kms_crypto_key_iam_member').member).toBe(`serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-cloud-sql.iam.gserviceaccount.com`);
  });

  test('backups with point-in-time recovery, deletion protection on both sides, prevent_destroy, REGIONAL', () => {
    const { json } = cloudSql();
    const db = only(json, 'google_sql_database_instance');
    expect(db.settings.backup_configuration).toMatchObject({
      enabled: true,
      point_in_time_recovery_enabled: true,
      transaction_log_retention_days: 7,
      backup_retention_settings: { retained_backups: 14, retention_unit: 'COUNT' },
    });
    expect(db.deletion_protection).toBe(true);
    expect(db.settings.deletion_protection_enabled).toBe(true);
    expect(db.settings.retain_backups_on_delete).toBe(true);
    expect(db.lifecycle.prevent_destroy).toBe(true);
    expect(db.settings.availability_type).toBe('REGIONAL');
    expect(db.settings.tier).toBe('db-custom-2-13312');
    expect(db.settings.user_labels).toEqual({ 'project': 'llm', 'environment': 'test', 'cost-center': 'cc-42', 'component': 'gcp' });
    expect(only(json, 'google_sql_database').deletion_policy).toBe('ABANDON');
  });

  test('IAM authentication and the PostgreSQL log flags Checkov checks', () => {
    const { json } = cloudSql();
    const flags = Object.fromEntries(only(json, 'google_sql_database_instance').settings.database_flags.map((f: any) => [f.name, f.value]));
    expect(flags).toEqual(Object.fromEntries(CLOUD_SQL_POSTGRES_FLAGS.map((f) => [f.name, f.value])));
    expect(flags).toMatchObject({
      'cloudsql.iam_authentication': 'on',
      'log_checkpoints': 'on',
      'log_connections': 'on',
      'log_disconnections': 'on',
      'log_lock_waits': 'on',
      'log_hostname': 'on',
      'log_duration': 'on',
      'cloudsql.enable_pgaudit': 'on',
      'log_statement': 'ddl',
    });
    expect(flags.log_temp_files).toBeUndefined();
    expect(flags.log_min_duration_statement).toBeUndefined();
    const user = only(json, 'google_sql_user');
    expect(user).toMatchObject({ name: `test-vectors-client@${PROJECT_ID}.iam`, type: 'CLOUD_IAM_SERVICE_ACCOUNT' });
  });

  test('bootstrap Job logs in as postgres with the password from a Secret, through the Cloud SQL Auth Proxy on private IP', () => {
    const { workloadsJson } = cloudSql();
    const [proxy, psql] = only(workloadsJson, 'kubernetes_job_v1').spec.template.spec.container;
    expect(proxy.image).toBe('gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.18.2');
    expect(proxy.args).toEqual(expect.arrayContaining(['--private-ip', '--quitquitquit']));
    expect(proxy.args).not.toContain('--auto-iam-authn');
    expect(psql.env).toEqual(expect.arrayContaining([
      { name: 'PGUSER', value: 'postgres' },
      { name: 'PGPASSWORD', value_from: { secret_key_ref: { name: 'vectors-postgres', key: 'password' } } },
    ]));
    expect(psql.command[2]).not.toContain('CREATE DATABASE');
    expect(psql.command[2]).toContain('CREATE EXTENSION IF NOT EXISTS "vector";');
  });
});

describe('Vertex AI Vector Search (GCP builder)', () => {
  test('index on a private endpoint (PSA peering by project number, no public endpoint), dedicated nodes by shard', () => {
    const { stack, network } = gcpStacks();
    const scope = new Construct(stack, 'Vectors');
    const res = buildGcpVectorSearch(scope, testContext(), 'vectors', {
      network,
      dimensions: 768,
      distanceMeasure: 'DOT_PRODUCT_DISTANCE',
      shardSize: 'SHARD_SIZE_MEDIUM',
      machineType: 'e2-standard-16',
      minReplicas: 2,
      maxReplicas: 4,
      updateMethod: 'STREAM_UPDATE',
      approximateNeighborsCount: 150,
      deletionProtection: true,
    });
    const json = synth(stack);
    const index = only(json, 'google_vertex_ai_index');
    expect(index.region).toBe(REGION);
    expect(index.index_update_method).toBe('STREAM_UPDATE');
    expect(index.metadata.config).toMatchObject({ dimensions: 768, shard_size: 'SHARD_SIZE_MEDIUM', distance_measure_type: 'DOT_PRODUCT_DISTANCE' });
    expect(index.lifecycle.prevent_destroy).toBe(true);
    const endpoint = only(json, 'google_vertex_ai_index_endpoint');
    expect(endpoint.network).toBe(`projects/${PROJECT_NUMBER}/global/networks/ml-vpc`);
    expect(endpoint.public_endpoint_enabled).toBe(false);
    expect(endpoint.depends_on).toHaveLength(1);
    const deployed = only(json, 'google_vertex_ai_index_endpoint_deployed_index');
    expect(deployed.dedicated_resources).toEqual({ machine_spec: { machine_type: 'e2-standard-16' }, min_replica_count: 2, max_replica_count: 4 });
    expect(deployed.deployed_index_id).toBe('test_vectors');
    expect(res.deployedIndexId).toBe('test_vectors');
    expect(deployed.reserved_ip_ranges).toEqual(['ml-psa']);
  });
});
