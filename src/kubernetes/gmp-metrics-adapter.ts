import { Release } from '@cdktf/provider-helm/lib/release';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CustomResources, KubernetesObject } from './custom-resources';
import { AdapterRule, POD_SERIES_LABELS, prometheusAdapterRelease, waitingRequestsRule } from './metrics-adapter';

/**
 * GMP's query frontend: an authorizing proxy that serves the Prometheus HTTP
 * query API of Google Cloud Managed Service for Prometheus, with the
 * credentials of its (Workload Identity) service account.
 */
export const GMP_FRONTEND = {
  image: 'gke.gcr.io/prometheus-engine/frontend:v0.15.3-gke.0',
  port: 9090,
  name: 'gmp-frontend',
  source: 'GoogleCloudPlatform/prometheus-engine examples/frontend.yaml@0388154; https://cloud.google.com/stackdriver/docs/managed-prometheus/hpa',
} as const;

/** Scrape interval of the model servers' metrics (the HPA reacts no faster than this). */
export const MODEL_SERVER_SCRAPE_INTERVAL = '15s';

export interface GmpCustomMetricsAdapterProps {
  /** Namespace of the frontend and the adapter (must exist: see dependsOn). */
  readonly namespace: string;
  /** Project whose Managed Prometheus data the frontend queries. */
  readonly projectId: string;
  /** Google service account (email) the frontend's Kubernetes service account impersonates through Workload Identity; it holds `roles/monitoring.viewer`. */
  readonly googleServiceAccountEmail: string;
  /** Namespace whose model-server pods are scraped (a PodMonitoring there). */
  readonly modelServerNamespace: string;
  /** Node selector of the two Deployments (the system nodes). */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Path of the construct that owns the adapter, for decisions and warnings. */
  readonly ownerPath: string;
  /**
   * What the adapter waits for (the namespace).
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The custom-metrics adapter on GKE, so the model server's HPA reads the same
 * Pods metric (`vllm_num_requests_waiting`) as on AWS:
 *
 * - a PodMonitoring (GMP managed collection) scrapes the model servers'
 *   `/metrics` and keeps the `namespace` and `pod` labels the adapter maps;
 * - GMP's query frontend serves PromQL from Managed Prometheus, as a
 *   non-root Deployment whose service account is bound through Workload
 *   Identity to a Google service account with `roles/monitoring.viewer`;
 * - prometheus-adapter, with only the waiting-requests rule, queries the frontend.
 *
 * Decision: prometheus-adapter against the GMP frontend rather than Google's
 * Custom Metrics Stackdriver Adapter: the adapter rule, the metric name and
 * the HPA spec stay identical on both clouds (the Stackdriver adapter names
 * the metric `prometheus.googleapis.com|vllm:num_requests_waiting|gauge`, so
 * the HPA would differ per cloud), and it is the path GMP documents for
 * prometheus-adapter.
 */
export class GmpCustomMetricsAdapter extends Construct {
  /** Custom metrics this adapter serves (the HPA's metric names). */
  public readonly metricNames: ReadonlyArray<string>;
  public readonly rules: ReadonlyArray<AdapterRule>;
  /** URL the adapter queries. */
  public readonly prometheusUrl: string;
  public readonly ownerPath: string;
  public readonly frontendServiceAccount: ServiceAccountV1;
  public readonly frontend: DeploymentV1;
  public readonly frontendService: ServiceV1;
  public readonly podMonitoring: CustomResources;
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: GmpCustomMetricsAdapterProps) {
    super(scope, id);
    this.ownerPath = props.ownerPath;
    this.rules = [waitingRequestsRule()];
    this.metricNames = this.rules.map((r) => r.name.as);
    const dependsOn = props.dependsOn ?? [];
    const labels = { 'app.kubernetes.io/name': GMP_FRONTEND.name, 'app.kubernetes.io/component': 'metrics-query-frontend', 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' };
    const port = String(GMP_FRONTEND.port);

    this.frontendServiceAccount = new ServiceAccountV1(this, 'FrontendServiceAccount', {
      metadata: {
        name: GMP_FRONTEND.name,
        namespace: props.namespace,
        labels,
        annotations: { 'iam.gke.io/gcp-service-account': props.googleServiceAccountEmail },
      },
      dependsOn,
    });
    this.frontend = new DeploymentV1(this, 'Frontend', {
      metadata: { name: GMP_FRONTEND.name, namespace: props.namespace, labels },
      dependsOn: [...dependsOn, this.frontendServiceAccount],
      spec: {
        replicas: '2',
        selector: { matchLabels: { 'app.kubernetes.io/name': GMP_FRONTEND.name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: GMP_FRONTEND.name,
            // As upstream's frontend.yaml: the pod keeps its service-account token for Workload Identity.
            automountServiceAccountToken: true,
            nodeSelector: { ...props.nodeSelector },
            securityContext: { runAsNonRoot: true, runAsUser: '1000', runAsGroup: '1000', seccompProfile: { type: 'RuntimeDefault' } },
            container: [
              {
                name: 'frontend',
                image: GMP_FRONTEND.image,
                args: [`--web.listen-address=:${port}`, `--query.project-id=${props.projectId}`],
                port: [{ name: 'web', containerPort: GMP_FRONTEND.port }],
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
                securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                livenessProbe: { httpGet: { path: '/-/healthy', port: 'web' } },
                readinessProbe: { httpGet: { path: '/-/ready', port: 'web' } },
              },
            ],
          },
        },
      },
    });
    this.frontendService = new ServiceV1(this, 'FrontendService', {
      metadata: { name: GMP_FRONTEND.name, namespace: props.namespace, labels },
      dependsOn,
      spec: { type: 'ClusterIP', selector: { 'app.kubernetes.io/name': GMP_FRONTEND.name }, port: [{ name: 'web', port: GMP_FRONTEND.port, targetPort: 'web' }] },
    });

    const monitoring: KubernetesObject = {
      apiVersion: 'monitoring.googleapis.com/v1',
      kind: 'PodMonitoring',
      metadata: { name: 'model-servers', namespace: props.modelServerNamespace, labels: { 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' } },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/component': 'model-server' } },
        endpoints: [{ port: 'http', path: '/metrics', interval: MODEL_SERVER_SCRAPE_INTERVAL }],
        // namespace is always a target label; pod is the other one the adapter maps (POD_SERIES_LABELS).
        targetLabels: { metadata: [POD_SERIES_LABELS.pod, 'container'] },
      },
    };
    this.podMonitoring = new CustomResources(this, 'PodMonitoring', {
      releaseName: 'model-server-monitoring',
      namespace: props.modelServerNamespace,
      objects: [monitoring],
      ...(dependsOn.length ? { dependsOn } : {}),
    });

    const serviceUrl = `http://${GMP_FRONTEND.name}.${props.namespace}.svc`;
    this.prometheusUrl = `${serviceUrl}:${port}`;
    this.release = prometheusAdapterRelease(this, {
      prometheus: { url: serviceUrl, port: GMP_FRONTEND.port, path: '' },
      rules: this.rules,
      nodeSelector: props.nodeSelector,
      namespace: props.namespace,
      dependsOn: [...dependsOn, this.frontend, this.frontendService],
    });
  }
}
