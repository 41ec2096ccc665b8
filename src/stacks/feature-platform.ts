import { Construct } from 'constructs';
import { baseStackProps, parseReferenceProps, ReferenceStackSettings, referenceStackPath } from './common';
import { FeatureStore, FeatureStoreProps } from '../constructs/feature-store';
import { FinOpsBudget, FinOpsBudgetProps } from '../constructs/finops-budget';
import { AiInfraStack } from '../constructs/stack';

export type FeaturePlatformStackProps = ReferenceStackSettings & {
  /** Feature groups with online and offline stores. */
  readonly features: FeatureStoreProps;
  /** Monthly budget, checked against the stack's estimate at synth. */
  readonly budget: FinOpsBudgetProps;
};

/**
 * Reference stack: a feature store (online + offline, customer keys) and the
 * budget (with, on AWS, an anomaly monitor and cost-allocation tags) that
 * keeps it honest. No cluster: training and serving stacks read from it.
 * SageMaker Feature Store on AWS, Vertex AI Feature Store over BigQuery on GCP.
 */
export class FeaturePlatformStack extends AiInfraStack {
  public readonly features: FeatureStore;
  public readonly budget: FinOpsBudget;

  constructor(scope: Construct, id: string, props: FeaturePlatformStackProps) {
    const cloud = parseReferenceProps(referenceStackPath(scope, id), props, { keys: ['features', 'budget'], withCloudBlocks: ['features', 'budget'] });
    super(scope, id, { ...baseStackProps(props), cloud });
    this.features = new FeatureStore(this, 'Features', props.features);
    this.budget = new FinOpsBudget(this, 'Budget', props.budget);
  }
}
