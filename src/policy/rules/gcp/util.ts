import { ResourceView, RuleContext } from '../../types';
import { block, blocks, isTrue, refersTo, resourcesOfType } from '../util';

/** IAM members that make a resource public. */
export const PUBLIC_MEMBERS: ReadonlyArray<string> = ['allUsers', 'allAuthenticatedUsers'];

/** The public members among an IAM resource's `member` / `members`. */
export function publicMembers(view: ResourceView): string[] {
  const members = [view.config.member, ...(Array.isArray(view.config.members) ? view.config.members : [])];
  const found = members.filter((m): m is string => typeof m === 'string' && PUBLIC_MEMBERS.includes(m));
  const policy = view.config.policy_data;
  if (typeof policy === 'string') found.push(...PUBLIC_MEMBERS.filter((m) => policy.includes(`"${m}"`)));
  return [...new Set(found)];
}

/** Finding for an IAM member/binding/policy resource that grants to allUsers or allAuthenticatedUsers, or undefined. */
export function publicIamFinding(view: ResourceView, what: string): string | undefined {
  const found = publicMembers(view);
  return found.length === 0
    ? undefined
    : `grants ${String(view.config.role ?? 'a role')} on the ${what} to ${found.join(', ')}; grant named principals (service accounts, groups) instead`;
}

/** `node_config` of a GKE cluster or node pool (first block), or undefined. */
export function nodeConfigOf(view: ResourceView): Record<string, unknown> | undefined {
  return block(view.config.node_config);
}

/** Whether a GKE cluster removes its default node pool (its `node_config` then only shapes a pool that is deleted). */
export function removesDefaultPool(view: ResourceView): boolean {
  return view.type === 'google_container_cluster' && isTrue(view.config.remove_default_node_pool);
}

/** For rules over node_config: the message prefix naming where the setting goes. */
export function nodeConfigWhere(view: ResourceView): string {
  return view.type === 'google_container_cluster' ? 'the cluster node_config (default pool; Checkov reads it even when the pool is removed)' : 'node_config';
}

/** A Cloud KMS key: a reference (`${google_kms_crypto_key.x.id}`) or a literal `projects/.../cryptoKeys/...` name. */
export function isKmsKey(value: unknown): boolean {
  return typeof value === 'string' && (value.includes('${') || /\/cryptoKeys\/[^/]+$/.test(value));
}

/** Resources of `type` whose `attr` names `target`: a reference to it, or its literal `nameAttr` (or `id`) value. */
export function referencing(ctx: RuleContext, type: string, attr: string, target: ResourceView, nameAttr = 'name'): ResourceView[] {
  const literal = target.config[nameAttr];
  return resourcesOfType(ctx, type).filter((r) => {
    const value = r.config[attr];
    return refersTo(value, target) || (typeof literal === 'string' && literal.length > 0 && typeof value === 'string' && (value === literal || value.endsWith(`/${literal}`)));
  });
}

/** Values of a Cloud SQL `database_flags` list as name -> value. */
export function databaseFlags(settings: Record<string, unknown> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of blocks(settings?.database_flags)) {
    if (typeof f.name === 'string') out.set(f.name, String(f.value ?? ''));
  }
  return out;
}

/** A RoCE network profile (`<zone>-vpc-roce`, `<zone>-vpc-roce-metal`) in a network's network_profile. */
export function isRoceNetwork(networkProfile: unknown): boolean {
  return typeof networkProfile === 'string' && /vpc-roce(-metal)?$/.test(networkProfile);
}

/** Whether a subnetwork belongs to a RoCE network of the stack. */
export function isRoceSubnet(subnet: ResourceView, ctx: RuleContext): boolean {
  return resourcesOfType(ctx, 'google_compute_network')
    .some((n) => isRoceNetwork(n.config.network_profile) && referencing(ctx, 'google_compute_subnetwork', 'network', n).includes(subnet));
}
