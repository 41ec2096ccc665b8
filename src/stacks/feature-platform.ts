import { Construct } from 'constructs';
import { BASE_STACK_KEYS, baseStackProps, rejectUnknownProps } from './common';
import { FeatureStore, FeatureStoreProps } from '../constructs/feature-store';
import { FinOpsBudget, FinOpsBudgetProps } from '../constructs/finops-budget';
import { AiInfraStack, AiInfraStackProps } from '../constructs/stack';

export interface FeaturePlatformStackProps extends Omit<AiInfraStackProps, 'cloud' | 'placement'> {
  /** Feature groups with online and offline stores. */
  readonly features: FeatureStoreProps;
  /** Monthly budget, checked against the stack's estimate at synth. */
  readonly budget: FinOpsBudgetProps;
}

/**
 * Reference stack: a feature store (online + offline, customer keys) and the
 * budget, anomaly monitor and cost-allocation tags that keep it honest. No
 * cluster: training and serving stacks read from it.
 */
export class FeaturePlatformStack extends AiInfraStack {
  public readonly features: FeatureStore;
  public readonly budget: FinOpsBudget;

  constructor(scope: Construct, id: string, props: FeaturePlatformStackProps) {
    rejectUnknownProps(scope instanceof Construct && scope.node.path ? `${scope.node.path}/${id}` : id, props, [...BASE_STACK_KEYS, 'features', 'budget']);
    super(scope, id, { ...baseStackProps(props), cloud: 'aws' });
    this.features = new FeatureStore(this, 'Features', props.features);
    this.budget = new FinOpsBudget(this, 'Budget', props.budget);
  }
}
