import { Testing } from 'cdktf';
import { PRIORITY_CLASSES } from '../../src/kubernetes/cluster-baseline';
import { DEFAULT_VLLM_IMAGE, ModelServer, ModelServerProps } from '../../src/kubernetes/model-server';
import { TerminationHandler } from '../../src/kubernetes/termination-handler';
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

  test('EFA plugin: pinned as eks-charts publishes it, scheduled by the pool label instead of the chart instance-type list', () => {
    // GIVEN a workload stack with the EFA plugin
    const stack = workloadStack();
    stack.devicePlugins.enable('efa');
    // WHEN synthesized
    const efa = (Object.values(JSON.parse(Testing.synth(stack)).resource.helm_release) as any[])[0];
    const values = JSON.parse(efa.values[0]);
    // THEN the version carries the `v` prefix of the eks-charts index
    expect(efa.version).toBe('v0.5.7');
    // AND the chart's required node affinity (built from supportedInstanceLabels, it has no `affinity` value) matches
    // the label every EFA node group carries, so new EFA types (p6-b200) are not left without the plugin
    expect(values.supportedInstanceLabels).toEqual({ keys: ['vpc.amazonaws.com/efa.present'], values: ['true'] });
    expect(values).not.toHaveProperty('affinity');
  });

  test('termination handler: the OCI chart of the NTH project in ECR Public, queue mode values', () => {
    // GIVEN a termination handler
    const stack = workloadStack();
    new TerminationHandler(stack, 'Nth', { releaseName: 'nth-x', serviceAccount: 'nth-x', queueUrl: 'https://sqs/q', region: 'us-east-1', managedTag: 'ai-infra/termination-handler/x' });
    // WHEN synthesized
    const nth = (Object.values(JSON.parse(Testing.synth(stack)).resource.helm_release) as any[])[0];
    // THEN it comes from oci://public.ecr.aws/aws-ec2/helm (eks-charts stopped at 0.21.0 and dropped the chart)
    expect(nth.repository).toBe('oci://public.ecr.aws/aws-ec2/helm');
    expect(nth.chart).toBe('aws-node-termination-handler');
    expect(nth.version).toBe('0.27.2');
    expect(JSON.parse(nth.values[0])).toMatchObject({ enableSqsTerminationDraining: true, queueURL: 'https://sqs/q', serviceAccount: { create: true, name: 'nth-x' } });
  });

  test('non-root model server sets USER so torch can resolve the user of uid 1000 (no passwd entry in the vLLM image)', () => {
    // GIVEN the default (non-root) and an opted-out (root) server
    const stack = workloadStack();
    const base: Omit<ModelServerProps, 'name' | 'runAsNonRoot'> = {
      namespace: 'ai-inference',
      model: 'm',
      image: DEFAULT_VLLM_IMAGE,
      port: 8000,
      gpusPerReplica: 2,
      tensorParallel: 2,
      pipelineParallel: 1,
      minReplicas: 1,
      maxReplicas: 2,
      targetWaitingRequests: 3,
      nodeSelector: { 'ai-infra/pool': 'serving' },
      tolerations: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
      cpu: '8',
      memory: '64Gi',
      shmSizeGi: 8,
      startupSeconds: 600,
      priorityClassName: 'ai-inference',
      extraArgs: [],
    };
    new ModelServer(stack, 'NonRoot', { ...base, name: 'nonroot', runAsNonRoot: true });
    new ModelServer(stack, 'Root', { ...base, name: 'root', runAsNonRoot: false });
    // WHEN synthesized
    const deployments = Object.values(JSON.parse(Testing.synth(stack)).resource.kubernetes_deployment_v1) as any[];
    const pod = (name: string) => deployments.find((d) => d.metadata.name === name).spec.template.spec;
    const env = (name: string) => Object.fromEntries(pod(name).container[0].env.filter((e: any) => e.value).map((e: any) => [e.name, e.value]));
    // THEN the non-root pod runs as 1000 with USER, HOME and HF_HOME set to a writable volume
    expect(pod('nonroot').security_context).toMatchObject({ run_as_non_root: true, run_as_user: '1000' });
    expect(env('nonroot')).toMatchObject({ USER: 'vllm', HOME: '/cache', HF_HOME: '/cache/huggingface' });
    expect(pod('nonroot').volume.map((v: any) => v.name)).toEqual(expect.arrayContaining(['cache', 'shm']));
    // AND GPU request = limit = GPUs per replica, selector = pod label
    const c = pod('nonroot').container[0];
    expect(c.resources.limits['nvidia.com/gpu']).toBe('2');
    expect(c.resources.requests['nvidia.com/gpu']).toBe('2');
    const dep = deployments.find((d) => d.metadata.name === 'nonroot');
    expect(dep.spec.template.metadata.labels).toMatchObject(dep.spec.selector.match_labels);
    // AND the root pod leaves the image's user alone
    expect(env('root')).not.toHaveProperty('USER');
    expect(pod('root').security_context).not.toHaveProperty('run_as_user');
  });

  test('model server with pipeline stages passes both parallel sizes', () => {
    const stack = workloadStack();
    new ModelServer(stack, 'Server', {
      name: 'big',
      namespace: 'ai-inference',
      model: 'm',
      image: DEFAULT_VLLM_IMAGE,
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
    expect(c.env.find((e: any) => e.name === 'HF_TOKEN')).toBeUndefined();
    expect(c.env.find((e: any) => e.name === 'HF_TOKEN_PATH').value).toBe('/var/run/secrets/ai-infra/huggingface/token');
    expect(c.volume_mount.find((v: any) => v.mount_path === '/dev/shm')).toBeDefined();
  });
});
