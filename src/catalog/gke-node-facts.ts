import type { Sourced } from './types';

/**
 * What a GKE node pool needs to know about a GCP machine family beyond its
 * specs: the accelerator type `guest_accelerator.type` takes (the value GKE
 * also puts in the node label `cloud.google.com/gke-accelerator`, which the
 * NCCL installers select on), and the boot disk type the family supports.
 */
export interface GkeNodeFacts extends Sourced {
  /** Machine-type family (`a3-mega`), as in `InstanceTypeSpec.family`. */
  readonly family: string;
  /** `guest_accelerator.type` (`nvidia-h100-mega-80gb`). */
  readonly acceleratorType: string;
  /** Boot disk type (`pd-balanced`, `hyperdisk-balanced`). */
  readonly bootDiskType: string;
}

const CT = 'GoogleCloudPlatform/cluster-toolkit@1047080';
const GKE_GPUS = 'https://cloud.google.com/kubernetes-engine/docs/how-to/gpus (accelerator names)';
const AS_OF = '2026-12-02';

/** By machine-type family. */
export const GKE_NODE_FACTS: Readonly<Record<string, GkeNodeFacts>> = {
  'a4': {
    family: 'a4',
    acceleratorType: 'nvidia-b200',
    bootDiskType: 'hyperdisk-balanced',
    source: `${CT} examples/gke-a4/gke-a4.yaml (nvidia-b200, disk_type hyperdisk-balanced)`,
    asOf: AS_OF,
  },
  'a3-ultra': {
    family: 'a3-ultra',
    acceleratorType: 'nvidia-h200-141gb',
    bootDiskType: 'hyperdisk-balanced',
    source: `${CT} examples/gke-a3-ultragpu/gke-a3-ultragpu.yaml (nvidia-h200-141gb, disk_type hyperdisk-balanced)`,
    asOf: AS_OF,
  },
  'a3-mega': {
    family: 'a3-mega',
    acceleratorType: 'nvidia-h100-mega-80gb',
    bootDiskType: 'pd-balanced',
    source: `${CT} examples/gke-a3-megagpu/gke-a3-megagpu.yaml; container-engine-accelerators gpudirect-tcpxo/nccl-tcpxo-installer.yaml (node affinity nvidia-h100-mega-80gb)`,
    asOf: AS_OF,
  },
  'a3-high': {
    family: 'a3-high',
    acceleratorType: 'nvidia-h100-80gb',
    bootDiskType: 'pd-balanced',
    source: `${CT} examples/gke-a3-highgpu/gke-a3-highgpu.yaml; container-engine-accelerators gpudirect-tcpx/nccl-tcpx-installer.yaml (node affinity nvidia-h100-80gb)`,
    asOf: AS_OF,
  },
  'a3-edge': {
    family: 'a3-edge',
    acceleratorType: 'nvidia-h100-80gb',
    bootDiskType: 'pd-balanced',
    source: GKE_GPUS,
    asOf: AS_OF,
    confidence: 'unconfirmed',
    note: 'A3 Edge is assumed to use the A3 High accelerator name (same H100 80GB part); not confirmed in a stored source.',
  },
  'a2-ultra': {
    family: 'a2-ultra',
    acceleratorType: 'nvidia-a100-80gb',
    bootDiskType: 'pd-balanced',
    source: GKE_GPUS,
    asOf: AS_OF,
  },
  'a2-high': {
    family: 'a2-high',
    acceleratorType: 'nvidia-tesla-a100',
    bootDiskType: 'pd-balanced',
    source: GKE_GPUS,
    asOf: AS_OF,
  },
  'a2-mega': {
    family: 'a2-mega',
    acceleratorType: 'nvidia-tesla-a100',
    bootDiskType: 'pd-balanced',
    source: GKE_GPUS,
    asOf: AS_OF,
  },
  'g2': {
    family: 'g2',
    acceleratorType: 'nvidia-l4',
    bootDiskType: 'pd-balanced',
    source: GKE_GPUS,
    asOf: AS_OF,
  },
};

/** GKE facts of a machine family, or undefined when the catalog has none. */
export function gkeNodeFacts(family: string): GkeNodeFacts | undefined {
  return GKE_NODE_FACTS[family];
}
