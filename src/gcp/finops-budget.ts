import { BillingBudget } from '@cdktf/provider-google/lib/billing-budget';
import type { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { Construct } from 'constructs';
import { constructKey, GcpDataContext, gcpDataContextOf } from './data-context';
import type { GcpCustomerKey } from './kms';
import { encryptedAlertTopic } from './observability';
import { toGcpLabels } from './provider';
import type { FinOpsBudgetBackend, FinOpsBudgetPlan } from '../core/plans';
import { AiInfraError } from '../errors';

/** What the FinOpsBudget backend needs on GCP, resolved and validated by the construct. */
export interface GcpFinOpsPlan {
  readonly billingAccountId: string;
  readonly limitUsd: number;
  /** Percent of the limit (1..1000). */
  readonly actualThresholdPercent: number;
  readonly forecastThresholdPercent: number;
  /** E-mail addresses (≤ 5: a budget takes at most five monitoring channels). */
  readonly emails: ReadonlyArray<string>;
  /** Pub/Sub topic with a customer key that the budget publishes every update to. */
  readonly topic: boolean;
  /** Customer key of the topic (required when `topic`; the Pub/Sub agent is granted it). */
  readonly key?: GcpCustomerKey;
  /** Count only cost labelled `project=<value>`; otherwise the whole project. */
  readonly projectLabel?: { readonly key: string; readonly value: string };
}

/** What the GCP backend of FinOpsBudget made (escape hatches). */
export interface GcpFinOpsResources {
  readonly budget: BillingBudget;
  readonly topicKeyGrant?: KmsCryptoKeyIamMember;
  readonly topic?: PubsubTopic;
  readonly budgetPublishes?: PubsubTopicIamMember;
  readonly emailChannels: ReadonlyArray<MonitoringNotificationChannel>;
}

/** Whole dollars and nanos of a USD amount (the budget API's Money). */
export function usdMoney(usd: number): { units: string; nanos: number } {
  const units = Math.trunc(usd);
  return { units: String(units), nanos: Math.round((usd - units) * 1e9) };
}

/**
 * A monthly Cloud Billing budget on the project (`projects/<number>`),
 * optionally only for cost labelled with the stack's project label, with
 * actual and forecast thresholds; every update goes to a Pub/Sub topic
 * encrypted with a customer key (the billing budget agent may publish) and to
 * e-mail through Cloud Monitoring channels. The billing account's own IAM
 * recipients are notified too (the API's default).
 */
export function buildGcpFinOps(scope: Construct, ctx: GcpDataContext, base: string, plan: GcpFinOpsPlan): GcpFinOpsResources {
  let topicKeyGrant: KmsCryptoKeyIamMember | undefined;
  let topic: PubsubTopic | undefined;
  let budgetPublishes: PubsubTopicIamMember | undefined;
  if (plan.topic) {
    const t = encryptedAlertTopic(scope, ctx, {
      name: ctx.physicalName(`${base}-budget`, { maxLength: 255 }),
      key: plan.key!,
      publisher: 'billingBudget',
      idPrefix: 'Budget',
    });
    topicKeyGrant = t.keyGrant;
    topic = t.topic;
    budgetPublishes = t.publisher;
  }
  const emailChannels = plan.emails.map(
    (e) =>
      new MonitoringNotificationChannel(scope, `Email-${e.replace(/[^a-zA-Z0-9]/g, '-')}`, {
        displayName: `${ctx.physicalName(base)} budget (${e})`,
        type: 'email',
        labels: { email_address: e },
      }),
  );
  const budget = new BillingBudget(scope, 'Resource', {
    billingAccount: plan.billingAccountId,
    displayName: ctx.physicalName(`${base}-monthly`, { maxLength: 60 }),
    amount: { specifiedAmount: { currencyCode: 'USD', ...usdMoney(plan.limitUsd) } },
    budgetFilter: {
      projects: [`projects/${ctx.projectNumber}`],
      calendarPeriod: 'MONTH',
      creditTypesTreatment: 'INCLUDE_ALL_CREDITS',
      ...(plan.projectLabel ? { labels: { [plan.projectLabel.key]: plan.projectLabel.value } } : {}),
    },
    thresholdRules: [
      { thresholdPercent: plan.actualThresholdPercent / 100, spendBasis: 'CURRENT_SPEND' },
      { thresholdPercent: plan.forecastThresholdPercent / 100, spendBasis: 'FORECASTED_SPEND' },
    ],
    allUpdatesRule: {
      ...(topic ? { pubsubTopic: topic.id, schemaVersion: '1.0' } : {}),
      ...(emailChannels.length ? { monitoringNotificationChannels: emailChannels.map((c) => c.name) } : {}),
      disableDefaultIamRecipients: false,
    },
    dependsOn: budgetPublishes ? [budgetPublishes] : undefined,
  });
  return { budget, topicKeyGrant, topic, budgetPublishes, emailChannels };
}

/** What the GCP backend of FinOpsBudget made. */
export interface GcpFinOpsBudget extends FinOpsBudgetBackend {
  readonly key?: GcpCustomerKey;
  readonly resources: GcpFinOpsResources;
}

/** Builds the GCP side of a FinOpsBudget in the construct's scope, from its plan. */
export function createGcpFinOpsBudget(scope: Construct, plan: FinOpsBudgetPlan): GcpFinOpsBudget {
  const g = plan.gcp;
  if (!g) throw new AiInfraError({ where: plan.where, field: 'gcp.billingAccountId', given: undefined, allowed: 'the billing account id in the budget plan (a GCP stack)' });
  const ctx = gcpDataContextOf(scope, plan.where);
  const key = plan.topic ? constructKey(scope, ctx, plan.nameSuffix, 'budget-alerts') : undefined;
  const resources = buildGcpFinOps(scope, ctx, plan.nameSuffix, {
    billingAccountId: g.billingAccountId,
    limitUsd: plan.limitUsd,
    actualThresholdPercent: plan.actualThresholdPercent,
    forecastThresholdPercent: plan.forecastThresholdPercent,
    emails: plan.emails,
    topic: plan.topic,
    key,
    projectLabel: plan.filterByProjectTag ? { key: 'project', value: toGcpLabels({ project: plan.project }).project } : undefined,
  });
  return { key, resources, budgetName: resources.budget.displayName };
}
