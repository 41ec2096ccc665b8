/**
 * Checks the import graph of src/: no cycles (value or type imports), and
 * the layer rules of docs/architecture.md (the eslint zones enforce the same
 * per file; this script sees whole cycles). Exit code 1 on a finding.
 *
 *   npx tsx scripts/check-imports.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const SRC = path.resolve(__dirname, '..', 'src');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Resolves a relative import to a file of src/, or undefined for packages. */
function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  return undefined;
}

/** Every relative import of a file: static imports, re-exports, `require('...')` and `import('...')` types. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => resolve(file, f.fileName)).filter((f): f is string => f !== undefined);
}

const files = filesUnder(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(SRC, f);

// Cycles: depth-first search with colours; report each back edge's cycle once.
const cycles: string[][] = [];
const state = new Map<string, 'open' | 'done'>();
const stack: string[] = [];
function visit(f: string): void {
  state.set(f, 'open');
  stack.push(f);
  for (const g of graph.get(f) ?? []) {
    if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g].map(rel));
    else if (!state.has(g)) visit(g);
  }
  stack.pop();
  state.set(f, 'done');
}
for (const f of files) if (!state.has(f)) visit(f);

// Layers: folder -> folders of ours it must not import.
const FORBIDDEN: Record<string, ReadonlyArray<string>> = {
  catalog: ['planning', 'core', 'constructs', 'aws', 'gcp', 'kubernetes', 'policy', 'stacks', 'cli'],
  planning: ['core', 'constructs', 'aws', 'gcp', 'kubernetes', 'policy', 'stacks', 'cli'],
  core: ['constructs', 'aws', 'gcp', 'kubernetes', 'policy', 'stacks', 'cli'],
  kubernetes: ['constructs', 'aws', 'gcp', 'policy', 'stacks', 'cli'],
  aws: ['constructs', 'gcp', 'stacks', 'cli'],
  gcp: ['constructs', 'aws', 'stacks', 'cli'],
  policy: ['constructs', 'aws', 'gcp', 'kubernetes', 'stacks', 'cli'],
};
const layer = (f: string) => rel(f).split(path.sep)[0];
const violations: string[] = [];
for (const [f, deps] of graph) {
  const banned = FORBIDDEN[layer(f)] ?? [];
  for (const d of deps) if (banned.includes(layer(d))) violations.push(`${rel(f)} imports ${rel(d)} (${layer(f)} must not import ${layer(d)})`);
}

const edges = [...graph.values()].reduce((n, d) => n + d.length, 0);
console.log(`src/: ${files.length} files, ${edges} relative imports; ${cycles.length} cycle(s), ${violations.length} layer violation(s)`);
for (const c of cycles) console.log(`cycle: ${c.join(' -> ')}`);
for (const v of violations) console.log(`layer: ${v}`);
process.exitCode = cycles.length + violations.length > 0 ? 1 : 0;
