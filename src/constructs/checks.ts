import { Construct } from 'constructs';
import { z } from 'zod';
import { backendOf } from './backends';
import { AiInfraStack } from './stack';
import type { BackendKey, CloudBackends } from '../core/backends';
import type { IGpuCluster } from '../core/plans';
import { AiInfraError, parseOrThrow } from '../errors';

/**
 * Cross-construct checks every public construct shares: a free construct id,
 * a construct id that can name Kubernetes and AWS objects, the cluster living
 * in the construct's own stack, and names unique within a stack.
 */

/**
 * Refinement for arrays whose items must be unique: the issue points at the
 * first repeated item, so the error names `field.<index>` and the value.
 */
export function uniqueItems(what: string) {
  return (items: ReadonlyArray<string>, ctx: z.core.$RefinementCtx<ReadonlyArray<string>>): void => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item)) ctx.addIssue({ code: 'custom', path: [i], message: `${what} not already listed (each once)` });
      seen.add(item);
    });
  };
}

/**
 * Returns `scope` when it has no child `id` yet; otherwise throws an
 * AiInfraError (constructs' own error names no field). Used as
 * `super(freeId(scope, id), id)` so the check runs before the construct is added.
 */
export function freeId(scope: Construct, id: string): Construct {
  const existing = scope.node.tryFindChild(id);
  if (existing) {
    const parent = scope.node.path || '<app>';
    throw new AiInfraError({
      where: `${scope.node.path ? `${scope.node.path}/` : ''}${id}`,
      field: 'id',
      given: id,
      allowed: `an id not yet used under ${parent} (a ${existing.constructor.name} already has it; ids are Terraform addresses and must be unique among siblings)`,
    });
  }
  return scope;
}

/** The AiInfraStack a construct lives in, or undefined (a user's own IGpuCluster outside one). */
function stackOf(c: IGpuCluster): AiInfraStack | undefined {
  return AiInfraStack.tryOf(c);
}

/**
 * A construct that attaches to a cluster (node groups, security-group rules,
 * subnets, pod identities) must live in the cluster's stack: across stacks
 * the region, name prefix and provider may differ, and the references become
 * cross-stack outputs the construct cannot own.
 */
export function checkSameStack(where: string, cluster: IGpuCluster, stack: AiInfraStack): void {
  const owner = stackOf(cluster);
  if (owner && owner !== stack) {
    throw new AiInfraError({
      where,
      field: 'cluster',
      given: cluster.node.path,
      allowed: `a cluster of this construct's own stack ${stack.node.path} (${stack.cloud} ${stack.region})`,
      hint: `${cluster.node.path} belongs to stack ${owner.node.path} (${owner.cloud} ${owner.region}); create this construct in that stack, or a GpuCluster in ${stack.node.path}`,
    });
  }
}

/** The one zod guard of a `cluster: IGpuCluster` prop: a construct with a backend and a workload scope. */
export const clusterSchema = z.custom<IGpuCluster>(
  (c) => typeof c === 'object' && c !== null && typeof (c as IGpuCluster).workloadScope === 'function' && typeof (c as IGpuCluster).backend === 'object' && (c as IGpuCluster).backend !== null,
  'an IGpuCluster (e.g. a GpuCluster)',
);

/** What every public construct starts from. */
export interface ConstructStart<P, K extends BackendKey> {
  /** The construct's path (`where` of every error). */
  readonly where: string;
  /** The parsed props. */
  readonly p: P;
  /** The stack the construct lives in. */
  readonly stack: AiInfraStack;
  /** The construct's backend factory on the stack's cloud. */
  readonly backend: CloudBackends[K];
}

/**
 * The preamble every public construct shares: parse the props at the door,
 * find the stack, and look up the construct's backend on the stack's cloud
 * (a cloud without that backend fails here, before any planning).
 */
export function startConstruct<S extends z.ZodType, K extends BackendKey>(
  self: Construct, schema: S, props: unknown, key: K,
): ConstructStart<z.output<S>, K> {
  const where = self.node.path;
  const p = parseOrThrow(schema, props, where);
  const stack = AiInfraStack.of(self);
  const backend = backendOf(stack, key, where);
  return { where, p, stack, backend };
}
