import { z } from 'zod';
import { ACCELERATORS } from '../catalog';
import type { AcceleratorId, InstanceTypeSpec } from '../catalog/types';
import type { NodePoolPlan, NodeTaint, ReservationPlan } from '../core/plans';
import { PRECISIONS } from '../planning/sizing';

/** Props and plan pieces the GPU pools (SpotTrainingPool, WarmInferencePool) share. */

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
