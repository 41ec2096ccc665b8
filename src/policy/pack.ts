import { Annotations, Aspects, DefaultTokenResolver, IAspect, StringConcat, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { z } from 'zod';
import { AiInfraError } from '../errors';
import { BASELINE_RULES } from './rules';
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

/** Suppressions backends recorded, by stack. */
const BACKEND_SUPPRESSIONS = new WeakMap<IConstruct, PolicySuppression[]>();

/**
 * Records a suppression a backend needs for a resource it builds, where a GPU
 * fact makes the rule unmeetable (a RoCE VPC, a DWS pool): the pack's rule id,
 * the resource's construct path prefix and the pack's written reason. The
 * report lists the suppressed finding with that reason, like a user's.
 */
export function addBackendSuppression(scope: IConstruct, suppression: PolicySuppression): void {
  const stack = TerraformStack.of(scope);
  const list = BACKEND_SUPPRESSIONS.get(stack) ?? [];
  list.push(suppression);
  BACKEND_SUPPRESSIONS.set(stack, list);
}

/** What the pack found, filled at synth. */
export class PolicyReport {
  public readonly findings: Finding[] = [];
  public readonly suppressed: SuppressedFinding[] = [];
  public readonly rulesRun: string[] = [];

  public toJSON(): { rules: string[]; findings: Finding[]; suppressed: SuppressedFinding[] } {
    return { rules: [...this.rulesRun], findings: [...this.findings], suppressed: [...this.suppressed] };
  }
}

/**
 * Reads a resource the way it will be written to cdk.tf.json: snake_case
 * attributes, nested blocks as arrays/objects, `lifecycle` and escape-hatch
 * overrides included, and references resolved to `${type.name.attr}` strings
 * (so cross-resource rules can match `bucket = aws_s3_bucket.x.id`).
 */
export function viewOf(resource: TerraformResource): ResourceView {
  const stack = TerraformStack.of(resource);
  const tf = Tokenization.resolve(resource.toTerraform(), {
    scope: stack,
    resolver: new DefaultTokenResolver(new StringConcat()),
    preparing: false,
  }) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const byType = tf.resource?.[resource.terraformResourceType] ?? {};
  const [logicalId, raw] = Object.entries(byType)[0] ?? [resource.friendlyUniqueId, {}];
  const config: Record<string, unknown> = { ...(raw ?? {}) };
  delete config['//'];
  return { type: resource.terraformResourceType, path: resource.node.path, logicalId, config };
}

class PolicyAspect implements IAspect {
  private readonly resources: { resource: TerraformResource; view?: ResourceView }[] = [];
  private evaluated = false;

  constructor(
    private readonly stack: TerraformStack & { readonly region: string; readonly tags: Readonly<Record<string, string>>; readonly compliance: RuleContext['compliance'] },
    private readonly rules: ReadonlyArray<PolicyRule>,
    private readonly options: PolicyOptions,
    private readonly report: PolicyReport,
  ) {}

  public visit(node: IConstruct): void {
    if (node instanceof TerraformResource && TerraformStack.of(node) === this.stack) this.resources.push({ resource: node });
  }

  /** Runs every rule once over every resource (after all aspects have visited). */
  public evaluate(): string[] {
    if (this.evaluated) return this.errors();
    this.evaluated = true;
    const views = this.resources.map((r) => viewOf(r.resource));
    const ctx: RuleContext = { resources: views, compliance: this.stack.compliance, region: this.stack.region, defaultTags: this.stack.tags };
    this.report.rulesRun.push(...this.rules.map((r) => r.id));
    for (const view of views) {
      for (const rule of this.rules) {
        if (!rule.resourceTypes.includes(view.type) && !rule.resourceTypes.includes('*')) continue;
        const message = rule.check(view, ctx);
        if (!message) continue;
        const finding: Finding = { ruleId: rule.id, path: view.path, resourceType: view.type, message };
        const suppression = [...(this.options.suppressions ?? []), ...(BACKEND_SUPPRESSIONS.get(this.stack) ?? [])].find(
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
 * Applies the baseline pack (and any extra rules) to a stack: an Aspect sees
 * every resource, and a stack validation turns unsuppressed findings into synth
 * errors (or warnings with `level: 'warn'`). Suppressions are reported with
 * their reason.
 */
export function applyPolicyPack(
  stack: TerraformStack & { readonly region: string; readonly tags: Readonly<Record<string, string>>; readonly compliance: RuleContext['compliance'] },
  options: PolicyOptions,
): PolicyReport {
  const report = new PolicyReport();
  const rules = [...BASELINE_RULES, ...(options.extraRules ?? [])];
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
  const aspect = new PolicyAspect(stack, rules, options, report);
  Aspects.of(stack).add(aspect);
  stack.node.addValidation({
    validate: () => {
      const errors = aspect.evaluate();
      if (options.level === 'warn') {
        for (const e of errors) Annotations.of(stack).addWarning(e);
        return [];
      }
      return errors;
    },
  });
  return report;
}
