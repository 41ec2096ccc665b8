import { Construct } from 'constructs';
import { z } from 'zod';
import { checkSameStack, clusterSchema, freeId, startConstruct, uniqueItems } from './checks';
import type { AiInfraStack } from './stack';
import type { AwsObservabilityResources } from '../aws/observability-stack';
import { ACCELERATORS, CLOUD_LOGGING_MAX_RETENTION_DAYS, CLOUDWATCH_LOG_RETENTION_DAYS, instanceTypesFor } from '../catalog';
import type { Cloud } from '../catalog/types';
import { requireGcpProjectNumber } from '../core/context';
import type { IGpuCluster, MetricsCollector } from '../core/plans';
import { AiInfraError } from '../errors';
import type { GcpObservability } from '../gcp/observability';
import { MONITORING_NAMESPACE } from '../kubernetes/cluster-baseline';
import { GMP_FRONTEND, GmpCustomMetricsAdapter, MODEL_SERVER_SCRAPE_INTERVAL } from '../kubernetes/gmp-metrics-adapter';
import { CustomMetricsAdapter, POD_SERIES_LABELS } from '../kubernetes/metrics-adapter';
import { WAITING_REQUESTS_METRIC } from '../kubernetes/model-server';
import { ampIngestionCost, cloudWatchLogsCost, CostLine, HOURS_PER_MONTH, kmsKeyCost, servicePriceLine } from '../planning/cost';
import { cloudLoggingCost } from '../planning/gcp-cost';
import { alertTopicCostLine, gcpAlertingCost, gcpKmsKeyCost, gcpManagedPrometheusCost } from '../planning/gcp-data-cost';
import { gbToGiB } from '../planning/sizing';
import { USAGE_DEFAULTS } from '../planning/usage';


/** Alert thresholds. Latency thresholds are read from the model server's (vLLM) histograms. */
export interface ObservabilityAlertProps {
  /**
   * Alert when the p95 end-to-end request latency stays above this for 10 minutes, ms.
   * @default 10000
   */
  readonly p95LatencyMs?: number;
  /**
   * Alert when the p99 end-to-end request latency stays above this for 10 minutes, ms. Must be >= p95LatencyMs.
   * @default 20000
   */
  readonly p99LatencyMs?: number;
  /**
   * Alert when the p95 time to first token stays above this for 10 minutes, ms.
   * @default 2000
   */
  readonly timeToFirstTokenP95Ms?: number;
  /**
   * A GPU whose average utilization stays under this percentage for the whole
   * window is reported as waste (1..99).
   * @default 10
   */
  readonly lowGpuUtilizationPercent?: number;
  /**
   * The window for the low-utilization alert, minutes (30..1440).
   * @default 30
   */
  readonly lowGpuUtilizationWindowMinutes?: number;
}

/** The DCGM exporter installed in the cluster. */
export interface DcgmExporterProps {
  /**
   * Helm chart version of `dcgm-exporter` (https://nvidia.github.io/dcgm-exporter/helm-charts).
   * @default '4.1.3'
   */
  readonly chartVersion?: string;
  /**
   * Instance types the exporter runs on (it fails on nodes without an NVIDIA GPU).
   * @default - every NVIDIA instance type in the catalog
   */
  readonly instanceTypes?: string[];
  /**
   * Collect DCP profiling metrics (SM occupancy, tensor-core activity),
   * which need the exporter to run as root with `SYS_ADMIN`. Off, it runs as
   * an unprivileged user with every capability dropped.
   * @default false
   */
  readonly profilingMetrics?: boolean;
}

/** AWS-only settings. */
export interface ObservabilityStackAwsProps {
  /**
   * Security groups of the managed scraper's network interfaces (they
   * replace the default pair; include the node security group if the pods
   * must still be reachable).
   * @default - the cluster security group and the node security group
   */
  readonly scraperSecurityGroupIds?: string[];
}

export interface ObservabilityStackProps {
  /** The cluster to watch. */
  readonly cluster: IGpuCluster;
  /**
   * `managed`: the cloud's agentless scraper (AWS: an Amazon Managed Prometheus
   * scraper in the cluster's private subnets). `in-cluster`: no scraper is
   * created; an IAM role that may remote-write to the workspace is bound to the
   * `ai-infra-monitoring/metrics-collector` service account for a collector you
   * install (Prometheus agent, ADOT), and `scrapeConfiguration` gives its jobs.
   * @default 'managed'
   */
  readonly collector?: MetricsCollector;
  /**
   * Scrape interval, seconds (the managed scraper's minimum is 30).
   * @default 30
   */
  readonly scrapeIntervalSeconds?: number;
  /** Alert thresholds. @default - the defaults of each threshold */
  readonly alerts?: ObservabilityAlertProps;
  /**
   * E-mail addresses subscribed to the alert topic (each must confirm).
   * @default - none
   */
  readonly alertEmails?: string[];
  /**
   * HTTPS endpoints subscribed to the alert topic (e.g. a chat webhook relay).
   * @default - none
   */
  readonly alertHttpsEndpoints?: string[];
  /**
   * Retention of the log groups this construct creates, days (a CloudWatch Logs value).
   * One year by default: audit frameworks and scanners (e.g. Checkov CKV_AWS_338) expect it.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Application log groups to create with the retention and the customer key
   * (e.g. `/ai-infra/inference` for a log shipper).
   * @default - none
   */
  readonly applicationLogGroups?: string[];
  /**
   * Expected metric samples ingested per second, for the cost estimate (a
   * GPU node with the DCGM exporter at 30 s scrapes sends about 20-40/s).
   * @default 2000
   */
  readonly expectedSamplesPerSecond?: number;
  /**
   * Log volume the cost estimate assumes (AWS: these log groups are CloudWatch Logs).
   * @default - the documented defaults (`USAGE_DEFAULTS`); the lines say they were assumed
   */
  readonly usage?: ObservabilityUsage;
  /** The DCGM exporter. @default - chart 4.1.3 on every NVIDIA type, pod attribution on */
  readonly dcgmExporter?: DcgmExporterProps;
  /**
   * Install kube-state-metrics (node NotReady alerts need it).
   * @default true
   */
  readonly kubeStateMetrics?: boolean;
  /**
   * Install a custom-metrics adapter (prometheus-adapter, serving
   * `custom.metrics.k8s.io` from this workspace on AWS, from Managed
   * Prometheus through GMP's query frontend on GCP) so the model servers of
   * WarmInferencePools scale on `vllm_num_requests_waiting`. Turn off only
   * when the cluster already runs an adapter for `custom.metrics.k8s.io`
   * (there can be one); that adapter must then serve the metric (recorded).
   * @default true
   */
  readonly customMetricsAdapter?: boolean;
  /** AWS-only settings. @default - none */
  readonly aws?: ObservabilityStackAwsProps;
}

/** Monthly log volume of the log groups an ObservabilityStack creates, for the cost estimate (AWS). */
export interface ObservabilityUsage {
  /**
   * GB a month the Managed Prometheus workspace logs (rule and alert-manager events).
   * @default 1
   */
  readonly workspaceLogsGBPerMonth?: number;
  /**
   * GB a month written to each of `applicationLogGroups`.
   * @default 10
   */
  readonly applicationLogsGBPerMonth?: number;
}

const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address');

const observabilityPropsSchema = z
  .object({
    cluster: clusterSchema,
    collector: z.enum(['managed', 'in-cluster']).default('managed'),
    scrapeIntervalSeconds: z.number().int().min(30).max(600).default(30),
    alerts: z
      .object({
        p95LatencyMs: z.number().positive().max(600_000).default(10_000),
        p99LatencyMs: z.number().positive().max(600_000).default(20_000),
        timeToFirstTokenP95Ms: z.number().positive().max(600_000).default(2_000),
        lowGpuUtilizationPercent: z.number().int().min(1).max(99).default(10),
        lowGpuUtilizationWindowMinutes: z.number().int().min(30).max(1440).default(30),
      })
      .strict()
      .default({
        p95LatencyMs: 10_000,
        p99LatencyMs: 20_000,
        timeToFirstTokenP95Ms: 2_000,
        lowGpuUtilizationPercent: 10,
        lowGpuUtilizationWindowMinutes: 30,
      }),
    alertEmails: z.array(email).max(100).superRefine(uniqueItems('an address')).default([]),
    alertHttpsEndpoints: z.array(z.string().regex(/^https:\/\/\S+$/, 'an https:// URL')).max(100).superRefine(uniqueItems('an endpoint')).default([]),
    logRetentionDays: z
      .number()
      .int()
      .refine((d) => (CLOUDWATCH_LOG_RETENTION_DAYS as ReadonlyArray<number>).includes(d), `one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')} (CloudWatch Logs retention values)`)
      .default(365),
    applicationLogGroups: z.array(z.string().regex(/^[\w\-/.#]{1,512}$/, 'a log group name (letters, digits, _-/.#)')).superRefine(uniqueItems('a log group')).default([]),
    expectedSamplesPerSecond: z.number().min(0).max(10_000_000).default(2000),
    usage: z
      .object({
        workspaceLogsGBPerMonth: z.number().min(0).max(100_000_000).optional(),
        applicationLogsGBPerMonth: z.number().min(0).max(100_000_000).optional(),
      })
      .strict()
      .optional(),
    dcgmExporter: z
      .object({
        chartVersion: z.string().regex(/^\d+\.\d+\.\d+([-+][\w.]+)?$/, 'a chart version like 4.1.3').default('4.1.3'),
        instanceTypes: z
          .array(z.string().min(1))
          .min(1)
          .superRefine(uniqueItems('an instance type'))
          .optional(),
        profilingMetrics: z.boolean().default(false),
      })
      .strict()
      .default({ chartVersion: '4.1.3', profilingMetrics: false }),
    kubeStateMetrics: z.boolean().default(true),
    customMetricsAdapter: z.boolean().default(true),
    aws: z
      .object({
        scraperSecurityGroupIds: z
          // a literal id, or a reference to a security group of the stack (a cdktf token)
          .array(z.string().regex(/^(sg-([0-9a-f]{8}|[0-9a-f]{17})|\$\{TfToken\[[\w.:-]+\]\})$/, 'a security group id (sg- and 8 or 17 hex digits)'))
          .min(1)
          .superRefine(uniqueItems('a security group'))
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const WATCHED_CLUSTERS = new WeakSet<IGpuCluster>();

/** Namespace of the in-cluster monitoring components. */
export { MONITORING_NAMESPACE };

/**
 * Metrics, alerts and logs for a GPU cluster: a managed Prometheus workspace
 * encrypted with a customer key, fed by the cloud's agentless scraper (or an
 * in-cluster collector), the DCGM exporter with per-pod GPU attribution, alert
 * rules for p95/p99 latency, time to first token, idle GPUs, XID errors and
 * node health, an alert manager routing to an encrypted topic, and log groups
 * with retention.
 */
export class ObservabilityStack extends Construct {
  /**
   * The AWS resources (escape hatch, AWS stacks).
   * @default - absent on other clouds
   */
  public readonly aws?: AwsObservabilityResources;
  /** The Prometheus rule file of the alert rules. */
  public readonly ruleGroupsYaml: string;
  /** The scrape configuration the collector uses. */
  public readonly scrapeConfiguration: string;
  /**
   * prometheus-adapter (in the cluster's workload stack) serving the model
   * servers' `vllm_num_requests_waiting`: behind a SigV4 proxy to Amazon
   * Managed Prometheus on AWS, behind GMP's query frontend on GCP; absent
   * when customMetricsAdapter is false.
   */
  public readonly customMetricsAdapter?: CustomMetricsAdapter | GmpCustomMetricsAdapter;
  /**
   * The GCP resources (escape hatch, GCP stacks): alert policies, channels, topic, key, dashboard, log bucket.
   * @default - absent on other clouds
   */
  public readonly gcp?: GcpObservability;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, observabilityPropsSchema, props, 'observabilityStack');
    if (p.alerts.p99LatencyMs < p.alerts.p95LatencyMs) {
      throw new AiInfraError({ where, field: 'alerts.p99LatencyMs', given: p.alerts.p99LatencyMs, allowed: `>= alerts.p95LatencyMs (${p.alerts.p95LatencyMs})` });
    }
    checkSameStack(where, p.cluster, stack);

    // The in-cluster part (namespace, exporter releases) has fixed Kubernetes names: one per cluster.
    if (WATCHED_CLUSTERS.has(p.cluster)) {
      throw new AiInfraError({ where, field: 'cluster', given: p.cluster.node.path, allowed: 'a cluster no other ObservabilityStack watches (one per cluster)' });
    }

    const nvidia = nvidiaInstanceTypes(stack.cloud);
    p.dcgmExporter.instanceTypes?.forEach((t, i) => {
      if (!nvidia.includes(t)) {
        throw new AiInfraError({ where, field: `dcgmExporter.instanceTypes.${i}`, given: t, allowed: 'an NVIDIA GPU instance type of the catalog (the exporter fails on nodes without an NVIDIA GPU)' });
      }
    });
    const dcgmInstanceTypes = p.dcgmExporter.instanceTypes ?? nvidia;
    const ruleGroupsYaml = alertRulesYaml(p.alerts, p.kubeStateMetrics);
    const scrapeConfigurationYaml = scrapeConfigYaml(p.scrapeIntervalSeconds, p.cluster.clusterName, p.kubeStateMetrics);
    this.ruleGroupsYaml = ruleGroupsYaml;
    this.scrapeConfiguration = scrapeConfigurationYaml;

    if (stack.cloud === 'gcp') this.checkGcp(p, stack);
    // The backend records how metrics are collected and served to the HPAs (the cloud's services) before the neutral decisions.
    const built = backend(this, {
      where,
      cluster: p.cluster,
      collector: p.collector,
      scrapeIntervalSeconds: p.scrapeIntervalSeconds,
      alertEmails: p.alertEmails,
      alertHttpsEndpoints: p.alertHttpsEndpoints,
      logRetentionDays: p.logRetentionDays,
      applicationLogGroups: p.applicationLogGroups,
      dcgmChartVersion: p.dcgmExporter.chartVersion,
      dcgmProfilingMetrics: p.dcgmExporter.profilingMetrics,
      dcgmInstanceTypes,
      kubeStateMetrics: p.kubeStateMetrics,
      customMetricsAdapter: p.customMetricsAdapter,
      alerts: p.alerts,
      ruleGroupsYaml,
      scrapeConfigurationYaml,
      namespace: MONITORING_NAMESPACE,
      ...(p.aws ? { aws: p.aws } : {}),
    });
    WATCHED_CLUSTERS.add(p.cluster);
    if (stack.cloud === 'gcp') {
      this.gcp = built as GcpObservability;
      this.customMetricsAdapter = this.gcp.customMetricsAdapter;
      this.recordGcp(p, stack);
      return;
    }
    this.aws = built as AwsObservabilityResources;
    this.customMetricsAdapter = this.aws.customMetricsAdapter;

    stack.recordDecision({
      construct: where,
      topic: 'alert-thresholds',
      chosen: `p95 ${p.alerts.p95LatencyMs} ms, p99 ${p.alerts.p99LatencyMs} ms, TTFT p95 ${p.alerts.timeToFirstTokenP95Ms} ms, idle GPU < ${p.alerts.lowGpuUtilizationPercent}% for ${p.alerts.lowGpuUtilizationWindowMinutes} min, any XID error, node NotReady ${p.kubeStateMetrics ? 'on' : 'off (kube-state-metrics not installed)'}`,
      reason: 'latency from vLLM histograms, GPU signals from DCGM exporter; every alert routes to the encrypted alert topic',
    });
    stack.recordDecision({
      construct: where,
      topic: 'gpu-attribution',
      chosen: p.dcgmExporter.profilingMetrics
        ? 'DCGM exporter as root with SYS_ADMIN: profiling metrics, pod mapping (kubelet pod-resources) and pod labels'
        : 'DCGM exporter as uid 65534 with every capability dropped, pod mapping (kubelet pod-resources) and pod labels',
      reason: p.dcgmExporter.profilingMetrics
        ? 'OPT-IN: dcgmExporter.profilingMetrics is true; DCP profiling needs SYS_ADMIN. GPU metrics carry the namespace, pod and container that hold the GPU'
        : 'least privilege: device and health metrics need no capability. Pod mapping reads the kubelet pod-resources socket; on a node where it is root-only the series carry node and GPU but not the pod (profilingMetrics: true runs the exporter as root). '
          + 'The monitoring namespace enforces Pod Security privileged for the exporter\'s hostPath mount of that socket',
    });
    stack.recordDecision({
      construct: where,
      topic: 'log-retention',
      chosen: `${p.logRetentionDays} days, customer KMS key`,
      reason: 'bounded cost and exposure; encrypted with the stack construct\'s customer key',
    });
    if (p.usage?.applicationLogsGBPerMonth !== undefined && p.applicationLogGroups.length === 0) {
      throw new AiInfraError({ where, field: 'usage.applicationLogsGBPerMonth', given: p.usage.applicationLogsGBPerMonth, allowed: 'unset without applicationLogGroups (there is no application log group to size)' });
    }
    stack.addCostLines(observabilityCostLines(where, stack.region, p.expectedSamplesPerSecond, p.collector, {
      retentionDays: p.logRetentionDays,
      applicationLogGroups: p.applicationLogGroups,
      ...(p.usage?.workspaceLogsGBPerMonth !== undefined ? { workspaceGBPerMonth: p.usage.workspaceLogsGBPerMonth } : {}),
      ...(p.usage?.applicationLogsGBPerMonth !== undefined ? { applicationGBPerMonth: p.usage.applicationLogsGBPerMonth } : {}),
    }));
  }

  /** What the GCP form cannot take, refused with the field named. */
  private checkGcp(p: ParsedObservability, stack: AiInfraStack): void {
    const where = this.node.path;
    if (p.aws) throw new AiInfraError({ where, field: 'aws', given: p.aws, allowed: 'unset on a gcp stack (AWS-only settings)' });
    if (p.collector !== 'managed') {
      throw new AiInfraError({ where, field: 'collector', given: p.collector, allowed: '"managed" on a gcp stack (Google Managed Prometheus collects in GKE; the cluster turns it on)' });
    }
    if (p.applicationLogGroups.length > 0) {
      throw new AiInfraError({ where, field: 'applicationLogGroups', given: p.applicationLogGroups, allowed: 'empty on a gcp stack (CloudWatch log groups; on GCP container logs go to the project\'s _Default log bucket, whose retention this construct sets)' });
    }
    if (p.usage) {
      throw new AiInfraError({ where, field: 'usage', given: p.usage, allowed: 'unset on a gcp stack (it sizes CloudWatch log groups; GKE logs are priced on the GpuCluster: usage.clusterLogsGBPerMonth)' });
    }
    if (p.dcgmExporter.instanceTypes) {
      throw new AiInfraError({ where, field: 'dcgmExporter.instanceTypes', given: p.dcgmExporter.instanceTypes, allowed: 'unset on a gcp stack (GKE runs the managed DCGM exporter on every GPU node)' });
    }
    if (p.logRetentionDays > CLOUD_LOGGING_MAX_RETENTION_DAYS) {
      throw new AiInfraError({ where, field: 'logRetentionDays', given: p.logRetentionDays, allowed: `at most ${CLOUD_LOGGING_MAX_RETENTION_DAYS} on a gcp stack (Cloud Logging bucket retention)` });
    }
    if (p.cluster.backend.cloud !== 'gcp') {
      throw new AiInfraError({ where, field: 'cluster', given: `${p.cluster.node.path} (a ${p.cluster.backend.cloud} cluster)`, allowed: 'a GCP GpuCluster' });
    }
    requireGcpProjectNumber(stack, where);
  }

  /** The decisions and cost lines of the GCP form. */
  private recordGcp(p: ParsedObservability, stack: AiInfraStack): void {
    const where = this.node.path;
    const alerts = Object.keys(this.gcp!.resources.alertPolicies);
    stack.recordDecision({
      construct: where,
      topic: 'metrics-collector',
      chosen: 'Google Managed Prometheus (managed collection in GKE) with GKE\'s managed DCGM metrics',
      reason: 'turned on by the GCP GpuCluster (monitoring_config managed_prometheus + DCGM): nothing to run or patch here; alert policies query it with PromQL',
    });
    stack.recordDecision({
      construct: where,
      topic: 'alert-thresholds',
      chosen: `p95 ${p.alerts.p95LatencyMs} ms, p99 ${p.alerts.p99LatencyMs} ms, TTFT p95 ${p.alerts.timeToFirstTokenP95Ms} ms, idle GPU < ${p.alerts.lowGpuUtilizationPercent}% for ${p.alerts.lowGpuUtilizationWindowMinutes} min, any XID error, stalled token throughput, node NotReady ${p.kubeStateMetrics ? 'on' : 'off'}`,
      reason: `${alerts.length} Cloud Monitoring alert policies with PromQL conditions, to an encrypted Pub/Sub topic${p.alertEmails.length ? ` and ${p.alertEmails.length} e-mail channel(s)` : ''}${p.alertHttpsEndpoints.length ? ` and ${p.alertHttpsEndpoints.length} webhook(s)` : ''}`,
    });
    stack.recordDecision({
      construct: where,
      topic: 'log-retention',
      chosen: `${p.logRetentionDays} days on the project's _Default log bucket (Google-managed key)`,
      reason: 'bounded cost and exposure; CMEK on log buckets is a project-level Cloud Logging setting this construct does not own (recorded opt-out)',
    });
    stack.recordDecision({
      construct: where,
      topic: 'custom-metrics-adapter',
      chosen: p.customMetricsAdapter
        ? `prometheus-adapter over GMP's query frontend (${GMP_FRONTEND.image}) in ${MONITORING_NAMESPACE}, serving ${WAITING_REQUESTS_METRIC}`
        : 'none installed (customMetricsAdapter is false)',
      reason: p.customMetricsAdapter
        ? `a PodMonitoring scrapes the model servers every ${MODEL_SERVER_SCRAPE_INTERVAL}; the frontend reads Managed Prometheus as ${this.gcp!.metricsQuery!.email} (roles/monitoring.viewer only, Workload Identity for ${MONITORING_NAMESPACE}/${GMP_FRONTEND.name}); the HPA spec and metric name are the same as on AWS`
        : `OPT-OUT: customMetricsAdapter is false; the cluster's own adapter must serve ${WAITING_REQUESTS_METRIC}`,
    });
    if (p.kubeStateMetrics) {
      stack.recordDecision({
        construct: where,
        topic: 'node-health-source',
        chosen: 'kube_node_status_condition from kube-state-metrics scraped by Managed Prometheus',
        reason: 'the NodeNotReady alert reads it; kube-state-metrics and its PodMonitoring must run in the cluster for the alert to have data',
      });
    }
    stack.addCostLines([
      ...gcpManagedPrometheusCost({ component: where, region: stack.region, samplesPerSecond: p.expectedSamplesPerSecond }, where),
      gcpAlertingCost({ component: where, region: stack.region, conditions: alerts.length }, where),
      alertTopicCostLine(where, stack.region, where),
      gcpKmsKeyCost({ component: where, region: stack.region, keys: 1 }, where),
      gcpLogRetentionLine(where, stack.region, p.logRetentionDays, p.cluster as IGpuCluster),
    ]);
  }
}

/**
 * The _Default bucket keeps the cluster's logs `logRetentionDays`; Cloud Logging
 * includes 30 days, and each GiB kept longer bills per month. The volume is the
 * cluster's `usage.clusterLogsGBPerMonth` (given or assumed).
 */
function gcpLogRetentionLine(where: string, region: string, retentionDays: number, cluster: IGpuCluster): CostLine {
  const gbPerMonth = cluster.usage?.clusterLogsGBPerMonth ?? USAGE_DEFAULTS.clusterLogsGBPerMonth.value;
  const beyond = Math.max(0, retentionDays - 30) / (365 / 12);
  const gib = gbToGiB(gbPerMonth * beyond);
  const [, retention] = cloudLoggingCost({ component: where, region, ingestGiBPerMonth: 0, retainedBeyond30DaysGiB: gib }, where);
  return {
    ...retention,
    basis: 'usage-estimate',
    item: `Cloud Logging retention beyond 30 days: cluster logs kept ${retentionDays} days`,
    note: [`${gbPerMonth} GB a month of cluster logs (the cluster's usage.clusterLogsGBPerMonth) held ${retentionDays - 30 > 0 ? retentionDays - 30 : 0} days past the included 30`, retention.note].filter(Boolean).join('; '),
  };
}

type ParsedObservability = z.output<typeof observabilityPropsSchema>;

/** Instance/machine types of a cloud's catalog with an NVIDIA accelerator (where the DCGM exporter runs). */
function nvidiaInstanceTypes(cloud: Cloud): string[] {
  return instanceTypesFor(cloud).filter((t) => ACCELERATORS[t.accelerator]?.vendor === 'nvidia').map((t) => t.name);
}

/** The log groups of an AWS ObservabilityStack and the volume assumed for them. */
export interface ObservabilityLogsUsage {
  readonly retentionDays: number;
  readonly workspaceGBPerMonth?: number;
  readonly applicationLogGroups: ReadonlyArray<string>;
  readonly applicationGBPerMonth?: number;
}

/**
 * Cost lines: AMP ingestion at its tiers from the expected sample rate, the
 * managed collector, the log groups, the KMS key, the topic.
 */
export function observabilityCostLines(
  component: string,
  region: string,
  samplesPerSecond: number,
  collector: MetricsCollector,
  logs: ObservabilityLogsUsage = { retentionDays: 365, applicationLogGroups: [] },
): CostLine[] {
  const samplesPerMonth = samplesPerSecond * 3600 * HOURS_PER_MONTH;
  const rate = `${samplesPerSecond} samples/s = ${(samplesPerMonth / 1e9).toFixed(2)} B samples/month`;
  const ingestion = ampIngestionCost({ component, region, samplesPerMonth }, component)
    .map((l) => ({ ...l, note: [rate, l.note, 'storage and queries not included'].filter(Boolean).join('; ') }));
  const asOf = ingestion[0].asOf;
  const workspaceGB = logs.workspaceGBPerMonth ?? USAGE_DEFAULTS.workspaceLogsGBPerMonth.value;
  const lines: CostLine[] = [
    ...ingestion,
    kmsKeyCost({ component, region, keys: 1 }, component),
    {
      component,
      item: 'SNS alert topic',
      quantity: 0,
      unit: 'million-requests',
      unitUsd: 0.5,
      monthlyUsd: 0,
      basis: 'usage-estimate',
      source: 'https://aws.amazon.com/sns/pricing/',
      asOf,
      note: 'negligible at alert volumes (the first million publishes a month are free)',
    },
    ...cloudWatchLogsCost({
      component,
      region,
      logGroup: 'Managed Prometheus workspace logs',
      gbPerMonth: workspaceGB,
      retentionDays: logs.retentionDays,
      usage: { id: 'workspaceLogsGBPerMonth', given: logs.workspaceGBPerMonth },
    }, component),
  ];
  const gb = logs.applicationGBPerMonth ?? USAGE_DEFAULTS.applicationLogsGBPerMonth.value;
  for (const name of logs.applicationLogGroups) {
    const usage = { id: 'applicationLogsGBPerMonth', given: logs.applicationGBPerMonth } as const;
    lines.push(...cloudWatchLogsCost({ component, region, logGroup: name, gbPerMonth: gb, retentionDays: logs.retentionDays, usage }, component));
  }
  if (collector === 'managed') {
    lines.push(
      { ...servicePriceLine({ component, priceId: 'aws.amp.collector', quantity: 1, region }, component), item: 'Managed Prometheus collector (agentless scraper)' },
      { ...servicePriceLine({ component, priceId: 'aws.amp.collector-samples', quantity: samplesPerMonth / 1e7, region }, component), item: `samples collected by the managed collector (${rate})` },
    );
  }
  return lines;
}

/** Prometheus rule file for the alerts. */
export function alertRulesYaml(a: z.output<typeof observabilityPropsSchema>['alerts'], nodeHealth: boolean): string {
  const s = (ms: number): string => String(ms / 1000);
  const window = a.lowGpuUtilizationWindowMinutes;
  const lines = [
    'groups:',
    '  - name: ai-infra-inference',
    '    rules:',
    '      - alert: InferenceLatencyP95High',
    `        expr: histogram_quantile(0.95, sum by (le, namespace, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > ${s(a.p95LatencyMs)}`,
    '        for: 10m',
    '        labels:',
    '          severity: warning',
    '        annotations:',
    `          summary: "p95 request latency of {{ $labels.model_name }} in {{ $labels.namespace }} is {{ $value | humanizeDuration }} (threshold ${a.p95LatencyMs} ms)"`,
    '      - alert: InferenceLatencyP99High',
    `        expr: histogram_quantile(0.99, sum by (le, namespace, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > ${s(a.p99LatencyMs)}`,
    '        for: 10m',
    '        labels:',
    '          severity: critical',
    '        annotations:',
    `          summary: "p99 request latency of {{ $labels.model_name }} in {{ $labels.namespace }} is {{ $value | humanizeDuration }} (threshold ${a.p99LatencyMs} ms)"`,
    '      - alert: InferenceTimeToFirstTokenP95High',
    `        expr: histogram_quantile(0.95, sum by (le, namespace, model_name) (rate(vllm:time_to_first_token_seconds_bucket[5m]))) > ${s(a.timeToFirstTokenP95Ms)}`,
    '        for: 10m',
    '        labels:',
    '          severity: warning',
    '        annotations:',
    `          summary: "p95 time to first token of {{ $labels.model_name }} in {{ $labels.namespace }} is {{ $value | humanizeDuration }} (threshold ${a.timeToFirstTokenP95Ms} ms)"`,
    '  - name: ai-infra-gpu',
    '    rules:',
    '      - alert: GpuUnderutilized',
    `        expr: avg_over_time(DCGM_FI_DEV_GPU_UTIL[${window}m]) < ${a.lowGpuUtilizationPercent}`,
    `        for: ${window}m`,
    '        labels:',
    '          severity: warning',
    '          category: waste',
    '        annotations:',
    `          summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} (pod {{ $labels.namespace }}/{{ $labels.pod }}) averaged {{ $value }}% utilization over ${window} min (threshold ${a.lowGpuUtilizationPercent}%): paid for and idle"`,
    '      - alert: GpuXidError',
    '        expr: DCGM_FI_DEV_XID_ERRORS > 0',
    '        for: 0m',
    '        labels:',
    '          severity: critical',
    '        annotations:',
    '          summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} reported XID {{ $value }} (pod {{ $labels.namespace }}/{{ $labels.pod }})"',
    '      - alert: GpuFellOffTheBus',
    '        expr: DCGM_FI_DEV_XID_ERRORS == 79',
    '        for: 0m',
    '        labels:',
    '          severity: critical',
    '        annotations:',
    '          summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} fell off the bus (XID 79): drain and replace the node"',
    '      - alert: GpuTelemetryMissing',
    '        expr: up{job="dcgm-exporter"} == 0',
    '        for: 10m',
    '        labels:',
    '          severity: warning',
    '        annotations:',
    '          summary: "DCGM exporter on {{ $labels.node }} is not answering: the node or its GPUs may be unhealthy"',
  ];
  if (nodeHealth) {
    lines.push(
      '  - name: ai-infra-nodes',
      '    rules:',
      '      - alert: NodeNotReady',
      '        expr: kube_node_status_condition{condition="Ready",status="true"} == 0',
      '        for: 5m',
      '        labels:',
      '          severity: critical',
      '        annotations:',
      '          summary: "node {{ $labels.node }} has not been Ready for 5 minutes"',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Scrape jobs. The managed scraper resolves only the API server by name, so
 * every job discovers pods (`kubernetes_sd_configs: pod`) and scrapes their IPs.
 */
export function scrapeConfigYaml(intervalSeconds: number, clusterName: string, kubeStateMetrics: boolean): string {
  const lines = [
    'global:',
    `  scrape_interval: ${intervalSeconds}s`,
    '  external_labels:',
    `    cluster: ${clusterName}`,
    'scrape_configs:',
    // honor_labels keeps the exporter's namespace/pod/container labels, which name the GPU's workload.
    '  - job_name: dcgm-exporter',
    '    honor_labels: true',
    '    kubernetes_sd_configs:',
    '      - role: pod',
    '    relabel_configs:',
    '      - source_labels: [__meta_kubernetes_pod_label_app_kubernetes_io_name, __meta_kubernetes_pod_container_port_number]',
    '        regex: dcgm-exporter;9400',
    '        action: keep',
    '      - source_labels: [__meta_kubernetes_pod_node_name]',
    '        target_label: node',
    '  - job_name: model-server',
    '    kubernetes_sd_configs:',
    '      - role: pod',
    '    relabel_configs:',
    '      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]',
    '        regex: "true"',
    '        action: keep',
    '      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]',
    '        regex: (.+)',
    '        target_label: __metrics_path__',
    '      - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]',
    "        regex: '([^:]+)(?::\\d+)?;(\\d+)'",
    "        replacement: '$1:$2'",
    '        target_label: __address__',
    // The custom-metrics adapter maps these two labels to the pod the HPA asks about (POD_SERIES_LABELS).
    '      - source_labels: [__meta_kubernetes_namespace]',
    `        target_label: ${POD_SERIES_LABELS.namespace}`,
    '      - source_labels: [__meta_kubernetes_pod_name]',
    `        target_label: ${POD_SERIES_LABELS.pod}`,
    '      - source_labels: [__meta_kubernetes_pod_node_name]',
    '        target_label: node',
  ];
  if (kubeStateMetrics) {
    lines.push(
      '  - job_name: kube-state-metrics',
      '    honor_labels: true',
      '    kubernetes_sd_configs:',
      '      - role: pod',
      '    relabel_configs:',
      '      - source_labels: [__meta_kubernetes_pod_label_app_kubernetes_io_name, __meta_kubernetes_pod_container_port_number]',
      '        regex: kube-state-metrics;8080',
      '        action: keep',
    );
  }
  return `${lines.join('\n')}\n`;
}
