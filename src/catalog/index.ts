// The catalog's public surface. Every fact re-exported here carries its `source`
// (URL or public file at a commit) and `asOf` date in the file that defines it;
// docs/catalog.md lists the sources and the facts still unconfirmed.
import { ACCELERATORS } from './accelerators';
import { AWS_INSTANCE_TYPES } from './aws-instance-types';
import { GCP_MACHINE_TYPES } from './gcp-machine-types';
import { REGIONS } from './regions';
import type { AcceleratorId, AcceleratorSpec, Cloud, InstanceTypeSpec, RegionSpec } from './types';

export * from './types';
export * from './accelerators';
export * from './aws-instance-types';
export * from './gcp-machine-types';
export * from './gke-node-facts';
export * from './regions';
export * from './service-prices';
export * from './storage-rules';
export * from './gcp-data-services';
export * from './models';
export * from './purchase-prices';
export * from './log-retention';

/** Every instance / machine type of a cloud. */
export function instanceTypesFor(cloud: Cloud): ReadonlyArray<InstanceTypeSpec> {
  return cloud === 'aws' ? AWS_INSTANCE_TYPES : GCP_MACHINE_TYPES;
}

/** An instance / machine type by name, or undefined. */
export function findInstanceType(cloud: Cloud, name: string): InstanceTypeSpec | undefined {
  return instanceTypesFor(cloud).find((t) => t.name === name);
}

/** Every region of a cloud. */
export function regionsFor(cloud: Cloud): ReadonlyArray<RegionSpec> {
  return REGIONS.filter((r) => r.cloud === cloud);
}

/** A region by name, or undefined. */
export function findRegion(cloud: Cloud, name: string): RegionSpec | undefined {
  return REGIONS.find((r) => r.cloud === cloud && r.name === name);
}

/** An accelerator's spec. */
export function accelerator(id: AcceleratorId): AcceleratorSpec {
  return ACCELERATORS[id];
}

/** On-demand $/hour of the type in the region, or undefined when no on-demand price is known there. */
export function priceIn(type: InstanceTypeSpec, region: string): number | undefined {
  return type.prices.find((p) => p.region === region)?.onDemandUsdPerHour;
}

/** The region a zone belongs to: AWS AZ IDs resolve through the region catalog, GCP zones by name. */
export function regionOfZone(cloud: Cloud, zone: string): string | undefined {
  return regionsFor(cloud).find((r) => r.zones.includes(zone))?.name;
}

/**
 * Zones of a region that offer the type: the type's own zones in that region
 * when the catalog lists any, else every zone of the region (the type's
 * `zones` do not cover it). Empty when the type is not offered in the region.
 */
export function zonesFor(type: InstanceTypeSpec, region: string): ReadonlyArray<string> {
  const spec = findRegion(type.cloud, region);
  if (!spec || !type.regions.includes(region)) return [];
  const own = (type.zones ?? []).filter((z) => spec.zones.includes(z));
  return own.length > 0 ? own : spec.zones;
}
