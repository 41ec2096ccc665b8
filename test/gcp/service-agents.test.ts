import { GCP_SERVICE_AGENTS, GcpServiceAgent, serviceAgentEmail, serviceAgentMember } from '../../src/gcp/service-agents';
import { TEST_PROJECT_NUMBER } from '../helpers/gcp';

describe('GCP service agents', () => {
  test('rejects a project id or a malformed number, naming the field', () => {
    expect(() => serviceAgentEmail('gke', 'llm-train-prod')).toThrow(/gcp\.projectNumber must be the project NUMBER .* got "llm-train-prod"/);
    expect(() => serviceAgentEmail('gke', '0123456789')).toThrow(/gcp\.projectNumber/);
    expect(() => serviceAgentEmail('gke', '12345')).toThrow(/gcp\.projectNumber/);
  });

  test('derives each agent email from the project number', () => {
    const expected: Record<GcpServiceAgent, string> = {
      gke: 'service-123456789012@container-engine-robot.iam.gserviceaccount.com',
      gkeNode: 'service-123456789012@gcp-sa-gkenode.iam.gserviceaccount.com',
      computeEngine: 'service-123456789012@compute-system.iam.gserviceaccount.com',
      cloudSql: 'service-123456789012@gcp-sa-cloud-sql.iam.gserviceaccount.com',
      alloyDb: 'service-123456789012@gcp-sa-alloydb.iam.gserviceaccount.com',
      cloudStorage: 'service-123456789012@gs-project-accounts.iam.gserviceaccount.com',
      bigQuery: 'bq-123456789012@bigquery-encryption.iam.gserviceaccount.com',
      vertexAi: 'service-123456789012@gcp-sa-aiplatform.iam.gserviceaccount.com',
      pubSub: 'service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com',
      monitoringNotifications: 'service-123456789012@gcp-sa-monitoring-notification.iam.gserviceaccount.com',
      lustre: 'service-123456789012@gcp-sa-lustre.iam.gserviceaccount.com',
      billingBudget: 'billing-budget-alert@system.gserviceaccount.com',
    };
    for (const [agent, email] of Object.entries(expected)) {
      expect(serviceAgentEmail(agent as GcpServiceAgent, TEST_PROJECT_NUMBER)).toBe(email);
    }
    expect(Object.keys(GCP_SERVICE_AGENTS).sort()).toEqual(Object.keys(expected).sort());
  });

  test('members carry the serviceAccount: prefix', () => {
    expect(serviceAgentMember('cloudStorage', TEST_PROJECT_NUMBER)).toBe('serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com');
  });

  test('every agent fact has an https source, an asOf date, and says which are created just in time', () => {
    for (const fact of Object.values(GCP_SERVICE_AGENTS)) {
      expect(fact.source).toMatch(/^https:\/\//);
      expect(fact.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const jit = Object.entries(GCP_SERVICE_AGENTS).filter(([, f]) => f.justInTime).map(([a]) => a).sort();
    expect(jit).toEqual(['alloyDb', 'cloudSql', 'lustre', 'pubSub']);
  });
});
