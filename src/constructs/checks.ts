import { Construct } from 'constructs';
import type { z } from 'zod';
import type { IGpuCluster } from './cluster-ref';
import { AiInfraStack } from './stack';
import { AiInfraError } from '../errors';

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

/** A DNS-1035 label: what Kubernetes Services, node-group names and our physical names accept. */
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The name suffix a construct id gives (lowercased; characters other than
 * letters, digits and hyphens become `-`), checked to be a DNS label of at
 * most `maxLength` characters: it names Kubernetes objects (labels and
 * Services ≤ 63, Helm releases ≤ 53) and AWS resources.
 */
export function nameSuffixOf(id: string, where: string, maxLength: number): string {
  const suffix = id.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  if (!DNS_LABEL.test(suffix) || suffix.length > maxLength) {
    throw new AiInfraError({
      where,
      field: 'id',
      given: id,
      allowed: `a construct id that starts with a letter, ends with a letter or digit and has at most ${maxLength} characters (lowercased, other characters become "-", giving ${JSON.stringify(suffix)}): it names Kubernetes objects and AWS resources`,
    });
  }
  return suffix;
}

/** The AiInfraStack a construct lives in, or undefined (a user's own IGpuCluster outside one). */
function stackOf(c: IGpuCluster): AiInfraStack | undefined {
  try {
    return AiInfraStack.of(c);
  } catch {
    return undefined;
  }
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

const NAMES = new WeakMap<AiInfraStack, Map<string, string>>();

/**
 * Claims a physical-name suffix within a stack (`kind` separates namespaces
 * that cannot collide). Two constructs whose ids give the same suffix, e.g.
 * `Pool` under two different parents, would otherwise build resources with
 * the same physical and Kubernetes names.
 */
export function claimName(
  stack: AiInfraStack, kind: string, suffix: string, where: string, subject: { field: string; given: unknown } = { field: 'id', given: where.split('/').pop() },
): void {
  let names = NAMES.get(stack);
  if (!names) {
    names = new Map();
    NAMES.set(stack, names);
  }
  const key = `${kind}:${suffix}`;
  const holder = names.get(key);
  if (holder !== undefined && holder !== where) {
    throw new AiInfraError({
      where,
      field: subject.field,
      given: subject.given,
      allowed: `${subject.field === 'id' ? 'an id giving' : 'a value giving'} a ${kind} name unique in stack ${stack.node.path} (${holder} already has "${suffix}"; physical names derive from it and share the stack's namePrefix)`,
    });
  }
  names.set(key, where);
}

/** Constructs whose GCP backend is not written yet refuse a GCP stack with one clear error. */
export function requireAwsBackend(cloud: string, where: string, construct: string): void {
  if (cloud !== 'aws') {
    throw new AiInfraError({
      where,
      field: 'cloud',
      given: cloud,
      allowed: '"aws"',
      message: `cloud must be "aws": the GCP backend of ${construct} is not available yet, got ${JSON.stringify(cloud)}`,
    });
  }
}
