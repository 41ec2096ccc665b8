import { Construct } from 'constructs';
import { z } from 'zod';
import { checkSameStack, clusterSchema, freeId, startConstruct, uniqueItems } from './checks';
import { acceleratorSchema, awsReservation, CapacityReservationTarget, capacityReservationSchema, checkCloudSettings, gcpReservation, gcpReservationSchema, nodePoolPlan, poolModelSchema } from './pool-props';
import { planPoolTypesOnce } from './selection-cache';
import type { AwsSpotTrainingPool } from '../aws/spot-training-pool';
import type { AcceleratorId } from '../catalog/types';
import { nameSuffixOf } from '../core/naming';
import type { IGpuCluster, NodePoolPlan, NodeTaint } from '../core/plans';
import { AiInfraError } from '../errors';
import type { GcpSpotTrainingPool } from '../gcp/spot-training-pool';
import { NAMESPACES } from '../kubernetes/cluster-baseline';
import { acceleratorLabels, acceleratorTaint, devicePluginOf, hasGpuFabric } from '../kubernetes/node-labels';
import type { TerminationHandler } from '../kubernetes/termination-handler';
import { workloadStackOf } from '../kubernetes/workload-stack';
import { kmsKeyCost, nodePoolCost, rootVolumeCost, s3StorageCost } from '../planning/cost';
import { gcpKmsKeyCost, gcsStorageCost } from '../planning/gcp-cost';
import { gkeBootDiskCost, gkeNodePoolCost } from '../planning/gke-cost';
import { planPoolZones } from '../planning/pools';
import type { PoolModelIntent } from '../planning/pools';
import { checkpointSizeGB, GB_PER_GIB } from '../planning/sizing';
import type { ModelSizing, ParallelismPlan, Purpose } from '../planning/sizing';
import { USAGE_DEFAULTS, usageNote } from '../planning/usage';

/** The taint that keeps everything but training pods off the pool (besides the accelerator taint). */
export const TRAINING_TAINT: NodeTaint = { key: 'ai-infra/workload', value: 'training', effect: 'NoSchedule' };

export interface SpotTrainingPoolProps {
  /** The cluster the node groups join. */
  readonly cluster: IGpuCluster;
  /**
   * Instance types, all with the same accelerator and GPUs per node (spot
   * capacity is diversified over them).
   * @default - chosen by the decision core from accelerator / totalGpus / model
   */
  readonly instanceTypes?: string[];
  /**
   * Accelerator to train on.
   * @default - the cheapest training-class accelerator for the job
   */
  readonly accelerator?: AcceleratorId;
  /**
   * GPUs of the whole job.
   * @default - one replica of the model, or one node
   */
  readonly totalGpus?: number;
  /**
   * The model, for sizing (memory → GPUs per replica).
   * @default - no sizing; totalGpus decides
   */
  readonly model?: PoolModelIntent;
  /**
   * What the pool is for.
   * @default 'pretraining'
   */
  readonly purpose?: Extract<Purpose, 'pretraining' | 'full-fine-tune' | 'lora'>;
  /**
   * Nodes always running (0 lets the pool idle at zero).
   * @default 0
   */
  readonly minNodes?: number;
  /**
   * Most nodes the pool scales to.
   * @default - the nodes the job needs
   */
  readonly maxNodes?: number;
  /**
   * Nodes running on average, for the cost estimate.
   * @default - maxNodes (the job running)
   */
  readonly expectedNodes?: number;
  /**
   * Launch into one cluster placement group (lowest latency between nodes for
   * multi-node jobs; on GCP a compact placement policy). Pins the pool to one
   * zone, which makes spot capacity scarcer; spot instances in a placement
   * group must terminate on interruption (the EKS default).
   * @default - true when the job spans more than one node on a type with a GPU fabric (EFA; GCP GPUDirect), else false
   */
  readonly placementGroup?: boolean;
  /**
   * Attach every EFA interface of the type (types without EFA ignore it). On
   * GCP: every GPUDirect NIC of the type (TCPX 4, TCPXO 8, RDMA 9) on the
   * cluster's fabric networks.
   * @default true
   */
  readonly efa?: boolean;
  /**
   * Add more instance types with the same accelerator, GPU count and EFA layout for spot diversity.
   * @default true
   */
  readonly diversify?: boolean;
  /**
   * Zones (of the cluster) the pool uses.
   * @default - the cluster zones offering every type
   */
  readonly zones?: string[];
  /**
   * An on-demand node group with the same types and labels, at zero nodes,
   * that the cluster autoscaler can scale when spot capacity is gone.
   * @default true
   */
  readonly onDemandFallback?: boolean;
  /**
   * Days a superseded checkpoint version is kept.
   * @default 30
   */
  readonly checkpointNoncurrentDays?: number;
  /**
   * Terraform `prevent_destroy` on the checkpoint bucket. Turning it off (dev) is recorded.
   * @default true
   */
  readonly retainCheckpoints?: boolean;
  /**
   * GiB of checkpoints kept on average (current and noncurrent versions), for
   * the cost estimate of the checkpoint bucket (Cloud Storage Standard on GCP,
   * S3 Standard on AWS).
   * @default - 2 checkpoints of the sized model (weights and optimizer state); 0 GiB, with a note, without a model
   */
  readonly checkpointStorageGiB?: number;
  /**
   * Root volume of each node, GiB (container images of training stacks are large).
   * @default 300
   */
  readonly rootVolumeGiB?: number;
  /**
   * Install aws-node-termination-handler (queue mode) in the cluster's workload stack.
   * @default true
   */
  readonly terminationHandler?: boolean;
  /**
   * Cap on the job's $/hour when choosing a type.
   * @default - no cap
   */
  readonly maxHourlyUsd?: number;
  /**
   * AWS-only settings: where the fallback group gets its capacity.
   * @default - an on-demand fallback without a reservation
   */
  readonly aws?: SpotTrainingPoolAwsProps;
  /**
   * GCP-only settings: where the fallback pool gets its capacity.
   * @default - an on-demand fallback without a reservation
   */
  readonly gcp?: SpotTrainingPoolGcpProps;
}

/** A GCP reservation a pool consumes: one by name (optionally shared from another project), or any matching one. */
export type GcpReservationTarget =
  | {
    /** Reservation name (or `<name>/reservationBlocks/<block>`). */
    readonly name: string;
    /**
     * Project of a shared reservation.
     * @default - the stack's project
     */
    readonly project?: string;
  }
  | 'any';

/** GCP-only settings of a SpotTrainingPool. */
export interface SpotTrainingPoolGcpProps {
  /**
   * How the fallback pool buys its nodes: on demand, from a reservation
   * (`fallbackReservation`), or by DWS flex-start (capacity when GCP has it,
   * for at most `maxRunDurationSeconds`; auto-repair off).
   * @default - 'reservation' when fallbackReservation is set, else 'on-demand'
   */
  readonly fallback?: 'on-demand' | 'reservation' | 'flex-start';
  /**
   * The reservation the fallback pool consumes: one specific reservation
   * (the pool must then be in exactly one zone, the reservation's), or `'any'`.
   * @default - none
   */
  readonly fallbackReservation?: GcpReservationTarget;
  /**
   * With a flex-start fallback: seconds after which its nodes are removed (at most 7 days).
   * @default - GKE's default (7 days)
   */
  readonly maxRunDurationSeconds?: number;
}

/** AWS-only settings of a SpotTrainingPool. */
export interface SpotTrainingPoolAwsProps {
  /**
   * Launch the fallback group into an On-Demand Capacity Reservation or an EC2
   * Capacity Block (by id, or a resource group of reservations): the reserved
   * capacity a job falls back to when spot is gone.
   * @default - plain on-demand
   */
  readonly fallbackCapacityReservation?: CapacityReservationTarget;
  /**
   * The fallback reservation is a Capacity Block (node group capacity type `CAPACITY_BLOCK`).
   * @default false
   */
  readonly fallbackCapacityBlock?: boolean;
  /**
   * The reservation was made for this pool's cluster placement group. Without
   * it, a reservation plus a placement group is an error: instances would be
   * asked to be in two placements at once.
   * @default false
   */
  readonly reservationTargetsPlacementGroup?: boolean;
}

const schema = z
  .object({
    cluster: clusterSchema,
    instanceTypes: z.array(z.string().min(1)).min(1).superRefine(uniqueItems('an instance type')).optional(),
    accelerator: acceleratorSchema.optional(),
    totalGpus: z.number().int().min(1).max(100_000).optional(),
    model: poolModelSchema.optional(),
    purpose: z.enum(['pretraining', 'full-fine-tune', 'lora']).optional(),
    minNodes: z.number().int().min(0).max(1000).optional(),
    maxNodes: z.number().int().min(1).max(1000).optional(),
    expectedNodes: z.number().min(0).max(1000).optional(),
    placementGroup: z.boolean().optional(),
    efa: z.boolean().optional(),
    diversify: z.boolean().optional(),
    zones: z.array(z.string().min(1)).min(1).superRefine(uniqueItems('a zone')).optional(),
    onDemandFallback: z.boolean().optional(),
    checkpointNoncurrentDays: z.number().int().min(1).max(3650).optional(),
    retainCheckpoints: z.boolean().optional(),
    checkpointStorageGiB: z.number().min(0).max(100_000_000).optional(),
    rootVolumeGiB: z.number().int().min(50).max(16_384).optional(),
    terminationHandler: z.boolean().optional(),
    maxHourlyUsd: z.number().positive().optional(),
    aws: z
      .object({
        fallbackCapacityReservation: capacityReservationSchema.optional(),
        fallbackCapacityBlock: z.boolean().optional(),
        reservationTargetsPlacementGroup: z.boolean().optional(),
      })
      .strict()
      .optional(),
    gcp: z
      .object({
        fallback: z.enum(['on-demand', 'reservation', 'flex-start']).optional(),
        fallbackReservation: gcpReservationSchema.optional(),
        maxRunDurationSeconds: z.number().int().min(1).max(604_800).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * A spot GPU node pool for training: node groups diversified over types with
 * one accelerator, tainted and labelled so only training pods land there,
 * interruption and rebalance events routed to an encrypted queue for
 * aws-node-termination-handler, a checkpoint bucket, and an optional
 * on-demand fallback group idling at zero.
 */
export class SpotTrainingPool extends Construct {
  /** Instance types of the node groups. */
  public readonly instanceTypes: ReadonlyArray<string>;
  /** Nodes the job needs (the default ceiling). */
  public readonly jobNodes: number;
  public readonly gpusPerNode: number;
  /** Zones (AZ IDs) the spot nodes launch in: one when the pool uses a placement group. Put the job's file system here. */
  public readonly zones: ReadonlyArray<string>;
  /** Node label every node of the pool carries (`ai-infra/pool`). */
  public readonly poolLabel: string;
  /** Taints on every node (Kubernetes spelling); training pods tolerate them. */
  public readonly taints: ReadonlyArray<NodeTaint>;
  /**
   * The AWS resources (escape hatch, AWS stacks): `spotNodes`, `fallbackNodes`, `queue`, `eventRules`, `checkpoints`, roles, `terminationHandler`.
   * @default - absent on other clouds
   */
  public readonly aws?: AwsSpotTrainingPool;
  /** Service account (namespace `ai-training`) whose pods may read and write checkpoints. */
  public readonly trainerServiceAccount: { readonly namespace: string; readonly name: string };
  /**
   * aws-node-termination-handler (queue mode) in the cluster's workload stack.
   * @default - absent when terminationHandler is false, or on clouds that drain spot nodes themselves
   */
  public readonly terminationHandler?: TerminationHandler;
  /**
   * The model's memory as the decision core sized it.
   * @default - absent without `model`
   */
  public readonly sizing?: ModelSizing;
  /**
   * How one copy of the model splits over GPUs (TP × PP) and how many copies run (DP).
   * @default - absent without `model`
   */
  public readonly parallelism?: ParallelismPlan;
  /**
   * The GCP resources (escape hatch, GCP stacks): `spotPool` / `fallbackPool`
   * (each `pool`, `fabric`, `zones`), `fabricWorkloads`, `fabricSpec`
   * (what `gkeFabricPodSpec` takes for this pool's multi-node pods), `checkpoints`
   * and its `key`, and the trainer identity (`trainerServiceAccount`,
   * `trainerWorkloadIdentity`, `trainerCheckpointAccess`, `trainerKubernetesServiceAccount`).
   * @default - absent on other clouds
   */
  public readonly gcp?: GcpSpotTrainingPool;
  /**
   * GCP: the `ai-infra/capacity` taint of each pool (spot and fallback). A job
   * that tolerates only the spot one never lands on the dearer fallback; one
   * that tolerates the key (operator `Exists`) runs on either.
   * @default - empty on AWS (both node groups share the taints)
   */
  public readonly capacityTaints: Readonly<Record<string, NodeTaint>> = {};

  constructor(scope: Construct, id: string, props: SpotTrainingPoolProps) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, schema, props, 'spotTrainingPool');
    checkCloudSettings(where, stack.cloud, p);
    if (p.gcp?.fallbackReservation && (p.gcp.fallback ?? 'reservation') !== 'reservation') {
      throw new AiInfraError({ where, field: 'gcp.fallbackReservation', given: p.gcp.fallbackReservation, allowed: `unset when gcp.fallback is "${p.gcp.fallback}"` });
    }
    if (p.gcp?.fallback === 'reservation' && !p.gcp.fallbackReservation) {
      throw new AiInfraError({ where, field: 'gcp.fallbackReservation', given: undefined, allowed: 'a reservation ({ name, project? } or "any") when gcp.fallback is "reservation"' });
    }
    if (p.gcp?.maxRunDurationSeconds !== undefined && p.gcp.fallback !== 'flex-start') {
      throw new AiInfraError({ where, field: 'gcp.maxRunDurationSeconds', given: p.gcp.maxRunDurationSeconds, allowed: 'unset unless gcp.fallback is "flex-start"' });
    }
    if (p.gcp && p.onDemandFallback === false) {
      throw new AiInfraError({ where, field: 'gcp', given: Object.keys(p.gcp), allowed: 'unset when onDemandFallback is false (these settings are the fallback pool\'s)' });
    }
    checkSameStack(where, p.cluster, stack);
    // The termination handler's Helm release `nth-<id>` must fit Helm's 53 characters.
    const nameSuffix = nameSuffixOf(id, where, 40);
    stack.claimPhysicalName('node-pool', nameSuffix, where);

    const fallbackReservation = p.aws?.fallbackCapacityReservation;
    if (p.aws?.fallbackCapacityBlock && !fallbackReservation) {
      throw new AiInfraError({ where, field: 'aws.fallbackCapacityReservation', given: undefined, allowed: 'the Capacity Block\'s reservation when aws.fallbackCapacityBlock is true' });
    }
    if (fallbackReservation && p.onDemandFallback === false) {
      throw new AiInfraError({ where, field: 'aws.fallbackCapacityReservation', given: fallbackReservation, allowed: 'unset when onDemandFallback is false (the reservation is for the fallback group)' });
    }

    const efa = p.efa ?? true;
    const { selection, decision } = planPoolTypesOnce(
      stack,
      {
        cloud: stack.cloud,
        region: stack.region,
        purpose: p.purpose ?? 'pretraining',
        purchase: 'spot',
        instanceTypes: p.instanceTypes,
        accelerator: p.accelerator,
        totalGpus: p.totalGpus,
        model: p.model,
        // A GKE node pool has one machine type: there is nothing to diversify over.
        diversify: stack.cloud === 'aws' && (p.diversify ?? true),
        sameFabricLayout: efa,
        maxHourlyUsd: p.maxHourlyUsd,
        zones: p.zones ?? p.cluster.zones,
      },
      where,
    );
    stack.recordDecision({ construct: where, ...decision });
    const minNodes = p.minNodes ?? 0;
    const maxNodes = p.maxNodes ?? Math.max(selection.nodes, 1);
    if (minNodes > maxNodes) {
      throw new AiInfraError({ where, field: 'minNodes', given: minNodes, allowed: `at most maxNodes (${maxNodes})` });
    }
    if (maxNodes < selection.nodes) {
      throw new AiInfraError({
        where,
        field: 'maxNodes',
        given: maxNodes,
        allowed: `at least the ${selection.nodes} nodes the job needs (${selection.nodes} × ${selection.gpusPerNode} GPUs of ${selection.primary.name})`,
        hint: 'Raise maxNodes, or lower totalGpus',
      });
    }
    const expected = p.expectedNodes ?? maxNodes;
    if (expected < minNodes || expected > maxNodes) {
      throw new AiInfraError({ where, field: 'expectedNodes', given: expected, allowed: `between minNodes (${minNodes}) and maxNodes (${maxNodes})` });
    }
    this.instanceTypes = selection.types.map((t) => t.name);
    this.jobNodes = selection.nodes;
    this.sizing = selection.sizing;
    this.parallelism = selection.parallelism;
    this.gpusPerNode = selection.gpusPerNode;
    const zones = planPoolZones(where, p.cluster.zones, stack.region, selection.types, p.zones);
    this.poolLabel = nameSuffix;
    this.taints = [acceleratorTaint(selection.primary), { ...TRAINING_TAINT }];
    const labels = { ...acceleratorLabels(selection.primary, efa), 'ai-infra/pool': nameSuffix, 'ai-infra/workload': 'training' };
    this.trainerServiceAccount = { namespace: NAMESPACES.training, name: `${nameSuffix}-trainer` };
    const withHandler = p.terminationHandler ?? true;
    // Multi-node collectives want the nodes close: compact placement by default.
    const multiNodeFabric = selection.nodes > 1 && efa && hasGpuFabric(selection.primary);
    const placementGroup = p.placementGroup ?? multiNodeFabric;
    const onDemandFallback = p.onDemandFallback ?? true;

    // GCP: each pool also carries its capacity as a taint, so a job chooses whether it may land on the dearer fallback.
    const capacityTaint = (capacity: string): NodeTaint => ({ key: 'ai-infra/capacity', value: capacity, effect: 'NoSchedule' });
    const pool = (suffix: string, purchase: NodePoolPlan['purchase'], min: number, capacity: string, extra: Partial<Parameters<typeof nodePoolPlan>[0]> = {}): NodePoolPlan =>
      nodePoolPlan({
        where,
        nameSuffix: `${nameSuffix}-${suffix}`,
        types: selection.types,
        purchase,
        minNodes: min,
        maxNodes,
        zones,
        labels: { ...labels, 'ai-infra/capacity': capacity },
        taints: stack.cloud === 'gcp' ? [...this.taints, capacityTaint(capacity)] : this.taints,
        rootVolumeGiB: p.rootVolumeGiB ?? 300,
        fabric: efa,
        compactPlacement: placementGroup,
        ...extra,
      });
    const block = p.aws?.fallbackCapacityBlock ?? false;
    const gcpFallback = p.gcp?.fallback ?? (p.gcp?.fallbackReservation ? 'reservation' : 'on-demand');
    const fallbackPool = !onDemandFallback
      ? undefined
      : stack.cloud === 'gcp'
        ? gcpFallback === 'reservation'
          ? pool('od', 'reservation', 0, 'reserved', { reservation: gcpReservation(p.gcp!.fallbackReservation!), fields: { reservation: 'gcp.fallbackReservation' } })
          : gcpFallback === 'flex-start'
            ? pool('od', 'flex-start', 0, 'flex-start', {
              fields: { reservation: 'gcp.fallback' },
              ...(p.gcp?.maxRunDurationSeconds !== undefined ? { gcp: { maxRunDurationSeconds: p.gcp.maxRunDurationSeconds } } : {}),
            })
            : pool('od', 'on-demand', 0, 'on-demand')
        : fallbackReservation
          ? pool('od', block ? 'capacity-block' : 'reservation', 0, block ? 'capacity-block' : 'reserved', {
            reservation: awsReservation(fallbackReservation, p.aws?.reservationTargetsPlacementGroup ?? false),
            fields: { reservation: 'aws.fallbackCapacityReservation' },
          })
          : pool('od', 'on-demand', 0, 'on-demand');
    const built = backend(this, {
      where,
      nameSuffix,
      cluster: p.cluster,
      spotPool: pool('spot', 'spot', minNodes, 'spot'),
      ...(fallbackPool ? { fallbackPool } : {}),
      checkpoints: { noncurrentDays: p.checkpointNoncurrentDays ?? 30, preventDestroy: p.retainCheckpoints ?? true },
      trainerServiceAccount: this.trainerServiceAccount,
      ...(withHandler ? { interruptionHandler: { serviceAccount: `nth-${nameSuffix}` } } : {}),
    });
    if (stack.cloud === 'aws') {
      this.aws = built as AwsSpotTrainingPool;
      this.terminationHandler = this.aws.terminationHandler;
    } else {
      this.gcp = built as GcpSpotTrainingPool;
      this.capacityTaints = { spot: capacityTaint('spot'), ...(fallbackPool ? { fallback: fallbackPool.taints[fallbackPool.taints.length - 1] } : {}) };
    }

    this.zones = built.spotPool.zones;
    const workloads = workloadStackOf(p.cluster);
    const plugin = devicePluginOf(selection.primary);
    if (plugin) workloads.devicePlugins.enable(plugin);
    if (efa && (selection.primary.nics.efaInterfaces ?? 0) > 0) workloads.devicePlugins.enable('efa');

    if (stack.cloud === 'aws') {
      stack.recordDecision({
        construct: where,
        topic: 'node-pool',
        chosen: `spot ${minNodes}..${maxNodes} nodes in ${built.spotPool.zones.join(', ')}${placementGroup ? ' (cluster placement group, one zone)' : ''}${onDemandFallback ? ', on-demand fallback at 0' : ''}`,
        reason: `taints ${this.taints.map((t) => `${t.key}=${t.value}:${t.effect}`).join(', ')} keep other pods off; ${built.spotPool.fabricInterfaces} EFA interfaces per node`,
      });
    } else {
      stack.recordDecision({
        construct: where,
        topic: 'node-pool',
        chosen: `spot ${minNodes}..${maxNodes} × ${selection.primary.name} in ${built.spotPool.zones.join(', ')}${placementGroup ? ' (compact placement, one zone)' : ''}${fallbackPool ? `, ${gcpFallback} fallback at 0` : ''}`,
        reason: `taints ${[...this.taints, capacityTaint('spot')].map((t) => `${t.key}=${t.value}:${t.effect}`).join(', ')} keep other pods off; ${built.spotPool.fabricInterfaces} GPU NICs per node (${selection.primary.fabric}); one machine type per GKE node pool`,
      });
    }
    if (p.retainCheckpoints === false) {
      stack.recordDecision({ construct: where, topic: 'checkpoint-retention', chosen: 'prevent_destroy off', reason: 'OPT-OUT: retainCheckpoints is false; destroying the stack deletes the bucket once empty' });
    }
    const lines = stack.cloud === 'gcp'
      ? gkeNodePoolCost({ component: where, machineType: selection.primary.name, region: stack.region, floorNodes: minNodes, expectedNodes: expected, maxNodes, purchase: 'spot' }, where)
      : nodePoolCost(
        { component: where, instanceType: selection.primary.name, cloud: stack.cloud, region: stack.region, floorNodes: minNodes, expectedNodes: expected, maxNodes, purchase: 'spot' },
        where,
      ).lines;
    stack.addCostLines(lines.map((l) => ({ ...l, note: [l.note, `${expected} of ${maxNodes} nodes on average; idles at ${minNodes}`].filter(Boolean).join('; ') })));
    const rootVolumes = { component: where, region: stack.region, gibPerNode: p.rootVolumeGiB ?? 300, expectedNodes: expected, maxNodes };
    stack.addCostLines([stack.cloud === 'aws' ? rootVolumeCost(rootVolumes, where) : gkeBootDiskCost({ ...rootVolumes, machineType: selection.primary.name }, where)]);
    // The checkpoint bucket: the given average, else the model's checkpoint × the copies kept.
    const perCheckpointGB = selection.sizing ? checkpointSizeGB(selection.sizing) : undefined;
    const copies = USAGE_DEFAULTS.checkpointCopies.value;
    const gib = p.checkpointStorageGiB ?? (perCheckpointGB !== undefined ? Math.round((perCheckpointGB * copies) / GB_PER_GIB) : 0);
    const bucketNote = p.checkpointStorageGiB !== undefined
      ? `checkpoint bucket, ${gib} GiB on average (checkpointStorageGiB given)`
      : perCheckpointGB !== undefined
        ? `checkpoint bucket, ${gib} GiB = ${copies} × a ${perCheckpointGB} GB checkpoint (${selection.sizing!.request.purpose === 'lora' ? 'adapters and their optimizer state' : 'weights and optimizer state'}); ${usageNote('checkpointCopies', undefined)}`
        : 'checkpoint bucket at 0 GiB: no model to size a checkpoint from; set checkpointStorageGiB (or model) to price it';
    const storageLine = stack.cloud === 'gcp'
      ? gcsStorageCost({ component: where, region: stack.region, gib }, where)
      : s3StorageCost({ component: where, region: stack.region, gib }, where);
    stack.addCostLines([
      {
        ...storageLine,
        ...(p.checkpointStorageGiB === undefined ? { basis: 'usage-estimate' as const } : {}),
        item: `${storageLine.item} (checkpoints)`,
        note: [bucketNote, storageLine.note].filter(Boolean).join('; '),
      },
      stack.cloud === 'gcp'
        ? gcpKmsKeyCost({ component: where, region: stack.region, keys: 1 }, where)
        : { ...kmsKeyCost({ component: where, region: stack.region, keys: 1 }, where), item: 'AWS KMS: customer managed key (checkpoint bucket)' },
    ]);
  }

  /**
   * The AWS resources (escape hatch).
   * @deprecated use `aws` (the one escape hatch of every construct); kept for the documented examples.
   */
  public get awsResources(): AwsSpotTrainingPool | undefined {
    return this.aws;
  }
}
