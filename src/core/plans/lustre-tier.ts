import type { Construct } from 'constructs';
import type { IGpuCluster } from './gpu-cluster';

/** Lustre deployment types (FSx names; PERSISTENT_1 is superseded by PERSISTENT_2). */
export type LustreDeploymentType = 'PERSISTENT_2' | 'SCRATCH_2' | 'SCRATCH_1';

/** One resolved link between a file-system directory and an object-store prefix. */
export interface LustreDataRepositoryPlan {
  /** Object-store prefix (`s3://bucket/prefix`). */
  readonly importPath: string;
  /** Directory in the file system. */
  readonly fileSystemPath: string;
  readonly autoImport: boolean;
  readonly autoExport: boolean;
  readonly importedFileChunkSizeMiB: number;
}

/** What LustreTier decided; its backend builds from it. */
export interface LustreTierPlan {
  /** Construct path of the public construct. */
  readonly where: string;
  /** The cluster whose nodes (and only those) mount the file system. */
  readonly cluster: IGpuCluster;
  readonly deploymentType: LustreDeploymentType;
  readonly capacityGiB: number;
  /**
   * MB/s per TiB of a persistent deployment.
   * @default - absent for scratch types (fixed baseline)
   */
  readonly perUnitStorageThroughputMBpsPerTiB?: number;
  /** Zone the file system lives in (the GPU zone). */
  readonly zone: string;
  /**
   * Days of daily backups (persistent only).
   * @default - absent for scratch types
   */
  readonly backupRetentionDays?: number;
  readonly deletionProtection: boolean;
  readonly dataRepositories: ReadonlyArray<LustreDataRepositoryPlan>;
  /**
   * A static PersistentVolume + claim in the cluster's workload scope.
   * @default - none
   */
  readonly persistentVolume?: { readonly namespace: string; readonly claimName: string };
  /**
   * AWS-only settings (set on AWS stacks).
   * @default - absent on other clouds
   */
  readonly aws?: { readonly dataCompression: 'LZ4' | 'NONE' };
  /**
   * GCP-only settings (set on GCP stacks). On GCP, `perUnitStorageThroughputMBpsPerTiB` is the
   * Managed Lustre tier and `capacityGiB` is on that tier's step.
   * @default - absent on other clouds
   */
  readonly gcp?: LustreTierGcpPlan;
}

/** GCP-only resolved settings of a LustreTier (Google Cloud Managed Lustre). */
export interface LustreTierGcpPlan {
  /** Lustre fsname (1-8 letters and digits, starting with a letter). */
  readonly filesystem: string;
  /** Create the instance with `gke_support_enabled` (LNet on the legacy port 6988) and the CSI driver with the legacy port. */
  readonly legacyLnetPort: boolean;
}

/** What a LustreTier backend made, as the construct reads it back. */
export interface LustreTierBackend {
  readonly fileSystemId: string;
  /** DNS name to mount. */
  readonly dnsName: string;
  /** Lustre mount name. */
  readonly mountName: string;
}

/** Builds a file system's resources in `scope` (the construct). */
export type LustreTierBackendFactory = (scope: Construct, plan: LustreTierPlan) => LustreTierBackend;
