/**
 * A feature platform without a cluster: SageMaker feature groups (online
 * store for serving, offline store in S3 for training), customer-managed keys,
 * a monthly budget with forecast alerts, a cost anomaly monitor and the
 * cost-allocation tags activated.
 */
import { App } from 'cdktf';
import { FeaturePlatformStack } from 'cdktf-ai-infra';

const app = new App();

new FeaturePlatformStack(app, 'features', {
  namePrefix: 'features',
  region: 'us-west-2',
  compliance: { jurisdictions: ['US'], programs: ['HIPAA'] },
  tags: { project: 'recsys', environment: 'prod', costCenter: 'growth' },
  aws: { accountId: '123456789012' },
  features: {
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
        ttlHours: 24 * 30,
        features: [
          { name: 'item_id', type: 'String' },
          { name: 'event_time', type: 'Fractional' },
          { name: 'views_7d', type: 'Integral' },
          { name: 'ctr_7d', type: 'Fractional' },
        ],
      },
    ],
  },
  budget: { limitUsd: 2_000, emails: ['finops@example.com'], anomalyThresholdUsd: 50 },
});

app.synth();
