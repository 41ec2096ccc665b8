import type { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { LoggingProjectBucketConfig } from '@cdktf/provider-google/lib/logging-project-bucket-config';
import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';
import { constructKey, GcpDataContext, gcpDataContextOf, gcpNameFragment } from './data-context';
import { SYSTEM_POOL_LABEL } from './gke-cluster';
import type { GcpCustomerKey } from './kms';
import { MetricsQueryIdentity } from './metrics-query-identity';
import { GcpServiceAgent, serviceAgentMember } from './service-agents';
import { stableHash } from '../core/naming';
import type { ObservabilityBackend, ObservabilityPlan } from '../core/plans';
import { NAMESPACES } from '../kubernetes/cluster-baseline';
import { GMP_FRONTEND, GmpCustomMetricsAdapter } from '../kubernetes/gmp-metrics-adapter';
import { registerCustomMetricsAdapter } from '../kubernetes/metrics-adapter';
import { workloadStackOf } from '../kubernetes/workload-stack';

/** Alert thresholds, as the neutral ObservabilityStack resolves them. */
export interface GcpAlertThresholds {
  readonly p95LatencyMs: number;
  readonly p99LatencyMs: number;
  readonly timeToFirstTokenP95Ms: number;
  readonly lowGpuUtilizationPercent: number;
  readonly lowGpuUtilizationWindowMinutes: number;
}

/** One alert: a PromQL condition over Managed Prometheus data, with its severity. */
export interface GcpPromQlAlert {
  /** Alert name (as in the AWS rule file). */
  readonly name: string;
  readonly ruleGroup: 'ai-infra-inference' | 'ai-infra-gpu' | 'ai-infra-nodes';
  /** PromQL; the condition fires while it returns series. */
  readonly query: string;
  /** How long the query must keep returning series, seconds (0: at once). */
  readonly forSeconds: number;
  readonly severity: 'CRITICAL' | 'ERROR' | 'WARNING';
  /** What a responder reads (Markdown). */
  readonly summary: string;
}

const s = (ms: number): string => String(ms / 1000);

/**
 * The alerts, the same signals and thresholds as the AWS rule file
 * (`alertRulesYaml`): p95/p99 request latency and p95 time to first token
 * from vLLM histograms, idle GPUs (waste), XID errors and a GPU off the bus
 * from DCGM, missing GPU telemetry, nodes not Ready (kube-state-metrics), and,
 * on GCP, stalled token throughput (requests running, no tokens generated).
 */
export function gcpAlerts(a: GcpAlertThresholds, nodeHealth: boolean): GcpPromQlAlert[] {
  const w = a.lowGpuUtilizationWindowMinutes;
  const alerts: GcpPromQlAlert[] = [
    {
      name: 'InferenceLatencyP95High',
      ruleGroup: 'ai-infra-inference',
      query: `histogram_quantile(0.95, sum by (le, namespace, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > ${s(a.p95LatencyMs)}`,
      forSeconds: 600,
      severity: 'WARNING',
      summary: `p95 end-to-end request latency above ${a.p95LatencyMs} ms for 10 minutes.`,
    },
    {
      name: 'InferenceLatencyP99High',
      ruleGroup: 'ai-infra-inference',
      query: `histogram_quantile(0.99, sum by (le, namespace, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > ${s(a.p99LatencyMs)}`,
      forSeconds: 600,
      severity: 'CRITICAL',
      summary: `p99 end-to-end request latency above ${a.p99LatencyMs} ms for 10 minutes.`,
    },
    {
      name: 'InferenceTimeToFirstTokenP95High',
      ruleGroup: 'ai-infra-inference',
      query: `histogram_quantile(0.95, sum by (le, namespace, model_name) (rate(vllm:time_to_first_token_seconds_bucket[5m]))) > ${s(a.timeToFirstTokenP95Ms)}`,
      forSeconds: 600,
      severity: 'WARNING',
      summary: `p95 time to first token above ${a.timeToFirstTokenP95Ms} ms for 10 minutes.`,
    },
    {
      name: 'InferenceTokenThroughputStalled',
      ruleGroup: 'ai-infra-inference',
      query: 'sum by (namespace, model_name) (rate(vllm:generation_tokens_total[5m])) == 0 and sum by (namespace, model_name) (vllm:num_requests_running) > 0',
      forSeconds: 600,
      severity: 'CRITICAL',
      summary: 'Requests are running but no tokens were generated for 10 minutes: the model server is stuck.',
    },
    {
      name: 'GpuUnderutilized',
      ruleGroup: 'ai-infra-gpu',
      query: `avg_over_time(DCGM_FI_DEV_GPU_UTIL[${w}m]) < ${a.lowGpuUtilizationPercent}`,
      forSeconds: w * 60,
      severity: 'WARNING',
      summary: `A GPU averaged under ${a.lowGpuUtilizationPercent}% utilization over ${w} minutes: paid for and idle (waste).`,
    },
    {
      name: 'GpuXidError',
      ruleGroup: 'ai-infra-gpu',
      query: 'DCGM_FI_DEV_XID_ERRORS > 0',
      forSeconds: 0,
      severity: 'CRITICAL',
      summary: 'A GPU reported an XID error.',
    },
    {
      name: 'GpuFellOffTheBus',
      ruleGroup: 'ai-infra-gpu',
      query: 'DCGM_FI_DEV_XID_ERRORS == 79',
      forSeconds: 0,
      severity: 'CRITICAL',
      summary: 'A GPU fell off the bus (XID 79): drain and replace the node.',
    },
    {
      name: 'GpuTelemetryMissing',
      ruleGroup: 'ai-infra-gpu',
      query: 'absent_over_time(DCGM_FI_DEV_GPU_UTIL[10m]) == 1',
      forSeconds: 600,
      severity: 'WARNING',
      summary: 'No DCGM GPU metrics for 10 minutes: the DCGM exporter or the GPU nodes may be unhealthy.',
    },
  ];
  if (nodeHealth) {
    alerts.push({
      name: 'NodeNotReady',
      ruleGroup: 'ai-infra-nodes',
      query: 'kube_node_status_condition{condition="Ready",status="true"} == 0',
      forSeconds: 300,
      severity: 'CRITICAL',
      summary: 'A node has not been Ready for 5 minutes.',
    });
  }
  return alerts;
}

/** Dashboard panels: title and PromQL. */
export const DASHBOARD_PANELS: ReadonlyArray<{ readonly title: string; readonly query: string }> = [
  { title: 'Request latency p95 (s)', query: 'histogram_quantile(0.95, sum by (le, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m])))' },
  { title: 'Request latency p99 (s)', query: 'histogram_quantile(0.99, sum by (le, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m])))' },
  { title: 'Time to first token p95 (s)', query: 'histogram_quantile(0.95, sum by (le, model_name) (rate(vllm:time_to_first_token_seconds_bucket[5m])))' },
  { title: 'Generated tokens per second', query: 'sum by (model_name) (rate(vllm:generation_tokens_total[5m]))' },
  { title: 'Waiting requests', query: 'sum by (model_name) (vllm:num_requests_waiting)' },
  { title: 'GPU utilization (%)', query: 'avg by (Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL)' },
  { title: 'GPU XID errors', query: 'max by (Hostname, gpu) (DCGM_FI_DEV_XID_ERRORS)' },
  { title: 'Nodes not Ready', query: 'count(kube_node_status_condition{condition="Ready",status="true"} == 0) or vector(0)' },
];

/** The dashboard JSON (mosaic layout, two panels a row). */
export function dashboardJson(displayName: string): string {
  const width = 24;
  const height = 16;
  return JSON.stringify({
    displayName,
    mosaicLayout: {
      columns: 48,
      tiles: DASHBOARD_PANELS.map((p, i) => ({
        xPos: (i % 2) * width,
        yPos: Math.floor(i / 2) * height,
        width,
        height,
        widget: {
          title: p.title,
          xyChart: { dataSets: [{ plotType: 'LINE', targetAxis: 'Y1', timeSeriesQuery: { prometheusQuery: p.query } }] },
        },
      })),
    },
  });
}

/** What the ObservabilityStack backend needs on GCP. */
export interface GcpObservabilityPlan {
  readonly alerts: GcpAlertThresholds;
  /** kube-state-metrics runs in the cluster (the NodeNotReady alert reads it). */
  readonly nodeHealth: boolean;
  readonly alertEmails: ReadonlyArray<string>;
  /** HTTPS endpoints notified through webhook channels. */
  readonly alertWebhooks: ReadonlyArray<string>;
  /** Customer key (in the region) of the alert topic (the Pub/Sub agent is granted it). */
  readonly key: GcpCustomerKey;
  /** Days the project's `_Default` log bucket keeps logs (1-3650). */
  readonly logRetentionDays: number;
  /** PromQL evaluation interval, seconds (a multiple of 30). */
  readonly evaluationIntervalSeconds: number;
}

/** What the GCP backend of ObservabilityStack made (escape hatches). */
export interface GcpObservabilityResources {
  readonly topicKeyGrant: KmsCryptoKeyIamMember;
  readonly alertTopic: PubsubTopic;
  readonly notificationAgentPublishes: PubsubTopicIamMember;
  readonly topicChannel: MonitoringNotificationChannel;
  readonly emailChannels: ReadonlyArray<MonitoringNotificationChannel>;
  readonly webhookChannels: ReadonlyArray<MonitoringNotificationChannel>;
  /** Alert policies by alert name. */
  readonly alertPolicies: Readonly<Record<string, MonitoringAlertPolicy>>;
  readonly dashboard: MonitoringDashboard;
  readonly logBucket: LoggingProjectBucketConfig;
}

/** An encrypted topic, the key grant it waits for, and the publisher grant. */
export interface EncryptedTopic {
  readonly keyGrant: KmsCryptoKeyIamMember;
  readonly topic: PubsubTopic;
  readonly publisher: PubsubTopicIamMember;
}

/** A Pub/Sub topic encrypted with a customer key that a Google service agent may publish to. */
export function encryptedAlertTopic(
  scope: Construct,
  ctx: GcpDataContext,
  opts: { name: string; key: GcpCustomerKey; publisher: GcpServiceAgent; idPrefix: string },
): EncryptedTopic {
  const keyGrant = opts.key.grantEncryptDecryptToAgent('pubSub', ctx.projectNumber);
  const topic = new PubsubTopic(scope, `${opts.idPrefix}Topic`, {
    name: opts.name,
    kmsKeyName: opts.key.keyId,
    messageRetentionDuration: '604800s',
    messageStoragePolicy: { allowedPersistenceRegions: [ctx.region] },
    dependsOn: [keyGrant],
  });
  const publisher = new PubsubTopicIamMember(scope, `${opts.idPrefix}Publisher`, {
    topic: topic.id,
    role: 'roles/pubsub.publisher',
    member: serviceAgentMember(opts.publisher, ctx.projectNumber),
  });
  return { keyGrant, topic, publisher };
}

/**
 * Cloud Monitoring over Google Managed Prometheus (on from the GKE cluster,
 * with its DCGM metrics): one alert policy per alert with a PromQL condition,
 * routed to an encrypted Pub/Sub topic (the monitoring notification agent may
 * publish) and to e-mail channels; a dashboard of the same signals; and the
 * retention of the project's `_Default` log bucket.
 */
export function buildGcpObservability(scope: Construct, ctx: GcpDataContext, base: string, plan: GcpObservabilityPlan): GcpObservabilityResources {
  const { keyGrant: topicKeyGrant, topic: alertTopic, publisher: notificationAgentPublishes } = encryptedAlertTopic(scope, ctx, {
    name: ctx.physicalName(`${base}-alerts`, { maxLength: 255 }),
    key: plan.key,
    publisher: 'monitoringNotifications',
    idPrefix: 'Alert',
  });
  const topicChannel = new MonitoringNotificationChannel(scope, 'TopicChannel', {
    displayName: `${ctx.physicalName(base)} alerts (Pub/Sub)`,
    type: 'pubsub',
    labels: { topic: alertTopic.id },
    dependsOn: [notificationAgentPublishes],
  });
  const emailChannels = plan.alertEmails.map(
    (e) =>
      new MonitoringNotificationChannel(scope, `Email-${e.replace(/[^a-zA-Z0-9]/g, '-')}`, {
        displayName: `${ctx.physicalName(base)} alerts (${e})`,
        type: 'email',
        labels: { email_address: e },
      }),
  );
  const webhookChannels = plan.alertWebhooks.map(
    (u) =>
      new MonitoringNotificationChannel(scope, `Webhook${stableHash(u).slice(0, 12)}`, {
        displayName: `${ctx.physicalName(base)} alerts (webhook)`,
        type: 'webhook_tokenauth',
        labels: { url: u },
      }),
  );
  const channels = [topicChannel.name, ...emailChannels.map((c) => c.name), ...webhookChannels.map((c) => c.name)];

  const alertPolicies: Record<string, MonitoringAlertPolicy> = {};
  for (const alert of gcpAlerts(plan.alerts, plan.nodeHealth)) {
    alertPolicies[alert.name] = new MonitoringAlertPolicy(scope, `Alert-${alert.name}`, {
      displayName: `${ctx.physicalName(base)} ${alert.name}`,
      combiner: 'OR',
      severity: alert.severity,
      conditions: [
        {
          displayName: alert.name,
          conditionPrometheusQueryLanguage: {
            query: alert.query,
            duration: `${alert.forSeconds}s`,
            evaluationInterval: `${plan.evaluationIntervalSeconds}s`,
            alertRule: alert.name,
            ruleGroup: alert.ruleGroup,
            labels: { severity: alert.severity.toLowerCase() },
            // The vLLM and DCGM series appear only once workloads run: create the policy before them.
            disableMetricValidation: true,
          },
        },
      ],
      notificationChannels: channels,
      alertStrategy: { autoClose: '86400s' },
      documentation: { content: `${alert.summary}\n\nQuery: \`${alert.query}\``, mimeType: 'text/markdown', subject: `${alert.name} (${ctx.physicalName(base)})` },
    });
  }

  const dashboard = new MonitoringDashboard(scope, 'Dashboard', { dashboardJson: dashboardJson(`${ctx.physicalName(base)} AI inference and GPUs`) });

  // The project's _Default bucket exists already; this resource sets its retention (destroy leaves the bucket).
  const logBucket = new LoggingProjectBucketConfig(scope, 'LogRetention', {
    project: ctx.projectId,
    location: 'global',
    bucketId: '_Default',
    retentionDays: plan.logRetentionDays,
    description: `Retention set by ${scope.node.path}`,
  });

  return { topicKeyGrant, alertTopic, notificationAgentPublishes, topicChannel, emailChannels, webhookChannels, alertPolicies, dashboard, logBucket };
}

/** What the GCP backend of ObservabilityStack made. */
export interface GcpObservability extends ObservabilityBackend {
  readonly key: GcpCustomerKey;
  readonly resources: GcpObservabilityResources;
  /**
   * GMP query frontend and prometheus-adapter in the cluster's workload stack,
   * serving the model servers' `vllm_num_requests_waiting`.
   * @default - absent when customMetricsAdapter is false
   */
  readonly customMetricsAdapter?: GmpCustomMetricsAdapter;
  /**
   * The frontend's Google identity (`roles/monitoring.viewer`, Workload Identity for its Kubernetes service account).
   * @default - absent when customMetricsAdapter is false
   */
  readonly metricsQuery?: MetricsQueryIdentity;
  /**
   * The monitoring namespace in the workload stack (the frontend and the adapter run there).
   * @default - absent when customMetricsAdapter is false
   */
  readonly namespace?: NamespaceV1;
}

/** PromQL evaluation interval from the scrape interval: the next multiple of 30 s (Cloud Monitoring's step). */
export function evaluationIntervalFor(scrapeIntervalSeconds: number): number {
  return Math.ceil(scrapeIntervalSeconds / 30) * 30;
}

/**
 * Builds the GCP side of an ObservabilityStack in the construct's scope. Metrics
 * come from Google Managed Prometheus and GKE's managed DCGM metrics, both turned
 * on by the GCP GpuCluster. With `customMetricsAdapter` (the default), the
 * cluster's workload stack gets the monitoring namespace, GMP's query frontend
 * (bound by Workload Identity to a Google service account with only
 * `roles/monitoring.viewer`), a PodMonitoring of the model servers and
 * prometheus-adapter, registered so the cluster's WarmInferencePools find it.
 */
export function createGcpObservability(scope: Construct, plan: ObservabilityPlan): GcpObservability {
  const ctx = gcpDataContextOf(scope, plan.where);
  const base = gcpNameFragment(scope);
  const key = constructKey(scope, ctx, base, 'alerts');
  const resources = buildGcpObservability(scope, ctx, base, {
    alerts: plan.alerts,
    nodeHealth: plan.kubeStateMetrics,
    alertEmails: plan.alertEmails,
    alertWebhooks: plan.alertHttpsEndpoints,
    key,
    logRetentionDays: plan.logRetentionDays,
    evaluationIntervalSeconds: evaluationIntervalFor(plan.scrapeIntervalSeconds),
  });
  if (!plan.customMetricsAdapter) return { key, resources };

  const metricsQuery = new MetricsQueryIdentity(scope, 'MetricsQuery', {
    where: plan.where,
    physicalName: (suffix, opts) => ctx.physicalName(suffix, opts),
    nameSuffix: base,
    projectId: ctx.projectId,
    kubernetesServiceAccount: { namespace: plan.namespace, name: GMP_FRONTEND.name },
  });
  // In-cluster part: in the cluster's workload stack, so this stack plans without a cluster.
  const workloads = workloadStackOf(plan.cluster);
  const inCluster = new Construct(plan.cluster.workloadScope(), scope.node.id);
  const namespace = new NamespaceV1(inCluster, 'Namespace', {
    metadata: { name: plan.namespace, labels: { 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' } },
  });
  const customMetricsAdapter = new GmpCustomMetricsAdapter(inCluster, 'CustomMetricsAdapter', {
    namespace: plan.namespace,
    projectId: ctx.projectId,
    googleServiceAccountEmail: metricsQuery.email,
    modelServerNamespace: NAMESPACES.inference,
    nodeSelector: SYSTEM_POOL_LABEL,
    ownerPath: scope.node.path,
    dependsOn: [namespace, workloads.baseline.namespaces.inference],
  });
  registerCustomMetricsAdapter(plan.cluster.workloadScope(), customMetricsAdapter);
  return { key, resources, customMetricsAdapter, metricsQuery, namespace };
}
