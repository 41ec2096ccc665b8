import { Construct } from 'constructs';
import { baseStackProps, parseReferenceProps, ReferenceStackBaseProps, referenceStackPath } from './common';
import type { AcceleratorId } from '../catalog/types';
import { FinOpsBudget } from '../constructs/finops-budget';
import { GpuCluster } from '../constructs/gpu-cluster';
import { LustreDataRepository, LustreTier } from '../constructs/lustre-tier';
import { ObservabilityStack } from '../constructs/observability-stack';
import { SpotTrainingPool } from '../constructs/spot-training-pool';
import { AiInfraStack } from '../constructs/stack';
import type { PoolModelIntent } from '../planning/pools';
import type { Purpose } from '../planning/sizing';

/** What to train on. */
export interface TrainingIntent {
  /** GPUs the job runs on. */
  readonly totalGpus: number;
  /**
   * Accelerator to train on; also what placement looks for when no region is given.
   * @default 'H100'
   */
  readonly accelerator?: AcceleratorId;
  /**
   * Explicit instance types (same accelerator); skips selection.
   * @default - chosen by the decision core
   */
  readonly instanceTypes?: string[];
  /**
   * The model, to check that it fits and plan parallelism.
   * @default - no sizing
   */
  readonly model?: PoolModelIntent;
  /**
   * What the job is (sizing: optimizer state, gradients, LoRA adapters).
   * @default 'pretraining'
   */
  readonly purpose?: Extract<Purpose, 'pretraining' | 'full-fine-tune' | 'lora'>;
  /**
   * Nodes running on average over a month, for the cost estimate.
   * @default - the whole job, all month
   */
  readonly expectedNodes?: number;
}

/** Shared scratch/dataset file system next to the GPUs (FSx for Lustre on AWS, Managed Lustre on GCP). */
export interface TrainingStorage {
  /**
   * Capacity, GiB, on the service's capacity steps.
   * @default - sized from throughputGBps
   */
  readonly capacityGiB?: number;
  /**
   * Aggregate throughput target, GB/s.
   * @default 4
   */
  readonly throughputGBps?: number;
  /**
   * Links to object storage with automatic import/export (S3 data repository
   * associations on AWS; `LustreTier` says what its GCP form supports).
   * @default - none
   */
  readonly dataRepositories?: LustreDataRepository[];
}

export interface DistributedTrainingStackProps extends ReferenceStackBaseProps {
  /** The training job: GPUs, accelerator or types, model. */
  readonly training: TrainingIntent;
  /**
   * Lustre in the training zone (FSx for Lustre PERSISTENT_2 on AWS, Managed Lustre on GCP); `false` leaves it out.
   * @default - sized for 4 GB/s
   */
  readonly storage?: TrainingStorage | false;
}

/**
 * Reference stack: multi-node training on spot capacity with the cloud's RDMA
 * fabric in one zone (EFA and a cluster placement group on AWS; GPUDirect and
 * compact placement on GCP), a Lustre file system in the same zone,
 * checkpoints in a bucket, metrics and alerts, and a budget the estimate is
 * checked against. `cloud` chooses AWS or Google Cloud from the same props.
 */
export class DistributedTrainingStack extends AiInfraStack {
  public readonly cluster: GpuCluster;
  public readonly pool: SpotTrainingPool;
  public readonly storage?: LustreTier;
  public readonly observability?: ObservabilityStack;
  public readonly budget: FinOpsBudget;

  constructor(scope: Construct, id: string, props: DistributedTrainingStackProps) {
    const cloud = parseReferenceProps(referenceStackPath(scope, id), props, {
      keys: ['cluster', 'observability', 'budget', 'training', 'storage'],
      withCloudBlocks: ['cluster', 'observability', 'budget'],
      fieldsOf: {
        training: ['totalGpus', 'accelerator', 'instanceTypes', 'model', 'purpose', 'expectedNodes'],
        storage: ['capacityGiB', 'throughputGBps', 'dataRepositories'],
      },
    });
    const accelerator = props.training.accelerator ?? 'H100';
    super(scope, id, {
      ...baseStackProps(props),
      cloud,
      placement: props.training.instanceTypes ? { instanceTypes: props.training.instanceTypes } : { accelerators: [accelerator] },
    });
    this.cluster = new GpuCluster(this, 'Cluster', {
      ...props.cluster,
      ...(props.training.instanceTypes ? { instanceTypes: props.training.instanceTypes } : { accelerators: [accelerator] }),
    });
    this.pool = new SpotTrainingPool(this, 'Training', {
      cluster: this.cluster,
      accelerator,
      instanceTypes: props.training.instanceTypes,
      totalGpus: props.training.totalGpus,
      model: props.training.model,
      purpose: props.training.purpose,
      expectedNodes: props.training.expectedNodes,
    });
    if (props.storage !== false) {
      const storage = props.storage ?? {};
      this.storage = new LustreTier(this, 'Scratch', {
        cluster: this.cluster,
        zone: this.pool.zones[0],
        capacityGiB: storage.capacityGiB,
        throughputGBps: storage.capacityGiB === undefined ? storage.throughputGBps ?? 4 : storage.throughputGBps,
        dataRepositories: storage.dataRepositories,
      });
    }
    if (props.observability !== false) {
      this.observability = new ObservabilityStack(this, 'Observability', { ...props.observability, cluster: this.cluster });
    }
    this.budget = new FinOpsBudget(this, 'Budget', props.budget);
  }
}
