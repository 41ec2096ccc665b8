import { PolicyRule } from '../../types';

const GCP_REGION = /^[a-z]+-[a-z]+\d+$/;
const GCP_ZONE = /^([a-z]+-[a-z]+\d+)-[a-z]$/;
const LOCATION_KEYS = new Set(['location', 'region', 'zone', 'node_locations', 'locations']);

/** Region of a GCP location value: a region, a zone's region, or the value itself for multi-regions (EU, US, ASIA). */
function regionOf(value: string): string | undefined {
  if (/^(eu|us|asia)$/i.test(value)) return value.toUpperCase();
  const lower = value.toLowerCase();
  if (GCP_REGION.test(lower)) return lower;
  return GCP_ZONE.exec(lower)?.[1];
}

function locationsIn(value: unknown, key: string | undefined, out: Set<string>): void {
  if (typeof value === 'string') {
    if (key && LOCATION_KEYS.has(key)) {
      const r = regionOf(value);
      if (r) out.add(r);
    }
  } else if (Array.isArray(value)) {
    for (const v of value) locationsIn(v, key, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) locationsIn(v, k, out);
  }
}

/**
 * Under a residency policy, GCP resources sit in the stack region or its zones:
 * no other region, and no multi-region (EU, US, ASIA) bucket or dataset, whose
 * data Google may place anywhere in that multi-region.
 */
export const GcpResidencySingleRegion: PolicyRule = {
  id: 'AiInfra-RES-2',
  description: 'Under a residency policy, GCP resources are located in the stack region or its zones (no other region, no multi-region)',
  resourceTypes: ['*'],
  check(view, ctx) {
    if (!ctx.compliance.jurisdictions || ctx.compliance.jurisdictions.length === 0) return undefined;
    const found = new Set<string>();
    locationsIn(view.config, undefined, found);
    const others = [...found].filter((r) => r !== ctx.region);
    return others.length === 0
      ? undefined
      : `located in ${others.join(', ')}, outside the stack region ${ctx.region} under a residency policy (${ctx.compliance.jurisdictions.join(', ')}); use ${ctx.region} or suppress with the reason the location is allowed`;
  },
};
