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
