import { Testing } from 'cdktf';
import { PRIORITY_CLASSES } from '../../src/kubernetes/cluster-baseline';
import { ModelServer } from '../../src/kubernetes/model-server';
import { ClusterWorkloadStack } from '../../src/kubernetes/workload-stack';

function workloadStack(): ClusterWorkloadStack {
  return new ClusterWorkloadStack(Testing.app(), 'w', {
    clusterName: 'c',
    connection: { host: 'https://example', clusterCaCertificateBase64: 'Q0E=', exec: { command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'c'] } },
  });
}

describe('ClusterWorkloadStack', () => {
  test('providers use the exec credential plugin and the decoded CA', () => {
    const json = JSON.parse(Testing.synth(workloadStack()));
    expect(json.provider.kubernetes[0].cluster_ca_certificate).toBe('${base64decode("Q0E=")}');
    expect(json.provider.kubernetes[0].exec[0].api_version).toBe('client.authentication.k8s.io/v1beta1');
    expect(json.provider.helm[0].kubernetes.host).toBe('https://example');
  });

  test('baseline: namespaces and priority classes, inference above training, training never preempts', () => {
    const json = JSON.parse(Testing.synth(workloadStack()));
    const ns = Object.values(json.resource.kubernetes_namespace_v1).map((n: any) => n.metadata.name).sort();
    expect(ns).toEqual(['ai-inference', 'ai-system', 'ai-training']);
    const pcs = Object.values(json.resource.kubernetes_priority_class_v1) as any[];
    const training = pcs.find((p) => p.metadata.name === 'ai-training');
    const inference = pcs.find((p) => p.metadata.name === 'ai-inference');
    expect(inference.value).toBeGreaterThan(training.value);
    expect(training.preemption_policy).toBe('Never');
    expect(PRIORITY_CLASSES.inference.value).toBe(inference.value);
  });

  test('device plugins are installed once each, tolerate every taint and select their node label', () => {
    const stack = workloadStack();
    const a = stack.devicePlugins.enable('nvidia');
    expect(stack.devicePlugins.enable('nvidia')).toBe(a);
    stack.devicePlugins.enable('efa');
    stack.devicePlugins.enable('neuron');
    const releases = Object.values(JSON.parse(Testing.synth(stack)).resource.helm_release) as any[];
    expect(releases).toHaveLength(3);
    const nvidia = releases.find((r) => r.chart === 'nvidia-device-plugin');
    expect(JSON.parse(nvidia.values[0])).toMatchObject({ tolerations: [{ operator: 'Exists' }], nodeSelector: { 'nvidia.com/gpu.present': 'true' } });
    const efa = releases.find((r) => r.chart === 'aws-efa-k8s-device-plugin');
    expect(efa.repository).toBe('https://aws.github.io/eks-charts');
    expect(JSON.parse(efa.values[0]).nodeSelector).toEqual({ 'vpc.amazonaws.com/efa.present': 'true' });
    expect(releases.find((r) => r.chart === 'neuron-helm-chart')).toBeDefined();
  });

  test('model server with pipeline stages passes both parallel sizes', () => {
    const stack = workloadStack();
    new ModelServer(stack, 'Server', {
      name: 'big',
      namespace: 'ai-inference',
      model: 'm',
      image: 'img',
      port: 8000,
      gpusPerReplica: 8,
      tensorParallel: 4,
      pipelineParallel: 2,
      minReplicas: 1,
      maxReplicas: 2,
      targetWaitingRequests: 3,
      nodeSelector: { a: 'b' },
      tolerations: [],
      cpu: '8',
      memory: '64Gi',
      shmSizeGi: 8,
      startupSeconds: 600,
      runAsNonRoot: false,
      priorityClassName: 'ai-inference',
      extraArgs: ['--enable-prefix-caching'],
      hfTokenSecretName: 'hf',
    });
    const json = JSON.parse(Testing.synth(stack));
    const c = (Object.values(json.resource.kubernetes_deployment_v1)[0] as any).spec.template.spec.container[0];
    expect(c.args).toEqual(expect.arrayContaining(['--tensor-parallel-size', '4', '--pipeline-parallel-size', '2', '--enable-prefix-caching']));
    expect(c.env.find((e: any) => e.name === 'HF_TOKEN').value_from.secret_key_ref).toEqual({ name: 'hf', key: 'token' });
    expect(c.volume_mount.find((v: any) => v.mount_path === '/dev/shm')).toBeDefined();
  });
});
