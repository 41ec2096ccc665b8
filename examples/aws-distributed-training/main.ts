/**
 * Multi-node H100 pretraining on spot capacity with EFA, a cluster placement
 * group, FSx for Lustre in the training zone, checkpoints in S3, metrics and
 * alerts, and a budget. The region is placed under a US-only policy.
 *
 *   cdktf synth            # or: npm run demo (from the repo root)
 *   ai-infra report        # what was decided and what it costs
 */
import { App } from 'cdktf';
import { DistributedTrainingStack } from 'cdktf-ai-infra';

const app = new App();

new DistributedTrainingStack(app, 'llm-pretrain', {
  namePrefix: 'llm-pretrain',
  tags: { project: 'foundation-llm', environment: 'prod', costCenter: 'ml-research' },
  aws: { accountId: '123456789012' },
  // No region: placement picks the cheapest US region that offers H100 nodes.
  compliance: { jurisdictions: ['US'] },
  cluster: { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } },
  training: {
    accelerator: 'H100',
    totalGpus: 64,
    model: { paramsBillions: 70, precision: 'bf16', sequenceLength: 8192 },
    // The job runs about half the month.
    expectedNodes: 4,
  },
  storage: {
    throughputGBps: 4,
    dataRepositories: [{ importPath: 's3://foundation-llm-datasets/tokenized/', fileSystemPath: '/datasets' }],
  },
  observability: { alertEmails: ['ml-oncall@example.com'] },
  // The limit covers the ceiling (all 8 nodes all month: about $325k); the expected figure is reported beside it.
  budget: { limitUsd: 350_000, emails: ['finops@example.com'] },
});

app.synth();
