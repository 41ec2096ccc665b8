import { Testing } from 'cdktf';
import { FinOpsBudget } from '../../src/constructs/finops-budget';
import { AiInfraStack } from '../../src/constructs/stack';
import { awsStack, onlyResource, resourcesOf, synthJson, TEST_ACCOUNT } from '../helpers/stack';

/** A stack with a known estimate: one $500/month line and one $120/month line. */
function stackWithEstimate(): AiInfraStack {
  const stack = awsStack({}, Testing.app());
  const line = { quantity: 1, unit: 'hour' as const, unitUsd: 0, basis: 'on-demand' as const, source: 'test', asOf: '2026-01-01' };
  stack.addCostLines([
    { ...line, component: 'test/Pool', item: 'g6e.xlarge', monthlyUsd: 500 },
    { ...line, component: 'test/Db', item: 'Aurora ACU', monthlyUsd: 120 },
  ]);
  return stack;
}

function budgetPolicy(json: any): any {
  return Object.entries(json.data.aws_iam_policy_document).find(([id]) => id.includes('AlertTopicPolicyDocument'))![1];
}

describe('FinOpsBudget', () => {
  test('monthly COST budget with actual and forecast alerts to the encrypted topic, filtered on the project tag', () => {
    // GIVEN
    const stack = stackWithEstimate();
    // WHEN
    new FinOpsBudget(stack, 'Budget', { limitUsd: 2000, emails: ['finance@example.com'] });
    const json = synthJson(stack);
    // THEN
    const budget = onlyResource(json, 'aws_budgets_budget');
    expect(budget).toMatchObject({ budget_type: 'COST', time_unit: 'MONTHLY', limit_amount: '2000', limit_unit: 'USD', account_id: TEST_ACCOUNT });
    expect(budget.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:project$llm'] }]);
    expect(budget.notification).toEqual([
      expect.objectContaining({ notification_type: 'ACTUAL', threshold: 80, threshold_type: 'PERCENTAGE', comparison_operator: 'GREATER_THAN', subscriber_sns_topic_arns: [expect.stringContaining('aws_sns_topic.')] }),
      expect.objectContaining({ notification_type: 'FORECASTED', threshold: 100, threshold_type: 'PERCENTAGE' }),
    ]);
    const topic = onlyResource(json, 'aws_sns_topic');
    expect(topic.kms_master_key_id).toContain('aws_kms_key.');
    const sub = onlyResource(json, 'aws_sns_topic_subscription');
    expect(sub).toMatchObject({ protocol: 'email', endpoint: 'finance@example.com' });
  });

  test('key and topic policies let Budgets and Cost Anomaly Detection of this account publish', () => {
    const stack = stackWithEstimate();
    new FinOpsBudget(stack, 'Budget', { limitUsd: 2000 });
    const json = synthJson(stack);
    const keyDoc: any = Object.entries(json.data.aws_iam_policy_document).find(([id]) => id.includes('Key_Policy'))![1];
    const services = keyDoc.statement.flatMap((s: any) => (s.principals ?? []).filter((p: any) => p.type === 'Service').flatMap((p: any) => p.identifiers));
    expect(services).toEqual(expect.arrayContaining(['budgets.amazonaws.com', 'costalerts.amazonaws.com']));
    const topicDoc = budgetPolicy(json);
    const budgets = topicDoc.statement.find((s: any) => s.sid === 'BudgetsOfThisAccountPublish');
    expect(budgets.condition).toEqual([{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [TEST_ACCOUNT] }]);
  });

  test('anomaly monitor on the project tag, IMMEDIATE subscription to the topic with an impact threshold', () => {
    const stack = stackWithEstimate();
    new FinOpsBudget(stack, 'Budget', { limitUsd: 2000, anomalyThresholdUsd: 250 });
    const json = synthJson(stack);
    const monitor = onlyResource(json, 'aws_ce_anomaly_monitor');
    expect(monitor.monitor_type).toBe('CUSTOM');
    expect(JSON.parse(monitor.monitor_specification).Tags).toEqual({ Key: 'project', MatchOptions: null, Values: ['llm'] });
    const sub = onlyResource(json, 'aws_ce_anomaly_subscription');
    expect(sub.frequency).toBe('IMMEDIATE');
    expect(sub.subscriber).toEqual([{ type: 'SNS', address: expect.stringContaining('aws_sns_topic.') }]);
    expect(sub.threshold_expression.dimension).toEqual({ key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', match_options: ['GREATER_THAN_OR_EQUAL'], values: ['250'] });
  });

  test('without a topic, e-mails are direct subscribers and anomalies come as a daily digest', () => {
    const stack = stackWithEstimate();
    new FinOpsBudget(stack, 'Budget', { limitUsd: 2000, topic: false, emails: ['a@example.com'], anomalyMonitor: 'service' });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_sns_topic')).toHaveLength(0);
    expect(onlyResource(json, 'aws_budgets_budget').notification[0].subscriber_email_addresses).toEqual(['a@example.com']);
    expect(onlyResource(json, 'aws_ce_anomaly_monitor')).toMatchObject({ monitor_type: 'DIMENSIONAL', monitor_dimension: 'SERVICE' });
    expect(onlyResource(json, 'aws_ce_anomaly_subscription')).toMatchObject({ frequency: 'DAILY', subscriber: [{ type: 'EMAIL', address: 'a@example.com' }] });
  });

  test('activates the four cost-allocation tag keys unless told another stack does', () => {
    const stack = stackWithEstimate();
    new FinOpsBudget(stack, 'Budget', { limitUsd: 2000 });
    const tags = resourcesOf(synthJson(stack), 'aws_ce_cost_allocation_tag').map(([, t]) => t);
    expect(tags.map((t) => t.tag_key).sort()).toEqual(['component', 'cost-center', 'environment', 'project']);
    expect(tags.every((t) => t.status === 'Active')).toBe(true);

    const other = stackWithEstimate();
    new FinOpsBudget(other, 'Budget', { limitUsd: 2000, aws: { activateCostAllocationTags: false } });
    expect(resourcesOf(synthJson(other), 'aws_ce_cost_allocation_tag')).toHaveLength(0);
  });

  test('a budget below the estimate fails synth, naming the path, limitUsd, the estimate and the biggest lines', () => {
    const stack = stackWithEstimate();
    new FinOpsBudget(stack, 'Budget', { limitUsd: 300 });
    // the estimate is read at synth: a line added after the budget still counts
    expect(() => Testing.synth(stack, true)).toThrow(/test\/Budget: limitUsd must be at least the stack's monthly ceiling \$621(\.00)? \(every pool at its max; expected \$621(\.00)?\), got 300\. Biggest cost lines: g6e\.xlarge at test\/Pool \$500/);
  });

  test('lines added after the budget are counted', () => {
    const stack = awsStack({}, Testing.app());
    new FinOpsBudget(stack, 'Budget', { limitUsd: 100 });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    stack.addCostLines([{ component: 'test/Pool', item: 'p5.48xlarge', quantity: 1, unit: 'hour', unitUsd: 0, monthlyUsd: 40_000, basis: 'on-demand', source: 'test', asOf: '2026-01-01' }]);
    expect(() => Testing.synth(stack, true)).toThrow(/limitUsd/);
  });

  test("onOverBudget: 'warn' synthesizes, with a warning annotation and a manifest warning", () => {
    const stack = stackWithEstimate();
    const budget = new FinOpsBudget(stack, 'Budget', { limitUsd: 300, onOverBudget: 'warn' });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(stack.manifest().warnings).toEqual([expect.stringMatching(/test\/Budget: limitUsd must be at least .*\$621/)]);
    const warnings = budget.node.metadata.filter((m) => m.type === '@cdktf/warn');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].data)).toMatch(/limitUsd/);
  });

  test('records the estimate and the comparison as a decision for the report', () => {
    const stack = stackWithEstimate();
    new FinOpsBudget(stack, 'Budget', { limitUsd: 2000 });
    Testing.synth(stack, true);
    const check = stack.decisions.find((d) => d.topic === 'budget-check')!;
    expect(check.chosen).toMatch(/ceiling \$621(\.00)?\/month \(every pool at its max\), expected \$621(\.00)?\/month vs limit \$2,?000(\.00)?\/month: within budget \(gate: ceiling\)/);
    expect(stack.decisions.filter((d) => d.topic === 'budget-check')).toHaveLength(1);
  });

  test('the limit gates the ceiling (every pool at its max) by default and reports the expected figure too (issue 10, item 9)', () => {
    // GIVEN a pool expected at 2 nodes ($1,000/month) that may scale to 8 ($4,000/month)
    const stack = awsStack({}, Testing.app());
    stack.addCostLines([
      { component: 'test/Pool', item: 'p5.48xlarge', quantity: 2, unit: 'node-hour', unitUsd: 0, monthlyUsd: 1000, monthlyCeilingUsd: 4000, basis: 'on-demand', source: 'test', asOf: '2026-01-01' },
    ]);
    new FinOpsBudget(stack, 'Budget', { limitUsd: 2500 });
    // THEN synth fails: the ceiling is over the limit although the expected cost is within it
    expect(() => Testing.synth(stack, true)).toThrow(/limitUsd must be at least the stack's monthly ceiling \$4,001\.00 \(every pool at its max; expected \$1,001\.00\)/);
    const check = stack.decisions.find((d) => d.topic === 'budget-check')!;
    // ($1 is the alert topic's KMS key)
    expect(check.chosen).toMatch(/ceiling \$4,001\.00\/month \(every pool at its max\), expected \$1,001\.00\/month vs limit \$2,500\.00\/month: OVER budget \(gate: ceiling\)/);
    expect(stack.manifest().cost).toMatchObject({ estimatedMonthlyUsd: 1001, ceilingMonthlyUsd: 4001 });
  });

  test("gate: 'expected' checks the expected figure instead, and still reports the ceiling", () => {
    const stack = awsStack({}, Testing.app());
    stack.addCostLines([
      { component: 'test/Pool', item: 'p5.48xlarge', quantity: 2, unit: 'node-hour', unitUsd: 0, monthlyUsd: 1000, monthlyCeilingUsd: 4000, basis: 'on-demand', source: 'test', asOf: '2026-01-01' },
    ]);
    new FinOpsBudget(stack, 'Budget', { limitUsd: 2500, gate: 'expected' });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(stack.decisions.find((d) => d.topic === 'budget-check')!.chosen).toMatch(/within budget \(gate: expected\)/);
  });

  describe('rejects bad input with the construct path and the field', () => {
    test.each([
      [{ limitUsd: 0 }, /test\/Budget: limitUsd must be > 0, got 0/],
      [{ limitUsd: 100, actualThresholdPercent: 0 }, /test\/Budget: actualThresholdPercent must be >= 1, got 0/],
      [{ limitUsd: 100, forecastThresholdPercent: 1001 }, /test\/Budget: forecastThresholdPercent must be <= 1000, got 1001/],
      [{ limitUsd: 100, emails: ['nope'] }, /test\/Budget: emails\.0 must be an e-mail address/],
      [{ limitUsd: 100, topic: false }, /test\/Budget: emails must be at least one address when topic is false/],
      [{ limitUsd: 100, emails: Array.from({ length: 11 }, (_, i) => `u${i}@example.com`) }, /test\/Budget: emails must be of length <= 10/],
      [{ limitUsd: 100, anomalyMonitor: 'everything' }, /test\/Budget: anomalyMonitor must be one of "project-tag", "service", "none"/],
      [{ limitUsd: 100, gate: 'max' }, /test\/Budget: gate must be one of "ceiling", "expected"/],
    ])('%j', (bad, message) => {
      const stack = awsStack({}, Testing.app());
      expect(() => new FinOpsBudget(stack, 'Budget', bad as any)).toThrow(message);
    });
  });
});
