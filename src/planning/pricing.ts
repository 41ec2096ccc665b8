import type { InstanceTypeSpec } from '../catalog/types';

/** How a node price was obtained. Anything but `on-demand` is an estimate and says so in `note`. */
export type PriceBasis =
  /** The sourced on-demand price in the region the node runs in. */
  | 'on-demand'
  /** The sourced on-demand price of another (the reference) region: the type's region has none in the catalog. */
  | 'reference-region'
  /** The type's reference $/hour (not sold on demand: a reservation/DWS list price or a third-party transcription). */
  | 'reference'
  /** Spot: no sourced spot prices, so the on-demand price is shown as a ceiling. */
  | 'spot-ceiling'
  /** Spot: a reference-region spot price from one source (types with no on-demand offer). */
  | 'spot-reference'
  /** Reserved capacity priced at the on-demand list price (discounts not applied): a ceiling. */
  | 'reservation';

/** What a node is bought as. */
export type Purchase = 'on-demand' | 'spot' | 'reservation';

export const PURCHASES = ['on-demand', 'spot', 'reservation'] as const;

export interface NodePrice {
  /** $/hour for one node. */
  readonly usdPerHour: number;
  readonly basis: PriceBasis;
  /** Region the price was read for (the reference region for `reference-region`). */
  readonly priceRegion?: string;
  readonly source: string;
  readonly asOf: string;
  /** True when the price rests on a fact the catalog marks unconfirmed, or is a reference estimate. */
  readonly unconfirmed: boolean;
  /** Why the price is not the plain on-demand price of the region, when it is not. */
  readonly note?: string;
}

/**
 * Resolves the hourly price of one node of `type` in `region` for a purchase
 * option, honestly: the sourced on-demand price where there is one; otherwise
 * the reference region's price or the type's reference price, with a note.
 * Returns undefined when the catalog has no price of any kind for the type.
 */
export function nodePrice(type: InstanceTypeSpec, region: string, purchase: Purchase): NodePrice | undefined {
  const inRegion = type.prices.find((p) => p.region === region);
  const reference = type.prices[0];
  const typeUnconfirmed = type.confidence === 'unconfirmed';
  const base = { source: type.source, asOf: type.asOf };

  const onDemand = (): NodePrice | undefined => {
    if (inRegion) {
      return { ...base, usdPerHour: inRegion.onDemandUsdPerHour, basis: 'on-demand', priceRegion: region, unconfirmed: typeUnconfirmed };
    }
    if (reference) {
      return {
        ...base,
        usdPerHour: reference.onDemandUsdPerHour,
        basis: 'reference-region',
        priceRegion: reference.region,
        unconfirmed: true,
        note: `no sourced on-demand price for ${type.name} in ${region}; the ${reference.region} price is used`,
      };
    }
    return undefined;
  };
  const referencePrice = (): NodePrice | undefined =>
    type.referenceUsdPerHour === undefined
      ? undefined
      : {
        ...base,
        usdPerHour: type.referenceUsdPerHour,
        basis: 'reference',
        unconfirmed: true,
        note: `${type.name} has no on-demand price; its reference price${type.note ? ` (${type.note})` : ''} is an estimate`,
      };

  if (purchase === 'on-demand') return onDemand() ?? referencePrice();

  if (purchase === 'spot') {
    const od = onDemand();
    if (od) {
      return {
        ...od,
        basis: 'spot-ceiling',
        note: `no sourced spot price: the ${od.basis === 'on-demand' ? '' : 'reference-region '}on-demand price is shown as a ceiling; spot usually costs less and can be reclaimed`,
      };
    }
    if (type.spotUsdPerHour !== undefined) {
      return {
        ...base,
        usdPerHour: type.spotUsdPerHour,
        basis: 'spot-reference',
        unconfirmed: true,
        note: 'spot price of the reference region from one source; spot prices move daily',
      };
    }
    return referencePrice();
  }

  const ref = referencePrice();
  if (ref) return ref;
  const od = onDemand();
  return od ? { ...od, basis: 'reservation', note: `reservation priced at the on-demand list price (discounts not applied): a ceiling${od.note ? `; ${od.note}` : ''}` } : undefined;
}
