import { BudgetsBudget, BudgetsBudgetNotification } from '@cdktf/provider-aws/lib/budgets-budget';
import { CeAnomalyMonitor } from '@cdktf/provider-aws/lib/ce-anomaly-monitor';
import { CeAnomalySubscription } from '@cdktf/provider-aws/lib/ce-anomaly-subscription';
import { CeCostAllocationTag } from '@cdktf/provider-aws/lib/ce-cost-allocation-tag';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { awsPartition, CustomerKey } from './kms';
import type { FinOpsPlan } from '../constructs/finops-budget';
import { AiInfraStack, stableHash } from '../constructs/stack';

/** What the AWS backend of FinOpsBudget made. */
export interface AwsFinOpsResources {
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

/** Builds the AWS side of a FinOpsBudget. `scope` is the construct. */
export function buildAwsFinOps(scope: Construct, plan: FinOpsPlan): AwsFinOpsResources {
  const stack = AiInfraStack.of(scope);
  const account = stack.awsAccountId!;
  const partition = awsPartition(stack.region);
  const id = scope.node.id.toLowerCase();

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
    topic = new SnsTopic(scope, 'AlertTopic', {
      name: stack.physicalName(`${id}-alerts`, { maxLength: 256 }),
      kmsMasterKeyId: key.arn,
    });
    const doc = new DataAwsIamPolicyDocument(scope, 'AlertTopicPolicyDocument', {
      statement: [
        {
          sid: 'AccountOwnerManagesTopic',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [`arn:${partition}:iam::${account}:root`] }],
          actions: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:AddPermission', 'sns:RemovePermission', 'sns:DeleteTopic', 'sns:Subscribe', 'sns:ListSubscriptionsByTopic', 'sns:Publish'],
          resources: [topic.arn],
        },
        {
          sid: 'BudgetsOfThisAccountPublish',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['budgets.amazonaws.com'] }],
          actions: ['sns:Publish'],
          resources: [topic.arn],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
        },
        {
          sid: 'CostAnomalyDetectionOfThisAccountPublishes',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['costalerts.amazonaws.com'] }],
          actions: ['sns:Publish'],
          resources: [topic.arn],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
        },
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: 'AWS', identifiers: ['*'] }],
          actions: ['sns:Publish'],
          resources: [topic.arn],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    topicPolicy = new SnsTopicPolicy(scope, 'AlertTopicPolicy', { arn: topic.arn, policy: doc.json });
    subscriptions = plan.emails.map((e) => new SnsTopicSubscription(scope, `Email${stableHash(e)}`, { topicArn: topic!.arn, protocol: 'email', endpoint: e }));
  }

  const subscribers: Pick<BudgetsBudgetNotification, 'subscriberEmailAddresses' | 'subscriberSnsTopicArns'> = topic
    ? { subscriberSnsTopicArns: [topic.arn] }
    : { subscriberEmailAddresses: [...plan.emails] };
  const budget = new BudgetsBudget(scope, 'Resource', {
    name: stack.physicalName(`${id}-monthly`, { maxLength: 100 }),
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

  return { budget, key, topic, topicPolicy, subscriptions, anomalyMonitor, anomalySubscription, costAllocationTags };
}
