import { z } from 'zod';
import { findInstanceType, findRegion, instanceTypesFor, regionsFor, zonesFor } from '../catalog';
import type { AcceleratorId, Cloud, ComplianceProgram, InstanceTypeSpec, Jurisdiction, RegionSpec } from '../catalog/types';
import { AiInfraError, parseOrThrow } from '../errors';
import { AcceleratorNamesSchema, aCloud, checkAcceleratorNames, didYouMean, resolveAccelerator } from './names';
import { nodePrice, PURCHASES, sells } from './pricing';
import type { Purchase } from './pricing';
import { FABRIC_RANK } from '../catalog/types';

/** Every Jurisdiction of the catalog, for validation (the compiler checks the list is complete). */
export const JURISDICTIONS = [
  'US', 'US-GOV', 'EU', 'UK', 'CH', 'CA', 'JP', 'KR', 'SG', 'AU', 'IN', 'ID', 'HK', 'TW', 'BR', 'MX', 'AE', 'SA', 'BH', 'IL', 'QA', 'ZA', 'CL', 'MY', 'TH', 'NZ',
] as const satisfies ReadonlyArray<Jurisdiction>;
export const COMPLIANCE_PROGRAMS = ['HIPAA', 'FEDRAMP_MODERATE', 'FEDRAMP_HIGH', 'GDPR'] as const satisfies ReadonlyArray<ComplianceProgram>;

type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
const JURISDICTIONS_COMPLETE: Missing<Jurisdiction, (typeof JURISDICTIONS)[number]> = true;
const PROGRAMS_COMPLETE: Missing<ComplianceProgram, (typeof COMPLIANCE_PROGRAMS)[number]> = true;
void JURISDICTIONS_COMPLETE;
void PROGRAMS_COMPLETE;

/** Where a workload may run. All given fields must hold at once. */
export const CompliancePolicySchema = z.object({
  /** The region's jurisdiction must be one of these. @default - any */
  jurisdictions: z.array(z.enum(JURISDICTIONS)).min(1).optional(),
  /** The region must host every program. GDPR is read as "EU/EEA region". @default - none */
  programs: z.array(z.enum(COMPLIANCE_PROGRAMS)).min(1).optional(),
  /** Only these regions. @default - all */
  allowRegions: z.array(z.string().min(1)).min(1).optional(),
  /** Never these regions. @default - none */
  denyRegions: z.array(z.string().min(1)).optional(),
}).strict();

export type CompliancePolicy = z.infer<typeof CompliancePolicySchema>;

const CLOUDS = ['aws', 'gcp'] as const;

export const PlacementRequestSchema = z.object({
  cloud: z.enum(CLOUDS),
  /** @default {} (no constraint) */
  policy: CompliancePolicySchema.default({}),
  /** Every one of these types must be offered in the region. */
  instanceTypes: z.array(z.string().min(1)).min(1).optional(),
  /** Some type with each of these accelerators must be offered in the region (case ignored; `A100` means either size). */
  accelerators: AcceleratorNamesSchema.optional(),
  /** Regions to prefer among the compliant ones, in order. */
  preferRegions: z.array(z.string().min(1)).optional(),
  /**
   * How the nodes will be bought: only types sold that way count, priced on that basis.
   * @default 'on-demand'
   */
  purchase: z.enum(PURCHASES).default('on-demand'),
}).strict();

export type PlacementRequest = z.input<typeof PlacementRequestSchema>;

export interface RegionCandidate {
  readonly region: string;
  readonly location: string;
  readonly jurisdiction: Jurisdiction;
  /** Zones offering every requested type (or some type of each requested accelerator). */
  readonly zones: ReadonlyArray<string>;
  /** The types that make the region fit, cheapest per GPU-hour first per need. */
  readonly instanceTypes: ReadonlyArray<string>;
  /**
   * $ per GPU-hour of the cheapest type of each need on the purchase basis, summed over
   * the needs (the ranking key), when types were asked for and priced.
   */
  readonly usdPerGpuHour?: number;
  /** A price behind usdPerGpuHour is an estimate (regional uplift, reference price, spot discount). */
  readonly priceEstimated: boolean;
  /** Some type the region offers has no known price for the purchase option. */
  readonly priceUnknown: boolean;
  /** Best fabric among the types chosen per need (the last tie-break). */
  readonly fabricRank: number;
}

export interface PlacementResult {
  readonly cloud: Cloud;
  /** The chosen region (candidates[0]). */
  readonly region: string;
  readonly zones: ReadonlyArray<string>;
  readonly instanceTypes: ReadonlyArray<string>;
  readonly candidates: ReadonlyArray<RegionCandidate>;
  readonly excluded: ReadonlyArray<{ readonly region: string; readonly reason: string }>;
  readonly notes: ReadonlyArray<string>;
}

interface TypeNeed {
  /** What the user asked for (a type name or an accelerator id). */
  readonly label: string;
  /** Catalog types that satisfy it. */
  readonly types: ReadonlyArray<InstanceTypeSpec>;
}

/**
 * Places a workload in a region of `cloud` that satisfies the compliance
 * policy and offers the requested instance types or accelerators.
 *
 * Rules, in order (each exclusion says which one): denyRegions, allowRegions,
 * jurisdictions, programs (GDPR = an EU/EEA region; others must be in the
 * region's programs; a FedRAMP High region also meets Moderate), then the
 * types sold the way the workload buys them (`purchase`). Candidates rank by
 * preferRegions, then $ per GPU-hour on that purchase basis (priced regions
 * before price-unknown ones), then zones offered, then fabric, then a sourced
 * price before an estimate, then name.
 */
export function placeWorkload(req: PlacementRequest, where: string): PlacementResult {
  checkAcceleratorNames((req as { accelerators?: unknown } | undefined)?.accelerators, where);
  const r = parseOrThrow(PlacementRequestSchema, req, where);
  checkRegionNames(r.cloud, r.policy, where);
  const needs = typeNeeds(r.cloud, r.instanceTypes, r.accelerators, where, r.purchase);

  const candidates: RegionCandidate[] = [];
  const excluded: { region: string; reason: string }[] = [];
  for (const region of regionsFor(r.cloud)) {
    const policyReason = policyViolation(region, r.policy);
    if (policyReason) {
      excluded.push({ region: region.name, reason: policyReason });
      continue;
    }
    const fit = fitTypes(region, needs, r.purchase);
    if (typeof fit === 'string') {
      excluded.push({ region: region.name, reason: fit });
      continue;
    }
    candidates.push(fit);
  }

  if (candidates.length === 0) {
    const policyOk = excluded.filter((e) => e.reason.startsWith('does not offer'));
    throw new AiInfraError({
      where,
      field: '',
      given: r.policy,
      allowed: '',
      message: `no ${r.cloud} region satisfies the policy${needs.length ? ` and offers ${needs.map((n) => n.label).join(' and ')}` : ''}${
        policyOk.length ? `; compliant regions lacking the types: ${policyOk.map((e) => e.region).join(', ')}` : ''
      }`,
      hint: policyOk.length
        ? policyOk.some((e) => / on demand \(| as (spot|reservation|capacity-block) \(/.test(e.reason))
          ? 'Buy them another way (purchase: see what each region sells above), relax instanceTypes/accelerators, or widen the policy'
          : 'Relax instanceTypes/accelerators, or widen the policy'
        : relaxHint(r.cloud, r.policy, needs),
    });
  }

  const prefer = r.preferRegions ?? [];
  const rank = (name: string) => (prefer.includes(name) ? prefer.indexOf(name) : prefer.length);
  const price = (c: RegionCandidate) => (c.usdPerGpuHour === undefined ? Infinity : Math.round(c.usdPerGpuHour * 10_000) / 10_000);
  candidates.sort(
    (a, b) =>
      rank(a.region) - rank(b.region) ||
      Number(a.priceUnknown) - Number(b.priceUnknown) ||
      (price(a) === price(b) ? 0 : price(a) - price(b)) ||
      b.zones.length - a.zones.length ||
      b.fabricRank - a.fabricRank ||
      Number(a.priceEstimated) - Number(b.priceEstimated) ||
      a.region.localeCompare(b.region),
  );
  // The exclusions that explain the choice come first: regions the policy allows that
  // lack the types (or do not sell them that way); then the policy's misses.
  const typeMiss = (e: { reason: string }) => /^(does not offer|has no zone offering)/.test(e.reason);
  excluded.sort((a, b) => Number(typeMiss(b)) - Number(typeMiss(a)));
  const chosen = candidates[0];
  const notes: string[] = [];
  if (r.policy.programs?.includes('GDPR')) notes.push('GDPR is read as "data stays in an EU/EEA region" (stricter than the regulation, which also allows adequacy decisions and SCCs)');
  if (r.policy.programs?.includes('HIPAA')) {
    notes.push(
      r.cloud === 'aws'
        ? 'HIPAA on AWS is account-scoped (BAA in AWS Artifact) and per service, not per region: use HIPAA-eligible services only'
        : 'HIPAA on GCP is per product (the BAA lists covered products); Assured Workloads "US Data Boundary for Healthcare and Life Sciences" adds a US-only location rule',
    );
  }
  if (needs.length) {
    notes.push(
      `ranked by $ per GPU-hour of the types sold ${r.purchase === 'on-demand' ? 'on demand' : `as ${r.purchase}`} (the way the workload buys them), then zones offered, then fabric`,
    );
  }
  if (chosen.priceEstimated) notes.push(`the price for ${chosen.region} is an estimate (regional uplift, reference price or spot discount; see docs/planning.md)`);
  if (chosen.priceUnknown) notes.push(`price unknown: no ${r.purchase} price is sourced for the types in ${chosen.region}`);
  return {
    cloud: r.cloud,
    region: chosen.region,
    zones: chosen.zones,
    instanceTypes: chosen.instanceTypes,
    candidates,
    excluded,
    notes,
  };
}

export const CheckRegionRequestSchema = z.object({
  cloud: z.enum(CLOUDS),
  region: z.string().min(1),
  policy: CompliancePolicySchema.default({}),
  instanceTypes: z.array(z.string().min(1)).min(1).optional(),
  /** Accelerators the region must offer (through any type). */
  accelerators: z.array(z.string().min(1)).min(1).optional(),
}).strict();

export type CheckRegionRequest = z.input<typeof CheckRegionRequestSchema>;

/**
 * Checks a region the user chose against the policy and the types it must
 * offer. Returns the candidate (zones offering every type); throws
 * AiInfraError naming `region`, what was given and which regions the policy allows.
 */
export function checkRegion(req: CheckRegionRequest, where: string): RegionCandidate {
  const r = parseOrThrow(CheckRegionRequestSchema, req, where);
  const spec = findRegion(r.cloud, r.region);
  const all = regionsFor(r.cloud);
  if (!spec) {
    const hint = didYouMean(r.region, all.map((x) => x.name));
    throw new AiInfraError({
      where,
      field: 'region',
      given: r.region,
      allowed: `${aCloud(r.cloud)} region known to the catalog (${list(all.map((x) => x.name), 8)})`,
      ...(hint ? { hint } : {}),
    });
  }
  checkRegionNames(r.cloud, r.policy, where);
  checkAcceleratorNames(r.accelerators, where);
  const accelerators = r.accelerators ? [...new Set(r.accelerators.flatMap((a) => resolveAccelerator(a) ?? []))] : undefined;
  const needs = typeNeeds(r.cloud, r.instanceTypes, accelerators, where, undefined);
  const violation = policyViolation(spec, r.policy);
  if (violation) {
    const allowed = all.filter((x) => !policyViolation(x, r.policy)).map((x) => x.name);
    throw new AiInfraError({
      where,
      field: 'region',
      given: r.region,
      allowed: `${policyPhrase(r.policy)} (${allowed.length ? list(allowed, 6) : 'no region qualifies'})`,
      hint: `${r.region} ${violation}${allowed.length ? '' : `. ${relaxHint(r.cloud, r.policy, needs)}`}`,
    });
  }
  const fit = fitTypes(spec, needs, 'on-demand');
  if (typeof fit === 'string') {
    const offering = all.filter((x) => !policyViolation(x, r.policy) && typeof fitTypes(x, needs, 'on-demand') !== 'string').map((x) => x.name);
    throw new AiInfraError({
      where,
      field: 'region',
      given: r.region,
      allowed: `a region offering ${needs.map((n) => n.label).join(' and ')}${describePolicy(r.policy) ? ' under the policy' : ''} (${
        offering.length ? list(offering, 6) : 'none'
      })`,
      hint: `${r.region} ${fit}`,
    });
  }
  return fit;
}

function checkRegionNames(cloud: Cloud, policy: CompliancePolicy, where: string): void {
  for (const field of ['allowRegions', 'denyRegions'] as const) {
    const names = policy[field] ?? [];
    const unknown = names.find((n) => !findRegion(cloud, n));
    if (unknown !== undefined) {
      const hint = didYouMean(unknown, regionsFor(cloud).map((x) => x.name));
      throw new AiInfraError({ where, field: `policy.${field}`, given: unknown, allowed: `${aCloud(cloud)} region known to the catalog`, ...(hint ? { hint } : {}) });
    }
  }
}

function typeNeeds(
  cloud: Cloud,
  instanceTypes: ReadonlyArray<string> | undefined,
  accelerators: ReadonlyArray<AcceleratorId> | undefined,
  where: string,
  purchase: Purchase | undefined,
): TypeNeed[] {
  const needs: TypeNeed[] = [];
  (instanceTypes ?? []).forEach((name, i) => {
    const t = findInstanceType(cloud, name);
    if (!t) {
      throw new AiInfraError({
        where,
        field: `instanceTypes.${i}`,
        given: name,
        allowed: `${aCloud(cloud)} type known to the catalog (${list(instanceTypesFor(cloud).map((x) => x.name), 8)})`,
        ...hintFor(name, instanceTypesFor(cloud).map((x) => x.name)),
      });
    }
    needs.push({ label: name, types: [t] });
  });
  for (const id of accelerators ?? []) {
    const all = instanceTypesFor(cloud).filter((t) => t.accelerator === id);
    if (all.length === 0) {
      throw new AiInfraError({ where, field: 'accelerators', given: id, allowed: `an accelerator ${cloud} offers`, hint: `No ${cloud} type in the catalog has ${id}` });
    }
    if (purchase && !all.some((t) => sells(t, purchase))) {
      throw new AiInfraError({
        where,
        field: 'purchase',
        given: purchase,
        allowed: `a way ${cloud} sells ${id} (${[...new Set(all.flatMap((t) => t.purchaseOptions))].join(', ')})`,
      });
    }
    needs.push({ label: id, types: all });
  }
  return needs;
}

/** Why a region breaks the policy, or undefined. */
function policyViolation(region: RegionSpec, policy: CompliancePolicy): string | undefined {
  if (policy.denyRegions?.includes(region.name)) return 'is in denyRegions';
  if (policy.allowRegions && !policy.allowRegions.includes(region.name)) return 'is not in allowRegions';
  if (policy.jurisdictions && !policy.jurisdictions.includes(region.jurisdiction)) {
    return `is in jurisdiction ${region.jurisdiction}, not ${policy.jurisdictions.join(' or ')}`;
  }
  for (const program of policy.programs ?? []) {
    if (program === 'GDPR') {
      if (!region.eea) return `is outside the EU/EEA (GDPR is placed in EU/EEA regions; ${region.jurisdiction} is not)`;
    } else if (!region.programs.includes(program) && !(program === 'FEDRAMP_MODERATE' && region.programs.includes('FEDRAMP_HIGH'))) {
      // A FedRAMP High authorization covers Moderate workloads (High's baseline is a superset).
      return `does not host ${program} workloads (hosts ${region.programs.length ? region.programs.join(', ') : 'none of the programs'})`;
    }
  }
  return undefined;
}

/** The zones and types that satisfy every need in a region, or why not. */
function fitTypes(region: RegionSpec, needs: ReadonlyArray<TypeNeed>, purchase: Purchase): RegionCandidate | string {
  let zones: string[] = [...region.zones];
  const chosenTypes: string[] = [];
  let usdPerGpuHour: number | undefined;
  let priceEstimated = false;
  let priceUnknown = false;
  let fabricRank = 0;
  for (const need of needs) {
    const inRegion = need.types.filter((t) => t.regions.includes(region.name));
    if (inRegion.length === 0) return `does not offer ${need.label}${need.types.length === 1 ? '' : ` (${need.types.map((t) => t.name).join(', ')})`}`;
    // Only the types sold the way the workload buys them count.
    const offered = inRegion.filter((t) => sells(t, purchase) && (purchase !== 'spot' || !t.spotRegions || t.spotRegions.includes(region.name)));
    if (offered.length === 0) {
      return `does not offer ${need.label} ${purchase === 'on-demand' ? 'on demand' : `as ${purchase}`} (${inRegion
        .map((t) => `${t.name}: ${t.purchaseOptions.join(', ')}${purchase === 'spot' && t.spotRegions && !t.spotRegions.includes(region.name) ? ', no spot here' : ''}`)
        .join('; ')})`;
    }
    const priced = offered
      .map((t) => ({ t, price: nodePrice(t, region.name, purchase), zones: zonesFor(t, region.name) }))
      .map((p) => ({ ...p, perGpu: p.price ? p.price.usdPerHour / p.t.acceleratorsPerNode : Infinity }))
      .sort(
        (a, b) =>
          a.perGpu - b.perGpu ||
          FABRIC_RANK[b.t.fabric] - FABRIC_RANK[a.t.fabric] ||
          Number(a.price?.unconfirmed ?? true) - Number(b.price?.unconfirmed ?? true) ||
          b.t.acceleratorsPerNode - a.t.acceleratorsPerNode ||
          a.t.name.localeCompare(b.t.name),
      );
    const needZones = new Set(priced.flatMap((p) => p.zones));
    zones = zones.filter((zone) => needZones.has(zone));
    if (zones.length === 0) return `has no zone offering ${need.label} together with the other types`;
    const best = priced[0];
    chosenTypes.push(...priced.map((p) => p.t.name));
    fabricRank = Math.max(fabricRank, ...offered.map((t) => FABRIC_RANK[t.fabric]));
    if (best.price) {
      usdPerGpuHour = (usdPerGpuHour ?? 0) + best.perGpu;
      if (best.price.unconfirmed) priceEstimated = true;
    } else {
      priceUnknown = true;
    }
  }
  return {
    region: region.name,
    location: region.location,
    jurisdiction: region.jurisdiction,
    zones,
    instanceTypes: chosenTypes,
    ...(usdPerGpuHour !== undefined && !priceUnknown ? { usdPerGpuHour: Math.round(usdPerGpuHour * 10_000) / 10_000 } : {}),
    priceEstimated,
    priceUnknown,
    fabricRank,
  };
}

const POLICY_FIELDS = ['jurisdictions', 'programs', 'allowRegions', 'denyRegions'] as const;

/**
 * What to relax when no region satisfies the policy: for each rule, the
 * regions that dropping it alone would admit (a contradiction such as
 * jurisdictions EU with allowRegions us-east-1 shows up as "drop either").
 */
function relaxHint(cloud: Cloud, policy: CompliancePolicy, needs: ReadonlyArray<TypeNeed>): string {
  const options: string[] = [];
  for (const field of POLICY_FIELDS) {
    if (policy[field] === undefined) continue;
    const relaxed: CompliancePolicy = { ...policy, [field]: undefined };
    const admitted = regionsFor(cloud).filter((x) => !policyViolation(x, relaxed) && typeof fitTypes(x, needs, 'on-demand') !== 'string').map((x) => x.name);
    if (admitted.length) options.push(`drop ${field} ${JSON.stringify(policy[field])} (admits ${list(admitted, 4)})`);
  }
  const conflicts = policy.allowRegions
    ? policy.allowRegions
      .map((name) => ({ name, why: policyViolation(findRegion(cloud, name)!, { ...policy, allowRegions: undefined }) }))
      .filter((c) => c.why)
      .map((c) => `${c.name} ${c.why}`)
    : [];
  const conflictText = conflicts.length ? `allowRegions contradicts the other rules: ${conflicts.join('; ')}. ` : '';
  return `${conflictText}Relax the policy (${describePolicy(policy)}): ${options.length ? options.join(', or ') : 'no single rule admits a region on its own; widen several'}`;
}

function policyPhrase(policy: CompliancePolicy): string {
  const parts: string[] = [];
  if (policy.jurisdictions) parts.push(`in ${policy.jurisdictions.map((j) => (j === 'EU' ? 'EU/EEA' : j)).join(' or ')} jurisdiction`);
  if (policy.programs) parts.push(`hosting ${policy.programs.join(' and ')}`);
  if (policy.allowRegions) parts.push('in allowRegions');
  if (policy.denyRegions?.length) parts.push('not in denyRegions');
  return parts.length ? parts.join(', ') : 'a region';
}

function describePolicy(policy: CompliancePolicy): string {
  const parts: string[] = [];
  if (policy.jurisdictions) parts.push(`jurisdictions ${policy.jurisdictions.join(', ')}`);
  if (policy.programs) parts.push(`programs ${policy.programs.join(', ')}`);
  if (policy.allowRegions) parts.push(`allowRegions ${policy.allowRegions.join(', ')}`);
  if (policy.denyRegions?.length) parts.push(`denyRegions ${policy.denyRegions.join(', ')}`);
  return parts.join('; ');
}

function hintFor(given: string, known: ReadonlyArray<string>): { hint?: string } {
  const hint = didYouMean(given, known);
  return hint ? { hint } : {};
}

function list(items: ReadonlyArray<string>, max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, ...`;
}
