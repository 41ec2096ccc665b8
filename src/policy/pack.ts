import { Annotations, TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { z } from 'zod';
import type { Cloud } from '../catalog/types';
import { AiInfraError } from '../errors';
import { rulesForCloud } from './rules';
import { Finding, PolicyRule, ResourceView, RuleContext, SuppressedFinding } from './types';

/** A suppression: which rule, optionally on which construct paths, and why. */
export interface PolicySuppression {
  /** Rule id, e.g. `AiInfra-EKS-1`. */
  readonly ruleId: string;
  /**
   * Construct path prefix the suppression applies to.
   * @default - every resource of the stack
   */
  readonly pathPrefix?: string;
  /** Why the finding is accepted; at least 10 characters; reported in the manifest. */
  readonly reason: string;
}

export interface PolicyOptions {
  /**
   * Findings that are accepted, each with a reason.
   * @default - none
   */
  readonly suppressions?: PolicySuppression[];
  /**
   * `error` fails synth on an unsuppressed finding; `warn` records it as a warning annotation.
   * @default 'error'
   */
  readonly level?: 'error' | 'warn';
  /**
   * Extra rules to run with the baseline pack.
   * @default - none
   */
  readonly extraRules?: PolicyRule[];
}

export const policyOptionsSchema = z
  .object({
    suppressions: z
      .array(
        z
          .object({
            ruleId: z.string().regex(/^AiInfra-[A-Za-z0-9]+-\d+$/, 'a rule id like "AiInfra-S3-1"'),
            pathPrefix: z.string().min(1).optional(),
            reason: z.string().trim().min(10, 'a written reason of at least 10 characters'),
          })
          .strict(),
      )
      .optional(),
    level: z.enum(['error', 'warn']).optional(),
    extraRules: z.array(z.custom<PolicyRule>((r) => typeof r === 'object' && r !== null && typeof (r as PolicyRule).check === 'function', 'a PolicyRule')).optional(),
  })
  .strict();

/** What the pack found, filled at synth. */
export class PolicyReport {
  public readonly findings: Finding[] = [];
  public readonly suppressed: SuppressedFinding[] = [];
  public readonly rulesRun: string[] = [];

  public toJSON(): { rules: string[]; findings: Finding[]; suppressed: SuppressedFinding[] } {
    return { rules: [...this.rulesRun], findings: [...this.findings], suppressed: [...this.suppressed] };
  }
}

/** The part of a synthesized stack (cdk.tf.json) the pack reads. */
export interface SynthesizedTerraform {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

/**
 * Every resource of a synthesized stack as a rule sees it, keyed by its
 * Terraform type, whatever class or binding package made it: snake_case
 * attributes, nested blocks, `lifecycle` and overrides included, references as
 * `${type.name.attr}` strings. The construct path comes from cdktf's `//`
 * metadata (the logical id when a resource carries none).
 */
export function resourceViews(tf: SynthesizedTerraform): ResourceView[] {
  const views: ResourceView[] = [];
  for (const [type, byId] of Object.entries(tf.resource ?? {})) {
    for (const [logicalId, raw] of Object.entries(byId ?? {})) {
      const { ['//']: meta, ...config } = raw ?? {};
      const metaPath = (meta as { metadata?: { path?: unknown } } | undefined)?.metadata?.path;
      views.push({ type, path: typeof metaPath === 'string' ? metaPath : logicalId, logicalId, config });
    }
  }
  return views;
}

/**
 * One resource as a rule sees it, read from its stack's synthesized Terraform
 * (for rule tests and tools; the pack itself reads the stack once).
 */
export function viewOf(resource: TerraformResource): ResourceView {
  const view = resourceViews(TerraformStack.of(resource).toTerraform() as SynthesizedTerraform).find((v) => v.path === resource.node.path);
  if (!view) throw new Error(`${resource.node.path}: not in its stack's synthesized Terraform`);
  return view;
}

/** What the pack needs of the stack: its context, and its Terraform resolved once for the whole synth. */
export type PolicyStack = TerraformStack & {
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly compliance: RuleContext['compliance'];
  /** The stack's Terraform as it is written (resolved once per synth and shared with the writer). */
  resolvedTerraform(): SynthesizedTerraform;
};

/**
 * A suppression a backend adds for a resource it builds where a cloud fact
 * makes a finding unavoidable (a RoCE network cannot carry firewall rules; a
 * DWS pool must run without auto-repair). Always scoped to that resource's
 * construct path, always with the reason, reported like a user's suppression.
 * One for a rule the pack does not run is inert.
 */
export interface BuiltInSuppression {
  readonly ruleId: string;
  /** Construct path prefix of the resources it covers. */
  readonly pathPrefix: string;
  readonly reason: string;
}

const BUILT_IN = new WeakMap<IConstruct, BuiltInSuppression[]>();

/** Records a built-in suppression on `stack`'s policy pack (see `BuiltInSuppression`). */
export function addBuiltInSuppression(stack: IConstruct, suppression: BuiltInSuppression): void {
  const list = BUILT_IN.get(stack) ?? [];
  BUILT_IN.set(stack, list);
  if (!list.some((s) => s.ruleId === suppression.ruleId && s.pathPrefix === suppression.pathPrefix)) list.push(suppression);
}

class PolicyEvaluation {
  private evaluated = false;

  constructor(
    private readonly stack: PolicyStack,
    private readonly rules: ReadonlyArray<PolicyRule>,
    private readonly options: PolicyOptions,
    private readonly report: PolicyReport,
  ) {}

  /** Runs every rule once over every resource of the synthesized stack. */
  public evaluate(): string[] {
    if (this.evaluated) return this.errors();
    this.evaluated = true;
    const views = resourceViews(this.stack.resolvedTerraform());
    const ctx: RuleContext = { resources: views, compliance: this.stack.compliance, region: this.stack.region, defaultTags: this.stack.tags };
    const byType = new Map<string, PolicyRule[]>();
    const everyType = this.rules.filter((r) => r.resourceTypes.includes('*'));
    for (const rule of this.rules) for (const t of rule.resourceTypes) if (t !== '*') byType.set(t, [...(byType.get(t) ?? []), rule]);
    this.report.rulesRun.push(...this.rules.map((r) => r.id));
    for (const view of views) {
      const applicable = new Set([...(byType.get(view.type) ?? []), ...everyType]);
      for (const rule of this.rules) {
        if (!applicable.has(rule)) continue;
        const message = rule.check(view, ctx);
        if (!message) continue;
        const finding: Finding = { ruleId: rule.id, path: view.path, resourceType: view.type, message };
        const suppression = [...(this.options.suppressions ?? []), ...(BUILT_IN.get(this.stack) ?? [])].find(
          (s) => s.ruleId === rule.id && (!s.pathPrefix || view.path.startsWith(s.pathPrefix) || view.path.startsWith(`${this.stack.node.path}/${s.pathPrefix}`)),
        );
        if (suppression) this.report.suppressed.push({ ...finding, reason: suppression.reason });
        else this.report.findings.push(finding);
      }
    }
    return this.errors();
  }

  private errors(): string[] {
    return this.report.findings.map((f) => `[${f.ruleId}] ${f.path} (${f.resourceType}): ${f.message}`);
  }
}

/**
 * Applies the pack of the stack's cloud (and any extra rules) to a stack: a
 * stack validation evaluates the rules over the stack's synthesized Terraform
 * and turns unsuppressed findings into synth errors (or warnings with
 * `level: 'warn'`). Suppressions are reported with their reason.
 */
export function applyPolicyPack(stack: PolicyStack, cloud: Cloud, options: PolicyOptions): PolicyReport {
  const report = new PolicyReport();
  const rules = [...rulesForCloud(cloud), ...(options.extraRules ?? [])];
  const ids = new Set(rules.map((r) => r.id));
  for (const s of options.suppressions ?? []) {
    if (!ids.has(s.ruleId)) {
      throw new AiInfraError({
        where: stack.node.path,
        field: 'policy.suppressions.ruleId',
        given: s.ruleId,
        allowed: `a rule of the pack (${[...ids].join(', ')})`,
      });
    }
  }
  const evaluation = new PolicyEvaluation(stack, rules, options, report);
  stack.node.addValidation({
    validate: () => {
      const errors = evaluation.evaluate();
      if (options.level === 'warn') {
        for (const e of errors) Annotations.of(stack).addWarning(e);
        return [];
      }
      return errors;
    },
  });
  return report;
}
