import { findInstanceType, gkeNodeFacts, SERVICE_PRICES } from '../catalog';
import type { ServicePriceId } from '../catalog';
import { clusterControlPlaneCost, CostLine, nodePoolCost, servicePriceLine, unpricedLine } from './cost';
import { cloudNatCost } from './gcp-cost';
import { nodePrice } from './pricing';
import type { Purchase } from './pricing';

/**
 * Cost lines of the GCP compute constructs. Every line is either priced from
 * a sourced catalog fact or says, on the line, that the catalog has no price
 * for it (and then counts $0 in the total): never a silent reference price.
 */

/** How a GKE pool's nodes are bought. */
export type GkeCostPurchase = Purchase | 'flex-start' | 'queued';

/** Catalog ids the GCP estimate looks up; priced when the catalog has them, else an unpriced line says so. */
export const GCP_COMPUTE_PRICE_IDS = {
  machine: (machineType: string) => `gcp.compute.${machineType}`,
} as const;

function priced(id: string): id is ServicePriceId {
  return id in SERVICE_PRICES;
}

export interface GkeClusterCostRequest {
  readonly component: string;
  readonly region: string;
  /** Cloud NAT gateways (0 with the user's network). */
  readonly natGateways: number;
  /** Machine type of the system pool. */
  readonly systemMachineType: string;
  /** System nodes running on average (the pool's floor). */
  readonly systemNodes: number;
}

/** GKE cluster: the management fee (regional clusters get no free tier), Cloud NAT and the system pool. */
export function gkeClusterCost(req: GkeClusterCostRequest, where: string): CostLine[] {
  const lines: CostLine[] = [{ ...clusterControlPlaneCost({ component: req.component, cloud: 'gcp', region: req.region }, where), item: 'GKE cluster management fee (regional)' }];
  if (req.natGateways > 0) {
    // Per-VM gateway charge for the always-on system nodes (capped per gateway) and the NAT IPs;
    // GPU nodes and the data processed depend on use and are left out (said in the item).
    const [vms, ips] = cloudNatCost(
      { component: req.component, region: req.region, gateways: req.natGateways, vmsPerGateway: req.systemNodes / req.natGateways },
      where,
    );
    lines.push(
      { ...vms, item: `Cloud NAT (${req.systemNodes} always-on system nodes; each GPU node adds $0.0014/h up to the per-gateway cap)` },
      { ...ips, item: `Cloud NAT external IPs (${req.natGateways})` },
    );
  }
  const machine = GCP_COMPUTE_PRICE_IDS.machine(req.systemMachineType);
  lines.push(priced(machine)
    ? servicePriceLine({ component: req.component, priceId: machine, quantity: req.systemNodes, region: req.region, item: `system nodes (${req.systemNodes} × ${req.systemMachineType}, on-demand)` }, where)
    : unpricedLine({ component: req.component, item: `system nodes (${req.systemNodes} × ${req.systemMachineType}, on-demand)`, quantity: req.systemNodes, unit: 'hour', reason: `the catalog has no price for ${req.systemMachineType} (${machine})` }));
  return lines;
}

export interface GkeNodePoolCostRequest {
  readonly component: string;
  readonly machineType: string;
  readonly region: string;
  readonly floorNodes: number;
  readonly expectedNodes: number;
  readonly maxNodes: number;
  readonly purchase: GkeCostPurchase;
}

/**
 * A GKE GPU pool at its purchase option's price: on-demand, spot (the
 * catalog's spot reference, or the on-demand price as a ceiling) and
 * reservations (list price as a ceiling) through the shared `nodePoolCost`;
 * DWS flex-start and queued provisioning have their own price list, which the
 * catalog does not carry, so their lines say so.
 */
export function gkeNodePoolCost(req: GkeNodePoolCostRequest, where: string): CostLine[] {
  const label = `${req.machineType} (${req.purchase})`;
  if (req.purchase === 'flex-start' || req.purchase === 'queued') {
    return [unpricedLine({ component: req.component, item: label, quantity: req.expectedNodes, unit: 'hour', reason: 'DWS (flex-start / queued provisioning) is billed at DWS prices, which the catalog does not carry' })];
  }
  const type = findInstanceType('gcp', req.machineType);
  if (!type || !nodePrice(type, req.region, req.purchase)) {
    return [unpricedLine({ component: req.component, item: label, quantity: req.expectedNodes, unit: 'hour', reason: `the catalog has no ${req.purchase} price for ${req.machineType}` })];
  }
  return [...nodePoolCost({
    component: req.component,
    instanceType: req.machineType,
    cloud: 'gcp',
    region: req.region,
    floorNodes: req.floorNodes,
    expectedNodes: req.expectedNodes,
    maxNodes: req.maxNodes,
    purchase: req.purchase,
  }, where).lines];
}

export interface GkeBootDiskCostRequest {
  readonly component: string;
  readonly region: string;
  /** Machine type of the pool's nodes: its family decides the boot disk type. */
  readonly machineType: string;
  /** Boot disk of each node, GiB. */
  readonly gibPerNode: number;
  /** Nodes running on average. */
  readonly expectedNodes: number;
  /** Nodes at most (the ceiling). */
  readonly maxNodes: number;
}

/**
 * The boot disks of a GKE pool: expected nodes × GiB each, ceiling at max
 * nodes, on the disk type the machine family takes (`GKE_NODE_FACTS`).
 * pd-balanced has a sourced price; Hyperdisk Balanced (A3 Mega/Ultra, A4)
 * bills capacity plus provisioned IOPS and throughput, which the catalog does
 * not carry, so its line says so.
 */
export function gkeBootDiskCost(req: GkeBootDiskCostRequest, where: string): CostLine {
  const family = findInstanceType('gcp', req.machineType)?.family;
  const diskType = (family !== undefined ? gkeNodeFacts(family)?.bootDiskType : undefined) ?? 'pd-balanced';
  const item = `node boot disks (${req.gibPerNode} GiB ${diskType} each)`;
  if (diskType !== 'pd-balanced') {
    return unpricedLine({
      component: req.component,
      item,
      quantity: req.expectedNodes * req.gibPerNode,
      unit: 'GiB-month',
      reason: `${diskType} bills capacity plus provisioned IOPS and throughput, which the catalog does not carry (https://cloud.google.com/compute/disks-image-pricing)`,
    });
  }
  const line = servicePriceLine({ component: req.component, priceId: 'gcp.pd-balanced', quantity: req.expectedNodes * req.gibPerNode, region: req.region, item }, where);
  return { ...line, monthlyCeilingUsd: Math.round(req.maxNodes * req.gibPerNode * line.unitUsd * 100) / 100 };
}
