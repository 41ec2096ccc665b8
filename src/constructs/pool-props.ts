import { z } from 'zod';
import { ACCELERATORS } from '../catalog';
import type { AcceleratorId, InstanceTypeSpec } from '../catalog/types';
import type { NodePoolPlan, NodeTaint, ReservationPlan } from '../core/plans';
import { PRECISIONS } from '../planning/sizing';
import type { Precision } from '../planning/sizing';

/** Props and plan pieces the GPU pools (SpotTrainingPool, WarmInferencePool) share. */

/** The model a pool serves or trains, for sizing. */
export interface PoolModelIntent {
  /** Parameters, in billions (`70` for a 70B model). */
  readonly paramsBillions: number;
  /**
   * Precision of the weights.
   * @default 'bf16'
   */
  readonly precision?: Precision;
  /**
   * Tokens per sequence (training) or the longest context served (inference).
   * @default 4096
   */
  readonly sequenceLength?: number;
  /**
   * Concurrent sequences held in the KV cache per replica (inference).
   * @default 16
   */
  readonly concurrency?: number;
  /**
   * Attention (query) heads (HF `num_attention_heads`); with `kvHeads`, sizes a grouped-query KV cache.
   * @default - multi-head upper bound for the KV cache
   */
  readonly attentionHeads?: number;
  /**
   * Key/value heads (HF `num_key_value_heads`, e.g. 8 for Llama 3 8B/70B).
   * @default - multi-head upper bound for the KV cache
   */
  readonly kvHeads?: number;
}

export const poolModelSchema = z
  .object({
    paramsBillions: z.number().positive().max(100_000),
    precision: z.enum(PRECISIONS).optional(),
    sequenceLength: z.number().int().min(1).max(10_000_000).optional(),
    concurrency: z.number().int().min(1).max(100_000).optional(),
    attentionHeads: z.number().int().min(1).max(100_000).optional(),
    kvHeads: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

/** A capacity reservation (or Capacity Block) by id, or a resource group of reservations. */
export const capacityReservationSchema = z.union([
  z.object({ id: z.string().regex(/^cr-[0-9a-f]{8,17}$/, 'a capacity reservation id (cr-...)') }).strict(),
  z.object({ resourceGroupArn: z.string().regex(/^arn:aws[a-z-]*:resource-groups:/, 'a resource group ARN') }).strict(),
]);

export const acceleratorSchema = z.enum(Object.keys(ACCELERATORS) as [AcceleratorId, ...AcceleratorId[]]);

/** An On-Demand Capacity Reservation (or Capacity Block) by id, or a resource group of reservations (AWS). */
export type CapacityReservationTarget = { readonly id: string } | { readonly resourceGroupArn: string };

/** The neutral reservation of a pool from its AWS props. */
export function awsReservation(target: CapacityReservationTarget, targetsPlacement: boolean): ReservationPlan {
  return { targetsPlacement, aws: target };
}

/** The node-pool plan fields every pool fills the same way. */
export function nodePoolPlan(fields: {
  where: string;
  nameSuffix: string;
  types: ReadonlyArray<InstanceTypeSpec>;
  purchase: NodePoolPlan['purchase'];
  minNodes: number;
  maxNodes: number;
  zones: ReadonlyArray<string>;
  labels: Readonly<Record<string, string>>;
  taints: ReadonlyArray<NodeTaint>;
  rootVolumeGiB: number;
  fabric: boolean;
  compactPlacement: boolean;
  reservation?: ReservationPlan;
  fields?: NodePoolPlan['fields'];
}): NodePoolPlan {
  return {
    where: fields.where,
    nameSuffix: fields.nameSuffix,
    types: fields.types,
    purchase: fields.purchase,
    minNodes: fields.minNodes,
    desiredNodes: fields.minNodes,
    maxNodes: fields.maxNodes,
    zones: fields.zones,
    labels: fields.labels,
    taints: fields.taints,
    rootVolumeGiB: fields.rootVolumeGiB,
    fabric: fields.fabric,
    compactPlacement: fields.compactPlacement,
    ...(fields.reservation ? { reservation: fields.reservation } : {}),
    ...(fields.fields ? { fields: fields.fields } : {}),
  };
}
