import { Construct } from 'constructs';
import { baseStackProps, parseReferenceProps, ReferenceStackBaseProps, referenceStackPath } from './common';
import type { AcceleratorId } from '../catalog/types';
import { FinOpsBudget } from '../constructs/finops-budget';
import { GpuCluster } from '../constructs/gpu-cluster';
import { ObservabilityStack } from '../constructs/observability-stack';
import { AiInfraStack } from '../constructs/stack';
import { VectorStore, VectorStoreProps } from '../constructs/vector-store';
import { ModelServerOptions, ServedModel, WarmInferencePool } from '../constructs/warm-inference-pool';

/** What to serve and how much capacity to keep warm. */
export interface ServingIntent {
  /** The model: id for the server, size and precision for sizing. */
  readonly model: ServedModel;
  /**
   * Accelerator to serve on; also what placement looks for when no region is given.
   * @default - the cheapest NVIDIA type that fits one replica
   */
  readonly accelerator?: AcceleratorId;
  /**
   * Explicit instance type; skips selection.
   * @default - chosen by the decision core
   */
  readonly instanceType?: string;
  /**
   * Nodes always running (the warm floor).
   * @default 1
   */
  readonly minNodes?: number;
  /**
   * Most nodes the pool scales to (the ceiling).
   * @default - 4, or minNodes when that is larger
   */
  readonly maxNodes?: number;
  /**
   * Nodes running on average, for the estimate.
   * @default - minNodes
   */
  readonly expectedNodes?: number;
  /**
   * Model server settings.
   * @default - vLLM, port 8000, 5 waiting requests per replica
   */
  readonly server?: ModelServerOptions;
}

export interface InferenceServingStackProps extends ReferenceStackBaseProps {
  /** The model to serve and the warm floor / ceiling of its pool. */
  readonly serving: ServingIntent;
  /**
   * A vector store next to the model for retrieval-augmented generation.
   * @default - none
   */
  readonly retrieval?: Omit<VectorStoreProps, 'cluster'>;
}

/**
 * Reference stack: a warm inference pool (floor and ceiling, vLLM with
 * autoscaling on waiting requests and a disruption budget), optionally a
 * vector store for RAG (Aurora pgvector on AWS, AlloyDB pgvector on GCP by
 * default), p95/p99 latency and GPU alerts, and a budget. `cloud` chooses AWS
 * or Google Cloud from the same props.
 */
export class InferenceServingStack extends AiInfraStack {
  public readonly cluster: GpuCluster;
  public readonly pool: WarmInferencePool;
  public readonly retrieval?: VectorStore;
  public readonly observability?: ObservabilityStack;
  public readonly budget: FinOpsBudget;

  constructor(scope: Construct, id: string, props: InferenceServingStackProps) {
    const cloud = parseReferenceProps(referenceStackPath(scope, id), props, {
      keys: ['cluster', 'observability', 'budget', 'serving', 'retrieval'],
      withCloudBlocks: ['cluster', 'observability', 'budget', 'retrieval'],
      fieldsOf: { serving: ['model', 'accelerator', 'instanceType', 'minNodes', 'maxNodes', 'expectedNodes', 'server'] },
    });
    const s = props.serving;
    const placementTarget = s.instanceType ? { instanceTypes: [s.instanceType] } : s.accelerator ? { accelerators: [s.accelerator] } : {};
    super(scope, id, { ...baseStackProps(props), cloud, placement: placementTarget });
    this.cluster = new GpuCluster(this, 'Cluster', { ...props.cluster, ...placementTarget });
    this.pool = new WarmInferencePool(this, 'Serving', {
      cluster: this.cluster,
      model: s.model,
      accelerator: s.accelerator,
      instanceType: s.instanceType,
      minNodes: s.minNodes,
      maxNodes: s.maxNodes,
      expectedNodes: s.expectedNodes,
      server: s.server,
    });
    if (props.retrieval) {
      this.retrieval = new VectorStore(this, 'Vectors', { ...props.retrieval, cluster: this.cluster });
    }
    if (props.observability !== false) {
      this.observability = new ObservabilityStack(this, 'Observability', { ...props.observability, cluster: this.cluster });
    }
    this.budget = new FinOpsBudget(this, 'Budget', props.budget);
  }
}
