import type { FinOpsBudgetProps } from '../constructs/finops-budget';
import type { GpuClusterProps } from '../constructs/gpu-cluster';
import type { ObservabilityStackProps } from '../constructs/observability-stack';
import type { AiInfraStackProps } from '../constructs/stack';
import { AiInfraError } from '../errors';

/** Stack settings every reference stack takes (AWS for now; the same props will drive GCP). */
export type ReferenceStackBaseProps = Omit<AiInfraStackProps, 'cloud' | 'placement'> & {
  /**
   * Cluster settings (zones, admins, public endpoint CIDRs, ...).
   * @default - private EKS over the zones that offer the chosen GPU types
   */
  readonly cluster?: Omit<GpuClusterProps, 'instanceTypes' | 'accelerators'>;
  /**
   * Metrics, alerts and the alert topic; `false` leaves them out.
   * @default - managed Prometheus with the default alert thresholds
   */
  readonly observability?: Omit<ObservabilityStackProps, 'cluster'> | false;
  /** Monthly budget, checked against the stack's estimate at synth. */
  readonly budget: FinOpsBudgetProps;
};

/** The part of a reference stack's props that AiInfraStack itself takes. */
export function baseStackProps(props: Omit<AiInfraStackProps, 'cloud' | 'placement'>): Omit<AiInfraStackProps, 'cloud' | 'placement'> {
  const { region, compliance, namePrefix, tags, aws, gcp, policy, backend } = props;
  return { region, compliance, namePrefix, tags, aws, gcp, policy, backend };
}

/**
 * Rejects props a reference stack does not know (a typo such as `trainig`
 * would otherwise be ignored silently); each construct validates its own part.
 */
export function rejectUnknownProps(where: string, props: object, known: ReadonlyArray<string>): void {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    throw new AiInfraError({ where, field: 'props', given: props, allowed: `an object with ${known.join(', ')}` });
  }
  const unknown = Object.keys(props).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new AiInfraError({
      where,
      field: unknown[0],
      given: unknown,
      allowed: known.join(', '),
      message: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: ${known.join(', ')})`,
    });
  }
}

/** Props every reference stack takes besides its own. */
export const BASE_STACK_KEYS = ['region', 'compliance', 'namePrefix', 'tags', 'aws', 'gcp', 'policy', 'backend'] as const;
