/**
 * Types of the catalog: facts only, each with where it came from.
 *
 * Every fact carries `source` (a URL or a named, dated snapshot of a public
 * file) and `asOf` (ISO date the source was read or generated). A fact we could
 * not confirm from a second source carries `confidence: 'unconfirmed'`; the
 * planner never lets a decision rest on one silently (it says so in the reason).
 */

export type Cloud = 'aws' | 'gcp';

export type Confidence = 'confirmed' | 'single-source' | 'unconfirmed';

/** Where a fact came from. */
export interface Sourced {
  /** URL, or `owner/repo path@commit` for a file in a public repository. */
  readonly source: string;
  /** ISO date (YYYY-MM-DD) the source was generated or read. */
  readonly asOf: string;
  /** @default 'confirmed' */
  readonly confidence?: Confidence;
  /** Why a fact is unconfirmed or how it was derived. */
  readonly note?: string;
}

export type AcceleratorId =
  | 'B200'
  | 'H200'
  | 'H100'
  | 'A100-80GB'
  | 'A100-40GB'
  | 'L40S'
  | 'L4'
  | 'A10G'
  | 'Trainium'
  | 'Trainium2'
  | 'Inferentia2';

export type AcceleratorVendor = 'nvidia' | 'aws';

export interface AcceleratorSpec extends Sourced {
  readonly id: AcceleratorId;
  readonly vendor: AcceleratorVendor;
  /** Device memory per accelerator, GiB (decimal GB converted where the source gives GB). */
  readonly memoryGiB: number;
  /** NVLink generation, or null for PCIe-only parts and non-NVIDIA parts. */
  readonly nvlinkGeneration: number | null;
  /** Per-accelerator intra-node bandwidth in GB/s over NVLink/NeuronLink, or null. */
  readonly intraNodeGBps: number | null;
  /** Dense BF16 TFLOPS (no sparsity). */
  readonly bf16DenseTflops: number;
  /** Supports FP8 math natively. */
  readonly fp8: boolean;
  /** Suited to training (has the memory/interconnect and software support). */
  readonly trainingClass: boolean;
}

/** Inter-node fabric. RDMA-class fabrics are efa, gpudirect-tcpxo and gpudirect-rdma. */
export type Fabric = 'efa' | 'gpudirect-tcpx' | 'gpudirect-tcpxo' | 'gpudirect-rdma' | 'ethernet';

export const RDMA_FABRICS: ReadonlyArray<Fabric> = ['efa', 'gpudirect-tcpxo', 'gpudirect-rdma'];

/** Ordering of fabrics for tie-breaks and "fabric floor" requests (higher is better). */
export const FABRIC_RANK: Readonly<Record<Fabric, number>> = {
  'ethernet': 0,
  'gpudirect-tcpx': 1,
  'gpudirect-tcpxo': 2,
  'efa': 3,
  'gpudirect-rdma': 3,
};

/** How a launch template or node pool lays out the network interfaces. */
export interface NicLayout {
  /** AWS: number of network cards; one EFA device per card at most. */
  readonly networkCards?: number;
  /** AWS: number of EFA interfaces the type supports (0 if none). */
  readonly efaInterfaces?: number;
  /** AWS: whether network card 0 supports EFA (false e.g. on p6-b300). */
  readonly primaryCardSupportsEfa?: boolean;
  /** GCP: number of additional VPC networks a node needs for the GPU fabric (TCPX 4, TCPXO 8, RDMA 1 RoCE VPC with 8 subnets). */
  readonly extraGpuNetworks?: number;
  /** GCP: gVNIC count besides the GPU NICs. */
  readonly gvnics?: number;
  /** GCP: GPU NICs of type MRDMA (RoCE). */
  readonly rdmaNics?: number;
}

export type PurchaseOption = 'on-demand' | 'spot' | 'reservation' | 'flex-start' | 'capacity-block';

export interface RegionalPrice {
  /** Region the price applies to. */
  readonly region: string;
  /** On-demand $/hour for the whole instance / machine (accelerators included). */
  readonly onDemandUsdPerHour: number;
}

export interface InstanceTypeSpec extends Sourced {
  readonly cloud: Cloud;
  /** `p5.48xlarge`, `a3-megagpu-8g`. */
  readonly name: string;
  /** Family for diversification (`p5`, `g6e`, `a3-mega`). */
  readonly family: string;
  readonly accelerator: AcceleratorId;
  readonly acceleratorsPerNode: number;
  /** GPUs sharing one NVLink/NeuronLink domain inside the node (1 for PCIe-only parts). */
  readonly nvlinkDomainSize: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly localNvmeGB: number;
  readonly fabric: Fabric;
  /** Bandwidth available to the GPU fabric, Gbps (the type's full figure). */
  readonly fabricGbps: number;
  /** Total network bandwidth, Gbps, where it differs from fabricGbps. */
  readonly totalGbps?: number;
  /**
   * The fabric moves data directly between accelerator memory on different
   * nodes (GPUDirect RDMA over EFA, GPUDirect-TCPX/TCPXO, RoCE; Neuron
   * collectives over EFA). False where a source does not confirm it (AWS
   * g-family), so multi-node planning does not rest on it.
   */
  readonly deviceRdma?: boolean;
  readonly nics: NicLayout;
  /** What can be bought. GCP sells some types only by reservation, flex-start or spot. */
  readonly purchaseOptions: ReadonlyArray<PurchaseOption>;
  /** On-demand prices (where sold on demand). The first entry is the reference region. */
  readonly prices: ReadonlyArray<RegionalPrice>;
  /**
   * Reference $/hour for types with no on-demand offer (list price of a
   * reservation/DWS, or a third-party transcription), used only for estimates
   * and always flagged in reasons.
   */
  readonly referenceUsdPerHour?: number;
  /**
   * Reference spot $/hour in the reference region, where a source gives one
   * and the type has no on-demand price (e.g. GCP A4). Estimates only.
   */
  readonly spotUsdPerHour?: number;
  /** Regions offering the type (AWS) — zones come from the region catalog. */
  readonly regions: ReadonlyArray<string>;
  /**
   * Zones offering the type (GCP, and AWS where known; AWS uses AZ IDs such
   * as `use1-az6`). May cover only some of `regions`: for a region with no
   * zone listed here, use the region catalog's zones (see `zonesFor`).
   */
  readonly zones?: ReadonlyArray<string>;
  /** Regions where spot capacity is sold, if narrower than `regions`. */
  readonly spotRegions?: ReadonlyArray<string>;
  /** Kubernetes/EKS AMI type to use (`AL2023_x86_64_NVIDIA`, `AL2023_x86_64_NEURON`). AWS only. */
  readonly amiType?: string;
}

export type Jurisdiction = 'US' | 'US-GOV' | 'EU' | 'UK' | 'CH' | 'CA' | 'JP' | 'KR' | 'SG' | 'AU' | 'IN' | 'ID' | 'HK' | 'TW' | 'BR' | 'MX' | 'AE' | 'SA' | 'BH' | 'IL' | 'QA' | 'ZA' | 'CL' | 'MY' | 'TH' | 'NZ';

export type ComplianceProgram = 'HIPAA' | 'FEDRAMP_MODERATE' | 'FEDRAMP_HIGH' | 'GDPR';

export interface RegionSpec extends Sourced {
  readonly cloud: Cloud;
  readonly name: string;
  /** Human name (`Frankfurt`). */
  readonly location: string;
  readonly jurisdiction: Jurisdiction;
  /** True for EU/EEA regions (GDPR applies by location). */
  readonly eea: boolean;
  /** Compliance programs the region can host workloads for (service-level eligibility still applies). */
  readonly programs: ReadonlyArray<ComplianceProgram>;
  /** AWS partition (`aws`, `aws-us-gov`, `aws-eusc`). */
  readonly partition?: string;
  /**
   * Zones. AWS: AZ IDs (`use1-az1`), the same in every account (AZ names such
   * as `us-east-1a` are shuffled per account). GCP: zone names (`us-central1-a`).
   */
  readonly zones: ReadonlyArray<string>;
}
