import { TerraformStack, Testing } from 'cdktf';
import { MetricsQueryIdentity } from '../../src/gcp/metrics-query-identity';
import { GMP_FRONTEND, GmpCustomMetricsAdapter } from '../../src/kubernetes/gmp-metrics-adapter';
import { customMetricsAdapterOf, registerCustomMetricsAdapter } from '../../src/kubernetes/metrics-adapter';
import { WAITING_REQUESTS_METRIC } from '../../src/kubernetes/model-server';
import { bareStack, physicalName, PROJECT, synth } from '../gcp/helpers';

function adapterApp() {
  const stack = new TerraformStack(Testing.app(), 'workloads');
  const adapter = new GmpCustomMetricsAdapter(stack, 'Adapter', {
    namespace: 'ai-system',
    projectId: PROJECT,
    googleServiceAccountEmail: 't-obs-metrics@acme-ml-prod.iam.gserviceaccount.com',
    modelServerNamespace: 'ai-inference',
    nodeSelector: { 'ai-infra/pool': 'system' },
    ownerPath: 'gcp/Observability',
  });
  return { stack, adapter, json: JSON.parse(Testing.synth(stack)) };
}

describe('GmpCustomMetricsAdapter (HPA on waiting requests from Managed Prometheus)', () => {
  test('serves the same Pods metric as on AWS, so the HPA spec is identical', () => {
    const { adapter, stack } = adapterApp();
    expect(adapter.metricNames).toEqual([WAITING_REQUESTS_METRIC]);
    registerCustomMetricsAdapter(stack, adapter);
    expect(customMetricsAdapterOf(stack)).toBe(adapter);
  });

  test('frontend: pinned image, queries the project, Workload Identity annotation, non-root read-only', () => {
    const { json } = adapterApp();
    const ksa = Object.values(json.resource.kubernetes_service_account_v1)[0] as any;
    expect(ksa.metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 't-obs-metrics@acme-ml-prod.iam.gserviceaccount.com' });
    const dep = Object.values(json.resource.kubernetes_deployment_v1)[0] as any;
    const c = dep.spec.template.spec.container[0];
    expect(c.image).toBe(GMP_FRONTEND.image);
    expect(c.args).toEqual(['--web.listen-address=:9090', `--query.project-id=${PROJECT}`]);
    expect(c.security_context).toMatchObject({ allow_privilege_escalation: false, read_only_root_filesystem: true, capabilities: { drop: ['ALL'] } });
    expect(dep.spec.template.spec.security_context.run_as_non_root).toBe(true);
  });

  test('prometheus-adapter points at the frontend with only the waiting-requests rule', () => {
    const { json } = adapterApp();
    const release = (Object.values(json.resource.helm_release) as any[]).find((r) => r.name === 'prometheus-adapter');
    const values = JSON.parse(release.values[0]);
    expect(values.prometheus).toEqual({ url: 'http://gmp-frontend.ai-system.svc', port: 9090, path: '' });
    expect(values.rules.default).toBe(false);
    expect(values.rules.custom.map((r: any) => r.name.as)).toEqual(['vllm_num_requests_waiting']);
  });

  test('PodMonitoring scrapes the model servers every 15 s and keeps the pod label', () => {
    const { json } = adapterApp();
    const release = (Object.values(json.resource.helm_release) as any[]).find((r) => r.name === 'model-server-monitoring');
    const [pm] = JSON.parse(release.values[0]).objects;
    expect(pm).toMatchObject({
      apiVersion: 'monitoring.googleapis.com/v1',
      kind: 'PodMonitoring',
      metadata: { name: 'model-servers', namespace: 'ai-inference' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/component': 'model-server' } },
        endpoints: [{ port: 'http', path: '/metrics', interval: '15s' }],
        targetLabels: { metadata: ['pod', 'container'] },
      },
    });
  });
});

describe('MetricsQueryIdentity', () => {
  test('a service account with monitoring.viewer only, impersonable by exactly one Kubernetes service account', () => {
    const stack = bareStack();
    new MetricsQueryIdentity(stack, 'Identity', {
      where: 'gcp/Observability', physicalName, nameSuffix: 'obs', projectId: PROJECT, kubernetesServiceAccount: { namespace: 'ai-system', name: 'gmp-frontend' },
    });
    const json = synth(stack);
    const roles = Object.values(json.resource.google_project_iam_member).map((r: any) => r.role);
    expect(roles).toEqual(['roles/monitoring.viewer']);
    const wi = Object.values(json.resource.google_service_account_iam_member)[0] as any;
    expect(wi).toMatchObject({ role: 'roles/iam.workloadIdentityUser', member: `serviceAccount:${PROJECT}.svc.id.goog[ai-system/gmp-frontend]` });
  });
});
