/**
 * A feature platform on Google Cloud without a cluster: Vertex AI Feature Store
 * (a Bigtable online store autoscaled over 1-3 nodes, feature views synced hourly)
 * over a BigQuery offline store with a customer-managed key, and a
 * monthly billing budget on the project with actual and forecast alerts to an
 * encrypted Pub/Sub topic and e-mail. Placed in the EU under GDPR.
 *
 * Prerequisites: the project NUMBER (`gcloud projects describe <id>
 * --format="value(projectNumber)"`) and the billing account the project is linked to.
 */
import { App } from 'cdktf';
import { AiInfraStack, FeatureStore, FinOpsBudget } from 'cdktf-ai-infra';

const app = new App();

const stack = new AiInfraStack(app, 'features', {
  cloud: 'gcp',
  region: 'europe-west4',
  compliance: { jurisdictions: ['EU'], programs: ['GDPR'] },
  namePrefix: 'features',
  tags: { project: 'recsys', environment: 'prod', costCenter: 'growth' },
  gcp: { projectId: 'recsys-prod-4821', projectNumber: '402837465123' },
});

new FeatureStore(stack, 'Features', {
  featureGroups: [
    {
      name: 'user-profile',
      recordIdentifier: 'user_id',
      eventTime: 'event_time',
      features: [
        { name: 'user_id', type: 'String' },
        { name: 'event_time', type: 'Fractional' },
        { name: 'country', type: 'String' },
        { name: 'lifetime_orders', type: 'Integral' },
        { name: 'avg_basket_usd', type: 'Fractional' },
      ],
    },
    {
      name: 'item-stats',
      recordIdentifier: 'item_id',
      eventTime: 'event_time',
      features: [
        { name: 'item_id', type: 'String' },
        { name: 'event_time', type: 'Fractional' },
        { name: 'views_7d', type: 'Integral' },
        { name: 'ctr_7d', type: 'Fractional' },
      ],
    },
  ],
  usage: { offlineStorageGiB: 200 },
  // Bigtable online serving is the default (Google is sunsetting Optimized online serving; see docs/constructs/feature-store.md).
  gcp: { syncCron: '0 * * * *' },
});

new FinOpsBudget(stack, 'Budget', {
  limitUsd: 2_000,
  emails: ['finops@example.com'],
  gcp: { billingAccountId: '01AB23-45CD67-89EF01' },
});

app.synth();
