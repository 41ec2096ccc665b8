import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { freeId, startConstruct, uniqueItems } from './checks';
import { AiInfraStack } from './stack';
import type { AwsFinOpsResources } from '../aws/finops-budget';
import type { CloudBackends } from '../core/backends';
import type { AnomalyMonitorScope } from '../core/plans';
import { AiInfraError } from '../errors';
import type { GcpFinOpsBudget } from '../gcp/finops-budget';
import { CostLine, formatUsd, kmsKeyCost } from '../planning/cost';
import { alertTopicCostLine, gcpKmsKeyCost } from '../planning/gcp-data-cost';
import { COST_ALLOCATION_TAG_KEYS } from '../policy/rules/cost-allocation-tags';

/** A Cloud Billing account id: three groups of six hex digits (upper case). */
export const BILLING_ACCOUNT_ID = /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/;
/** Most monitoring notification channels a Google Cloud budget takes. */
export const GCP_BUDGET_MAX_CHANNELS = 5;


/** AWS-only settings. */
export interface FinOpsBudgetAwsProps {
  /**
   * Activate the cost-allocation tag keys (project, environment, cost-center,
   * component) in Billing. Activation is account-wide (one per tag key in the
   * payer account) and fails for a key that has not yet appeared on any
   * resource; set false when another stack activates them.
   * @default true
   */
  readonly activateCostAllocationTags?: boolean;
}

/** GCP-only settings. */
export interface FinOpsBudgetGcpProps {
  /**
   * The Cloud Billing account the project is linked to (`XXXXXX-XXXXXX-XXXXXX`,
   * `gcloud billing projects describe <project>`): a GCP budget lives on the
   * billing account. Whoever applies needs `billing.budgets.create` on it.
   */
  readonly billingAccountId: string;
}

export interface FinOpsBudgetProps {
  /** Monthly budget, USD. The stack's estimated monthly cost must fit in it (see `onOverBudget`). */
  readonly limitUsd: number;
  /**
   * Notify when actual spend passes this percentage of the limit (1..1000).
   * @default 80
   */
  readonly actualThresholdPercent?: number;
  /**
   * Notify when forecast spend passes this percentage of the limit (1..1000).
   * @default 100
   */
  readonly forecastThresholdPercent?: number;
  /**
   * E-mail addresses to notify (at most 10; at most 5 on GCP). AWS: with the topic on, they
   * subscribe to the topic; otherwise the budget and the anomaly subscription mail them directly.
   * GCP: each becomes a Cloud Monitoring e-mail channel of the budget.
   * @default - none
   */
  readonly emails?: string[];
  /**
   * Create a topic encrypted with a customer key that budget (and, on AWS,
   * anomaly) alerts publish to: SNS on AWS, Pub/Sub on GCP.
   * @default true
   */
  readonly topic?: boolean;
  /**
   * Count only spend tagged with this stack's `project` tag (AWS: cost-allocation
   * tag filter `user:project$<value>`; GCP: budget label filter `project=<value>`);
   * false counts the whole account (AWS) or the whole project (GCP).
   * @default true
   */
  readonly filterByProjectTag?: boolean;
  /**
   * What the cost anomaly monitor watches: spend tagged with the project
   * (`project-tag`, a CUSTOM monitor), every AWS service of the account
   * (`service`, a DIMENSIONAL monitor: an account may have only one), or nothing.
   * GCP has no project-scoped anomaly monitor in provider 6.50: only `none` is accepted there.
   * @default 'project-tag' on AWS, 'none' on GCP
   */
  readonly anomalyMonitor?: AnomalyMonitorScope;
  /**
   * Alert on an anomaly whose total impact is at least this, USD (AWS only).
   * @default 100
   */
  readonly anomalyThresholdUsd?: number;
  /**
   * `error`: synth fails when the stack's estimated monthly cost exceeds
   * `limitUsd`. `warn`: a warning annotation and a manifest warning instead.
   * @default 'error'
   */
  readonly onOverBudget?: 'error' | 'warn';
  /**
   * Which monthly figure must fit in `limitUsd`: `ceiling`, every pool at its max
   * node count (what the stack may cost), or `expected`, pools at their expected
   * node counts. The check reports both either way.
   * @default 'ceiling'
   */
  readonly gate?: 'ceiling' | 'expected';
  /** AWS-only settings. @default - none */
  readonly aws?: FinOpsBudgetAwsProps;
  /**
   * GCP-only settings; required on GCP stacks (the billing account id).
   * @default - none
   */
  readonly gcp?: FinOpsBudgetGcpProps;
}

const finOpsPropsSchema = z
  .object({
    limitUsd: z.number().positive().max(1e9),
    actualThresholdPercent: z.number().min(1).max(1000).default(80),
    forecastThresholdPercent: z.number().min(1).max(1000).default(100),
    emails: z.array(z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address')).max(10).superRefine(uniqueItems('an address')).default([]),
    topic: z.boolean().default(true),
    filterByProjectTag: z.boolean().default(true),
    anomalyMonitor: z.enum(['project-tag', 'service', 'none']).optional(),
    anomalyThresholdUsd: z.number().min(0).max(1e9).optional(),
    onOverBudget: z.enum(['error', 'warn']).default('error'),
    gate: z.enum(['ceiling', 'expected']).default('ceiling'),
    aws: z.object({ activateCostAllocationTags: z.boolean().optional() }).strict().optional(),
    gcp: z
      .object({ billingAccountId: z.string().regex(BILLING_ACCOUNT_ID, 'a Cloud Billing account id: three groups of six digits or upper-case letters A-F, e.g. "01AB23-45CD67-89EF01"') })
      .strict()
      .optional(),
  })
  .strict();

type ParsedFinOps = z.output<typeof finOpsPropsSchema>;

/**
 * A monthly cost budget with actual and forecast alerts, a cost anomaly
 * monitor and subscription, and activation of the cost-allocation tags; at
 * synth it compares the stack's estimated monthly cost with the limit.
 */
export class FinOpsBudget extends Construct {
  /**
   * The AWS resources (escape hatch, AWS stacks).
   * @default - absent on other clouds
   */
  public readonly aws?: AwsFinOpsResources;
  /**
   * The GCP resources (escape hatch, GCP stacks): budget, topic, key, channels.
   * @default - absent on other clouds
   */
  public readonly gcp?: GcpFinOpsBudget;
  /** The monthly limit, USD. */
  public readonly limitUsd: number;

  private readonly onOverBudget: 'error' | 'warn';
  private readonly gate: 'ceiling' | 'expected';
  private checked = false;
  private warned = false;

  constructor(scope: Construct, id: string, props: FinOpsBudgetProps) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, finOpsPropsSchema, props, 'finOpsBudget');
    if (!p.topic && p.emails.length === 0) {
      throw new AiInfraError({ where, field: 'emails', given: [], allowed: 'at least one address when topic is false (a budget alert needs a subscriber)' });
    }
    this.limitUsd = p.limitUsd;
    this.onOverBudget = p.onOverBudget;
    this.gate = p.gate;
    const project = stack.tags.project;
    if (stack.cloud === 'gcp') {
      this.gcp = this.buildGcp(p, stack, backend, where, id, project);
      this.node.addValidation({ validate: () => this.checkEstimate() });
      return;
    }
    if (p.gcp) {
      throw new AiInfraError({ where, field: 'gcp', given: p.gcp, allowed: `unset on a ${stack.cloud} stack (GCP-only settings)` });
    }
    const anomalyMonitor = p.anomalyMonitor ?? 'project-tag';
    const anomalyThresholdUsd = p.anomalyThresholdUsd ?? 100;
    const activate = p.aws?.activateCostAllocationTags ?? true;

    stack.recordDecision({
      construct: where,
      topic: 'budget',
      chosen: `${formatUsd(p.limitUsd)}/month${p.filterByProjectTag ? ` for spend tagged project=${project}` : ' for the whole account'}; alerts at ${p.actualThresholdPercent}% actual and ${p.forecastThresholdPercent}% forecast`,
      reason: 'given by the user; alerts go to ' + (p.topic ? 'an encrypted SNS topic' : 'e-mail'),
    });
    if (anomalyMonitor !== 'none') {
      stack.recordDecision({
        construct: where,
        topic: 'cost-anomaly-monitor',
        chosen: `${anomalyMonitor === 'service' ? 'every AWS service (DIMENSIONAL)' : `spend tagged project=${project} (CUSTOM)`}, alert at impact >= ${formatUsd(anomalyThresholdUsd)}`,
        reason: anomalyMonitor === 'service' ? 'asked for; an account holds one service monitor' : 'scoped to this project so it coexists with other stacks\' monitors',
      });
    }
    stack.recordDecision({
      construct: where,
      topic: 'cost-allocation-tags',
      chosen: activate ? `activate ${COST_ALLOCATION_TAG_KEYS.join(', ')}` : 'left to another stack',
      reason: activate
        ? 'so Billing, the budget filter and Cost Explorer can group spend by them (account-level setting; the project filter sees no spend until project is active). '
          + 'AWS activates only keys it has seen in billing data, up to 24 h after the first tagged resource: in a new account, deploy once with aws.activateCostAllocationTags false, then turn it on'
        : 'aws.activateCostAllocationTags is false',
    });
    stack.addCostLines(finOpsCostLines(where, stack.region, p.topic));

    const built = backend(this, {
      where,
      nameSuffix: id.toLowerCase(),
      limitUsd: p.limitUsd,
      actualThresholdPercent: p.actualThresholdPercent,
      forecastThresholdPercent: p.forecastThresholdPercent,
      emails: p.emails,
      topic: p.topic,
      filterByProjectTag: p.filterByProjectTag,
      project,
      anomalyMonitor,
      anomalyThresholdUsd,
      activateTagKeys: activate ? COST_ALLOCATION_TAG_KEYS : [],
    });
    this.aws = built as AwsFinOpsResources;

    // Every construct of the stack exists when validations run (at synth), so the estimate is complete.
    this.node.addValidation({ validate: () => this.checkEstimate() });
  }

  /** The GCP form: a billing budget on the project, validated and recorded here, built by the GCP backend. */
  private buildGcp(p: ParsedFinOps, stack: AiInfraStack, backend: CloudBackends['finOpsBudget'], where: string, id: string, project: string): GcpFinOpsBudget {
    if (!p.gcp) {
      throw new AiInfraError({
        where,
        field: 'gcp.billingAccountId',
        given: undefined,
        allowed: 'the Cloud Billing account id the project is linked to (XXXXXX-XXXXXX-XXXXXX) on a GCP stack: a Google Cloud budget lives on the billing account',
        hint: 'gcloud billing projects describe <project-id> --format="value(billingAccountName)"',
      });
    }
    if (p.aws) throw new AiInfraError({ where, field: 'aws', given: p.aws, allowed: 'unset on a gcp stack (AWS-only settings)' });
    if (p.anomalyMonitor !== undefined && p.anomalyMonitor !== 'none') {
      throw new AiInfraError({
        where,
        field: 'anomalyMonitor',
        given: p.anomalyMonitor,
        allowed: '"none" or unset on a gcp stack (provider 6.50 has no project-scoped cost anomaly monitor; Cloud Billing anomaly detection is account-level)',
      });
    }
    if (p.anomalyThresholdUsd !== undefined) {
      throw new AiInfraError({ where, field: 'anomalyThresholdUsd', given: p.anomalyThresholdUsd, allowed: 'unset on a gcp stack (no anomaly monitor there)' });
    }
    if (p.emails.length > GCP_BUDGET_MAX_CHANNELS) {
      throw new AiInfraError({
        where,
        field: 'emails',
        given: p.emails.length,
        allowed: `at most ${GCP_BUDGET_MAX_CHANNELS} addresses on a gcp stack (a budget takes at most ${GCP_BUDGET_MAX_CHANNELS} monitoring notification channels)`,
        hint: 'Subscribe more people to the budget topic (a Pub/Sub subscription), or use a group address',
      });
    }
    stack.recordDecision({
      construct: where,
      topic: 'budget',
      chosen: `${formatUsd(p.limitUsd)}/month on project ${stack.gcpProjectId}${p.filterByProjectTag ? ` for cost labelled project=${project}` : ''}; alerts at ${p.actualThresholdPercent}% actual and ${p.forecastThresholdPercent}% forecast`,
      reason: `given by the user; a Cloud Billing budget on billing account ${p.gcp.billingAccountId}, every update to ${p.topic ? 'an encrypted Pub/Sub topic' : 'no topic'}${p.emails.length ? ` and ${p.emails.length} e-mail channel(s)` : ''}`,
    });
    stack.recordDecision({
      construct: where,
      topic: 'cost-anomaly-monitor',
      chosen: 'none',
      reason: 'Google Cloud: provider 6.50 has no project-scoped anomaly monitor resource; the forecast threshold is the early warning',
    });
    stack.recordDecision({
      construct: where,
      topic: 'cost-allocation-tags',
      chosen: 'labels from the provider\'s default_labels (project, environment, cost-center, component)',
      reason: 'Google Cloud billing reports and budget filters read resource labels without an activation step',
    });
    stack.addCostLines(p.topic
      ? [gcpKmsKeyCost({ component: where, region: stack.region, keys: 1 }, where), alertTopicCostLine(where, stack.region, where)]
      : []);
    return backend(this, {
      where,
      nameSuffix: id.toLowerCase(),
      limitUsd: p.limitUsd,
      actualThresholdPercent: p.actualThresholdPercent,
      forecastThresholdPercent: p.forecastThresholdPercent,
      emails: p.emails,
      topic: p.topic,
      filterByProjectTag: p.filterByProjectTag,
      project,
      anomalyMonitor: 'none',
      anomalyThresholdUsd: 0,
      activateTagKeys: [],
      gcp: { billingAccountId: p.gcp.billingAccountId },
    }) as GcpFinOpsBudget;
  }

  private checkEstimate(): string[] {
    const stack = AiInfraStack.of(this);
    const expected = stack.estimatedMonthlyUsd();
    const ceiling = stack.ceilingMonthlyUsd();
    const gated = this.gate === 'ceiling' ? ceiling : expected;
    const over = gated > this.limitUsd;
    const biggest = [...stack.costLines].sort((a, b) => (b.monthlyCeilingUsd ?? b.monthlyUsd) - (a.monthlyCeilingUsd ?? a.monthlyUsd)).slice(0, 3);
    const top = biggest.map((l) => `${l.item} at ${l.component} ${formatUsd(l.monthlyCeilingUsd ?? l.monthlyUsd)}/month at most`).join('; ');
    if (!this.checked) {
      this.checked = true;
      stack.recordDecision({
        construct: this.node.path,
        topic: 'budget-check',
        chosen: `ceiling ${formatUsd(ceiling)}/month (every pool at its max), expected ${formatUsd(expected)}/month vs limit ${formatUsd(this.limitUsd)}/month: ${
          over ? 'OVER' : 'within'
        } budget (gate: ${this.gate})`,
        reason: `the decision core's estimate of every construct in the stack (${stack.costLines.length} cost lines)${top ? `; biggest: ${top}` : ''}`,
      });
    }
    if (!over) return [];
    const error = new AiInfraError({
      where: this.node.path,
      field: 'limitUsd',
      given: this.limitUsd,
      allowed:
        this.gate === 'ceiling'
          ? `at least the stack's monthly ceiling ${formatUsd(ceiling)} (every pool at its max; expected ${formatUsd(expected)})`
          : `at least the stack's expected monthly cost ${formatUsd(expected)} (ceiling ${formatUsd(ceiling)})`,
      hint: `Biggest cost lines: ${top}. Raise limitUsd, lower the pools' max nodes, shrink or remove the biggest lines (smaller nodes, a lower warm floor, spot), set gate: 'expected', or set onOverBudget: 'warn'`,
    });
    if (this.onOverBudget === 'warn') {
      if (!this.warned) {
        this.warned = true;
        Annotations.of(this).addWarning(error.message);
        stack.addWarning(error.message);
      }
      return [];
    }
    return [error.message];
  }
}

/** Cost lines: budgets without actions and anomaly detection are free; the topic's key is not. */
export function finOpsCostLines(component: string, region: string, topic: boolean): CostLine[] {
  if (!topic) return [];
  return [kmsKeyCost({ component, region, keys: 1 }, component)];
}
