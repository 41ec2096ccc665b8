import type { IConstruct } from 'constructs';
import { planPoolTypes, PoolTypesRequest } from '../planning/pools';

/**
 * Instance selection once per distinct request within a synth.
 *
 * `planPoolTypes` walks the whole catalog (every type, a written reason per
 * rejection), about 2–4 ms a call. A stack with hundreds of pools asking the
 * same thing would repeat that walk per pool, so the constructs ask through
 * this cache, kept per stack (a stack belongs to one app, so one synth) and
 * keyed by the resolved request: every field, in a canonical key order.
 * Planning itself stays pure and memo-free.
 *
 * `where` is not part of the key: planning uses it only in the messages of the
 * errors it throws, and a request that throws is never cached, so each pool
 * still gets an error naming its own path. Results are shared between pools
 * with the same request and must not be mutated.
 */
type Planned = ReturnType<typeof planPoolTypes>;

const byStack = new WeakMap<IConstruct, Map<string, Planned>>();

/** `planPoolTypes(req, where)`, computed once per distinct `req` in `stack`. */
export function planPoolTypesOnce(stack: IConstruct, req: PoolTypesRequest, where: string): Planned {
  let cache = byStack.get(stack);
  if (cache === undefined) {
    cache = new Map();
    byStack.set(stack, cache);
  }
  const key = canonicalKey(req);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const planned = planPoolTypes(req, where);
  cache.set(key, planned);
  return planned;
}

/** JSON with object keys sorted at every level and undefined fields left out, so equal requests give equal keys. */
export function canonicalKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  });
}
