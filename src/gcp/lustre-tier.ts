import { Construct } from 'constructs';
import { ManagedLustre } from './lustre';
import { MANAGED_LUSTRE_FACTS } from '../catalog/storage-rules';
import { requireGcpProjectId, stackContextOf } from '../core/context';
import { nameFragment } from '../core/naming';
import type { LustreTierBackend, LustreTierPlan } from '../core/plans';
import { AiInfraError } from '../errors';

/** The provider resources of a LustreTier on GCP (escape hatches). */
export interface GcpLustreResources extends LustreTierBackend {
  /** The Managed Lustre instance, its LNet firewall rule, and the PV/PVC when asked for. */
  readonly managedLustre: ManagedLustre;
}

/**
 * The GCP backend of LustreTier: a Google Cloud Managed Lustre instance in the
 * pool's zone on the cluster VPC (after its Private Service Access connection),
 * LNet admitted from the PSA ranges, the GKE Managed Lustre CSI driver turned on
 * in the cluster, `prevent_destroy`, and optionally a static PV and claim in the
 * cluster's workload stack. Customer-managed keys are absent from google 6.50:
 * recorded as decision `lustre-encryption`.
 *
 * `fileSystemId` is the instance id, `dnsName` the LNet IP of its mount point,
 * `mountName` the fsname: mount `${dnsName}@tcp:/${mountName}`.
 */
export function createGcpLustreTier(scope: Construct, plan: LustreTierPlan): GcpLustreResources {
  const ctx = stackContextOf(scope);
  const where = plan.where;
  const cluster = plan.cluster.backend;
  if (cluster.cloud !== 'gcp') {
    throw new AiInfraError({ where, field: 'cluster', given: plan.cluster.node.path, allowed: 'a GCP GpuCluster (a cluster of this GCP stack)' });
  }
  const gcp = plan.gcp;
  if (!gcp || plan.perUnitStorageThroughputMBpsPerTiB === undefined) {
    throw new AiInfraError({ where, field: 'gcp', given: undefined, allowed: 'a GCP plan (tier and fsname) from LustreTier' });
  }
  const psa = cluster.privateServiceAccess;
  if (!psa) {
    throw new AiInfraError({
      where,
      field: 'cluster',
      given: plan.cluster.node.path,
      allowed: 'a GCP cluster whose network has Private Service Access (Managed Lustre attaches through it)',
    });
  }
  if (!cluster.enableLustreCsiDriver) {
    throw new AiInfraError({ where, field: 'cluster', given: plan.cluster.node.path, allowed: 'a GCP cluster that can turn on the GKE Managed Lustre CSI driver' });
  }
  cluster.enableLustreCsiDriver({ legacyPort: gcp.legacyLnetPort, where });
  ctx.recordDecision({
    construct: where,
    topic: 'lustre-lnet-port',
    chosen: gcp.legacyLnetPort
      ? 'legacy LNet port 6988: instance gke_support_enabled = true, cluster lustre_csi_driver_config.enable_legacy_lustre_port = true, firewall TCP 6988'
      : 'default LNet port 988: instance gke_support_enabled = false, cluster lustre_csi_driver_config.enable_legacy_lustre_port = false, firewall TCP 988',
    reason: `${MANAGED_LUSTRE_FACTS.lnetPorts.rule} (${MANAGED_LUSTRE_FACTS.lnetPorts.source.split(';')[0]})`,
  });

  const base = nameFragment(scope, ctx.scope);
  const projectId = requireGcpProjectId(ctx, where);
  const instanceId = ctx.claimPhysicalName('Managed Lustre instance', ctx.physicalName(base, { maxLength: 63 }), where);
  const managedLustre = new ManagedLustre(scope, 'ManagedLustre', {
    instanceId,
    zone: plan.zone,
    network: cluster.networkId,
    privateServiceAccess: psa.connection,
    privateServiceAccessCidrs: psa.rangeCidrs,
    throughputMBpsPerTiB: plan.perUnitStorageThroughputMBpsPerTiB as 125 | 250 | 500 | 1000,
    capacityGiB: plan.capacityGiB,
    filesystem: gcp.filesystem,
    legacyLnetPort: gcp.legacyLnetPort,
    preventDestroy: plan.deletionProtection,
    ...(plan.persistentVolume
      ? {
        volume: {
          scope: plan.cluster.workloadScope(),
          projectId,
          volumeName: ctx.physicalName(base, { maxLength: 253 }),
          namespace: plan.persistentVolume.namespace,
          claimName: plan.persistentVolume.claimName,
        },
      }
      : {}),
  });
  for (const d of managedLustre.decisions) ctx.recordDecision({ ...d, construct: where });
  return {
    managedLustre,
    fileSystemId: managedLustre.instance.id,
    dnsName: managedLustre.lnetIp,
    mountName: gcp.filesystem,
  };
}
