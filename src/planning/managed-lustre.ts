import { SERVICE_PRICES } from '../catalog/service-prices';
import {
  isValidManagedLustreCapacity,
  managedLustreThroughputGBps,
  managedLustreTier,
  MANAGED_LUSTRE_PROVIDER_TIERS,
  nextValidManagedLustreCapacity,
} from '../catalog/storage-rules';
import { AiInfraError } from '../errors';
import { CostLine, lustreCost } from './cost';

/** A Managed Lustre tier the google provider 6.50 can create, MB/s per TiB. */
export type ManagedLustreProviderTier = (typeof MANAGED_LUSTRE_PROVIDER_TIERS)[number];

/** Tier used when only a capacity is given: Managed Lustre's own default (GKE Lustre CSI StorageClass `perUnitStorageThroughput`). */
export const MANAGED_LUSTRE_DEFAULT_TIER: ManagedLustreProviderTier = 1000;

export interface ManagedLustreSizingRequest {
  readonly region: string;
  /** Capacity given by the user, GiB. */
  readonly capacityGiB?: number;
  /** Aggregate throughput target, GB/s. */
  readonly throughputGBps?: number;
  /** Tier given by the user, MB/s per TiB. */
  readonly tier?: number;
}

/** A sizing decision, for the caller to record. */
export interface ManagedLustreSizing {
  readonly capacityGiB: number;
  readonly tier: ManagedLustreProviderTier;
  /** capacity TiB × tier, GB/s. */
  readonly throughputGBps: number;
  readonly decision: {
    readonly topic: 'lustre-capacity';
    readonly chosen: string;
    readonly reason: string;
    readonly alternatives?: ReadonlyArray<{ readonly option: string; readonly reason: string }>;
  };
}

function stepsText(tier: ManagedLustreProviderTier): string {
  const r = managedLustreTier(tier);
  const steps = r.thresholdGiB !== undefined ? `a multiple of ${r.stepGiB} up to ${r.thresholdGiB}, then of ${r.stepAboveThresholdGiB}` : `a multiple of ${r.stepGiB}`;
  return `${steps}, from ${r.minGiB} to ${r.maxGiB} GiB at ${tier} MB/s/TiB`;
}

function describe(capacityGiB: number, tier: ManagedLustreProviderTier): string {
  return `${capacityGiB} GiB at ${tier} MB/s/TiB = ${managedLustreThroughputGBps(tier, capacityGiB).toFixed(2)} GB/s`;
}

/** The Managed Lustre storage cost line (the 125 tier is priced; the others say "no sourced price"). */
export function managedLustreCostLine(component: string, region: string, tier: ManagedLustreProviderTier, capacityGiB: number): CostLine {
  return lustreCost({ component, cloud: 'gcp', region, throughputMBpsPerTiB: tier, capacityGiB }, component);
}

/**
 * Sizes a Google Cloud Managed Lustre instance by Managed Lustre's own rules
 * (minimum, maximum and step per tier; catalog `MANAGED_LUSTRE_TIERS`):
 *  - a capacity alone: checked on the tier's step, at the given tier or the default (1000);
 *  - a throughput target: at each candidate tier the smallest valid capacity that delivers it
 *    (or the given capacity, if it does); the lowest monthly list price wins, ties to less
 *    capacity, then the lower tier. The 250, 500 and 1000 prices rest on one source, and the
 *    reason says so.
 */
export function sizeManagedLustre(req: ManagedLustreSizingRequest, where: string): ManagedLustreSizing {
  const { capacityGiB, throughputGBps, tier: tierGiven } = req;
  if (tierGiven !== undefined && !MANAGED_LUSTRE_PROVIDER_TIERS.includes(tierGiven as ManagedLustreProviderTier)) {
    throw new AiInfraError({ where, field: 'perUnitStorageThroughputMBpsPerTiB', given: tierGiven, allowed: `one of ${MANAGED_LUSTRE_PROVIDER_TIERS.join(', ')} on Managed Lustre` });
  }
  if (capacityGiB === undefined && throughputGBps === undefined) {
    throw new AiInfraError({ where, field: 'capacityGiB', given: undefined, allowed: 'given, or throughputGBps given to size it' });
  }
  const tiers: ManagedLustreProviderTier[] = tierGiven !== undefined ? [tierGiven as ManagedLustreProviderTier] : [...MANAGED_LUSTRE_PROVIDER_TIERS];
  const checkCapacity = (tier: ManagedLustreProviderTier) => {
    if (capacityGiB !== undefined && !isValidManagedLustreCapacity(tier, capacityGiB)) {
      const next = nextValidManagedLustreCapacity(tier, capacityGiB);
      throw new AiInfraError({
        where,
        field: 'capacityGiB',
        given: capacityGiB,
        allowed: stepsText(tier),
        hint: next !== undefined ? `The next valid size is ${next} GiB` : undefined,
      });
    }
  };

  if (throughputGBps === undefined) {
    const tier = (tierGiven as ManagedLustreProviderTier | undefined) ?? MANAGED_LUSTRE_DEFAULT_TIER;
    checkCapacity(tier);
    return {
      capacityGiB: capacityGiB!,
      tier,
      throughputGBps: managedLustreThroughputGBps(tier, capacityGiB!),
      decision: {
        topic: 'lustre-capacity',
        chosen: describe(capacityGiB!, tier),
        reason: tierGiven === undefined ? 'capacity given; 1000 MB/s/TiB is Managed Lustre\'s default tier (GKE Lustre CSI driver)' : 'capacity and tier given',
      },
    };
  }

  const options = tiers.map((tier) => {
    const neededGiB = Math.ceil((throughputGBps * 1000 / tier) * 1024);
    const smallest = nextValidManagedLustreCapacity(tier, neededGiB);
    const valid = capacityGiB === undefined || isValidManagedLustreCapacity(tier, capacityGiB);
    const capacity = capacityGiB ?? smallest;
    const meets = capacity !== undefined && valid && managedLustreThroughputGBps(tier, capacity) >= throughputGBps;
    return { tier, capacity, smallest, valid, meets };
  });
  // By the monthly list price of the capacity; ties to less capacity, then the lower tier.
  const feasible = options
    .filter((o) => o.meets)
    .sort((a, b) => monthlyUsd(a.tier, a.capacity!) - monthlyUsd(b.tier, b.capacity!) || a.capacity! - b.capacity! || a.tier - b.tier);
  if (feasible.length === 0) {
    if (capacityGiB !== undefined && tiers.length === 1) checkCapacity(tiers[0]);
    const best = options.filter((o) => o.smallest !== undefined).sort((a, b) => a.smallest! - b.smallest!)[0];
    throw new AiInfraError({
      where,
      field: capacityGiB !== undefined ? 'capacityGiB' : 'throughputGBps',
      given: capacityGiB ?? throughputGBps,
      allowed: best
        ? `at least ${best.smallest} GiB to deliver ${throughputGBps} GB/s at ${best.tier} MB/s/TiB (${stepsText(best.tier)})`
        : `a throughput one Managed Lustre instance can deliver (at most ${managedLustreThroughputGBps(1000, managedLustreTier(1000).maxGiB).toFixed(0)} GB/s at 1000 MB/s/TiB)`,
      hint: capacityGiB !== undefined ? 'Raise capacityGiB, or omit it to size from throughputGBps' : undefined,
    });
  }
  const chosen = feasible[0];
  return {
    capacityGiB: chosen.capacity!,
    tier: chosen.tier,
    throughputGBps: managedLustreThroughputGBps(chosen.tier, chosen.capacity!),
    decision: {
      topic: 'lustre-capacity',
      chosen: describe(chosen.capacity!, chosen.tier),
      reason: capacityGiven(capacityGiB, throughputGBps, tierGiven, monthlyUsd(chosen.tier, chosen.capacity!)),
      alternatives: options
        .filter((o) => o !== chosen)
        .map((o) => ({
          option: o.capacity !== undefined ? describe(o.capacity, o.tier) : `${o.tier} MB/s/TiB`,
          reason: !o.valid
            ? `${capacityGiB} GiB is not ${stepsText(o.tier)}`
            : o.meets
              ? `$${Math.round(monthlyUsd(o.tier, o.capacity!)).toLocaleString('en-US')}/month at list price${o.capacity! > chosen.capacity! ? ', provisions more capacity' : ''}`
              : `below the ${throughputGBps} GB/s target`,
        })),
    },
  };
}

function capacityGiven(capacityGiB: number | undefined, throughputGBps: number, tierGiven: number | undefined, usd: number): string {
  if (capacityGiB !== undefined) return `capacity given; meets the ${throughputGBps} GB/s target`;
  if (tierGiven !== undefined) return `smallest valid Managed Lustre capacity delivering ${throughputGBps} GB/s at the given tier`;
  return `the cheapest valid Managed Lustre capacity delivering ${throughputGBps} GB/s: $${Math.round(usd).toLocaleString('en-US')}/month at list price `
    + '(the 250, 500 and 1000 MB/s/TiB prices rest on one source)';
}

/** Monthly list price of a Managed Lustre capacity at a tier (us-central1 catalog price). */
function monthlyUsd(tier: ManagedLustreProviderTier, capacityGiB: number): number {
  return capacityGiB * SERVICE_PRICES[`gcp.managed-lustre.${tier}`].usd;
}
