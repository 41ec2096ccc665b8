import { CAPACITY_BLOCK_PRICES, purchasePrice, regionalUplift, SPOT_DISCOUNT, SPOT_PRICES } from '../catalog/purchase-prices';
import type { InstanceTypeSpec } from '../catalog/types';

/**
 * How a node price was obtained. Anything but `on-demand`, `spot` and
 * `capacity-block` is an estimate and says so in `note`.
 */
export type PriceBasis =
  /** The sourced on-demand price in the region the node runs in. */
  | 'on-demand'
  /** The reference region's sourced on-demand price × the documented uplift of the region's geography. */
  | 'regional-estimate'
  /** The type's reference $/hour (not sold on demand: a reservation list price or a third-party transcription), × the geography uplift outside the reference region. */
  | 'reference'
  /** A sourced spot price of the region. */
  | 'spot'
  /** Spot estimated as the on-demand price × (1 − the cloud's documented spot discount). */
  | 'spot-estimate'
  /** Reserved capacity priced at the on-demand list price (discounts not applied): a ceiling. */
  | 'reservation'
  /** A sourced EC2 Capacity Block rate. */
  | 'capacity-block';

/** What a node is bought as. A capacity block is a kind of reservation sold by the day. */
export type Purchase = 'on-demand' | 'spot' | 'reservation' | 'capacity-block';

export const PURCHASES = ['on-demand', 'spot', 'reservation', 'capacity-block'] as const;

export interface NodePrice {
  /** $/hour for one node. */
  readonly usdPerHour: number;
  readonly basis: PriceBasis;
  /** Region the price was read for (the reference region for estimates). */
  readonly priceRegion?: string;
  readonly source: string;
  readonly asOf: string;
  /** True when the price is an estimate or rests on a fact the catalog marks unconfirmed. */
  readonly unconfirmed: boolean;
  /** Why the price is not the plain sourced price of the region, when it is not. */
  readonly note?: string;
}

/** Whether a type can be bought that way; a reservation covers GCP reservations and AWS Capacity Blocks. */
export function sells(type: InstanceTypeSpec, purchase: Purchase): boolean {
  if (purchase === 'reservation') return type.purchaseOptions.includes('reservation') || type.purchaseOptions.includes('capacity-block');
  return type.purchaseOptions.includes(purchase);
}

const REFERENCE_REGION = { aws: 'us-east-1', gcp: 'us-central1' } as const;

/**
 * Resolves the hourly price of one node of `type` in `region` for a purchase
 * option, on one basis per purchase option so that candidates compare like
 * with like:
 *
 * - on-demand: the region's sourced price; else the reference region's price ×
 *   the documented uplift of the region's geography (`regional-estimate`); else
 *   the type's reference price (× the uplift outside the reference region).
 * - spot: the region's sourced spot price; else on-demand (as above) × (1 − the
 *   cloud's documented spot discount); else a sourced spot price of the
 *   reference region × the uplift.
 * - capacity-block: the region's sourced Capacity Block rate.
 * - reservation: a sourced Capacity Block rate of the region; else the type's
 *   reference price; else the on-demand price as a ceiling.
 *
 * Returns undefined when no price of that kind is known ("price unknown").
 */
export function nodePrice(type: InstanceTypeSpec, region: string, purchase: Purchase): NodePrice | undefined {
  if (purchase === 'on-demand') return onDemandPrice(type, region) ?? referencePrice(type, region);
  if (purchase === 'spot') return spotPrice(type, region);
  const block = blockPrice(type, region);
  if (purchase === 'capacity-block') return block;
  if (block) return block;
  const ref = referencePrice(type, region);
  if (ref) return ref;
  const od = type.purchaseOptions.includes('on-demand') ? onDemandPrice(type, region) : undefined;
  return od ? { ...od, basis: 'reservation', unconfirmed: true, note: `reservation priced at the on-demand list price (discounts not applied): a ceiling${od.note ? `; ${od.note}` : ''}` } : undefined;
}

function upliftText(type: InstanceTypeSpec, region: string): string {
  const u = regionalUplift(type.cloud, region);
  return `× ${u.factor} (${u.jurisdiction === 'other' ? 'no sourced price in this geography: median non-US uplift' : `${u.jurisdiction} regional uplift`}, from ${u.samples} sourced AWS regional prices)`;
}

function onDemandPrice(type: InstanceTypeSpec, region: string): NodePrice | undefined {
  const inRegion = type.prices.find((p) => p.region === region);
  if (inRegion) {
    return { source: type.source, asOf: type.asOf, usdPerHour: inRegion.onDemandUsdPerHour, basis: 'on-demand', priceRegion: region, unconfirmed: type.confidence === 'unconfirmed' };
  }
  const reference = type.prices[0];
  if (!reference) return undefined;
  return {
    source: type.source,
    asOf: type.asOf,
    usdPerHour: reference.onDemandUsdPerHour * regionalUplift(type.cloud, region).factor,
    basis: 'regional-estimate',
    priceRegion: reference.region,
    unconfirmed: true,
    note: `no sourced on-demand price for ${type.name} in ${region}: the ${reference.region} price $${reference.onDemandUsdPerHour} ${upliftText(type, region)}`,
  };
}

function referencePrice(type: InstanceTypeSpec, region: string): NodePrice | undefined {
  if (type.referenceUsdPerHour === undefined) return undefined;
  const home = region === REFERENCE_REGION[type.cloud];
  return {
    source: type.source,
    asOf: type.asOf,
    usdPerHour: type.referenceUsdPerHour * (home ? 1 : regionalUplift(type.cloud, region).factor),
    basis: 'reference',
    priceRegion: REFERENCE_REGION[type.cloud],
    unconfirmed: true,
    note: `${type.name} has no sourced on-demand price: its reference price $${type.referenceUsdPerHour}${home ? '' : ` ${upliftText(type, region)}`} is an estimate${type.note ? ` (${type.note})` : ''}`,
  };
}

function spotPrice(type: InstanceTypeSpec, region: string): NodePrice | undefined {
  const sourced = purchasePrice(SPOT_PRICES, type.name, region);
  if (sourced) {
    return {
      usdPerHour: sourced.usdPerHour,
      basis: 'spot',
      priceRegion: region,
      source: sourced.source,
      asOf: sourced.asOf,
      unconfirmed: sourced.confidence === 'unconfirmed',
      note: `sourced spot price of ${sourced.asOf}; spot prices move daily`,
    };
  }
  const od = onDemandPrice(type, region) ?? referencePrice(type, region);
  if (od) {
    const d = SPOT_DISCOUNT[type.cloud];
    return {
      usdPerHour: od.usdPerHour * (1 - d.discount),
      basis: 'spot-estimate',
      ...(od.priceRegion ? { priceRegion: od.priceRegion } : {}),
      source: `${od.source}; ${d.source}`,
      asOf: d.asOf,
      unconfirmed: true,
      note: `no sourced spot price: ${od.basis === 'reference' ? 'reference' : 'on-demand'} $${round4(od.usdPerHour)}${od.basis === 'on-demand' ? '' : ' (estimated)'} × (1 − ${d.discount}), ${d.note}`,
    };
  }
  const refSpot = purchasePrice(SPOT_PRICES, type.name, REFERENCE_REGION[type.cloud]);
  if (!refSpot) return undefined;
  return {
    usdPerHour: refSpot.usdPerHour * regionalUplift(type.cloud, region).factor,
    basis: 'spot-estimate',
    priceRegion: refSpot.region,
    source: refSpot.source,
    asOf: refSpot.asOf,
    unconfirmed: true,
    note: `no sourced spot price in ${region}: the ${refSpot.region} spot price $${refSpot.usdPerHour} ${upliftText(type, region)}`,
  };
}

function blockPrice(type: InstanceTypeSpec, region: string): NodePrice | undefined {
  const block = purchasePrice(CAPACITY_BLOCK_PRICES, type.name, region);
  return block
    ? { usdPerHour: block.usdPerHour, basis: 'capacity-block', priceRegion: region, source: block.source, asOf: block.asOf, unconfirmed: true, ...(block.note ? { note: block.note } : {}) }
    : undefined;
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
