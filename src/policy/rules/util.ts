import { ResourceView, RuleContext } from '../types';

/** Terraform blocks synthesize as a list or a single object; this reads both as a list. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
}

/** The first block of a nested-block attribute, or undefined. */
export function block(value: unknown): Record<string, unknown> | undefined {
  return blocks(value)[0];
}

/** True for `true` and `"true"` (booleans may synthesize as strings). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A non-empty string (a literal or a `${...}` reference). */
export function isSet(value: unknown): boolean {
  return typeof value === 'string' ? value.trim().length > 0 : value !== undefined && value !== null;
}

/** A number, or a numeric string; undefined for references and absent values. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** `lifecycle { prevent_destroy = true }` is set on the resource. */
export function preventsDestroy(view: ResourceView): boolean {
  return isTrue(block(view.config.lifecycle)?.prevent_destroy);
}

/** Whether `value` is a reference to an attribute of `target` (`${aws_s3_bucket.x.id}`). */
export function refersTo(value: unknown, target: ResourceView): boolean {
  if (typeof value !== 'string') return false;
  return value.includes(`${target.type}.${target.logicalId}.`);
}

/** Whether `value` names `target`: a reference to it, or its literal `nameAttr` value. */
export function names(value: unknown, target: ResourceView, nameAttr: string): boolean {
  if (refersTo(value, target)) return true;
  const literal = target.config[nameAttr];
  return typeof literal === 'string' && literal.length > 0 && value === literal;
}

/** Resources of `type` in the stack. */
export function resourcesOfType(ctx: RuleContext, type: string): ResourceView[] {
  return ctx.resources.filter((r) => r.type === type);
}

/** Whether a KMS key id/ARN is a customer key rather than an AWS-managed alias (`alias/aws/...`). */
export function isCustomerKey(value: unknown): boolean {
  return isSet(value) && !(typeof value === 'string' && /alias\/aws\//.test(value));
}

/** CIDRs open to the whole internet. */
export const OPEN_CIDRS: ReadonlyArray<string> = ['0.0.0.0/0', '::/0'];
