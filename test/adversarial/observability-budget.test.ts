import { Testing } from 'cdktf';
import { expectAiInfraError } from './expect';
import { FinOpsBudget, FinOpsBudgetProps } from '../../src/constructs/finops-budget';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { ObservabilityStack, ObservabilityStackProps } from '../../src/constructs/observability-stack';
import { AiInfraStack } from '../../src/constructs/stack';
import { awsStack, synthJson } from '../helpers/stack';

const obs = (props: Record<string, unknown>) => () => {
  const stack = awsStack();
  const cluster = new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
  return new ObservabilityStack(stack, 'Obs', { cluster, ...props } as ObservabilityStackProps);
};
const budget = (props: Record<string, unknown>) => () => new FinOpsBudget(awsStack(), 'Budget', props as unknown as FinOpsBudgetProps);

describe('ObservabilityStack: odd inputs give AiInfraError naming test/Obs and the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['p99 below p95 (inverted)', { alerts: { p95LatencyMs: 5000, p99LatencyMs: 1000 } }, 'alerts.p99LatencyMs'],
    ['p95 above the default p99', { alerts: { p95LatencyMs: 30_000 } }, 'alerts.p99LatencyMs'],
    ['latency NaN', { alerts: { p95LatencyMs: NaN } }, 'alerts.p95LatencyMs'],
    ['latency 0', { alerts: { p95LatencyMs: 0 } }, 'alerts.p95LatencyMs'],
    ['idle GPU percent fractional', { alerts: { lowGpuUtilizationPercent: 0.5 } }, 'alerts.lowGpuUtilizationPercent'],
    ['idle window under 30 minutes', { alerts: { lowGpuUtilizationWindowMinutes: 5 } }, 'alerts.lowGpuUtilizationWindowMinutes'],
    ['scrape interval below the managed minimum', { scrapeIntervalSeconds: 10 }, 'scrapeIntervalSeconds'],
    ['e-mail malformed', { alertEmails: ['x'] }, 'alertEmails.0'],
    ['e-mail listed twice (was a constructs error)', { alertEmails: ['a@b.co', 'a@b.co'] }, 'alertEmails.1'],
    ['https endpoint listed twice', { alertHttpsEndpoints: ['https://x.example', 'https://x.example'] }, 'alertHttpsEndpoints.1'],
    ['http endpoint', { alertHttpsEndpoints: ['http://x.example'] }, 'alertHttpsEndpoints.0'],
    ['log group listed twice (was a constructs error)', { applicationLogGroups: ['/a', '/a'] }, 'applicationLogGroups.1'],
    ['log group with a space', { applicationLogGroups: ['/a b'] }, 'applicationLogGroups.0'],
    ['log retention off CloudWatch values', { logRetentionDays: 10 }, 'logRetentionDays'],
    ['DCGM on an unknown type', { dcgmExporter: { instanceTypes: ['zz.large'] } }, 'dcgmExporter.instanceTypes.0'],
    ['DCGM on a Neuron type (no NVIDIA GPU)', { dcgmExporter: { instanceTypes: ['trn1.32xlarge'] } }, 'dcgmExporter.instanceTypes.0'],
    ['DCGM chart version garbage', { dcgmExporter: { chartVersion: 'latest' } }, 'dcgmExporter.chartVersion'],
    ['scraper security groups empty', { aws: { scraperSecurityGroupIds: [] } }, 'aws.scraperSecurityGroupIds'],
    ['samples per second negative', { expectedSamplesPerSecond: -1 }, 'expectedSamplesPerSecond'],
  ])('%s', (_name, props, field) => {
    expectAiInfraError(obs(props), 'test/Obs', field);
  });

  test('a second ObservabilityStack on the same cluster', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
    new ObservabilityStack(stack, 'O1', { cluster });
    expectAiInfraError(() => new ObservabilityStack(stack, 'O2', { cluster }), 'test/O2', 'cluster');
  });

  test('a cluster from another stack', () => {
    const app = Testing.app();
    const cluster = new GpuCluster(awsStack({}, app), 'Cluster', { instanceTypes: ['p5.48xlarge'] });
    expectAiInfraError(() => new ObservabilityStack(awsStack({ namePrefix: 'other' }, app), 'Obs', { cluster }), 'other/Obs', 'cluster');
  });
});

describe('FinOpsBudget: odd inputs give AiInfraError naming test/Budget and the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['limit 0', { limitUsd: 0 }, 'limitUsd'],
    ['limit negative', { limitUsd: -1 }, 'limitUsd'],
    ['limit NaN', { limitUsd: NaN }, 'limitUsd'],
    ['limit Infinity', { limitUsd: Infinity }, 'limitUsd'],
    ['limit 1e308', { limitUsd: 1e308 }, 'limitUsd'],
    ['limit missing', {}, 'limitUsd'],
    ['threshold 0', { limitUsd: 100, actualThresholdPercent: 0 }, 'actualThresholdPercent'],
    ['threshold 1e6', { limitUsd: 100, forecastThresholdPercent: 1e6 }, 'forecastThresholdPercent'],
    ['no topic and no e-mail', { limitUsd: 100, topic: false }, 'emails'],
    ['e-mail listed twice (was a constructs error)', { limitUsd: 100, emails: ['a@b.co', 'a@b.co'] }, 'emails.1'],
    ['eleven e-mails', { limitUsd: 100, emails: Array.from({ length: 11 }, (_, i) => `a${i}@b.co`) }, 'emails'],
    ['anomaly threshold negative', { limitUsd: 100, anomalyThresholdUsd: -5 }, 'anomalyThresholdUsd'],
    ['unknown overbudget mode', { limitUsd: 100, onOverBudget: 'ignore' }, 'onOverBudget'],
  ])('%s', (_name, props, field) => {
    expectAiInfraError(budget(props), 'test/Budget', field);
  });

  test('a limit below the estimate fails synth with our one-line message naming the path and limitUsd', () => {
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
    new FinOpsBudget(stack, 'Budget', { limitUsd: 1 });
    // Synth-time checks (budget, policy pack) run as cdktf validations, which collect every
    // finding of the stack into one error; each line is one of our AiInfraError messages.
    expect(() => synthJson(stack)).toThrow(/\[test\/Budget\] test\/Budget: limitUsd must be at least the stack's monthly ceiling \$[\d,.]+ \(every pool at its max; expected \$[\d,.]+\), got 1\. Biggest cost lines:/);
  });

  test('a GCP budget without the billing account id gets one clear error naming that field', () => {
    const stack = new AiInfraStack(Testing.app(), 'gcp', {
      cloud: 'gcp', region: 'us-central1', namePrefix: 'gcp', tags: { project: 'p', environment: 'e', costCenter: 'c' }, gcp: { projectId: 'my-project-1' },
    });
    expectAiInfraError(() => new FinOpsBudget(stack, 'Budget', { limitUsd: 100 }), 'gcp/Budget', 'gcp.billingAccountId');
  });
});
