import type { Construct } from 'constructs';

/** What the anomaly monitor watches. */
export type AnomalyMonitorScope = 'project-tag' | 'service' | 'none';

/** What FinOpsBudget decided; its backend builds from it. */
export interface FinOpsBudgetPlan {
  /** Construct path of the public construct. */
  readonly where: string;
  /** Physical-name suffix (the construct id, lowercased). */
  readonly nameSuffix: string;
  readonly limitUsd: number;
  readonly actualThresholdPercent: number;
  readonly forecastThresholdPercent: number;
  readonly emails: ReadonlyArray<string>;
  /** Alerts go to an encrypted topic (else straight to the e-mails). */
  readonly topic: boolean;
  /** Count only spend labelled with the stack's project. */
  readonly filterByProjectTag: boolean;
  /** Value of the stack's `project` tag. */
  readonly project: string;
  readonly anomalyMonitor: AnomalyMonitorScope;
  readonly anomalyThresholdUsd: number;
  /** Tag keys to activate for cost allocation (empty when activation is off). */
  readonly activateTagKeys: ReadonlyArray<string>;
  /**
   * GCP-only settings (set on GCP stacks).
   * @default - absent on other clouds
   */
  readonly gcp?: {
    /** Cloud Billing account the project is linked to (`XXXXXX-XXXXXX-XXXXXX`). */
    readonly billingAccountId: string;
  };
}

/** What a FinOpsBudget backend made, as the construct reads it back. */
export interface FinOpsBudgetBackend {
  /** Physical name of the budget. */
  readonly budgetName: string;
}

/** Builds a budget's resources in `scope` (the construct). */
export type FinOpsBudgetBackendFactory = (scope: Construct, plan: FinOpsBudgetPlan) => FinOpsBudgetBackend;
