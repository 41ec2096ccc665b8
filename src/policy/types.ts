/**
 * A policy rule is a small pure function over one Terraform resource as it
 * will be synthesized (snake_case attributes), cdk-nag style. A rule that needs
 * to see other resources (a bucket's public-access block is its own resource)
 * gets the whole stack's resource list through `ctx`.
 */
export interface ResourceView {
  /** Terraform resource type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Construct path, e.g. `training/checkpoints/Resource`. */
  readonly path: string;
  /** Terraform logical id (the resource name in cdk.tf.json). */
  readonly logicalId: string;
  /** The resource's attributes as they are written to cdk.tf.json (snake_case; tokens as `${...}` strings). */
  readonly config: Readonly<Record<string, unknown>>;
}

export interface RuleContext {
  /** Every resource of the stack. */
  readonly resources: ReadonlyArray<ResourceView>;
  /** The stack's compliance policy: jurisdictions and programs, for residency/HIPAA/GDPR packs. */
  readonly compliance: { readonly jurisdictions?: ReadonlyArray<string>; readonly programs?: ReadonlyArray<string> };
  /** The stack's region. */
  readonly region: string;
  /** Tags every resource gets through the provider's default tags. */
  readonly defaultTags: Readonly<Record<string, string>>;
}

export interface PolicyRule {
  /** Stable id, e.g. `AiInfra-S3-1`. */
  readonly id: string;
  /** What the rule checks, one line. */
  readonly description: string;
  /** Terraform resource types the rule looks at. */
  readonly resourceTypes: ReadonlyArray<string>;
  /** Returns a finding message (what is wrong and how to fix it), or undefined when compliant. */
  check(resource: ResourceView, ctx: RuleContext): string | undefined;
}

export interface Finding {
  readonly ruleId: string;
  readonly path: string;
  readonly resourceType: string;
  readonly message: string;
}

export interface SuppressedFinding extends Finding {
  readonly reason: string;
}
