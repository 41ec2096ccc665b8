import type { z } from 'zod';

/**
 * The one error type users see for their own mistakes: bad props, bad CLI
 * input, infeasible requests, policy violations decided at synth.
 *
 * The message always names where (construct path or CLI command), the field,
 * what was given and what is allowed, e.g.
 * `training/Lustre: capacityGiB must be 1200, 2400 or a multiple of 2400 (PERSISTENT_2), got 3000`.
 */
export class AiInfraError extends Error {
  /** Construct path (`stack/cluster/pool`) or CLI command (`ai-infra select`). */
  public readonly where: string;
  /** Dotted field path (`aws.placementGroup`), or '' when the request as a whole is at fault. */
  public readonly field: string;
  /** What was given, rendered for a human. */
  public readonly given: string;
  /** What is allowed, rendered for a human. */
  public readonly allowed: string;
  /** Optional advice: what came closest, what to relax. */
  public readonly hint?: string;

  constructor(opts: { where: string; field: string; given: unknown; allowed: string; hint?: string; message?: string }) {
    const given = renderValue(opts.given);
    const subject = opts.field ? `${opts.field} ` : '';
    const body = opts.message ?? `${subject}must be ${opts.allowed}, got ${given}`;
    super(`${opts.where}: ${body}${opts.hint ? `. ${opts.hint}` : ''}`);
    this.name = 'AiInfraError';
    this.where = opts.where;
    this.field = opts.field;
    this.given = given;
    this.allowed = opts.allowed;
    this.hint = opts.hint;
    // A user's mistake is told in the message; our internal frames would only
    // bury it (rule 1). The fields stay readable but are not dumped by Node.
    for (const key of ['name', 'where', 'field', 'given', 'allowed', 'hint'] as const) {
      Object.defineProperty(this, key, { enumerable: false });
    }
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Renders a value the user gave, short enough for one line. */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return String(value);
  }
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** zod's own messages; anything else is a message our schemas wrote to say what is allowed. */
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized|Expected|Number must|String must)/;

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.message && !ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'an integer' : /^[aeiou]/.test(issue.expected) ? `an ${issue.expected}` : `a ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set'
        ? `of length ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`
        : `${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set'
        ? `of length ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`
        : `${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `free of unknown keys (${issue.keys.join(', ')})`;
    case 'invalid_format':
      return `a valid ${issue.format}`;
    case 'invalid_key':
      return 'a record whose keys are valid';
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/**
 * Parses `input` with `schema`; on failure throws an AiInfraError for the
 * first issue, naming `where`, the field path, the value given and what is
 * allowed. Custom refinements put the "allowed" text in their message.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.map((k) => (k === '' ? '""' : String(k))).join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, issue.path);
    const prefix = field ? `${field}.` : '';
    throw new AiInfraError({
      where,
      field: `${prefix}${issue.keys[0]}`,
      given: issue.keys,
      allowed: known.join(', '),
      message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `${prefix}${k}`).join(', ')}${known.length ? ` (allowed: ${known.join(', ')})` : ''}`,
    });
  }
  const given = valueAt(input, issue.path);
  // A custom issue may carry advice (`params.hint`, e.g. "Did you mean ...?"), told after what was given.
  const hint = issue.code === 'custom' ? (issue.params as { hint?: unknown } | undefined)?.hint : undefined;
  return throwIssue(where, field, given, describeIssue(issue), typeof hint === 'string' ? hint : undefined);
}

/** The keys an object schema accepts at `path` (unwrapping optional/default/nullable), for "unknown field" errors. */
function knownKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let cur: unknown = schema;
  const unwrap = () => {
    for (let i = 0; i < 10; i++) {
      const def = (cur as { _zod?: { def?: { innerType?: unknown; element?: unknown; type?: string } } })?._zod?.def;
      if (def?.innerType) cur = def.innerType;
      else break;
    }
  };
  unwrap();
  for (const key of path) {
    const def = (cur as { _zod?: { def?: { shape?: Record<string, unknown>; element?: unknown; type?: string } } })?._zod?.def;
    if (def?.type === 'array' && typeof key === 'number') cur = def.element;
    else if (def?.shape && typeof key === 'string') cur = def.shape[key];
    else return [];
    unwrap();
  }
  const shape = (cur as { _zod?: { def?: { shape?: Record<string, unknown> } } })?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

function throwIssue(where: string, field: string, given: unknown, allowed: string, hint?: string): never {
  throw new AiInfraError({ where, field, given, allowed, ...(hint ? { hint } : {}) });
}
