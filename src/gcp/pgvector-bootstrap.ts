import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/** Kubernetes service account the bootstrap Job runs as (bound to its Google service account). */
export const PGVECTOR_BOOTSTRAP_SERVICE_ACCOUNT = 'pgvector-bootstrap';

/**
 * Connector images, pinned (both run as non-root on distroless).
 * AlloyDB: GoogleCloudPlatform/alloydb-auth-proxy README (v1.14.1);
 * Cloud SQL: gcr.io/cloud-sql-connectors/cloud-sql-proxy 2.18.2 (as pinned by public modules).
 */
export const AUTH_PROXY_IMAGES = {
  alloydb: 'gcr.io/alloydb-connectors/alloydb-auth-proxy:1.14.1',
  cloudsql: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.18.2',
} as const;

/** psql image (Alpine: busybox `wget` posts the proxy's shutdown request). */
export const PSQL_IMAGE = 'postgres:17-alpine';

/** UID of the `postgres` user in the official Alpine images. */
const POSTGRES_UID = '70';
/** The connectors' admin server, which answers `POST /quitquitquit` when started with `--quitquitquit`. */
const PROXY_ADMIN_PORT = 9091;

export interface PgvectorBootstrapJobProps {
  readonly engine: 'alloydb' | 'cloudsql';
  readonly namespace: string;
  /** Job name (a DNS label, ≤ 63). */
  readonly name: string;
  /** AlloyDB instance URI (`projects/.../instances/...`) or Cloud SQL connection name (`project:region:instance`). */
  readonly instanceConnectionName: string;
  /** Google service account the Job's Kubernetes service account impersonates (Workload Identity). */
  readonly bootstrapServiceAccountEmail: string;
  /**
   * Database user the Job logs in as: AlloyDB, an IAM user (`<sa>@<project>.iam`,
   * member of `alloydbsuperuser`) through `--auto-iam-authn`; Cloud SQL, the
   * built-in `postgres` user (IAM users get no `cloudsqlsuperuser`).
   */
  readonly bootstrapUserName: string;
  /** Cloud SQL only: Kubernetes Secret (key `password`) holding the `postgres` password, never in Terraform state. */
  readonly adminPasswordSecret?: string;
  /** IAM user of the workload, granted the database and its `public` schema. */
  readonly clientUserName: string;
  readonly databaseName: string;
  /** Create the database first (AlloyDB has no database resource; Cloud SQL's is `google_sql_database`). */
  readonly createDatabase: boolean;
  /** Extensions to create, in order (`vector`, and `alloydb_scann` on AlloyDB). */
  readonly extensions: ReadonlyArray<string>;
  /**
   * What the Job waits for in its stack (the namespace).
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** SQL identifier quoting (double quotes, doubled inside). */
function ident(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** SQL literal quoting (single quotes, doubled inside). */
function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * The shell script of the psql container: wait for the proxy, create the
 * database (if asked), the extensions and the grants (all idempotent), then
 * stop the proxy so the Job completes, whatever psql returned.
 */
export function pgvectorBootstrapScript(p: Pick<PgvectorBootstrapJobProps, 'databaseName' | 'createDatabase' | 'extensions' | 'clientUserName'>): string {
  const db = p.databaseName;
  const lines = [
    'set -u',
    `trap 'wget -q -O /dev/null --post-data="" http://127.0.0.1:${PROXY_ADMIN_PORT}/quitquitquit || true' EXIT`,
    'until pg_isready -h 127.0.0.1 -p 5432 -q; do sleep 2; done',
    'set -e',
  ];
  if (p.createDatabase) {
    lines.push(
      `psql -v ON_ERROR_STOP=1 -h 127.0.0.1 -d postgres -tAc ${shellQuote(`SELECT 1 FROM pg_database WHERE datname = ${literal(db)}`)} | grep -q 1 || ` +
        `psql -v ON_ERROR_STOP=1 -h 127.0.0.1 -d postgres -c ${shellQuote(`CREATE DATABASE ${ident(db)}`)}`,
    );
  }
  const sql = [
    ...p.extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS ${ident(e)};`),
    `GRANT CONNECT, TEMPORARY ON DATABASE ${ident(db)} TO ${ident(p.clientUserName)};`,
    `GRANT USAGE, CREATE ON SCHEMA public TO ${ident(p.clientUserName)};`,
  ].join(' ');
  lines.push(`psql -v ON_ERROR_STOP=1 -h 127.0.0.1 -d ${shellQuote(db)} -c ${shellQuote(sql)}`);
  return `${lines.join('\n')}\n`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, '\'"\'"\'')}'`;
}

/**
 * A Kubernetes Job (in the cluster's workload stack) that enables pgvector:
 * pgvector is created by SQL (`CREATE EXTENSION vector`), not by a database
 * flag. Two containers: the engine's auth proxy (private IP, IAM login on
 * AlloyDB, the trusted client certificate on Cloud SQL) and psql, which runs
 * the idempotent bootstrap and then asks the proxy to quit. `terraform apply`
 * of the workload stack waits for it to complete; a changed spec replaces the
 * Job and runs it again, which is harmless.
 */
export class PgvectorBootstrapJob extends Construct {
  public readonly serviceAccount: ServiceAccountV1;
  public readonly job: JobV1;

  constructor(scope: Construct, id: string, props: PgvectorBootstrapJobProps) {
    super(scope, id);
    const labels = { 'app.kubernetes.io/name': 'pgvector-bootstrap', 'app.kubernetes.io/instance': props.name, 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' };
    this.serviceAccount = new ServiceAccountV1(this, 'ServiceAccount', {
      metadata: {
        name: PGVECTOR_BOOTSTRAP_SERVICE_ACCOUNT,
        namespace: props.namespace,
        labels,
        annotations: { 'iam.gke.io/gcp-service-account': props.bootstrapServiceAccountEmail },
      },
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    const iamLogin = props.engine === 'alloydb';
    const proxyArgs = [
      ...(iamLogin ? ['--auto-iam-authn'] : []),
      ...(props.engine === 'cloudsql' ? ['--private-ip'] : []),
      '--quitquitquit',
      `--admin-port=${PROXY_ADMIN_PORT}`,
      '--port=5432',
      props.instanceConnectionName,
    ];
    const restricted = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    this.job = new JobV1(this, 'Job', {
      metadata: { name: props.name.slice(0, 63).replace(/-+$/, ''), namespace: props.namespace, labels },
      spec: {
        backoffLimit: 4,
        activeDeadlineSeconds: 900,
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: PGVECTOR_BOOTSTRAP_SERVICE_ACCOUNT,
            restartPolicy: 'Never',
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            container: [
              {
                name: 'auth-proxy',
                image: AUTH_PROXY_IMAGES[props.engine],
                args: proxyArgs,
                securityContext: restricted,
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
              },
              {
                name: 'psql',
                image: PSQL_IMAGE,
                command: ['/bin/sh', '-c', pgvectorBootstrapScript(props)],
                env: [
                  { name: 'PGUSER', value: props.bootstrapUserName },
                  { name: 'PGCONNECT_TIMEOUT', value: '10' },
                  ...(props.adminPasswordSecret
                    ? [{ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: props.adminPasswordSecret, key: 'password' } } }]
                    : []),
                ],
                securityContext: { ...restricted, runAsUser: POSTGRES_UID },
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
              },
            ],
          },
        },
      },
      waitForCompletion: true,
      timeouts: { create: '15m', update: '15m' },
      dependsOn: [this.serviceAccount],
    });
  }
}
