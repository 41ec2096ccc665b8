import { BudgetsBudget, BudgetsBudgetNotification } from '@cdktf/provider-aws/lib/budgets-budget';
import { CeAnomalyMonitor } from '@cdktf/provider-aws/lib/ce-anomaly-monitor';
import { CeAnomalySubscription } from '@cdktf/provider-aws/lib/ce-anomaly-subscription';
import { CeCostAllocationTag } from '@cdktf/provider-aws/lib/ce-cost-allocation-tag';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { alertTopic } from './alert-topic';
import { CustomerKey } from './kms';
import { requireAwsAccountId, stackContextOf } from '../core/context';
import type { FinOpsBudgetBackend, FinOpsBudgetPlan } from '../core/plans';

/** What the AWS backend of FinOpsBudget made. */
export interface AwsFinOpsResources extends FinOpsBudgetBackend {
  readonly budget: BudgetsBudget;
  /** Customer key of the alert topic (when `topic` is on). */
  readonly key?: CustomerKey;
  readonly topic?: SnsTopic;
  readonly topicPolicy?: SnsTopicPolicy;
  readonly subscriptions: ReadonlyArray<SnsTopicSubscription>;
  readonly anomalyMonitor?: CeAnomalyMonitor;
  readonly anomalySubscription?: CeAnomalySubscription;
  /** Cost-allocation tag activations, by tag key. */
  readonly costAllocationTags: Readonly<Record<string, CeCostAllocationTag>>;
}

/** Builds the AWS side of a FinOpsBudget in the construct's scope. */
export function createAwsFinOpsBudget(scope: Construct, plan: FinOpsBudgetPlan): AwsFinOpsResources {
  const stack = stackContextOf(scope);
  const account = requireAwsAccountId(stack, plan.where);
  const id = plan.nameSuffix;

  let key: CustomerKey | undefined;
  let topic: SnsTopic | undefined;
  let topicPolicy: SnsTopicPolicy | undefined;
  let subscriptions: SnsTopicSubscription[] = [];
  if (plan.topic) {
    key = new CustomerKey(scope, 'Key', {
      description: `Budget and cost anomaly alert topic of ${scope.node.path}`,
      aliasSuffix: id,
      // costalerts.amazonaws.com is the principal Cost Anomaly Detection publishes as.
      servicePrincipals: ['budgets.amazonaws.com', 'costalerts.amazonaws.com'],
      // It encrypts alerts in flight only: the stack may destroy it with the topic.
      retainsData: false,
    });
    const alerts = alertTopic(scope, {
      nameSuffix: id,
      kmsKeyArn: key.arn,
      emails: plan.emails,
      publishers: [
        {
          sid: 'BudgetsOfThisAccountPublish',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['budgets.amazonaws.com'] }],
          actions: ['sns:Publish'],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
        },
        {
          sid: 'CostAnomalyDetectionOfThisAccountPublishes',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['costalerts.amazonaws.com'] }],
          actions: ['sns:Publish'],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
        },
      ],
    });
    topic = alerts.topic;
    topicPolicy = alerts.policy;
    subscriptions = [...alerts.subscriptions];
  }

  const subscribers: Pick<BudgetsBudgetNotification, 'subscriberEmailAddresses' | 'subscriberSnsTopicArns'> = topic
    ? { subscriberSnsTopicArns: [topic.arn] }
    : { subscriberEmailAddresses: [...plan.emails] };
  const budgetName = stack.claimPhysicalName('budget', stack.physicalName(`${id}-monthly`, { maxLength: 100 }), plan.where);
  const budget = new BudgetsBudget(scope, 'Resource', {
    name: budgetName,
    accountId: account,
    budgetType: 'COST',
    timeUnit: 'MONTHLY',
    limitAmount: String(plan.limitUsd),
    limitUnit: 'USD',
    costFilter: plan.filterByProjectTag ? [{ name: 'TagKeyValue', values: [`user:project$${plan.project}`] }] : undefined,
    notification: [
      { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold: plan.actualThresholdPercent, thresholdType: 'PERCENTAGE', ...subscribers },
      { notificationType: 'FORECASTED', comparisonOperator: 'GREATER_THAN', threshold: plan.forecastThresholdPercent, thresholdType: 'PERCENTAGE', ...subscribers },
    ],
    dependsOn: topicPolicy ? [topicPolicy] : undefined,
  });

  let anomalyMonitor: CeAnomalyMonitor | undefined;
  let anomalySubscription: CeAnomalySubscription | undefined;
  if (plan.anomalyMonitor !== 'none') {
    anomalyMonitor = new CeAnomalyMonitor(scope, 'AnomalyMonitor', {
      name: stack.physicalName(`${id}-anomalies`, { maxLength: 1024 }),
      ...(plan.anomalyMonitor === 'service'
        ? { monitorType: 'DIMENSIONAL', monitorDimension: 'SERVICE' }
        : {
          monitorType: 'CUSTOM',
          // Every key present (null when unused) as the API returns it, so plans show no diff.
          monitorSpecification: JSON.stringify({
            And: null,
            CostCategories: null,
            Dimensions: null,
            Not: null,
            Or: null,
            Tags: { Key: 'project', MatchOptions: null, Values: [plan.project] },
          }),
        }),
    });
    anomalySubscription = new CeAnomalySubscription(scope, 'AnomalySubscription', {
      name: stack.physicalName(`${id}-anomaly-alerts`, { maxLength: 1024 }),
      monitorArnList: [anomalyMonitor.arn],
      // SNS subscribers take every anomaly as it is found; e-mail only as a daily digest.
      frequency: topic ? 'IMMEDIATE' : 'DAILY',
      subscriber: topic ? [{ type: 'SNS', address: topic.arn }] : plan.emails.map((e) => ({ type: 'EMAIL', address: e })),
      thresholdExpression: {
        dimension: { key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', matchOptions: ['GREATER_THAN_OR_EQUAL'], values: [String(plan.anomalyThresholdUsd)] },
      },
      dependsOn: topicPolicy ? [topicPolicy] : undefined,
    });
  }

  const costAllocationTags: Record<string, CeCostAllocationTag> = {};
  for (const tagKey of plan.activateTagKeys) {
    const pascal = tagKey.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
    costAllocationTags[tagKey] = new CeCostAllocationTag(scope, `CostAllocationTag${pascal}`, { tagKey, status: 'Active' });
  }

  return { budget, key, topic, topicPolicy, subscriptions, anomalyMonitor, anomalySubscription, costAllocationTags, budgetName };
}
