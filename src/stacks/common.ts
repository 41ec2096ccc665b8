import { z } from 'zod';
import type { Cloud } from '../catalog/types';
import type { FinOpsBudgetProps } from '../constructs/finops-budget';
import type { GpuClusterProps } from '../constructs/gpu-cluster';
import type { ObservabilityStackProps } from '../constructs/observability-stack';
import type { AiInfraStackProps } from '../constructs/stack';
import { AiInfraError, parseOrThrow } from '../errors';

/** Stack settings every reference stack takes: the same props build it on AWS or on Google Cloud. */
export type ReferenceStackSettings = Omit<AiInfraStackProps, 'cloud' | 'placement'> & {
  /**
   * The cloud the stack builds on. The same intent gives the other cloud's
   * form; settings only one cloud has go under `aws` / `gcp` (the stack's and
   * each construct's), and the other cloud's block is an error.
   * @default 'aws'
   */
  readonly cloud?: Cloud;
};

/** Settings of the reference stacks that run a GPU cluster. */
export type ReferenceStackBaseProps = ReferenceStackSettings & {
  /**
   * Cluster settings (zones, admins, public endpoint CIDRs, `aws` / `gcp` knobs).
   * @default - a private cluster (EKS or GKE) over the zones that offer the chosen GPU types
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
export function baseStackProps(props: ReferenceStackSettings): Omit<AiInfraStackProps, 'cloud' | 'placement'> {
  const { region, compliance, namePrefix, tags, aws, gcp, policy, backend } = props;
  return { region, compliance, namePrefix, tags, aws, gcp, policy, backend };
}

/** Props every reference stack takes besides its own. */
export const BASE_STACK_KEYS = ['cloud', 'region', 'compliance', 'namePrefix', 'tags', 'aws', 'gcp', 'policy', 'backend'] as const;

const CLOUD_NAME: Readonly<Record<Cloud, string>> = { aws: 'AWS', gcp: 'GCP' };

/** What a reference stack knows of its props: its own keys and those whose value may hold `aws` / `gcp` knobs. */
export interface ReferencePropsShape {
  /** The stack's own props besides BASE_STACK_KEYS. */
  readonly keys: ReadonlyArray<string>;
  /** Own props whose object value may carry an `aws` or `gcp` block. */
  readonly withCloudBlocks: ReadonlyArray<string>;
  /**
   * Own props the stack reads field by field (not handed whole to a construct), with their fields:
   * an unknown field there is an error too. Keys may be dotted (`storage.aws`).
   * @default - none
   */
  readonly fieldsOf?: Readonly<Record<string, ReadonlyArray<string>>>;
}

/**
 * Validates the shape of a reference stack's props at the door and returns the
 * cloud: no unknown prop (a typo such as `trainig` would otherwise be ignored
 * silently), and no block of the other cloud (`gcp` on an AWS stack, or
 * `cluster.aws` on a GCP one). Each construct validates the rest of its part.
 */
export function parseReferenceProps(where: string, props: object, shape: ReferencePropsShape): Cloud {
  const keys = [...BASE_STACK_KEYS, ...shape.keys];
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    throw new AiInfraError({ where, field: 'props', given: props, allowed: `an object with ${keys.join(', ')}` });
  }
  const schema = z
    .object(Object.fromEntries(keys.map((k) => [k, k === 'cloud' ? z.enum(['aws', 'gcp']).optional() : z.unknown().optional()])))
    .strict()
    .superRefine((p, ctx) => {
      const cloud = (p.cloud ?? 'aws') as Cloud;
      const other: Cloud = cloud === 'aws' ? 'gcp' : 'aws';
      const message = `absent when cloud is "${cloud}" (${CLOUD_NAME[other]}-only settings apply to a stack with cloud: "${other}")`;
      if (p[other] !== undefined) ctx.addIssue({ code: 'custom', path: [other], message });
      for (const key of shape.withCloudBlocks) {
        const value = p[key];
        if (typeof value === 'object' && value !== null && (value as Record<string, unknown>)[other] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key, other], message });
        }
      }
    });
  const parsed = parseOrThrow(schema, props, where) as Record<string, unknown> & { cloud?: Cloud };
  for (const [key, fields] of Object.entries(shape.fieldsOf ?? {})) {
    const value = key.split('.').reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), parsed);
    if (typeof value !== 'object' || value === null) continue;
    const unknown = Object.keys(value).filter((f) => !fields.includes(f)).map((f) => `${key}.${f}`);
    if (unknown.length > 0) {
      throw new AiInfraError({
        where,
        field: unknown[0],
        given: unknown,
        allowed: fields.join(', '),
        message: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: ${fields.join(', ')})`,
      });
    }
  }
  return parsed.cloud ?? 'aws';
}

/** The construct path a reference stack will have, for errors raised before `super()`. */
export function referenceStackPath(scope: { node: { path: string } }, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}
