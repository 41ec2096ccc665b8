import { z } from 'zod';
import { ACCELERATORS } from '../catalog/accelerators';
import { findModel, MODELS } from '../catalog/models';
import type { AcceleratorId, Cloud } from '../catalog/types';
import { AiInfraError } from '../errors';

/**
 * Matching the names users type (accelerators, regions, models) against the
 * catalog: case-insensitive, and a "did you mean" for near misses.
 */

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known name closest to `given` (case, spaces, `-` and `_` ignored), when it is
 * near enough to be a slip: at most 2 edits, and fewer than half the name.
 */
export function nearestName(given: string, known: ReadonlyArray<string>): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
  const g = norm(given);
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = editDistance(g, norm(name));
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= 2 && best.d < Math.max(2, g.length / 2) ? best.name : undefined;
}

/** `Did you mean "H100"?`, or undefined when nothing is near. */
export function didYouMean(given: string, known: ReadonlyArray<string>): string | undefined {
  const near = nearestName(given, known);
  return near !== undefined && near !== given ? `Did you mean ${JSON.stringify(near)}?` : undefined;
}

/** How a cloud is named in a sentence: `an AWS region`, `a GCP region`. */
export function aCloud(cloud: Cloud | string): string {
  return cloud === 'aws' ? 'an AWS' : cloud === 'gcp' ? 'a GCP' : `a ${cloud}`;
}

const IDS = Object.keys(ACCELERATORS) as AcceleratorId[];

/** Family names that mean several accelerators: `A100` is either size. */
const FAMILIES: Readonly<Record<string, ReadonlyArray<AcceleratorId>>> = { A100: ['A100-80GB', 'A100-40GB'] };

/** The accelerators a name means (case ignored), or undefined. */
export function resolveAccelerator(name: string): ReadonlyArray<AcceleratorId> | undefined {
  const key = name.trim().toUpperCase();
  const id = IDS.find((x) => x.toUpperCase() === key);
  if (id) return [id];
  const family = Object.keys(FAMILIES).find((f) => f.toUpperCase() === key);
  return family ? FAMILIES[family] : undefined;
}

const ACCELERATOR_NAMES_ALLOWED = `one of ${IDS.join(', ')} (case ignored; A100 means either size)`;

/**
 * Throws the one error type with a "did you mean" when a list of accelerator names
 * (before parsing) holds a name no accelerator has.
 */
export function checkAcceleratorNames(names: unknown, where: string, field = 'accelerators'): void {
  if (!Array.isArray(names)) return;
  names.forEach((name, i) => {
    if (typeof name !== 'string' || resolveAccelerator(name)) return;
    const hint = didYouMean(name, [...IDS, ...Object.keys(FAMILIES)]);
    throw new AiInfraError({ where, field: `${field}.${i}`, given: name, allowed: ACCELERATOR_NAMES_ALLOWED, ...(hint ? { hint } : {}) });
  });
}

/**
 * A list of accelerator names: ids in any case, or `A100` for both sizes; an
 * unknown name gets the allowed list and a "did you mean".
 */
export const AcceleratorNamesSchema = z.array(z.string().min(1)).min(1).transform((names, ctx) => {
  const out: AcceleratorId[] = [];
  names.forEach((name, i) => {
    const ids = resolveAccelerator(name);
    if (ids) {
      out.push(...ids);
      return;
    }
    const hint = didYouMean(name, [...IDS, ...Object.keys(FAMILIES)]);
    ctx.addIssue({ code: 'custom', path: [i], message: ACCELERATOR_NAMES_ALLOWED, ...(hint ? { params: { hint } } : {}) });
  });
  return [...new Set(out)];
});

/**
 * One accelerator by name (case ignored), for a pool that runs on a single
 * accelerator: a family name such as `A100` must say which size.
 */
export const AcceleratorNameSchema = z.string().min(1).transform((name, ctx) => {
  const ids = resolveAccelerator(name);
  if (ids && ids.length === 1) return ids[0];
  const hint = ids ? `Name one size: ${ids.join(' or ')}` : didYouMean(name, IDS);
  ctx.addIssue({ code: 'custom', message: `one of ${IDS.join(', ')} (case ignored)`, ...(hint ? { params: { hint } } : {}) });
  return z.NEVER;
});

/** A known open model's name (case ignored), with "did you mean" for a near miss. */
export const ModelNameSchema = z.string().min(1).superRefine((name, ctx) => {
  if (findModel(name)) return;
  const names = MODELS.map((m) => m.name);
  const hint = didYouMean(name, names);
  ctx.addIssue({ code: 'custom', message: `one of ${names.join(', ')}`, ...(hint ? { params: { hint } } : {}) });
});
