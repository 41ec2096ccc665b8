import { createHash } from 'node:crypto';
import type { IConstruct } from 'constructs';
import { AiInfraError } from '../errors';

/**
 * The one naming scheme for physical names. A physical name is
 * `<namePrefix><separator><suffix>`, lowercased, derived from the stack's
 * prefix and construct ids only (never from sizes or counts, so resizing
 * never renames and replaces anything), shortened with a stable hash past
 * `maxLength`. Names a clash would break are claimed per stack: a second
 * holder is an AiInfraError, not two resources fighting over one name.
 */

/** The prop a physical name derives from, for the error of a clash. */
export interface NameSubject {
  /** Field name in the user's props (`id` for a construct id). */
  readonly field: string;
  /** What the user gave. */
  readonly given: unknown;
}

/** How a physical name is shaped. */
export interface PhysicalNameOptions {
  /**
   * Longest name the resource accepts.
   * @default 63
   */
  readonly maxLength?: number;
  /**
   * Separator between the prefix and the suffix (and replacement of other characters).
   * @default '-'
   */
  readonly separator?: string;
}

/** Short, stable hash (same on every run and platform) to keep shortened names unique. */
export function stableHash(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** `<prefix>-<suffix>`, lowercased, shortened with a stable hash when longer than `maxLength`. */
export function physicalName(prefix: string, suffix: string, opts: PhysicalNameOptions = {}): string {
  const sep = opts.separator ?? '-';
  const max = opts.maxLength ?? 63;
  const raw = `${prefix}${sep}${suffix}`.toLowerCase().replace(/[^a-z0-9-_.]/g, sep);
  if (raw.length <= max) return raw;
  const hash = stableHash(raw).slice(0, 8);
  return `${raw.slice(0, max - 9).replace(/[-_.]+$/, '')}${sep}${hash}`;
}

/** A DNS-1035 label: what Kubernetes Services, node-group names and our physical names accept. */
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The name suffix a construct id gives (lowercased; characters other than
 * letters, digits and hyphens become `-`), checked to be a DNS label of at
 * most `maxLength` characters: it names Kubernetes objects (labels and
 * Services ≤ 63, Helm releases ≤ 53) and cloud resources.
 */
export function nameSuffixOf(id: string, where: string, maxLength: number): string {
  const suffix = id.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  if (!DNS_LABEL.test(suffix) || suffix.length > maxLength) {
    throw new AiInfraError({
      where,
      field: 'id',
      given: id,
      allowed: `a construct id that starts with a letter, ends with a letter or digit and has at most ${maxLength} characters (lowercased, other characters become "-", giving ${JSON.stringify(suffix)}): it names Kubernetes objects and cloud resources`,
    });
  }
  return suffix;
}

/** A construct's path inside its stack as a name fragment: `rag/Vectors` → `rag-vectors`. */
export function nameFragment(scope: IConstruct, stack: IConstruct): string {
  const rel = scope.node.path.slice(stack.node.path.length + 1) || scope.node.id;
  return rel.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * The physical names claimed in one stack, by kind. `AiInfraStack` holds one;
 * backends reach it through `StackContext.claimPhysicalName`.
 */
export class PhysicalNameRegistry {
  private readonly holders = new Map<string, string>();

  constructor(private readonly stackPath: string) {}

  /**
   * Claims `name` of `kind` for the construct at `where` (claiming again from
   * the same `where` is a no-op) and returns it; another holder is an AiInfraError.
   */
  public claim(kind: string, name: string, where: string, subject: NameSubject = { field: 'id', given: where.split('/').pop() }): string {
    const key = `${kind}:${name}`;
    const holder = this.holders.get(key);
    if (holder !== undefined && holder !== where) {
      throw new AiInfraError({
        where,
        field: subject.field,
        given: subject.given,
        allowed: `${subject.field === 'id' ? 'an id giving' : 'a value giving'} a ${kind} name unique in stack ${this.stackPath} (${holder} already has "${name}"; physical names derive from it and share the stack's namePrefix)`,
      });
    }
    this.holders.set(key, where);
    return name;
  }
}

const PREFIXES = new WeakMap<IConstruct, Map<string, string>>();

/** Physical names derive from the prefix: two stacks of one app must not share it. */
export function claimNamePrefix(stack: IConstruct, prefix: string, where: string): void {
  const root = stack.node.root;
  const taken = PREFIXES.get(root) ?? new Map<string, string>();
  PREFIXES.set(root, taken);
  const owner = taken.get(prefix);
  if (owner !== undefined) {
    throw new AiInfraError({
      where,
      field: 'namePrefix',
      given: prefix,
      allowed: `a prefix no other AiInfraStack of this app uses (${owner} has it): physical names (buckets, roles, clusters) derive from it`,
    });
  }
  taken.set(prefix, where);
}
