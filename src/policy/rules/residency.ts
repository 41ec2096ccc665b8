import { PolicyRule } from '../types';

const ARN_REGION = /arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+):/g;
const REGION_KEYS = new Set(['region', 'region_name', 'destination_region', 'source_region', 'replica_region']);

function regionsIn(value: unknown, key: string | undefined, out: Set<string>): void {
  if (typeof value === 'string') {
    if (key && REGION_KEYS.has(key) && /^[a-z]{2}(-gov)?-[a-z]+-\d+$/.test(value)) out.add(value);
    for (const m of value.matchAll(ARN_REGION)) out.add(m[1]);
  } else if (Array.isArray(value)) {
    for (const v of value) regionsIn(v, key, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) regionsIn(v, k, out);
  }
}

/**
 * Under a residency policy (compliance.jurisdictions), a resource names no
 * other region than the stack's (replicas, cross-region ARNs): data or keys
 * there may leave the jurisdiction. Suppress with a reason for a region you
 * checked is inside it.
 */
export const ResidencySingleRegion: PolicyRule = {
  id: 'AiInfra-RES-1',
  description: 'Under a residency policy, resources reference no region other than the stack region (replicas, cross-region ARNs)',
  resourceTypes: ['*'],
  check(view, ctx) {
    if (!ctx.compliance.jurisdictions || ctx.compliance.jurisdictions.length === 0) return undefined;
    const found = new Set<string>();
    regionsIn(view.config, undefined, found);
    const others = [...found].filter((r) => r !== ctx.region);
    return others.length === 0
      ? undefined
      : `references region(s) ${others.join(', ')} outside the stack region ${ctx.region} under a residency policy (${ctx.compliance.jurisdictions.join(', ')}); keep data in ${ctx.region} or suppress with the reason the region is allowed`;
  },
};
