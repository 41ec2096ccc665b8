import { Aspects } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { z } from 'zod';
import { checkSameStack, clusterSchema, freeId, startConstruct, uniqueItems } from './checks';
import { acceleratorSchema, awsReservation, CapacityReservationTarget, capacityReservationSchema, checkCloudSettings, gcpReservation, gcpReservationSchema, nodePoolPlan, poolModelSchema } from './pool-props';
import { planPoolTypesOnce } from './selection-cache';
import type { GcpReservationTarget } from './spot-training-pool';
import type { AiInfraStack } from './stack';
import type { AwsWarmInferencePool } from '../aws/warm-inference-pool';
import type { AcceleratorId } from '../catalog/types';
import { nameSuffixOf } from '../core/naming';
import type { IGpuCluster, NodeTaint } from '../core/plans';
import { AiInfraError } from '../errors';
import type { GcpWarmInferencePool } from '../gcp/warm-inference-pool';
import { MONITORING_NAMESPACE, NAMESPACES, PRIORITY_CLASSES } from '../kubernetes/cluster-baseline';
import { customMetricsAdapterOf, VLLM_WAITING_REQUESTS_SERIES } from '../kubernetes/metrics-adapter';
import { DEFAULT_VLLM_IMAGE, ModelServer, PINNED_IMAGE, WAITING_REQUESTS_METRIC } from '../kubernetes/model-server';
import { acceleratorLabels, acceleratorTaint, devicePluginOf } from '../kubernetes/node-labels';
import { workloadStackOf } from '../kubernetes/workload-stack';
import { modelDownloadCost, nodePoolCost, rootVolumeCost } from '../planning/cost';
import { gkeBootDiskCost, gkeNodePoolCost } from '../planning/gke-cost';
import type { PoolModelIntent } from '../planning/pools';
import { planPoolZones } from '../planning/pools';
import type { ModelSizing, ParallelismPlan } from '../planning/sizing';

/** The taint that keeps everything but inference pods off the pool (besides the accelerator taint). */
export const INFERENCE_TAINT: NodeTaint = { key: 'ai-infra/workload', value: 'inference', effect: 'NoSchedule' };

/** vLLM flags the library sets from props: `server.extraArgs` may not repeat them (the last one would silently win). */
const LIBRARY_SERVER_FLAGS = ['--model', '--served-model-name', '--port', '--tensor-parallel-size', '--pipeline-parallel-size', '--max-model-len', '--api-key'] as const;

/** The model the pool serves. */
export interface ServedModel extends PoolModelIntent {
  /** What the server loads: a Hugging Face id (`meta-llama/Llama-3.1-8B-Instruct`) or a path. */
  readonly id: string;
}

/** The in-cluster model server. */
export interface ModelServerOptions {
  /**
   * Container image of the OpenAI-compatible server, pinned by digest
   * (`repo:tag@sha256:<64 hex>`): a tag alone can be re-pushed.
   * @default 'vllm/vllm-openai:v0.10.1.1@sha256:d731ee65c044ae0977421eed3d93f931d4b7d79614394184c939db35b8f28fc2'
   */
  readonly image?: string;
  /**
   * Port the server listens on.
   * @default 8000
   */
  readonly port?: number;
  /**
   * Waiting requests per replica the autoscaler aims for (`vllm:num_requests_waiting`).
   * @default 5
   */
  readonly targetWaitingRequests?: number;
  /**
   * Seconds the startup probe waits for the weights to download and load.
   * @default 1800
   */
  readonly startupSeconds?: number;
  /**
   * Run as uid 1000 with a restricted security context. Turn off only for an image that must run as root (recorded).
   * @default true
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Secret in the `ai-inference` namespace whose key `token` is a Hugging Face token (gated models).
   * @default - none
   */
  readonly hfTokenSecretName?: string;
  /**
   * Secret in the `ai-inference` namespace whose key `key` is the API key
   * clients must send (`Authorization: Bearer <key>`); mounted as a file.
   * @default - no API key: the NetworkPolicy alone decides who may call
   */
  readonly apiKeySecretName?: string;
  /**
   * Namespaces whose pods may call the server, besides `ai-inference` itself
   * (and the monitoring namespace, which scrapes `/metrics`). Every other
   * namespace is refused by the server's NetworkPolicy.
   * @default - none
   */
  readonly clientNamespaces?: string[];
  /**
   * More server arguments.
   * @default - none
   */
  readonly extraArgs?: string[];
}

/** AWS-only settings of a WarmInferencePool. */
export interface WarmInferencePoolAwsProps {
  /**
   * Launch into an On-Demand Capacity Reservation (or Capacity Block) by id, or into a resource group of reservations.
   * @default - none
   */
  readonly capacityReservation?: CapacityReservationTarget;
  /**
   * The reservation is a Capacity Block (node group capacity type `CAPACITY_BLOCK`).
   * @default false
   */
  readonly capacityBlock?: boolean;
  /**
   * Launch into a cluster placement group (one zone).
   * @default false
   */
  readonly placementGroup?: boolean;
  /**
   * The reservation was created for this pool's cluster placement group; without it, a reservation plus a placement group is an error.
   * @default false
   */
  readonly reservationTargetsPlacementGroup?: boolean;
}

/** Monthly usage of a warm pool, for the cost estimate. */
export interface WarmInferencePoolUsage {
  /**
   * Times each model-server replica downloads the weights a month (each pod
   * fetches them from Hugging Face into its own cache volume when it starts).
   * @default 1
   */
  readonly modelDownloadsPerReplicaPerMonth?: number;
}

export interface WarmInferencePoolProps {
  /** The cluster the node group joins and the model server runs in. */
  readonly cluster: IGpuCluster;
  /** The model to serve; sizes the GPUs per replica and the tensor-parallel degree. */
  readonly model: ServedModel;
  /**
   * Instance type of the nodes.
   * @default - chosen by the decision core (cheapest type that fits a replica)
   */
  readonly instanceType?: string;
  /**
   * Accelerator to serve on.
   * @default - any NVIDIA GPU
   */
  readonly accelerator?: AcceleratorId;
  /**
   * Warm floor: nodes always running, so the first requests never wait for a
   * node. At least 1: the model server keeps at least one replica, which holds
   * a node, so a floor of 0 would still run (and bill) one node.
   * @default 1
   */
  readonly minNodes?: number;
  /**
   * Ceiling: most nodes the pool scales to.
   * @default - 4, or minNodes when that is larger
   */
  readonly maxNodes?: number;
  /**
   * Nodes running on average, for the cost estimate.
   * @default - minNodes
   */
  readonly expectedNodes?: number;
  /**
   * Zones (of the cluster) the pool uses.
   * @default - the cluster zones offering the type
   */
  readonly zones?: string[];
  /**
   * Root volume of each node, GiB.
   * @default 200
   */
  readonly rootVolumeGiB?: number;
  /**
   * Usage the cost estimate assumes.
   * @default - the documented defaults (`USAGE_DEFAULTS`); the lines say they were assumed
   */
  readonly usage?: WarmInferencePoolUsage;
  /**
   * Attach the type's EFA interfaces (not needed for single-node replicas).
   * @default false
   */
  readonly efa?: boolean;
  /**
   * Deploy the model server (Deployment, Service, HPA, PDB) into the cluster's workload stack.
   * @default true
   */
  readonly deployModelServer?: boolean;
  /**
   * Model-server settings.
   * @default - vLLM, port 8000, 5 waiting requests per replica
   */
  readonly server?: ModelServerOptions;
  /**
   * AWS-only settings.
   * @default - on demand, no reservation, no placement group
   */
  readonly aws?: WarmInferencePoolAwsProps;
  /**
   * GCP-only settings.
   * @default - on demand, no reservation
   */
  readonly gcp?: WarmInferencePoolGcpProps;
}

/** GCP-only settings of a WarmInferencePool. */
export interface WarmInferencePoolGcpProps {
  /**
   * Consume a reservation: one specific reservation by name (optionally
   * shared from another project; the pool must then be in exactly one zone,
   * the reservation's), or `'any'` matching one.
   * @default - on demand, no reservation
   */
  readonly reservation?: GcpReservationTarget;
}

const schema = z
  .object({
    cluster: clusterSchema,
    model: poolModelSchema.extend({ id: z.string().regex(/^\S{1,512}$/, 'a model id or path without spaces (meta-llama/Llama-3.1-8B-Instruct)') }).strict(),
    instanceType: z.string().min(1).optional(),
    accelerator: acceleratorSchema.optional(),
    minNodes: z.number().int().min(1, 'at least 1: the warm floor (the model server keeps one replica, which holds a node)').max(1000).optional(),
    maxNodes: z.number().int().min(1).max(1000).optional(),
    expectedNodes: z.number().min(0).max(1000).optional(),
    zones: z.array(z.string().min(1)).min(1).superRefine(uniqueItems('a zone')).optional(),
    rootVolumeGiB: z.number().int().min(50).max(16_384).optional(),
    usage: z.object({ modelDownloadsPerReplicaPerMonth: z.number().min(0).max(10_000).optional() }).strict().optional(),
    efa: z.boolean().optional(),
    deployModelServer: z.boolean().optional(),
    server: z
      .object({
        image: z.string().max(512).regex(PINNED_IMAGE, 'an image pinned by digest (repo:tag@sha256:<64 hex digits>)').optional(),
        port: z.number().int().min(1024).max(65535).optional(),
        targetWaitingRequests: z.number().positive().max(10_000).optional(),
        startupSeconds: z.number().int().min(60).max(7200).optional(),
        runAsNonRoot: z.boolean().optional(),
        hfTokenSecretName: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Kubernetes secret name').optional(),
        apiKeySecretName: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Kubernetes secret name').optional(),
        clientNamespaces: z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a Kubernetes namespace name')).superRefine(uniqueItems('a namespace')).optional(),
        extraArgs: z.array(z.string().regex(/\S/, 'a non-blank argument')).optional(),
      })
      .strict()
      .optional(),
    gcp: z.object({ reservation: gcpReservationSchema.optional() }).strict().optional(),
    aws: z
      .object({
        capacityReservation: capacityReservationSchema.optional(),
        capacityBlock: z.boolean().optional(),
        placementGroup: z.boolean().optional(),
        reservationTargetsPlacementGroup: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * An on-demand GPU node pool that keeps a warm floor of nodes and scales to a
 * ceiling, with the model server in the cluster: a vLLM Deployment sized by
 * the decision core (GPUs per replica, tensor-parallel degree), autoscaled on
 * waiting requests, behind a Service, with a PodDisruptionBudget.
 */
export class WarmInferencePool extends Construct {
  public readonly instanceType: string;
  public readonly gpusPerNode: number;
  public readonly gpusPerReplica: number;
  public readonly tensorParallel: number;
  public readonly replicasPerNode: number;
  public readonly minReplicas: number;
  public readonly maxReplicas: number;
  public readonly poolLabel: string;
  /** Taints on every node (Kubernetes spelling); the model server tolerates them. */
  public readonly taints: ReadonlyArray<NodeTaint>;
  /**
   * The AWS resources (escape hatch, AWS stacks): `nodes` (launch template, node group, EFA SG, placement group).
   * @default - absent on other clouds
   */
  public readonly aws?: AwsWarmInferencePool;
  /**
   * The GCP resources (escape hatch, GCP stacks): `nodes` (`pool` with the node pool, `zones`).
   * @default - absent on other clouds
   */
  public readonly gcp?: GcpWarmInferencePool;
  /** The in-cluster server (in the cluster's workload stack), unless deployModelServer is false. */
  public readonly modelServer?: ModelServer;
  /**
   * The model's memory as the decision core sized it (weights, KV cache, activations).
   * @default - absent when the model gives no size
   */
  public readonly sizing?: ModelSizing;
  /**
   * How one replica splits over GPUs (TP × PP).
   * @default - absent when the model gives no size
   */
  public readonly parallelism?: ParallelismPlan;
  /** Nodes always running (the warm floor). */
  public readonly minNodes: number;
  /** Most nodes the pool scales to (the ceiling). */
  public readonly maxNodes: number;

  constructor(scope: Construct, id: string, props: WarmInferencePoolProps) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, schema, props, 'warmInferencePool');
    checkCloudSettings(where, stack.cloud, p);
    if (p.deployModelServer === false && p.server !== undefined) {
      throw new AiInfraError({ where, field: 'server', given: p.server, allowed: 'unset with deployModelServer: false (no model server is deployed to apply it to)' });
    }
    if (p.deployModelServer === false && p.usage?.modelDownloadsPerReplicaPerMonth !== undefined) {
      throw new AiInfraError({
        where,
        field: 'usage.modelDownloadsPerReplicaPerMonth',
        given: p.usage.modelDownloadsPerReplicaPerMonth,
        allowed: 'unset with deployModelServer: false (no model server downloads weights here)',
      });
    }
    (p.server?.extraArgs ?? []).forEach((arg, i) => {
      const flag = LIBRARY_SERVER_FLAGS.find((f) => arg === f || arg.startsWith(`${f}=`));
      if (flag) {
        throw new AiInfraError({ where, field: `server.extraArgs.${i}`, given: arg, allowed: `an argument the library does not set (it sets ${LIBRARY_SERVER_FLAGS.join(', ')}; use the matching prop, e.g. server.port for --port)` });
      }
    });
    const floor = p.minNodes ?? 1;
    const ceiling = p.maxNodes ?? Math.max(4, floor);
    if (floor > ceiling) {
      throw new AiInfraError({
        where,
        field: 'minNodes',
        given: floor,
        allowed: `at most maxNodes (${ceiling})`,
        message: `minNodes (the warm floor, ${floor}) must be at most maxNodes (the ceiling, ${ceiling})`,
      });
    }
    const expected = p.expectedNodes ?? floor;
    if (expected < floor || expected > ceiling) {
      throw new AiInfraError({ where, field: 'expectedNodes', given: expected, allowed: `between minNodes (${floor}) and maxNodes (${ceiling})` });
    }
    if (p.aws?.capacityBlock && !p.aws.capacityReservation) {
      throw new AiInfraError({ where, field: 'aws.capacityReservation', given: undefined, allowed: 'the Capacity Block\'s reservation when aws.capacityBlock is true' });
    }
    checkSameStack(where, p.cluster, stack);
    const nameSuffix = nameSuffixOf(id, where, 40);
    stack.claimPhysicalName('node-pool', nameSuffix, where);

    const purchase = p.aws?.capacityReservation || p.gcp?.reservation ? 'reservation' : 'on-demand';
    const { selection, decision } = planPoolTypesOnce(
      stack,
      {
        cloud: stack.cloud,
        region: stack.region,
        purpose: 'inference',
        purchase,
        instanceTypes: p.instanceType ? [p.instanceType] : undefined,
        accelerator: p.accelerator,
        model: p.model,
        multiNode: false,
        zones: p.zones ?? p.cluster.zones,
      },
      where,
    );
    stack.recordDecision({ construct: where, ...decision });
    const plan = selection.parallelism;
    this.sizing = selection.sizing;
    this.parallelism = plan;
    this.minNodes = floor;
    this.maxNodes = ceiling;
    this.instanceType = selection.primary.name;
    this.gpusPerNode = selection.gpusPerNode;
    this.gpusPerReplica = plan?.gpusPerReplica ?? selection.gpusPerNode;
    this.tensorParallel = plan?.tensorParallel ?? this.gpusPerReplica;
    this.replicasPerNode = Math.max(1, Math.floor(this.gpusPerNode / this.gpusPerReplica));
    this.minReplicas = Math.max(1, floor * this.replicasPerNode);
    this.maxReplicas = Math.max(this.minReplicas, ceiling * this.replicasPerNode);

    this.poolLabel = nameSuffix;
    const efa = p.efa ?? false;
    this.taints = [acceleratorTaint(selection.primary), { ...INFERENCE_TAINT }];
    const labels = { ...acceleratorLabels(selection.primary, efa), 'ai-infra/pool': nameSuffix, 'ai-infra/workload': 'inference' };
    const zones = planPoolZones(where, p.cluster.zones, stack.region, selection.types, p.zones);
    if (p.aws?.capacityReservation && zones.length > 1 && !p.aws.placementGroup) {
      // A reservation lives in one zone; the offline path cannot look it up.
      if (p.aws.capacityBlock) {
        throw new AiInfraError({ where, field: 'zones', given: p.zones ?? zones, allowed: 'exactly one zone (the Capacity Block\'s AZ ID) when aws.capacityBlock is true' });
      }
      stack.addWarning(`${where}: aws.capacityReservation is zonal but the pool spans ${zones.join(', ')}; set zones to the reservation's AZ ID so every node can use it`);
    }

    const reservation = p.aws?.capacityReservation;
    const gcpReserved = p.gcp?.reservation;
    const built = backend(this, {
      where,
      cluster: p.cluster,
      pool: nodePoolPlan({
        where,
        nameSuffix,
        types: selection.types,
        purchase: p.aws?.capacityBlock ? 'capacity-block' : purchase,
        minNodes: floor,
        maxNodes: ceiling,
        zones,
        labels,
        taints: this.taints,
        rootVolumeGiB: p.rootVolumeGiB ?? 200,
        fabric: efa,
        compactPlacement: p.aws?.placementGroup ?? false,
        ...(reservation ? { reservation: awsReservation(reservation, p.aws?.reservationTargetsPlacementGroup ?? false) } : {}),
        ...(gcpReserved ? { reservation: gcpReservation(gcpReserved), fields: { reservation: 'gcp.reservation' } } : {}),
      }),
    });
    if (stack.cloud === 'aws') this.aws = built as AwsWarmInferencePool;
    else this.gcp = built as GcpWarmInferencePool;

    const workloads = workloadStackOf(p.cluster);
    const plugin = devicePluginOf(selection.primary);
    if (plugin) workloads.devicePlugins.enable(plugin);
    if (efa && (selection.primary.nics.efaInterfaces ?? 0) > 0) workloads.devicePlugins.enable('efa');
    const server = p.server ?? {};
    if (p.deployModelServer ?? true) {
      const t = selection.primary;
      const cpu = Math.max(1, Math.floor(((t.vcpus - 2) * 0.9) / this.replicasPerNode));
      const memoryGi = Math.max(4, Math.floor(((t.memoryGiB - 8) * 0.85) / this.replicasPerNode));
      this.modelServer = new ModelServer(workloads, `${stack.node.id}-${nameSuffix}-ModelServer`.replace(/[^A-Za-z0-9-]/g, '-'), {
        name: nameSuffix,
        namespace: NAMESPACES.inference,
        model: p.model.id,
        image: server.image ?? DEFAULT_VLLM_IMAGE,
        port: server.port ?? 8000,
        gpusPerReplica: this.gpusPerReplica,
        tensorParallel: this.tensorParallel,
        pipelineParallel: plan?.pipelineParallel ?? 1,
        ...(p.model.sequenceLength ? { maxModelLen: p.model.sequenceLength } : {}),
        minReplicas: this.minReplicas,
        maxReplicas: this.maxReplicas,
        targetWaitingRequests: server.targetWaitingRequests ?? 5,
        nodeSelector: { 'ai-infra/pool': nameSuffix },
        tolerations: this.taints.map((x) => ({ key: x.key, value: x.value, effect: x.effect })),
        cpu: String(cpu),
        memory: `${memoryGi}Gi`,
        shmSizeGi: Math.max(2, Math.min(64, Math.floor(memoryGi / 8))),
        startupSeconds: server.startupSeconds ?? 1800,
        runAsNonRoot: server.runAsNonRoot ?? true,
        priorityClassName: PRIORITY_CLASSES.inference.name,
        hfTokenSecretName: server.hfTokenSecretName,
        apiKeySecretName: server.apiKeySecretName,
        clientNamespaces: [...(server.clientNamespaces ?? []), MONITORING_NAMESPACE],
        extraArgs: server.extraArgs ?? [],
        dependsOn: [workloads.baseline.namespaces.inference, workloads.baseline.priorityClasses.inference],
      });
    }

    if (this.modelServer) {
      const asRoot = server.runAsNonRoot === false;
      if (asRoot) {
        workloads.baseline.relaxPodSecurity('inference', 'baseline', `${where}: server.runAsNonRoot is false; restricted refuses pods that may run as root`);
      }
      stack.recordDecision({
        construct: where,
        topic: 'model-server-access',
        chosen: `port ${server.port ?? 8000} from ${[NAMESPACES.inference, ...(server.clientNamespaces ?? []), MONITORING_NAMESPACE].join(', ')}; ${server.apiKeySecretName ? `API key from secret ${server.apiKeySecretName} (file)` : 'no API key'}; namespace enforces Pod Security ${workloads.baseline.podSecurityOf('inference').enforce}`,
        reason: `a NetworkPolicy refuses every other namespace (the monitoring namespace scrapes /metrics); image ${server.image ?? DEFAULT_VLLM_IMAGE} pinned by digest; read-only root file system with writable /cache, /tmp and /dev/shm${asRoot ? '. OPT-OUT: runs as root, so ai-inference enforces baseline instead of restricted' : ''}`,
      });
    }
    stack.recordDecision({
      construct: where,
      topic: 'tensor-parallel',
      chosen: `${this.gpusPerReplica} GPU(s) per replica, TP ${this.tensorParallel}, ${this.replicasPerNode} replica(s) per node, replicas ${this.minReplicas}..${this.maxReplicas}`,
      reason: plan ? plan.explanation.join('; ') : 'no sizing: one replica per node on all its GPUs',
    });
    stack.recordDecision({
      construct: where,
      topic: 'node-pool',
      chosen: `${purchase} ${floor}..${ceiling} × ${this.instanceType} in ${built.nodes.zones.join(', ')}`,
      reason: `warm floor ${floor} always on; the HPA scales replicas on vllm:num_requests_waiting (target ${server.targetWaitingRequests ?? 5} per replica) and the cluster autoscaler adds nodes up to ${ceiling}`,
    });
    if (this.modelServer) this.checkAutoscalingSignalAtSynth(stack, where, p.cluster, workloads);
    if (server.runAsNonRoot === false) {
      stack.recordDecision({ construct: where, topic: 'model-server-root', chosen: 'runs as root', reason: 'OPT-OUT: server.runAsNonRoot is false' });
    }

    const costPurchase = purchase === 'reservation' ? 'reservation' : 'on-demand';
    const priced = { component: where, instanceType: this.instanceType, cloud: stack.cloud, region: stack.region, purchase: costPurchase } as const;
    const poolLines = (floorNodes: number, expectedNodes: number, maxNodes: number) => (stack.cloud === 'gcp'
      ? gkeNodePoolCost(
        { component: where, machineType: this.instanceType, region: stack.region, floorNodes, expectedNodes, maxNodes, purchase: costPurchase },
        where,
      )
      : nodePoolCost({ ...priced, floorNodes, expectedNodes, maxNodes }, where).lines);
    // The floor line covers the always-on nodes; the burst line the rest up to the ceiling, so the
    // two ceilings add up to the pool's ceiling (not ceiling + ceiling - floor).
    if (floor > 0) {
      stack.addCostLines(poolLines(floor, floor, floor).map((l) => ({ ...l, item: `${l.item}, warm floor (always on)` })));
    }
    if (ceiling > floor) {
      stack.addCostLines(poolLines(0, Math.max(0, expected - floor), ceiling - floor).map((l) => ({ ...l, item: `${l.item}, expected above the floor` })));
    }
    const rootVolumes = { component: where, region: stack.region, gibPerNode: p.rootVolumeGiB ?? 200, expectedNodes: expected, maxNodes: ceiling };
    stack.addCostLines([stack.cloud === 'aws' ? rootVolumeCost(rootVolumes, where) : gkeBootDiskCost({ ...rootVolumes, machineType: this.instanceType }, where)]);
    if (this.modelServer && this.sizing) {
      stack.addCostLines([modelDownloadCost({
        component: where,
        cloud: stack.cloud,
        region: stack.region,
        modelId: p.model.id,
        weightsGB: this.sizing.weightsGB,
        expectedReplicas: expected * this.replicasPerNode,
        maxReplicas: this.maxReplicas,
        downloadsPerReplica: p.usage?.modelDownloadsPerReplicaPerMonth,
      }, where)]);
    }
  }

  /**
   * The AWS resources (escape hatch).
   * @deprecated use `aws` (the one escape hatch of every construct); kept for the documented examples.
   */
  public get awsResources(): AwsWarmInferencePool | undefined {
    return this.aws;
  }

  /**
   * The HPA reads `vllm_num_requests_waiting` from `custom.metrics.k8s.io`;
   * the adapter that serves it comes with the cluster's ObservabilityStack,
   * which may be created before or after this pool. So the check runs at
   * synth (an aspect, which runs whatever the construction order and with or
   * without validations), once: a decision naming the adapter, or a warning
   * that the HPA cannot scale beyond the floor.
   */
  private checkAutoscalingSignalAtSynth(stack: AiInfraStack, where: string, cluster: IGpuCluster, workloadScope: IConstruct): void {
    let done = false;
    Aspects.of(this).add({
      visit: (node) => {
        if (node !== this || done) return;
        done = true;
        const adapter = customMetricsAdapterOf(workloadScope);
        if (adapter && adapter.metricNames.includes(WAITING_REQUESTS_METRIC)) {
          stack.recordDecision({
            construct: where,
            topic: 'autoscaling-signal',
            chosen: `HPA on the Pods metric ${WAITING_REQUESTS_METRIC} (${VLLM_WAITING_REQUESTS_SERIES} per pod), served by the custom-metrics adapter of ${adapter.ownerPath}`,
            reason: 'queued requests say when a GPU server is saturated; CPU does not',
          });
          return;
        }
        const floor = `${this.minReplicas} replica(s)`;
        stack.addWarning(
          `${where}: the model server's HPA scales on the Pods metric ${WAITING_REQUESTS_METRIC}, but no custom-metrics adapter serves it in cluster ${cluster.node.path}: ` +
            `the HPA reports FailedGetPodsMetric and stays at ${floor}. Add an ObservabilityStack for the cluster (it installs the adapter), or run an adapter that serves ${WAITING_REQUESTS_METRIC}`,
        );
        stack.recordDecision({
          construct: where,
          topic: 'autoscaling-signal',
          chosen: `HPA on the Pods metric ${WAITING_REQUESTS_METRIC} with no adapter found: replicas stay at ${floor}`,
          reason: `no ObservabilityStack with customMetricsAdapter watches ${cluster.node.path}`,
        });
      },
    });
  }
}
