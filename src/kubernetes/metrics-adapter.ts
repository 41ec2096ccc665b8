import { Release } from '@cdktf/provider-helm/lib/release';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { z } from 'zod';
import { parseOrThrow } from '../errors';
import { WAITING_REQUESTS_METRIC } from './model-server';
import { allowIngress } from './network-policies';
import { dependables, kubernetesName } from './schemas';

/** The Prometheus series vLLM exports for requests queued for the engine (a gauge per server process). */
export const VLLM_WAITING_REQUESTS_SERIES = 'vllm:num_requests_waiting';

/**
 * The labels that name a series' pod. The scrape configuration relabels the
 * pod's namespace and name into these, and the adapter maps them to the
 * Kubernetes resources the HPA asks about: they must stay in step.
 */
export const POD_SERIES_LABELS = { namespace: 'namespace', pod: 'pod' } as const;

/** prometheus-adapter, the chart that serves Prometheus series as the `custom.metrics.k8s.io` API. */
export const PROMETHEUS_ADAPTER_CHART = {
  repository: 'https://prometheus-community.github.io/helm-charts',
  chart: 'prometheus-adapter',
  version: '5.3.0',
  image: { repository: 'registry.k8s.io/prometheus-adapter/prometheus-adapter', tag: 'v0.12.0' },
} as const;

/**
 * AWS SigV4 proxy: signs the adapter's plain-HTTP Prometheus queries for
 * Amazon Managed Prometheus. 1.11 is built with an aws-sdk-go that reads
 * EKS Pod Identity credentials (container credentials provider).
 */
export const SIGV4_PROXY_IMAGE = 'public.ecr.aws/aws-observability/aws-sigv4-proxy:1.11.1';

/** Port the proxy listens on inside its pod. */
export const SIGV4_PROXY_PORT = 8005;

/** Kubernetes name of the proxy's Deployment, Service and service account (the Pod Identity association names it). */
export const SIGV4_PROXY_NAME = 'aws-sigv4-proxy';

/** One prometheus-adapter rule (https://github.com/kubernetes-sigs/prometheus-adapter/blob/master/docs/config.md). */
export interface AdapterRule {
  readonly seriesQuery: string;
  readonly resources: { readonly overrides: Readonly<Record<string, { readonly resource: string }>> };
  readonly name: { readonly matches: string; readonly as: string };
  readonly metricsQuery: string;
}

/**
 * The rule that serves vLLM's waiting requests per pod as the custom metric
 * the model server's HPA reads: `vllm:num_requests_waiting` (a colon is not
 * valid in a custom-metrics API path) becomes `vllm_num_requests_waiting`,
 * summed per pod (vLLM reports one series per engine).
 */
export function waitingRequestsRule(): AdapterRule {
  const { namespace, pod } = POD_SERIES_LABELS;
  return {
    seriesQuery: `${VLLM_WAITING_REQUESTS_SERIES}{${namespace}!="",${pod}!=""}`,
    resources: { overrides: { [namespace]: { resource: 'namespace' }, [pod]: { resource: 'pod' } } },
    name: { matches: `^${VLLM_WAITING_REQUESTS_SERIES}$`, as: WAITING_REQUESTS_METRIC },
    metricsQuery: 'sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)',
  };
}

export interface CustomMetricsAdapterProps {
  /** Namespace of the proxy and the adapter (must exist: see dependsOn). */
  readonly namespace: string;
  /** Region of the Managed Prometheus workspace. */
  readonly region: string;
  /** DNS suffix of the region's partition (`amazonaws.com`, `amazonaws.com.cn`). */
  readonly dnsSuffix: string;
  /** Workspace id (`ws-...`; a cross-stack reference is fine). */
  readonly workspaceId: string;
  /** Node selector of the two Deployments (the system nodes). */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Path of the construct that owns the adapter, for decisions and warnings. */
  readonly ownerPath: string;
  /** Resources that must exist first (the namespace). */
  readonly dependsOn?: ITerraformDependable[];
}

const adapterSchema = z
  .object({
    namespace: kubernetesName,
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region ("us-east-1")'),
    dnsSuffix: z.string().regex(/^[a-z0-9.-]+$/, 'a DNS suffix ("amazonaws.com")'),
    workspaceId: z.string().min(1),
    nodeSelector: z.record(z.string().min(1), z.string()),
    ownerPath: z.string().min(1),
    dependsOn: dependables.optional(),
  })
  .strict();

/**
 * A custom-metrics adapter for Amazon Managed Prometheus: prometheus-adapter
 * (serving `custom.metrics.k8s.io`, and nothing else: no default rules, no
 * external or resource metrics, so it never displaces metrics-server) queries
 * the workspace through an `aws-sigv4-proxy` Deployment, which signs each
 * request with the EKS Pod Identity role bound to its service account.
 *
 * The proxy runs non-root with a read-only root file system and no service
 * account token (it never calls the Kubernetes API); both run on the system
 * nodes with requests and limits.
 */
export class CustomMetricsAdapter extends Construct {
  /** Custom metrics this adapter serves (the HPA's metric names). */
  public readonly metricNames: ReadonlyArray<string>;
  /** The adapter's rules (what the chart's config map holds). */
  public readonly rules: ReadonlyArray<AdapterRule>;
  /** URL the adapter queries (the proxy's Service plus the workspace path). */
  public readonly prometheusUrl: string;
  public readonly ownerPath: string;
  public readonly proxyServiceAccount: ServiceAccountV1;
  public readonly proxy: DeploymentV1;
  public readonly proxyService: ServiceV1;
  /** The prometheus-adapter Helm release. */
  public readonly release: Release;
  /** The proxy signs with the workspace's query role: only the adapter may reach it. */
  public readonly proxyNetworkPolicy: NetworkPolicyV1;

  constructor(scope: Construct, id: string, given: CustomMetricsAdapterProps) {
    super(scope, id);
    const props = parseOrThrow(adapterSchema, given, this.node.path) as CustomMetricsAdapterProps;
    this.ownerPath = props.ownerPath;
    this.rules = [waitingRequestsRule()];
    this.metricNames = this.rules.map((r) => r.name.as);
    const dependsOn = props.dependsOn ?? [];
    const labels = { 'app.kubernetes.io/name': SIGV4_PROXY_NAME, 'app.kubernetes.io/component': 'metrics-query-proxy', 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' };
    const metadata = { name: SIGV4_PROXY_NAME, namespace: props.namespace, labels };
    const port = String(SIGV4_PROXY_PORT);
    const apsHost = `aps-workspaces.${props.region}.${props.dnsSuffix}`;

    this.proxyServiceAccount = new ServiceAccountV1(this, 'ProxyServiceAccount', { metadata, automountServiceAccountToken: false, dependsOn });
    this.proxy = new DeploymentV1(this, 'Proxy', {
      metadata,
      dependsOn: [...dependsOn, this.proxyServiceAccount],
      spec: {
        replicas: '1',
        selector: { matchLabels: { 'app.kubernetes.io/name': SIGV4_PROXY_NAME } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: SIGV4_PROXY_NAME,
            automountServiceAccountToken: false,
            nodeSelector: { ...props.nodeSelector },
            securityContext: {
              runAsNonRoot: true,
              runAsUser: '65534',
              runAsGroup: '65534',
              seccompProfile: { type: 'RuntimeDefault' },
            },
            container: [
              {
                name: 'aws-sigv4-proxy',
                image: SIGV4_PROXY_IMAGE,
                args: ['--name', 'aps', '--region', props.region, '--host', apsHost, '--port', `:${port}`],
                port: [{ name: 'http', containerPort: SIGV4_PROXY_PORT }],
                resources: {
                  requests: { cpu: '25m', memory: '32Mi' },
                  limits: { cpu: '200m', memory: '128Mi' },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                readinessProbe: { tcpSocket: [{ port }], periodSeconds: 10 },
                livenessProbe: { tcpSocket: [{ port }], periodSeconds: 20, failureThreshold: 3 },
              },
            ],
          },
        },
      },
    });
    this.proxyService = new ServiceV1(this, 'ProxyService', {
      metadata,
      dependsOn,
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': SIGV4_PROXY_NAME },
        port: [{ name: 'http', port: 80, targetPort: port }],
      },
    });

    this.proxyNetworkPolicy = allowIngress(this, 'ProxyNetworkPolicy', {
      name: `${SIGV4_PROXY_NAME}-from-adapter`,
      namespace: props.namespace,
      podLabels: { 'app.kubernetes.io/name': SIGV4_PROXY_NAME },
      peers: { podLabels: { 'app.kubernetes.io/name': PROMETHEUS_ADAPTER_CHART.chart } },
      ports: [SIGV4_PROXY_PORT],
      dependsOn,
    });

    const serviceUrl = `http://${SIGV4_PROXY_NAME}.${props.namespace}.svc`;
    const path = `/workspaces/${props.workspaceId}`;
    this.prometheusUrl = `${serviceUrl}:80${path}`;
    this.release = prometheusAdapterRelease(this, {
      prometheus: { url: serviceUrl, port: 80, path },
      rules: this.rules,
      nodeSelector: props.nodeSelector,
      namespace: props.namespace,
      dependsOn: [...dependsOn, this.proxy, this.proxyService],
    });
  }
}

/** What the model server's HPA needs to know of a custom-metrics adapter (AMP on AWS, GMP on GKE). */
export interface ServedCustomMetrics {
  /** Custom metrics the adapter serves (the HPA's metric names). */
  readonly metricNames: ReadonlyArray<string>;
  /** Path of the construct that owns the adapter. */
  readonly ownerPath: string;
}

/** Adapters by the workload scope (the cluster's in-cluster stack) they serve. */
const ADAPTERS = new WeakMap<IConstruct, ServedCustomMetrics>();

/** Records that `adapter` serves custom metrics in the cluster whose workload scope is `workloadScope`. */
export function registerCustomMetricsAdapter(workloadScope: IConstruct, adapter: ServedCustomMetrics): void {
  ADAPTERS.set(workloadScope, adapter);
}

/** The custom-metrics adapter of the cluster whose workload scope is `workloadScope`, if one was installed. */
export function customMetricsAdapterOf(workloadScope: IConstruct): ServedCustomMetrics | undefined {
  return ADAPTERS.get(workloadScope);
}

/** Where prometheus-adapter reads series: the chart builds `--prometheus-url` from url, port and path. */
export interface PrometheusEndpoint {
  readonly url: string;
  readonly port: number;
  readonly path: string;
}

/**
 * The prometheus-adapter Helm release both clouds install (AWS behind the SigV4
 * proxy, GKE against the Managed Prometheus frontend): pinned chart, one
 * replica, only our rules (the default rules list every container_* series and
 * resource rules would register metrics.k8s.io, metrics-server's API), non-root
 * with a read-only root filesystem.
 */
export function prometheusAdapterRelease(scope: Construct, opts: {
  readonly prometheus: PrometheusEndpoint;
  readonly rules: ReadonlyArray<AdapterRule>;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly namespace: string;
  readonly dependsOn: ITerraformDependable[];
}): Release {
  const values = {
    image: { ...PROMETHEUS_ADAPTER_CHART.image },
    prometheus: { ...opts.prometheus },
    metricsRelistInterval: '1m',
    logLevel: 2,
    replicas: 1,
    rules: { default: false, custom: opts.rules, external: [] },
    nodeSelector: { ...opts.nodeSelector },
    resources: {
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    },
    podSecurityContext: { fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
  return new Release(scope, 'Resource', {
    name: 'prometheus-adapter',
    repository: PROMETHEUS_ADAPTER_CHART.repository,
    chart: PROMETHEUS_ADAPTER_CHART.chart,
    version: PROMETHEUS_ADAPTER_CHART.version,
    namespace: opts.namespace,
    values: [JSON.stringify(values)],
    atomic: true,
    cleanupOnFail: true,
    dependsOn: opts.dependsOn,
  });
}
