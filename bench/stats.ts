// Timing helpers. Every number the bench reports is a wall-clock duration
// from process.hrtime.bigint(); claims are ratios of numbers from one run.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Milliseconds since `start` (a process.hrtime.bigint() reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `fn` and returns its result with the milliseconds it took. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: msSince(start) };
}

export function median(xs: ReadonlyArray<number>): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Smallest and largest, for the spread column. */
export function spread(xs: ReadonlyArray<number>): [number, number] {
  return [Math.min(...xs), Math.max(...xs)];
}

setFlagsFromString('--expose-gc');
const gcFn = runInNewContext('gc') as (() => void) | undefined;

/** A full collection before a timed section, so garbage from the previous one is not billed to it. */
export function collectGarbage(): void {
  gcFn?.();
}
