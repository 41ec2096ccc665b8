import { Testing } from 'cdktf';
import { AiInfraError } from '../../src/errors';
import { CustomMetricsAdapter } from '../../src/kubernetes/metrics-adapter';
import { ModelServer, ModelServerProps } from '../../src/kubernetes/model-server';
import { TerminationHandler } from '../../src/kubernetes/termination-handler';
import { ClusterWorkloadStack, ClusterWorkloadStackProps } from '../../src/kubernetes/workload-stack';

const CONNECTION = { host: 'https://example', clusterCaCertificateBase64: 'Q0E=', exec: { command: 'aws', args: ['eks', 'get-token'] } };

function workloadStack(): ClusterWorkloadStack {
  return new ClusterWorkloadStack(Testing.app(), 'w', { clusterName: 'c', connection: CONNECTION });
}

const SERVER: ModelServerProps = {
  name: 'chat',
  namespace: 'ai-inference',
  model: 'org/model',
  image: 'vllm/vllm-openai:v0.10.1.1@sha256:0000000000000000000000000000000000000000000000000000000000000000',
  port: 8000,
  gpusPerReplica: 2,
  tensorParallel: 2,
  pipelineParallel: 1,
  minReplicas: 1,
  maxReplicas: 2,
  targetWaitingRequests: 3,
  nodeSelector: { 'ai-infra/pool': 'chat' },
  tolerations: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
  cpu: '8',
  memory: '64Gi',
  shmSizeGi: 8,
  startupSeconds: 600,
  runAsNonRoot: true,
  priorityClassName: 'ai-inference',
  extraArgs: [],
};

/** Runs `build` and returns the AiInfraError it throws (fails the test on anything else). */
function errorOf(build: () => unknown): AiInfraError {
  try {
    build();
  } catch (e) {
    expect(e).toBeInstanceOf(AiInfraError);
    return e as AiInfraError;
  }
  throw new Error('expected an AiInfraError, nothing was thrown');
}

describe('exported building blocks validate at the door like the constructs', () => {
  test('ModelServer({}) names the path and the first missing field, not a TypeError', () => {
    expect(errorOf(() => new ModelServer(workloadStack(), 'Server', {} as ModelServerProps)).message).toBe(
      'w/Server: name must be a string, got nothing',
    );
  });

  test.each([
    [{ port: Number.NaN }, 'w/Server: port must be a number, got NaN'],
    [{ port: 70000 }, 'w/Server: port must be an integer port from 1 to 65535, got 70000'],
    [{ minReplicas: 3, maxReplicas: 2 }, 'w/Server: maxReplicas must be at least minReplicas (3), got 2'],
    [{ gpusPerReplica: 4 }, 'w/Server: gpusPerReplica must be tensorParallel × pipelineParallel (2 × 1 = 2), got 4'],
    [{ startupSeconds: Number.POSITIVE_INFINITY }, 'w/Server: startupSeconds must be a number, got Infinity'],
    [{ tensorParallel: 1.5 }, 'w/Server: tensorParallel must be an integer, got 1.5'],
    [{ tolerations: [{ key: 'k', value: 'v', effect: 'Sometimes' }] }, 'w/Server: tolerations.0.effect must be one of "NoSchedule", "NoExecute", "PreferNoSchedule", got "Sometimes"'],
  ])('ModelServer rejects %j', (bad, message) => {
    expect(errorOf(() => new ModelServer(workloadStack(), 'Server', { ...SERVER, ...bad } as ModelServerProps)).message).toBe(message);
  });

  test('TerminationHandler({}) names the path and the field', () => {
    expect(errorOf(() => new TerminationHandler(workloadStack(), 'Nth', {} as never)).message).toBe(
      'w/Nth: releaseName must be a string, got nothing',
    );
  });

  test('ClusterWorkloadStack({}) names the stack and the field', () => {
    expect(errorOf(() => new ClusterWorkloadStack(Testing.app(), 'w', {} as ClusterWorkloadStackProps)).message).toBe('w: connection must be an object, got nothing');
    expect(errorOf(() => new ClusterWorkloadStack(Testing.app(), 'w', { clusterName: 'c', connection: { ...CONNECTION, exec: { command: '', args: [] } } })).message).toBe(
      'w: connection.exec.command must be of length >= 1, got ""',
    );
  });

  test('CustomMetricsAdapter({}) names the path and the field', () => {
    expect(errorOf(() => new CustomMetricsAdapter(workloadStack(), 'Adapter', {} as never)).message).toBe(
      'w/Adapter: namespace must be a string, got nothing',
    );
  });

  test('valid props still build: the server listens on the given port', () => {
    const stack = workloadStack();
    new ModelServer(stack, 'Server', { ...SERVER, port: 9000 });
    const deployment = Object.values<any>(JSON.parse(Testing.synth(stack)).resource.kubernetes_deployment_v1)[0];
    expect(deployment.spec.template.spec.container[0].port).toEqual([{ name: 'http', container_port: 9000 }]);
  });
});
