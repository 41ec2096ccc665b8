import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { AiInfraError, parseOrThrow } from '../errors';
import { allowIngress } from './network-policies';
import { dependables, kubernetesName, port as portSchema, secretName } from './schemas';

/**
 * The vLLM metric the autoscaler follows, as a custom-metrics adapter exposes it (`vllm:num_requests_waiting`).
 * The HPA reads it from the `custom.metrics.k8s.io` API. The cluster's ObservabilityStack installs the
 * adapter that serves it (prometheus-adapter over Managed Prometheus, see `./metrics-adapter`); without
 * one the HPA reports `FailedGetPodsMetric` and holds the replica count where it is (WarmInferencePool
 * warns at synth).
 */
export const WAITING_REQUESTS_METRIC = 'vllm_num_requests_waiting';

/** Name the server reports through `USER` when it runs non-root (uid 1000 has no passwd entry in the vLLM image). */
export const NON_ROOT_USER_NAME = 'vllm';

/**
 * Default model-server image: vLLM's OpenAI-compatible server, pinned by tag
 * and digest so a re-pushed tag can never change what runs.
 */
export const DEFAULT_VLLM_IMAGE = 'vllm/vllm-openai:v0.10.1.1@sha256:d731ee65c044ae0977421eed3d93f931d4b7d79614394184c939db35b8f28fc2';

/**
 * Where the digest of DEFAULT_VLLM_IMAGE comes from. Not read from the
 * registry here (offline): the same digest for this tag appears in two
 * independent public build files (a Dockerfile `FROM` line and a build log
 * that pulled the tag through a mirror). Verify with
 * `docker buildx imagetools inspect vllm/vllm-openai:v0.10.1.1`.
 */
export const DEFAULT_VLLM_IMAGE_SOURCE = {
  source: 'https://hub.docker.com/r/vllm/vllm-openai/tags?name=v0.10.1.1',
  asOf: '2026-12-02',
  confirmed: false,
} as const;

/** An image reference pinned by digest (`repo[:tag]@sha256:<64 hex>`). */
export const PINNED_IMAGE = /^[a-z0-9][a-z0-9._/:-]*@sha256:[a-f0-9]{64}$/;

/** Where the optional API key (key `key` of the secret) is mounted; vLLM reads it through `VLLM_API_KEY`. */
export const API_KEY_DIR = '/var/run/secrets/ai-infra/api-key';

/** Where the Hugging Face token (key `token` of the secret) is mounted; `HF_TOKEN_PATH` points huggingface_hub at it. */
export const HF_TOKEN_DIR = '/var/run/secrets/ai-infra/huggingface';

export interface ModelServerToleration {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule';
}

export interface ModelServerProps {
  /** Kubernetes name of the Deployment, Service, HPA and PDB. */
  readonly name: string;
  readonly namespace: string;
  /** Model id vLLM loads (`meta-llama/Llama-3.1-70B-Instruct`, or a path). */
  readonly model: string;
  readonly image: string;
  readonly port: number;
  /** GPUs per replica (= tensor × pipeline parallel degree). */
  readonly gpusPerReplica: number;
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  readonly maxModelLen?: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target of `vllm_num_requests_waiting` per replica. */
  readonly targetWaitingRequests: number;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: ReadonlyArray<ModelServerToleration>;
  /** CPU and memory requested per replica. */
  readonly cpu: string;
  readonly memory: string;
  /** Shared memory for NCCL between tensor-parallel ranks. */
  readonly shmSizeGi: number;
  /** Seconds the startup probe allows for downloading and loading the weights. */
  readonly startupSeconds: number;
  readonly runAsNonRoot: boolean;
  readonly priorityClassName: string;
  /**
   * Secret (key `token`) holding a Hugging Face token, for gated models;
   * mounted as a file (not an environment variable, which `kubectl describe`,
   * crash dumps and child processes see).
   * @default - no token
   */
  readonly hfTokenSecretName?: string;
  /**
   * Secret (key `key`) holding the API key clients must send as
   * `Authorization: Bearer <key>`; mounted as a file and handed to vLLM as
   * `VLLM_API_KEY` by the container's command.
   * @default - no API key: any pod allowed by the NetworkPolicy may call the server
   */
  readonly apiKeySecretName?: string;
  /**
   * Namespaces (besides the server's own) whose pods may call the server; the
   * server's NetworkPolicy admits nobody else.
   * @default - none
   */
  readonly clientNamespaces?: ReadonlyArray<string>;
  readonly extraArgs: ReadonlyArray<string>;
  /** Resources that must exist first (the namespace, the priority class). */
  readonly dependsOn?: ITerraformDependable[];
}

/** zod numbers refuse NaN and Infinity already; these also refuse zero, negatives and (for counts) fractions. */
const count = z.number().int().min(1);

const modelServerSchema = z
  .object({
    name: kubernetesName,
    namespace: kubernetesName,
    model: z.string().min(1),
    image: z.string().regex(PINNED_IMAGE, 'an image pinned by digest (repo:tag@sha256:<64 hex digits>)'),
    port: portSchema,
    gpusPerReplica: count,
    tensorParallel: count,
    pipelineParallel: count,
    maxModelLen: count.optional(),
    minReplicas: count,
    maxReplicas: count,
    targetWaitingRequests: z.number().positive(),
    nodeSelector: z.record(z.string().min(1), z.string()),
    tolerations: z.array(z.object({ key: z.string().min(1), value: z.string(), effect: z.enum(['NoSchedule', 'NoExecute', 'PreferNoSchedule']) }).strict()),
    cpu: z.string().regex(/^\d+(\.\d+)?m?$/, 'a Kubernetes CPU quantity ("8", "500m")'),
    memory: z.string().regex(/^\d+(Ki|Mi|Gi|Ti)$/, 'a Kubernetes memory quantity ("64Gi")'),
    shmSizeGi: count,
    startupSeconds: count,
    runAsNonRoot: z.boolean(),
    priorityClassName: kubernetesName,
    hfTokenSecretName: secretName.optional(),
    apiKeySecretName: secretName.optional(),
    clientNamespaces: z.array(kubernetesName).optional(),
    extraArgs: z.array(z.string()),
    dependsOn: dependables.optional(),
  })
  .strict();

/**
 * An LLM server in the cluster: a Deployment of vLLM's OpenAI server with
 * the GPUs of one replica, tensor parallelism from the decision core, probes
 * that give the model time to load, a non-root restricted security context;
 * a ClusterIP Service; an HPA v2 on the waiting-requests metric (not CPU,
 * which says nothing about a GPU server's load); and a PodDisruptionBudget
 * so drains and upgrades take one replica at a time.
 */
export class ModelServer extends Construct {
  public readonly serviceAccount: ServiceAccountV1;
  public readonly deployment: DeploymentV1;
  public readonly service: ServiceV1;
  public readonly autoscaler: HorizontalPodAutoscalerV2;
  public readonly disruptionBudget: PodDisruptionBudgetV1;
  /** Admits callers from `clientNamespaces` only (the namespace's own pods are admitted by the baseline). */
  public readonly networkPolicy: NetworkPolicyV1;

  constructor(scope: Construct, id: string, given: ModelServerProps) {
    super(scope, id);
    const where = this.node.path;
    const props = parseOrThrow(modelServerSchema, given, where) as ModelServerProps;
    if (props.maxReplicas < props.minReplicas) {
      throw new AiInfraError({ where, field: 'maxReplicas', given: props.maxReplicas, allowed: `at least minReplicas (${props.minReplicas})` });
    }
    if (props.gpusPerReplica !== props.tensorParallel * props.pipelineParallel) {
      throw new AiInfraError({
        where,
        field: 'gpusPerReplica',
        given: props.gpusPerReplica,
        allowed: `tensorParallel × pipelineParallel (${props.tensorParallel} × ${props.pipelineParallel} = ${props.tensorParallel * props.pipelineParallel})`,
      });
    }
    const labels = { 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/component': 'model-server', 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' };
    const metadata = { name: props.name, namespace: props.namespace, labels };
    const dependsOn = props.dependsOn ?? [];
    const port = String(props.port);
    const args = [
      '--model', props.model,
      '--served-model-name', props.name,
      '--port', port,
      '--tensor-parallel-size', String(props.tensorParallel),
      ...(props.pipelineParallel > 1 ? ['--pipeline-parallel-size', String(props.pipelineParallel)] : []),
      ...(props.maxModelLen ? ['--max-model-len', String(props.maxModelLen)] : []),
      ...props.extraArgs,
    ];
    const gpu = String(props.gpusPerReplica);

    this.serviceAccount = new ServiceAccountV1(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false, dependsOn });
    this.deployment = new DeploymentV1(this, 'Resource', {
      metadata,
      dependsOn: [...dependsOn, this.serviceAccount],
      waitForRollout: false,
      // The HPA owns the replica count after creation: without this every apply would scale back to minReplicas.
      lifecycle: { ignoreChanges: ['spec[0].replicas'] },
      spec: {
        replicas: String(props.minReplicas),
        selector: { matchLabels: { 'app.kubernetes.io/name': props.name } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '0', maxUnavailable: '1' } },
        template: {
          metadata: {
            labels,
            annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': port, 'prometheus.io/path': '/metrics' },
          },
          spec: {
            serviceAccountName: props.name,
            priorityClassName: props.priorityClassName,
            nodeSelector: { ...props.nodeSelector },
            toleration: props.tolerations.map((t) => ({ key: t.key, operator: 'Equal', value: t.value, effect: t.effect })),
            terminationGracePeriodSeconds: 60,
            securityContext: {
              runAsNonRoot: props.runAsNonRoot,
              ...(props.runAsNonRoot ? { runAsUser: '1000', runAsGroup: '1000', fsGroup: '1000' } : {}),
              seccompProfile: { type: 'RuntimeDefault' },
            },
            container: [
              {
                name: 'vllm',
                image: props.image,
                args,
                port: [{ name: 'http', containerPort: props.port }],
                // vLLM reads its API key only from --api-key or VLLM_API_KEY: a shell reads the mounted file into
                // the variable and execs the server, so the key is never in the pod spec, an env var source or the args.
                ...(props.apiKeySecretName
                  ? { command: ['/bin/sh', '-c', `VLLM_API_KEY="$(cat ${API_KEY_DIR}/key)" exec python3 -m vllm.entrypoints.openai.api_server "$@"`, 'vllm'] }
                  : {}),
                env: [
                  { name: 'HOME', value: '/cache' },
                  { name: 'HF_HOME', value: '/cache/huggingface' },
                  // The vLLM image has no passwd entry for uid 1000: torch's inductor cache calls getpass.getuser(),
                  // which raises `KeyError: getpwuid(): uid not found` at import unless USER is set.
                  ...(props.runAsNonRoot ? [{ name: 'USER', value: NON_ROOT_USER_NAME }] : []),
                  ...(props.hfTokenSecretName ? [{ name: 'HF_TOKEN_PATH', value: `${HF_TOKEN_DIR}/token` }] : []),
                ],
                resources: {
                  requests: { 'cpu': props.cpu, 'memory': props.memory, 'nvidia.com/gpu': gpu },
                  limits: { 'memory': props.memory, 'nvidia.com/gpu': gpu },
                },
                // Read-only root: the weights, compile caches and temp files go to the writable volumes below.
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                startupProbe: {
                  httpGet: { path: '/health', port },
                  periodSeconds: 10,
                  failureThreshold: Math.ceil(props.startupSeconds / 10),
                },
                readinessProbe: { httpGet: { path: '/health', port }, periodSeconds: 5, failureThreshold: 3 },
                livenessProbe: { httpGet: { path: '/health', port }, periodSeconds: 15, failureThreshold: 4, timeoutSeconds: 5 },
                volumeMount: [
                  { name: 'cache', mountPath: '/cache' },
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'shm', mountPath: '/dev/shm' },
                  ...(props.hfTokenSecretName ? [{ name: 'hf-token', mountPath: HF_TOKEN_DIR, readOnly: true }] : []),
                  ...(props.apiKeySecretName ? [{ name: 'api-key', mountPath: API_KEY_DIR, readOnly: true }] : []),
                ],
              },
            ],
            volume: [
              { name: 'cache', emptyDir: {} },
              { name: 'tmp', emptyDir: {} },
              { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: `${props.shmSizeGi}Gi` } },
              ...(props.hfTokenSecretName ? [{ name: 'hf-token', secret: { secretName: props.hfTokenSecretName, defaultMode: '0440', items: [{ key: 'token', path: 'token' }] } }] : []),
              ...(props.apiKeySecretName ? [{ name: 'api-key', secret: { secretName: props.apiKeySecretName, defaultMode: '0440', items: [{ key: 'key', path: 'key' }] } }] : []),
            ],
          },
        },
      },
    });

    this.service = new ServiceV1(this, 'Service', {
      metadata,
      dependsOn,
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': props.name },
        port: [{ name: 'http', port: props.port, targetPort: port }],
      },
    });

    this.autoscaler = new HorizontalPodAutoscalerV2(this, 'Autoscaler', {
      metadata,
      dependsOn,
      spec: {
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.name },
        metric: [
          {
            type: 'Pods',
            pods: {
              metric: { name: WAITING_REQUESTS_METRIC },
              target: { type: 'AverageValue', averageValue: String(props.targetWaitingRequests) },
            },
          },
        ],
        behavior: {
          scaleUp: [{ stabilizationWindowSeconds: 0, policy: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }],
          scaleDown: [{ stabilizationWindowSeconds: 600, policy: [{ type: 'Pods', value: 1, periodSeconds: 300 }] }],
        },
      },
    });

    this.disruptionBudget = new PodDisruptionBudgetV1(this, 'DisruptionBudget', {
      metadata,
      dependsOn,
      spec: { maxUnavailable: '1', selector: { matchLabels: { 'app.kubernetes.io/name': props.name } } },
    });

    this.networkPolicy = allowIngress(this, 'NetworkPolicy', {
      name: `${props.name}-clients`,
      namespace: props.namespace,
      podLabels: { 'app.kubernetes.io/name': props.name },
      peers: { namespaces: [props.namespace, ...(props.clientNamespaces ?? [])] },
      ports: [props.port],
      dependsOn,
    });
  }
}
