import * as fs from 'node:fs';
import * as path from 'node:path';
import { ISynthesisSession, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { z } from 'zod';
import { backendsFor } from './backends';
import type { AcceleratorId, Cloud } from '../catalog/types';
import { markStackContext, StackContext, stackContextOf, tryStackContextOf } from '../core/context';
import { claimNamePrefix, NameSubject, physicalName, PhysicalNameOptions, PhysicalNameRegistry } from '../core/naming';
import { configureStateBackend, stateBackendSchema, StateBackendSettings, stateLocation } from '../core/state-backend';
import { AiInfraError, parseOrThrow } from '../errors';
import { AiInfraManifest, Decision, MANIFEST_FILE } from '../manifest';
import { CostLine } from '../planning/cost';
import { checkRegion, CompliancePolicy, CompliancePolicySchema, placeWorkload } from '../planning/placement';
import { applyPolicyPack, PolicyOptions, policyOptionsSchema, PolicyReport } from '../policy/pack';

/** Cost-allocation tags every taggable resource of the stack carries. */
export interface CostAllocationTags {
  /** Project or product the infrastructure serves. */
  readonly project: string;
  /** `dev`, `staging`, `prod`, ... */
  readonly environment: string;
  /** Finance cost center the spend is charged to. */
  readonly costCenter: string;
  /**
   * Component label for resources that do not set their own.
   * @default - the stack id
   */
  readonly component?: string;
  /**
   * More tags, merged after the four above.
   * @default - none
   */
  readonly extra?: Readonly<Record<string, string>>;
}

/** AWS-only stack settings. */
export interface AiInfraStackAwsProps {
  /**
   * The account the stack deploys into. Used in key policies and ARNs, so the
   * default path needs no API call to learn it, and pinned on the provider
   * (`allowed_account_ids`) so a wrong profile cannot deploy there.
   */
  readonly accountId: string;
}

/** GCP-only stack settings. */
export interface AiInfraStackGcpProps {
  /** Project id the stack deploys into. */
  readonly projectId: string;
  /**
   * Project number (digits), for the service agents some GCP backends grant
   * access to (`service-<number>@...`). Backends that need it say so.
   * @default - none
   */
  readonly projectNumber?: string;
}

/** Where the stack runs when `region` is not given: the types placement must find. */
export interface PlacementIntent {
  /**
   * Instance or machine types the region must offer.
   * @default - none
   */
  readonly instanceTypes?: string[];
  /**
   * Accelerators the region must offer (through any type).
   * @default - none
   */
  readonly accelerators?: AcceleratorId[];
  /**
   * Regions to prefer among those that satisfy the policy.
   * @default - cheapest region for the types, then most zones
   */
  readonly preferRegions?: string[];
}

export interface AiInfraStackProps {
  /** The cloud every construct of this stack builds on. */
  readonly cloud: Cloud;
  /**
   * Region to deploy into. Checked against `compliance`.
   * @default - chosen by placement from `compliance` and `placement`
   */
  readonly region?: string;
  /**
   * Residency and compliance rules. Enforced on the region at synth, and by the policy pack.
   * @default - no restriction
   */
  readonly compliance?: CompliancePolicy;
  /**
   * What placement must find when `region` is not given.
   * @default - any region the policy allows
   */
  readonly placement?: PlacementIntent;
  /**
   * Prefix of every physical name (lowercase letters, digits, hyphens; 2-20 chars).
   * Physical names derive from this and construct ids only, never from sizes.
   */
  readonly namePrefix: string;
  /** Cost-allocation tags. */
  readonly tags: CostAllocationTags;
  /**
   * AWS settings; required when `cloud` is `aws`.
   * @default - none
   */
  readonly aws?: AiInfraStackAwsProps;
  /**
   * GCP settings; required when `cloud` is `gcp`.
   * @default - none
   */
  readonly gcp?: AiInfraStackGcpProps;
  /**
   * Policy pack settings: suppressions (each with a written reason) and
   * whether findings are errors.
   * @default - baseline pack, findings are errors, no suppressions
   */
  readonly policy?: PolicyOptions;
  /**
   * Where this stack keeps its Terraform state: `{ s3: {...} }` or `{ gcs: {...} }`,
   * usually a RemoteStateStore's `backend`. Each stack gets its own key, and so
   * does the in-cluster stack (`<id>-workloads`), which then reads this stack's
   * outputs from the same bucket.
   * @default - local state (`terraform.<id>.tfstate`), so a first synth and plan need no cloud account
   */
  readonly backend?: StateBackendSettings;
}

const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

const stackPropsSchema = z
  .object({
    cloud: z.enum(['aws', 'gcp']),
    region: z.string().min(1).optional(),
    compliance: CompliancePolicySchema.optional(),
    placement: z
      .object({
        instanceTypes: z.array(z.string().min(1)).optional(),
        accelerators: z.array(z.string().min(1)).optional(),
        preferRegions: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
    namePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/, 'lowercase letters, digits and hyphens, 2-20 chars, starting with a letter'),
    tags: z
      .object({
        project: z.string().regex(TAG_VALUE, 'a tag value of 1-256 letters, digits, spaces or _.:/=+-@'),
        environment: z.string().regex(TAG_VALUE, 'a tag value of 1-256 letters, digits, spaces or _.:/=+-@'),
        costCenter: z.string().regex(TAG_VALUE, 'a tag value of 1-256 letters, digits, spaces or _.:/=+-@'),
        component: z.string().regex(TAG_VALUE, 'a tag value of 1-256 letters, digits, spaces or _.:/=+-@').optional(),
        extra: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
      })
      .strict(),
    aws: z.object({ accountId: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id') }).strict().optional(),
    gcp: z
      .object({
        projectId: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a GCP project id (6-30 lowercase letters, digits, hyphens)'),
        projectNumber: z.string().regex(/^[1-9]\d{5,19}$/, 'a GCP project number (digits)').optional(),
      })
      .strict()
      .optional(),
    policy: policyOptionsSchema.optional(),
    backend: stateBackendSchema.optional(),
  })
  .strict();

export type { AiInfraManifest, Decision } from '../manifest';
export { MANIFEST_FILE } from '../manifest';

/**
 * A TerraformStack that carries what every construct needs: the cloud, the
 * region (given, or placed under the compliance policy), the name prefix and
 * the cost-allocation tags; and collects what constructs decide and what they
 * cost, written beside the stack as `ai-infra.manifest.json`.
 */
export class AiInfraStack extends TerraformStack implements StackContext {
  /** Finds the AiInfraStack a construct lives in, or throws a clear error. */
  public static of(scope: IConstruct): AiInfraStack {
    return stackContextOf(scope) as AiInfraStack;
  }

  /** The AiInfraStack a construct lives in, or undefined outside one. */
  public static tryOf(scope: IConstruct): AiInfraStack | undefined {
    return tryStackContextOf(scope) as AiInfraStack | undefined;
  }

  public readonly cloud: Cloud;
  public readonly region: string;
  /** Zones placement found for the requested types (empty when the region was given without types). */
  public readonly placementZones: ReadonlyArray<string>;
  public readonly compliance: CompliancePolicy;
  public readonly namePrefix: string;
  /** The tags every taggable resource gets (AWS `default_tags`; GCP `default_labels`, sanitised). */
  public readonly tags: Readonly<Record<string, string>>;
  public readonly awsAccountId?: string;
  public readonly gcpProjectId?: string;
  public readonly gcpProjectNumber?: string;
  /** The policy report, filled when the policy pack runs at synth. */
  public readonly policyReport: PolicyReport;
  /** The remote state backend, when `backend` was given (the workloads stack uses it too). */
  public readonly stateBackend?: StateBackendSettings;

  private readonly _decisions: Decision[] = [];
  private readonly _costLines: CostLine[] = [];
  private readonly _warnings: string[] = [];
  private readonly names: PhysicalNameRegistry;

  constructor(scope: Construct, id: string, props: AiInfraStackProps) {
    super(scope, id);
    markStackContext(this);
    const where = this.node.path;
    this.names = new PhysicalNameRegistry(where);
    const p = parseOrThrow(stackPropsSchema, props, where);
    if (p.cloud === 'aws' && !p.aws) {
      throw new AiInfraError({ where, field: 'aws.accountId', given: undefined, allowed: 'a 12-digit AWS account id when cloud is "aws"' });
    }
    if (p.cloud === 'gcp' && !p.gcp) {
      throw new AiInfraError({ where, field: 'gcp.projectId', given: undefined, allowed: 'a GCP project id when cloud is "gcp"' });
    }
    claimNamePrefix(this, p.namePrefix, where);
    this.cloud = p.cloud;
    this.compliance = p.compliance ?? {};
    this.namePrefix = p.namePrefix;
    this.awsAccountId = p.aws?.accountId;
    this.gcpProjectId = p.gcp?.projectId;
    this.gcpProjectNumber = p.gcp?.projectNumber;

    const instanceTypes = p.placement?.instanceTypes;
    if (p.region) {
      checkRegion({ cloud: p.cloud, region: p.region, policy: this.compliance, instanceTypes, accelerators: p.placement?.accelerators }, where);
      this.region = p.region;
      this.placementZones = [];
      this.recordDecision({ construct: where, topic: 'region', chosen: p.region, reason: 'given by the user; satisfies the compliance policy' });
    } else {
      const placed = placeWorkload(
        {
          cloud: p.cloud,
          policy: this.compliance,
          instanceTypes,
          accelerators: p.placement?.accelerators as AcceleratorId[] | undefined,
          preferRegions: p.placement?.preferRegions,
        },
        where,
      );
      this.region = placed.region;
      this.placementZones = placed.zones;
      this.recordDecision({
        construct: where,
        topic: 'region',
        chosen: `${placed.region} (${placed.zones.join(', ') || 'all zones'})`,
        reason: 'placed under the compliance policy among regions offering the requested types',
        alternatives: placed.excluded.map((e) => ({ option: e.region, reason: e.reason })),
      });
    }

    this.tags = {
      'project': p.tags.project,
      'environment': p.tags.environment,
      'cost-center': p.tags.costCenter,
      'component': p.tags.component ?? id,
      'managed-by': 'cdktf-ai-infra',
      ...(p.tags.extra ?? {}),
    };

    backendsFor(p.cloud, where).configureProvider(this);

    if (p.backend) {
      this.stateBackend = p.backend as StateBackendSettings;
      configureStateBackend(this, this.stateBackend, id);
      const s3 = this.stateBackend.s3;
      this.recordDecision({
        construct: where,
        topic: 'state-backend',
        chosen: s3 ? `s3://${s3.bucket}/${stateLocation(this.stateBackend, id)} (${s3.region})` : `gs://${this.stateBackend.gcs!.bucket}/${stateLocation(this.stateBackend, id)}/`,
        reason: s3 ? 'given by the user; encrypted with the customer key, locked with S3 native locking (use_lockfile)' : 'given by the user; GCS locks state natively',
      });
    }

    this.policyReport = applyPolicyPack(this, p.policy ?? {});

    // Write the manifest beside cdk.tf.json, after the stack itself is synthesized
    // (aspects and validations have run, so the policy report is complete).
    const inner = this.synthesizer;
    this.synthesizer = {
      synthesize: (session: ISynthesisSession) => {
        inner.synthesize(session);
        const dir = path.join(session.outdir, session.manifest.forStack(this).workingDirectory);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(this.manifest(), null, 2)}\n`);
      },
    };
  }

  /** Records a decision; it appears in the manifest and in `ai-infra report`. */
  public recordDecision(decision: Decision): void {
    this._decisions.push(decision);
  }

  /** Adds cost lines (from the decision core's estimators) to the stack's estimate. */
  public addCostLines(lines: ReadonlyArray<CostLine>): void {
    this._costLines.push(...lines);
  }

  /** Records a non-fatal warning for the manifest (also printed by the CLI report). */
  public addWarning(message: string): void {
    this._warnings.push(message);
  }

  public get decisions(): ReadonlyArray<Decision> {
    return this._decisions;
  }

  public get costLines(): ReadonlyArray<CostLine> {
    return this._costLines;
  }

  /** Estimated monthly cost of everything recorded so far, USD (730-hour month), pools at their expected node counts. */
  public estimatedMonthlyUsd(): number {
    return Math.round(this._costLines.reduce((sum, l) => sum + l.monthlyUsd, 0) * 100) / 100;
  }

  /** Monthly cost with every pool at its max node count, USD (the ceiling a budget is checked against by default). */
  public ceilingMonthlyUsd(): number {
    return Math.round(this._costLines.reduce((sum, l) => sum + (l.monthlyCeilingUsd ?? l.monthlyUsd), 0) * 100) / 100;
  }

  /**
   * A physical name for a resource: `<namePrefix>-<suffix>`, lowercased,
   * shortened with a stable hash when it exceeds `maxLength`. Derived from the
   * prefix and construct ids only, so resizing never renames (and replaces) anything.
   */
  public physicalName(suffix: string, opts: PhysicalNameOptions = {}): string {
    return physicalName(this.namePrefix, suffix, opts);
  }

  /** The stack itself (StackContext). */
  public get scope(): IConstruct {
    return this;
  }

  /**
   * Claims a physical name of a kind in this stack and returns it; another
   * construct claiming the same is an AiInfraError (see core/naming).
   */
  public claimPhysicalName(kind: string, name: string, where: string, subject?: NameSubject): string {
    return this.names.claim(kind, name, where, subject);
  }

  /** The manifest written beside the stack output. */
  public manifest(): AiInfraManifest {
    return {
      schemaVersion: 1,
      stack: this.node.id,
      cloud: this.cloud,
      region: this.region,
      placementZones: [...this.placementZones],
      namePrefix: this.namePrefix,
      tags: { ...this.tags },
      compliance: this.compliance,
      decisions: [...this._decisions],
      cost: {
        hoursPerMonth: 730,
        estimatedMonthlyUsd: this.estimatedMonthlyUsd(),
        ceilingMonthlyUsd: this.ceilingMonthlyUsd(),
        lines: [...this._costLines],
      },
      policy: this.policyReport.toJSON(),
      warnings: [...this._warnings],
    };
  }
}
