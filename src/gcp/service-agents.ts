import { AiInfraError } from '../errors';

/**
 * Google-managed service agents this library grants keys or topics to.
 *
 * Their emails are derived from the project NUMBER (an input, `gcp.projectNumber`)
 * instead of a `google_project` / `google_storage_project_service_account` data
 * source, so the default path stays offline (ARCHITECTURE rule 3).
 */
export type GcpServiceAgent =
  | 'gke'
  | 'gkeNode'
  | 'computeEngine'
  | 'cloudSql'
  | 'alloyDb'
  | 'cloudStorage'
  | 'bigQuery'
  | 'vertexAi'
  | 'pubSub'
  | 'monitoringNotifications'
  | 'lustre'
  | 'billingBudget';

/** One service agent: how its email is formed and where that is written down. */
export interface GcpServiceAgentFact {
  /** The API it acts for. */
  readonly service: string;
  /** Email with `{N}` standing for the project number (absent for global agents). */
  readonly emailFormat: string;
  /** What this library grants it. */
  readonly needs: string;
  /**
   * Created just in time (on first use of the API): an IAM grant to it fails at
   * apply until the API has been used once or the identity has been created
   * (`gcloud beta services identity create`, or google-beta's `google_project_service_identity`).
   */
  readonly justInTime: boolean;
  readonly source: string;
  readonly asOf: string;
}

const IAM_SERVICE_AGENTS = 'https://cloud.google.com/iam/docs/service-agents';
const FABRIC_SERVICE_AGENTS =
  'https://github.com/GoogleCloudPlatform/cloud-foundation-fabric/blob/0da839c1f59b6b5b8c68aa9fa0e7609d1f7eddc9/modules/project/service-agents.yaml';

/** The agents, keyed by our name for them. */
export const GCP_SERVICE_AGENTS: Readonly<Record<GcpServiceAgent, GcpServiceAgentFact>> = {
  gke: {
    service: 'container.googleapis.com',
    emailFormat: 'service-{N}@container-engine-robot.iam.gserviceaccount.com',
    needs: 'roles/cloudkms.cryptoKeyEncrypterDecrypter on the cluster database_encryption key',
    justInTime: false,
    source: FABRIC_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  gkeNode: {
    service: 'container.googleapis.com (node agent)',
    emailFormat: 'service-{N}@gcp-sa-gkenode.iam.gserviceaccount.com',
    needs: 'nothing from this library',
    justInTime: false,
    source: FABRIC_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  computeEngine: {
    service: 'compute.googleapis.com',
    emailFormat: 'service-{N}@compute-system.iam.gserviceaccount.com',
    needs: 'roles/cloudkms.cryptoKeyEncrypterDecrypter on the node boot_disk_kms_key',
    justInTime: false,
    source: FABRIC_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  cloudSql: {
    service: 'sqladmin.googleapis.com',
    emailFormat: 'service-{N}@gcp-sa-cloud-sql.iam.gserviceaccount.com',
    needs: 'roles/cloudkms.cryptoKeyEncrypterDecrypter on the instance encryption_key_name',
    justInTime: true,
    source: FABRIC_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  alloyDb: {
    service: 'alloydb.googleapis.com',
    emailFormat: 'service-{N}@gcp-sa-alloydb.iam.gserviceaccount.com',
    needs: 'roles/cloudkms.cryptoKeyEncrypterDecrypter on the cluster and backup keys',
    justInTime: true,
    source: FABRIC_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  cloudStorage: {
    service: 'storage.googleapis.com',
    emailFormat: 'service-{N}@gs-project-accounts.iam.gserviceaccount.com',
    needs: 'roles/cloudkms.cryptoKeyEncrypterDecrypter on the bucket default_kms_key_name',
    justInTime: false,
    source: FABRIC_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  bigQuery: {
    service: 'bigquery.googleapis.com',
    emailFormat: 'bq-{N}@bigquery-encryption.iam.gserviceaccount.com',
    needs: 'roles/cloudkms.cryptoKeyEncrypterDecrypter on the dataset/table key',
    justInTime: false,
    source: FABRIC_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  vertexAi: {
    service: 'aiplatform.googleapis.com',
    emailFormat: 'service-{N}@gcp-sa-aiplatform.iam.gserviceaccount.com',
    needs: 'roles/cloudkms.cryptoKeyEncrypterDecrypter where Vertex resources take a key',
    justInTime: false,
    source: FABRIC_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  pubSub: {
    service: 'pubsub.googleapis.com',
    emailFormat: 'service-{N}@gcp-sa-pubsub.iam.gserviceaccount.com',
    needs: 'roles/cloudkms.cryptoKeyEncrypterDecrypter on the topic kms_key_name',
    justInTime: true,
    source: FABRIC_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  monitoringNotifications: {
    service: 'monitoring.googleapis.com (notifications)',
    emailFormat: 'service-{N}@gcp-sa-monitoring-notification.iam.gserviceaccount.com',
    needs: 'roles/pubsub.publisher on a Pub/Sub notification channel topic',
    justInTime: false,
    source: FABRIC_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  lustre: {
    service: 'lustre.googleapis.com',
    emailFormat: 'service-{N}@gcp-sa-lustre.iam.gserviceaccount.com',
    needs: 'roles/cloudkms.cryptoKeyEncrypterDecrypter on the instance key (kms_key is google provider 7.x; absent in 6.50)',
    justInTime: true,
    source: IAM_SERVICE_AGENTS,
    asOf: '2026-12-02',
  },
  billingBudget: {
    service: 'billingbudgets.googleapis.com',
    emailFormat: 'billing-budget-alert@system.gserviceaccount.com',
    needs: 'roles/pubsub.publisher on the budget notification topic',
    justInTime: false,
    source: 'https://cloud.google.com/organization-policy/restrict-domains',
    asOf: '2026-12-02',
  },
};

const PROJECT_NUMBER = /^[1-9][0-9]{5,19}$/;

/** Throws unless `projectNumber` is a GCP project number (digits, not the project id). */
export function checkProjectNumber(projectNumber: string, where = 'gcp'): void {
  if (!PROJECT_NUMBER.test(projectNumber)) {
    throw new AiInfraError({
      where,
      field: 'gcp.projectNumber',
      given: projectNumber,
      allowed: 'the project NUMBER (6-20 digits, e.g. "123456789012"; `gcloud projects describe <id> --format="value(projectNumber)"`), not the project id',
    });
  }
}

/** Email of a service agent of the project with this number. */
export function serviceAgentEmail(agent: GcpServiceAgent, projectNumber: string): string {
  checkProjectNumber(projectNumber);
  return GCP_SERVICE_AGENTS[agent].emailFormat.replace('{N}', projectNumber);
}

/** IAM member (`serviceAccount:<email>`) of a service agent of the project with this number. */
export function serviceAgentMember(agent: GcpServiceAgent, projectNumber: string): string {
  return `serviceAccount:${serviceAgentEmail(agent, projectNumber)}`;
}
