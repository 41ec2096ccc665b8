import type { IConstruct } from 'constructs';
import type { Cloud } from '../catalog/types';
import { AiInfraError } from '../errors';
import type { Decision } from '../manifest';
import type { NameSubject, PhysicalNameOptions } from './naming';
import type { CostLine } from '../planning/cost';

/**
 * Everything a backend (and a construct) needs from the stack it lives in.
 * `AiInfraStack` implements it; backends take a `StackContext`, never the
 * stack class, so `src/aws/` and `src/gcp/` do not depend on `src/constructs/`.
 */
export interface StackContext {
  /** The stack construct itself (the scope of providers and stack-wide resources). */
  readonly scope: IConstruct;
  /** The cloud every construct of the stack builds on. */
  readonly cloud: Cloud;
  /** Region the stack deploys into. */
  readonly region: string;
  /** Zones placement found for the requested types (empty when the region was given without types). */
  readonly placementZones: ReadonlyArray<string>;
  /** Prefix of every physical name. */
  readonly namePrefix: string;
  /** The tags every taggable resource gets. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * AWS account id (AWS stacks).
   * @default - absent on GCP stacks; use `requireAwsAccountId`
   */
  readonly awsAccountId?: string;
  /**
   * GCP project id (GCP stacks).
   * @default - absent on AWS stacks; use `requireGcpProjectId`
   */
  readonly gcpProjectId?: string;
  /**
   * GCP project number (digits), when given.
   * @default - absent; use `requireGcpProjectNumber` where a backend needs it
   */
  readonly gcpProjectNumber?: string;
  /** Records a decision; it appears in the manifest and in `ai-infra report`. */
  recordDecision(decision: Decision): void;
  /** Adds cost lines to the stack's estimate. */
  addCostLines(lines: ReadonlyArray<CostLine>): void;
  /** Records a non-fatal warning for the manifest. */
  addWarning(message: string): void;
  /**
   * A physical name `<namePrefix>-<suffix>` (see `physicalName` in core/naming):
   * derived from the prefix and construct ids only.
   */
  physicalName(suffix: string, opts?: PhysicalNameOptions): string;
  /**
   * Claims a physical name (or name suffix) of a kind within the stack and
   * returns it; a second holder of the same kind and name is an AiInfraError.
   * `subject` names the prop the name derives from (default: the construct id).
   */
  claimPhysicalName(kind: string, name: string, where: string, subject?: NameSubject): string;
}

/** Marker set on every AiInfraStack, so the stack is found without importing its class. */
export const STACK_CONTEXT_SYMBOL = Symbol.for('cdktf-ai-infra.AiInfraStack');

/** Marks `stack` as the StackContext of its subtree. */
export function markStackContext(stack: StackContext & IConstruct): void {
  Object.defineProperty(stack, STACK_CONTEXT_SYMBOL, { value: true });
}

/** Whether a construct is a stack context (an AiInfraStack). */
export function isStackContext(c: unknown): c is StackContext & IConstruct {
  return typeof c === 'object' && c !== null && (c as Record<symbol, unknown>)[STACK_CONTEXT_SYMBOL] === true;
}

/** The stack context a construct lives in, or undefined outside any AiInfraStack. */
export function tryStackContextOf(scope: IConstruct): (StackContext & IConstruct) | undefined {
  for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
    if (isStackContext(s)) return s;
  }
  return undefined;
}

/** The stack context a construct lives in, or a clear AiInfraError. */
export function stackContextOf(scope: IConstruct): StackContext & IConstruct {
  const found = tryStackContextOf(scope);
  if (found) return found;
  throw new AiInfraError({
    where: scope.node.path || scope.node.id || '<root>',
    field: 'scope',
    given: 'a construct outside any AiInfraStack',
    allowed: 'a construct created inside an AiInfraStack',
    message: 'cdktf-ai-infra constructs must be created inside an AiInfraStack (new AiInfraStack(app, id, { cloud, namePrefix, tags, ... }))',
  });
}

/** The stack's AWS account id, or an AiInfraError naming the construct (on a GCP stack, or a stack without it). */
export function requireAwsAccountId(ctx: StackContext, where: string): string {
  if (ctx.awsAccountId !== undefined) return ctx.awsAccountId;
  throw new AiInfraError({ where, field: 'aws.accountId', given: undefined, allowed: `an AWS stack with aws.accountId (this stack's cloud is "${ctx.cloud}")` });
}

/** The stack's GCP project id, or an AiInfraError naming the construct. */
export function requireGcpProjectId(ctx: StackContext, where: string): string {
  if (ctx.gcpProjectId !== undefined) return ctx.gcpProjectId;
  throw new AiInfraError({ where, field: 'gcp.projectId', given: undefined, allowed: `a GCP stack with gcp.projectId (this stack's cloud is "${ctx.cloud}")` });
}

/** The stack's GCP project number, or an AiInfraError naming the construct that needs it. */
export function requireGcpProjectNumber(ctx: StackContext, where: string): string {
  if (ctx.gcpProjectNumber !== undefined) return ctx.gcpProjectNumber;
  throw new AiInfraError({
    where,
    field: 'gcp.projectNumber',
    given: undefined,
    allowed: 'the stack\'s GCP project number (digits) in AiInfraStack props gcp.projectNumber: this construct names service agents by it',
  });
}
