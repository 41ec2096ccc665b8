import { Construct } from 'constructs';
import { z } from 'zod';
import { freeId, startConstruct, uniqueItems } from './checks';
import { AiInfraStack } from './stack';
import type { AwsFinOpsResources } from '../aws/finops-budget';
import type { AnomalyMonitorScope } from '../core/plans';
import { AiInfraError } from '../errors';
import { CostLine, formatUsd, kmsKeyCost } from '../planning/cost';
import { COST_ALLOCATION_TAG_KEYS } from '../policy/rules/cost-allocation-tags';


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
   * E-mail addresses to notify (at most 10). With the topic on, they subscribe
   * to the topic; otherwise the budget and the anomaly subscription mail them directly.
   * @default - none
   */
  readonly emails?: string[];
  /**
   * Create an SNS topic (encrypted with a customer key) that budget and
   * anomaly alerts publish to.
   * @default true
   */
  readonly topic?: boolean;
  /**
   * Count only spend tagged with this stack's `project` tag (cost-allocation
   * tag filter `user:project$<value>`); false counts the whole account.
   * @default true
   */
  readonly filterByProjectTag?: boolean;
  /**
   * What the cost anomaly monitor watches: spend tagged with the project
   * (`project-tag`, a CUSTOM monitor), every AWS service of the account
   * (`service`, a DIMENSIONAL monitor: an account may have only one), or nothing.
   * @default 'project-tag'
   */
  readonly anomalyMonitor?: AnomalyMonitorScope;
  /**
   * Alert on an anomaly whose total impact is at least this, USD.
   * @default 100
   */
  readonly anomalyThresholdUsd?: number;
  /**
   * `error`: synth fails when the stack's estimated monthly cost exceeds
   * `limitUsd`. `warn`: a warning annotation and a manifest warning instead.
   * @default 'error'
   */
  readonly onOverBudget?: 'error' | 'warn';
  /** AWS-only settings. @default - none */
  readonly aws?: FinOpsBudgetAwsProps;
}

const finOpsPropsSchema = z
  .object({
    limitUsd: z.number().positive().max(1e9),
    actualThresholdPercent: z.number().min(1).max(1000).default(80),
    forecastThresholdPercent: z.number().min(1).max(1000).default(100),
    emails: z.array(z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address')).max(10).superRefine(uniqueItems('an address')).default([]),
    topic: z.boolean().default(true),
    filterByProjectTag: z.boolean().default(true),
    anomalyMonitor: z.enum(['project-tag', 'service', 'none']).default('project-tag'),
    anomalyThresholdUsd: z.number().min(0).max(1e9).default(100),
    onOverBudget: z.enum(['error', 'warn']).default('error'),
    aws: z.object({ activateCostAllocationTags: z.boolean().optional() }).strict().optional(),
  })
  .strict();

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
  /** The monthly limit, USD. */
  public readonly limitUsd: number;

  private readonly onOverBudget: 'error' | 'warn';
  private checked = false;
  private warned = false;

  constructor(scope: Construct, id: string, props: FinOpsBudgetProps) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, finOpsPropsSchema, props, 'finOpsBudget');
    if (!p.topic && p.emails.length === 0) {
      throw new AiInfraError({ where, field: 'emails', given: [], allowed: 'at least one address when topic is false (a budget alert needs a subscriber)' });
    }
    this.limitUsd = p.limitUsd;
    stack.recordBudget(where, p.limitUsd);
    this.onOverBudget = p.onOverBudget;
    const activate = p.aws?.activateCostAllocationTags ?? true;
    const project = stack.tags.project;

    stack.recordDecision({
      construct: where,
      topic: 'budget',
      chosen: `${formatUsd(p.limitUsd)}/month${p.filterByProjectTag ? ` for spend tagged project=${project}` : ' for the whole account'}; alerts at ${p.actualThresholdPercent}% actual and ${p.forecastThresholdPercent}% forecast`,
      reason: 'given by the user; alerts go to ' + (p.topic ? 'an encrypted SNS topic' : 'e-mail'),
    });
    if (p.anomalyMonitor !== 'none') {
      stack.recordDecision({
        construct: where,
        topic: 'cost-anomaly-monitor',
        chosen: `${p.anomalyMonitor === 'service' ? 'every AWS service (DIMENSIONAL)' : `spend tagged project=${project} (CUSTOM)`}, alert at impact >= ${formatUsd(p.anomalyThresholdUsd)}`,
        reason: p.anomalyMonitor === 'service' ? 'asked for; an account holds one service monitor' : 'scoped to this project so it coexists with other stacks\' monitors',
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
      anomalyMonitor: p.anomalyMonitor,
      anomalyThresholdUsd: p.anomalyThresholdUsd,
      activateTagKeys: activate ? COST_ALLOCATION_TAG_KEYS : [],
    });
    if (stack.cloud === 'aws') this.aws = built as AwsFinOpsResources;

    // Every construct of the stack exists when validations run (at synth), so the estimate is complete.
    this.node.addValidation({ validate: () => this.checkEstimate() });
  }

  private checkEstimate(): string[] {
    const stack = AiInfraStack.of(this);
    const estimate = stack.estimatedMonthlyUsd();
    const over = estimate > this.limitUsd;
    const biggest = [...stack.costLines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 3);
    const top = biggest.map((l) => `${l.item} at ${l.component} ${formatUsd(l.monthlyUsd)}/month`).join('; ');
    if (!this.checked) {
      this.checked = true;
      stack.recordDecision({
        construct: this.node.path,
        topic: 'budget-check',
        chosen: `estimate ${formatUsd(estimate)}/month vs limit ${formatUsd(this.limitUsd)}/month: ${over ? 'OVER' : 'within'} budget`,
        reason: `the decision core's estimate of every construct in the stack (${stack.costLines.length} cost lines)${top ? `; biggest: ${top}` : ''}`,
      });
    }
    if (!over) return [];
    const error = new AiInfraError({
      where: this.node.path,
      field: 'limitUsd',
      given: this.limitUsd,
      allowed: `at least the stack's estimated monthly cost ${formatUsd(estimate)}`,
      hint: `Biggest cost lines: ${top}. Raise limitUsd, shrink or remove the biggest lines (fewer or smaller nodes, a lower warm floor, spot), or set onOverBudget: 'warn'`,
    });
    if (this.onOverBudget === 'warn') {
      if (!this.warned) {
        this.warned = true;
        stack.addWarning(error.message, this);
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
