import { z } from 'zod';
import type { InstanceTypeSpec } from '../catalog/types';
import type { NodePoolPlan, NodeTaint, ReservationPlan } from '../core/plans';
import { AiInfraError } from '../errors';
import { AcceleratorNameSchema, ModelNameSchema } from '../planning/names';
import { PRECISIONS } from '../planning/sizing';

/** Props and plan pieces the GPU pools (SpotTrainingPool, WarmInferencePool) share. */

export const poolModelSchema = z
  .object({
    name: ModelNameSchema.optional(),
    paramsBillions: z.number().positive().max(100_000).optional(),
    precision: z.enum(PRECISIONS).optional(),
    sequenceLength: z.number().int().min(1).max(10_000_000).optional(),
    concurrency: z.number().int().min(1).max(100_000).optional(),
    attentionHeads: z.number().int().min(1).max(100_000).optional(),
    kvHeads: z.number().int().min(1).max(100_000).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.name === undefined && m.paramsBillions === undefined) {
      ctx.addIssue({ code: 'custom', path: ['paramsBillions'], message: 'a number of parameters in billions (or give name: a known model)' });
    }
  });

/** A capacity reservation (or Capacity Block) by id, or a resource group of reservations. */
export const capacityReservationSchema = z.union([
  z.object({ id: z.string().regex(/^cr-[0-9a-f]{8,17}$/, 'a capacity reservation id (cr-...)') }).strict(),
  z.object({ resourceGroupArn: z.string().regex(/^arn:aws[a-z-]*:resource-groups:/, 'a resource group ARN') }).strict(),
]);

/** One accelerator (case ignored; a near miss gets "did you mean"). */
export const acceleratorSchema = AcceleratorNameSchema;

/** An On-Demand Capacity Reservation (or Capacity Block) by id, or a resource group of reservations (AWS). */
export type CapacityReservationTarget = { readonly id: string } | { readonly resourceGroupArn: string };

/** The neutral reservation of a pool from its AWS props. */
export function awsReservation(target: CapacityReservationTarget, targetsPlacement: boolean): ReservationPlan {
  return { targetsPlacement, aws: target };
}

/** A GCP reservation by name (optionally shared from another project), or any matching one. */
export const gcpReservationSchema = z.union([
  z.object({
    name: z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a reservation name (lowercase letters, digits, "-"; optionally "<name>/reservationBlocks/<block>")')
      .or(z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?\/reservationBlocks\/[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/)),
    project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a GCP project id').optional(),
  }).strict(),
  z.literal('any'),
]);

/** The neutral reservation of a pool from its GCP props: a named one, or any (no cloud id). */
export function gcpReservation(target: { readonly name: string; readonly project?: string } | 'any'): ReservationPlan {
  return target === 'any' ? { targetsPlacement: false } : { targetsPlacement: false, gcp: { name: target.name, ...(target.project ? { project: target.project } : {}) } };
}

/** Settings of one cloud on a stack of the other are a mistake, not something to ignore silently. */
export function checkCloudSettings(where: string, cloud: 'aws' | 'gcp', p: { readonly aws?: object; readonly gcp?: object }): void {
  if (cloud === 'gcp' && p.aws) {
    throw new AiInfraError({ where, field: 'aws', given: Object.keys(p.aws), allowed: 'unset on a GCP stack (use gcp: { ... })' });
  }
  if (cloud === 'aws' && p.gcp) {
    throw new AiInfraError({ where, field: 'gcp', given: Object.keys(p.gcp), allowed: 'unset on an AWS stack (use aws: { ... })' });
  }
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
  gcp?: NodePoolPlan['gcp'];
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
    ...(fields.gcp ? { gcp: fields.gcp } : {}),
  };
}
