import type { Construct, IConstruct } from 'constructs';
import type { IGpuCluster } from './gpu-cluster';

/** Where metrics are collected. */
export type MetricsCollector = 'managed' | 'in-cluster';

/** Alert thresholds, resolved (the same on every cloud). */
export interface AlertThresholdsPlan {
  readonly p95LatencyMs: number;
  readonly p99LatencyMs: number;
  readonly timeToFirstTokenP95Ms: number;
  readonly lowGpuUtilizationPercent: number;
  readonly lowGpuUtilizationWindowMinutes: number;
}

/** What ObservabilityStack decided; its backend builds from it. */
export interface ObservabilityPlan {
  /** Construct path of the public construct. */
  readonly where: string;
  readonly cluster: IGpuCluster;
  readonly collector: MetricsCollector;
  readonly scrapeIntervalSeconds: number;
  readonly alertEmails: ReadonlyArray<string>;
  readonly alertHttpsEndpoints: ReadonlyArray<string>;
  readonly logRetentionDays: number;
  readonly applicationLogGroups: ReadonlyArray<string>;
  /** Helm chart version of the DCGM exporter. */
  readonly dcgmChartVersion: string;
  /** Instance/machine types the DCGM exporter is scheduled on. */
  readonly dcgmInstanceTypes: ReadonlyArray<string>;
  readonly kubeStateMetrics: boolean;
  readonly customMetricsAdapter: boolean;
  /** Alert thresholds (the rule file is built from them; clouds without a rule file read them). */
  readonly alerts: AlertThresholdsPlan;
  /** Alert rule YAML (Prometheus rule file). */
  readonly ruleGroupsYaml: string;
  /** Scrape configuration YAML (Prometheus `scrape_configs`). */
  readonly scrapeConfigurationYaml: string;
  /** Kubernetes namespace of the in-cluster monitoring components. */
  readonly namespace: string;
  /**
   * AWS-only settings.
   * @default - none
   */
  readonly aws?: { readonly scraperSecurityGroupIds?: ReadonlyArray<string> };
}

/** A custom-metrics adapter as the pools see it. */
export interface CustomMetricsAdapterRef extends IConstruct {
  /** Pods metrics it serves. */
  readonly metricNames: ReadonlyArray<string>;
  /** Path of the construct that installed it. */
  readonly ownerPath: string;
}

/** What an ObservabilityStack backend made, as the construct reads it back. */
export interface ObservabilityBackend {
  /**
   * The custom-metrics adapter it installed.
   * @default - absent when customMetricsAdapter is off
   */
  readonly customMetricsAdapter?: CustomMetricsAdapterRef;
}

/** Builds an observability stack's resources in `scope` (the construct). */
export type ObservabilityBackendFactory = (scope: Construct, plan: ObservabilityPlan) => ObservabilityBackend;
