import { App, TerraformStack, Testing } from 'cdktf';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { WarmInferencePool, WarmInferencePoolProps } from '../../src/constructs/warm-inference-pool';
import { AiInfraError } from '../../src/errors';
import { awsStack } from '../helpers/stack';

/** GIVEN a cluster, one warm pool and the default (managed-collector) observability stack; WHEN synthesized: the workloads stack's JSON. */
function workloads(server: WarmInferencePoolProps['server'] = {}, observability: Record<string, unknown> = {}): { json: any; app: App; stack: ReturnType<typeof awsStack> } {
  const app = Testing.app();
  const stack = awsStack({}, app);
  const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['L40S'] });
  new WarmInferencePool(stack, 'Chat', { cluster, model: { id: 'org/chat-8b', paramsBillions: 8 }, server });
  new ObservabilityStack(stack, 'Observability', { cluster, ...observability });
  const w = app.node.children.find((c) => c.node.id === 'test-workloads') as TerraformStack;
  return { json: JSON.parse(Testing.synth(w)), app, stack };
}

const policies = (json: any) => Object.values<any>(json.resource.kubernetes_network_policy_v1 ?? {});
const namespaceNamed = (json: any, name: string) => Object.values<any>(json.resource.kubernetes_namespace_v1).find((n) => n.metadata.name === name);
const modelServerPod = (json: any) => Object.values<any>(json.resource.kubernetes_deployment_v1).find((d) => d.metadata.labels['app.kubernetes.io/component'] === 'model-server').spec.template.spec;

describe('a closed cluster: NetworkPolicies in every namespace the library creates', () => {
  test('each namespace denies ingress by default', () => {
    const { json } = workloads();
    const denies = policies(json).filter((p) => p.metadata.name === 'deny-ingress');
    expect(denies.map((p) => p.metadata.namespace).sort()).toEqual(['ai-inference', 'ai-infra-monitoring', 'ai-system', 'ai-training']);
    for (const p of denies) {
      expect(p.spec).toEqual({ pod_selector: {}, policy_types: ['Ingress'] });
    }
  });

  test('the model server is reachable on its port only from its namespace, the namespaces the user lists and the monitoring namespace', () => {
    const { json } = workloads({ clientNamespaces: ['team-a', 'team-b'] });
    const p = policies(json).find((x) => x.metadata.name === 'chat-clients');
    expect(p.metadata.namespace).toBe('ai-inference');
    expect(p.spec.pod_selector).toEqual({ match_labels: { 'app.kubernetes.io/name': 'chat' } });
    expect(p.spec.ingress).toEqual([{
      from: [{ namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ai-inference', 'team-a', 'team-b', 'ai-infra-monitoring'] }] } }],
      ports: [{ port: '8000', protocol: 'TCP' }],
    }]);
  });

  test('the SigV4 metrics proxy is reachable only from the metrics adapter', () => {
    const { json } = workloads();
    const p = policies(json).find((x) => x.metadata.name === 'aws-sigv4-proxy-from-adapter');
    expect(p.metadata.namespace).toBe('ai-infra-monitoring');
    expect(p.spec.pod_selector).toEqual({ match_labels: { 'app.kubernetes.io/name': 'aws-sigv4-proxy' } });
    expect(p.spec.ingress).toEqual([{ from: [{ pod_selector: { match_labels: { 'app.kubernetes.io/name': 'prometheus-adapter' } } }], ports: [{ port: '8005', protocol: 'TCP' }] }]);
  });

  test('no policy admits every source (an ingress rule always names its peers)', () => {
    const { json } = workloads();
    const rules = policies(json).flatMap((p) =>
      (p.spec.ingress ?? []).map((rule: any) => ({ name: p.metadata.name, peers: (rule.from ?? []).length })));
    expect(rules.length).toBeGreaterThan(8);
    expect(rules.filter((r: { peers: number }) => r.peers === 0)).toEqual([]);
  });

  test('with the managed collector, the scraper (VPC CIDR) reaches the model servers\' http port and the exporters; nothing else from the VPC', () => {
    const { json } = workloads();
    const scraper = policies(json).find((x) => x.metadata.name === 'allow-managed-scraper');
    expect(scraper.spec).toEqual({
      pod_selector: { match_labels: { 'app.kubernetes.io/component': 'model-server' } },
      policy_types: ['Ingress'],
      // the cluster VPC's CIDR (a cross-stack reference; a remote-state output after app.synth)
      ingress: [{ from: [{ ip_block: { cidr: expect.stringMatching(/^\$\{aws_vpc\.Cluster_Aws_Network_\w+\.cidr_block\}$/) } }], ports: [{ port: 'http', protocol: 'TCP' }] }],
    });
    const dcgm = policies(json).find((x) => x.metadata.name === 'allow-dcgm-exporter');
    expect(dcgm.spec.ingress[0].ports).toEqual([{ port: '9400', protocol: 'TCP' }]);
    const withCidr = policies(json).filter((x) => JSON.stringify(x.spec.ingress ?? []).includes('ip_block')).map((x) => x.metadata.name).sort();
    expect(withCidr).toEqual(['allow-dcgm-exporter', 'allow-kube-state-metrics', 'allow-managed-scraper', 'allow-prometheus-adapter']);
    expect(workloads().stack.decisions.find((d) => d.topic === 'scraper-network-access')!.reason).toMatch(/TRADE-OFF: on the AWS VPC CNI pod IPs are VPC IPs/);
    const inCluster = workloads({}, { collector: 'in-cluster' });
    expect(policies(inCluster.json).find((x) => x.metadata.name === 'allow-managed-scraper')).toBeUndefined();
    expect(inCluster.stack.decisions.find((d) => d.topic === 'scraper-network-access')).toBeUndefined();
  });
});

describe('Pod Security labels', () => {
  test('ai-inference and ai-system enforce restricted; ai-training baseline and monitoring privileged, each with its reason on the namespace', () => {
    const { json } = workloads();
    const labels = (n: string) => namespaceNamed(json, n).metadata.labels;
    const reason = (n: string) => namespaceNamed(json, n).metadata.annotations?.['ai-infra/pod-security-reason'];
    expect(labels('ai-inference')).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' });
    expect(reason('ai-inference')).toBeUndefined();
    expect(labels('ai-system')['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(labels('ai-training')['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(reason('ai-training')).toMatch(/run as root and NCCL over EFA needs IPC_LOCK/);
    expect(labels('ai-infra-monitoring')['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(reason('ai-infra-monitoring')).toMatch(/dcgm-exporter mounts the kubelet pod-resources socket \(hostPath\)/);
  });

  test('a model server that runs as root relaxes ai-inference to baseline, with the reason on the namespace and in a decision', () => {
    const { json, stack } = workloads({ runAsNonRoot: false });
    expect(namespaceNamed(json, 'ai-inference').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(namespaceNamed(json, 'ai-inference').metadata.annotations['ai-infra/pod-security-reason']).toBe('test/Chat: server.runAsNonRoot is false; restricted refuses pods that may run as root');
    expect(stack.decisions.find((d) => d.topic === 'model-server-access')!.reason).toMatch(/OPT-OUT: runs as root, so ai-inference enforces baseline/);
  });
});

describe('model server secrets are files, the root file system is read-only, the image is pinned', () => {
  test('HF_TOKEN is a mounted file (HF_TOKEN_PATH), never an environment variable', () => {
    const pod = modelServerPod(workloads({ hfTokenSecretName: 'hf-token' }).json);
    const c = pod.container[0];
    expect(c.env.map((e: any) => e.name)).not.toContain('HF_TOKEN');
    expect(c.env.find((e: any) => e.name === 'HF_TOKEN_PATH').value).toBe('/var/run/secrets/ai-infra/huggingface/token');
    expect(c.volume_mount).toContainEqual({ name: 'hf-token', mount_path: '/var/run/secrets/ai-infra/huggingface', read_only: true });
    expect(pod.volume).toContainEqual({ name: 'hf-token', secret: { secret_name: 'hf-token', default_mode: '0440', items: [{ key: 'token', path: 'token' }] } });
  });

  test('an optional API key comes from a secret mounted as a file and is handed to vLLM by the command, not by the spec', () => {
    const pod = modelServerPod(workloads({ apiKeySecretName: 'chat-api-key' }).json);
    const c = pod.container[0];
    expect(c.command).toEqual(['/bin/sh', '-c', 'VLLM_API_KEY="$(cat /var/run/secrets/ai-infra/api-key/key)" exec python3 -m vllm.entrypoints.openai.api_server "$@"', 'vllm']);
    expect(c.volume_mount).toContainEqual({ name: 'api-key', mount_path: '/var/run/secrets/ai-infra/api-key', read_only: true });
    expect(pod.volume).toContainEqual({ name: 'api-key', secret: { secret_name: 'chat-api-key', default_mode: '0440', items: [{ key: 'key', path: 'key' }] } });
    expect(JSON.stringify(c.env)).not.toMatch(/API_KEY|secret_key_ref/);
    // without a key the image's own entrypoint runs
    expect(modelServerPod(workloads().json).container[0].command).toBeUndefined();
  });

  test('read-only root file system with writable /cache, /tmp and /dev/shm', () => {
    const pod = modelServerPod(workloads().json);
    const c = pod.container[0];
    expect(c.security_context).toEqual({ allow_privilege_escalation: false, read_only_root_filesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.volume_mount.map((m: any) => m.mount_path).sort()).toEqual(['/cache', '/dev/shm', '/tmp']);
    expect(pod.volume.map((v: any) => v.name).sort()).toEqual(['cache', 'shm', 'tmp']);
  });

  test('the default image is pinned by tag and digest; an unpinned image is refused', () => {
    const pod = modelServerPod(workloads().json);
    expect(pod.container[0].image).toBe('vllm/vllm-openai:v0.10.1.1@sha256:d731ee65c044ae0977421eed3d93f931d4b7d79614394184c939db35b8f28fc2');
    expect(() => workloads({ image: 'vllm/vllm-openai:v0.10.1.1' })).toThrow(AiInfraError);
    expect(() => workloads({ image: 'vllm/vllm-openai:v0.10.1.1' })).toThrow(
      'test/Chat: server.image must be an image pinned by digest (repo:tag@sha256:<64 hex digits>), got "vllm/vllm-openai:v0.10.1.1"',
    );
  });
});

describe('DCGM exporter privileges', () => {
  const dcgm = (json: any) => JSON.parse(Object.values<any>(json.resource.helm_release).find((r) => r.chart === 'dcgm-exporter').values[0]);

  test('by default: no root, no capabilities, no profiling counters', () => {
    const values = dcgm(workloads().json);
    expect(values.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(values.arguments).toEqual(['-f', '/etc/dcgm-exporter/default-counters.csv']);
  });

  test('profiling metrics asked for: root with SYS_ADMIN, recorded as an opt-in', () => {
    const { json, stack } = workloads({}, { dcgmExporter: { profilingMetrics: true } });
    expect(dcgm(json).securityContext).toEqual({ runAsNonRoot: false, runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } });
    expect(dcgm(json)).not.toHaveProperty('arguments');
    expect(stack.decisions.find((d) => d.topic === 'gpu-attribution')!.reason).toMatch(/^OPT-IN: dcgmExporter.profilingMetrics is true/);
  });
});
