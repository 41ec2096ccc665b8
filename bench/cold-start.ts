// 3. Cold type-check and jest time of a one-construct app, in a temporary
// project outside the repo: our GpuCluster from the package index (from source,
// and compiled as npm would ship it), vs the same Terraform written with
// provider classes imported from the package root, and by deep path.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { build as buildOneCluster } from './apps/one-cluster';
import { blocksOf, countByType, generateApp, TfJson } from './replicate';
import { median, msSince } from './stats';

const REPO = path.resolve(__dirname, '..');
const ONE_CLUSTER_SOURCE = path.join(__dirname, 'apps', 'one-cluster.ts');

export type VariantId = 'ours' | 'ours-lib' | 'raw-root' | 'raw-deep';

export const VARIANTS: ReadonlyArray<{ id: VariantId; label: string }> = [
  { id: 'ours', label: "GpuCluster from 'cdktf-ai-infra' → src/index.ts (checked and transformed from source)" },
  { id: 'ours-lib', label: "GpuCluster from 'cdktf-ai-infra' → compiled lib/ (.d.ts + .js, as from npm)" },
  { id: 'raw-root', label: "same resources, provider classes from '@cdktf/provider-aws' root" },
  { id: 'raw-deep', label: "same resources, provider classes by deep path '@cdktf/provider-aws/lib/…'" },
];

export interface ChildRun {
  readonly wallMs: number;
  readonly ok: boolean;
  /** Last lines of output when the run failed. */
  readonly error?: string;
}

export interface TscRun extends ChildRun {
  /** From `tsc --diagnostics`. */
  readonly files?: number;
  readonly memoryKB?: number;
}

export interface VariantResult {
  readonly id: VariantId;
  readonly label: string;
  readonly sourceLines: number;
  readonly tsc: { runs: TscRun[]; medianMs: number; files?: number; memoryKB?: number };
  readonly jest: { runs: ChildRun[]; medianMs: number };
  /** This variant's median ÷ raw-root's and ÷ raw-deep's. */
  readonly ratios: { tscVsRoot: number; jestVsRoot: number; tscVsDeep: number; jestVsDeep: number };
}

export interface ColdStartResult {
  readonly dir: string;
  readonly repetitions: number;
  /** Resources and data sources the app synthesizes (all variants, checked by the jest test). */
  readonly resources: number;
  readonly dataSources: number;
  /** Untimed: compiling src/ into the temporary lib/ the `ours-lib` variant uses. */
  readonly libBuildMs: number;
  readonly variants: VariantResult[];
}

/** What an AWS app loads, by what else is loaded beside it. */
export type LoadVariantId = 'aws-only' | 'plus-google-provider' | 'plus-google-root';

export const LOAD_VARIANTS: ReadonlyArray<{ id: LoadVariantId; label: string }> = [
  { id: 'aws-only', label: 'AWS stack + GpuCluster from lib/ (the google backend is never loaded)' },
  { id: 'plus-google-provider', label: "same, plus '@cdktf/provider-google/lib/provider' (what every stack loaded before the backend seam)" },
  { id: 'plus-google-root', label: "same, plus the '@cdktf/provider-google' root (all Google bindings)" },
];

export interface ModuleLoadRun {
  readonly ok: boolean;
  /** require + construct, in the child process. */
  readonly totalMs: number;
  /** Modules in require.cache after building the stack. */
  readonly modules: number;
  readonly googleModules: number;
  readonly awsModules: number;
  readonly rssMB: number;
  readonly error?: string;
}

export interface ModuleLoadResult {
  readonly id: LoadVariantId;
  readonly label: string;
  readonly runs: ModuleLoadRun[];
  readonly medianMs: number;
  readonly modules: number;
  readonly googleModules: number;
  readonly rssMB: number;
  /** This variant's median time and module count ÷ aws-only's. */
  readonly ratios: { timeVsAwsOnly: number; modulesVsAwsOnly: number };
}

const TEST_FILE = `import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { build } from './main';

test('the app synthesizes the expected Terraform', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'expected.cdk.tf.json'), 'utf8'));
  expect(JSON.parse(Testing.synth(build(Testing.app(), 'bench')))).toEqual(expected);
});
`;

/** The repo's compiler options (so src/ compiles as it does in the repo), made no-emit and non-incremental. */
function compilerOptions(entryTypes: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(REPO, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const base = (JSON.parse(text) as { compilerOptions: Record<string, unknown> }).compilerOptions;
  const { rootDir: _r, outDir: _o, declaration: _d, inlineSourceMap: _m, inlineSources: _s, ...rest } = base;
  return {
    ...rest,
    noEmit: true,
    incremental: false,
    skipLibCheck: true,
    types: ['node'],
    baseUrl: '.',
    paths: { 'cdktf-ai-infra': [entryTypes] },
  };
}

/** Where `cdktf-ai-infra` points for tsc (extensionless) and for jest. */
function packageEntry(dir: string, id: VariantId): { types: string; runtime: string } {
  return id === 'ours-lib'
    ? { types: path.join(dir, 'lib', 'index'), runtime: path.join(dir, 'lib', 'index.js') }
    : { types: path.join(REPO, 'src', 'index.ts'), runtime: path.join(REPO, 'src', 'index.ts') };
}

/** Compiles src/ with the repo's tsconfig into `<dir>/lib` (what `npm publish` would ship). */
function buildLib(dir: string): { ms: number; error?: string } {
  const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = run([tsc, '-p', path.join(REPO, 'tsconfig.json'), '--outDir', path.join(dir, 'lib'), '--incremental', 'false'], REPO);
  return { ms: r.wallMs, error: r.status === 0 && fs.existsSync(path.join(dir, 'lib', 'index.d.ts')) ? undefined : tail(r.out) };
}

function writeProject(dir: string, expected: TfJson, sources: Record<VariantId, string>): void {
  fs.writeFileSync(path.join(dir, 'expected.cdk.tf.json'), JSON.stringify(expected));
  const swcJest = require.resolve('@swc/jest', { paths: [REPO] });
  for (const v of VARIANTS) {
    const vdir = path.join(dir, v.id);
    fs.mkdirSync(vdir);
    fs.writeFileSync(path.join(vdir, 'main.ts'), sources[v.id]);
    fs.writeFileSync(path.join(vdir, 'main.test.ts'), TEST_FILE);
    const entry = packageEntry(dir, v.id);
    fs.writeFileSync(path.join(vdir, 'tsconfig.json'), JSON.stringify({ compilerOptions: compilerOptions(entry.types), files: ['main.ts'] }, null, 2));
    fs.writeFileSync(path.join(vdir, 'jest.config.json'), JSON.stringify({
      rootDir: vdir,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/*.test.ts'],
      transform: { '^.+\\.tsx?$': swcJest },
      moduleNameMapper: { '^cdktf-ai-infra$': entry.runtime },
      watchman: false,
      cache: false,
    }, null, 2));
  }
}

function run(args: string[], cwd: string): { wallMs: number; status: number | null; out: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: 'true', FORCE_COLOR: '0' } });
  return { wallMs: msSince(start), status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

const tail = (out: string) => out.trim().split('\n').slice(-15).join('\n');

function runTsc(vdir: string): TscRun {
  const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = run([tsc, '-p', path.join(vdir, 'tsconfig.json'), '--noEmit', '--incremental', 'false', '--diagnostics'], vdir);
  const num = (label: string) => {
    const m = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(r.out);
    return m ? Number(m[1]) : undefined;
  };
  return { wallMs: r.wallMs, ok: r.status === 0, error: r.status === 0 ? undefined : tail(r.out), files: num('Files'), memoryKB: num('Memory used') };
}

function runJest(vdir: string): ChildRun {
  const jest = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
  const r = run([jest, '--config', path.join(vdir, 'jest.config.json'), '--no-cache', '--runInBand', '--ci'], vdir);
  return { wallMs: r.wallMs, ok: r.status === 0, error: r.status === 0 ? undefined : tail(r.out) };
}

const LOAD_SCRIPT = `const started = process.hrtime.bigint();
const preload = process.argv[2];
if (preload === 'plus-google-provider') require('@cdktf/provider-google/lib/provider');
if (preload === 'plus-google-root') require('@cdktf/provider-google');
const { Testing } = require('cdktf');
const { AiInfraStack, GpuCluster } = require('./lib/index.js');
const stack = new AiInfraStack(Testing.app(), 'bench', {
  cloud: 'aws', region: 'us-east-1', namePrefix: 'bench',
  tags: { project: 'bench', environment: 'bench', costCenter: 'cc-1' }, aws: { accountId: '123456789012' },
});
new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
const files = Object.keys(require.cache);
console.log(JSON.stringify({
  totalMs,
  modules: files.length,
  googleModules: files.filter((f) => f.includes('@cdktf/provider-google')).length,
  awsModules: files.filter((f) => f.includes('@cdktf/provider-aws')).length,
  rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
}));
`;

/** Runs the load script of one variant in a fresh node process. */
function runLoad(dir: string, id: LoadVariantId): ModuleLoadRun {
  const r = run([path.join(dir, 'load.js'), id], dir);
  const line = r.out.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) return { ok: false, totalMs: NaN, modules: 0, googleModules: 0, awsModules: 0, rssMB: 0, error: tail(r.out) };
  return { ok: true, ...(JSON.parse(line) as Omit<ModuleLoadRun, 'ok'>) };
}

/** What the module-load part measured, and where. */
export interface ModuleLoadBench {
  readonly dir: string;
  readonly repetitions: number;
  readonly variants: ModuleLoadResult[];
}

/**
 * Module-load effect of the per-cloud backends: src/ compiled to a temporary
 * lib/ (as npm ships it), then each variant in a fresh node process,
 * interleaved; medians and ratios to aws-only.
 */
export function benchModuleLoad(repetitions: number): ModuleLoadBench {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-ai-infra-load-'));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const lib = buildLib(dir);
  if (lib.error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`bench/cold-start: compiling src/ into a temporary lib/ failed:\n${lib.error}`);
  }
  fs.writeFileSync(path.join(dir, 'load.js'), LOAD_SCRIPT);
  const runs = new Map<LoadVariantId, ModuleLoadRun[]>(LOAD_VARIANTS.map((v) => [v.id, []]));
  for (let r = 0; r < Math.max(3, repetitions); r++) for (const v of LOAD_VARIANTS) runs.get(v.id)!.push(runLoad(dir, v.id));
  const summary = (id: LoadVariantId) => {
    const ok = runs.get(id)!.filter((x) => x.ok);
    const first = ok[0];
    return {
      medianMs: median(ok.map((x) => x.totalMs)),
      modules: first?.modules ?? 0,
      googleModules: first?.googleModules ?? 0,
      rssMB: first?.rssMB ?? 0,
    };
  };
  const base = summary('aws-only');
  const variants = LOAD_VARIANTS.map((v) => {
    const m = summary(v.id);
    const ratios = { timeVsAwsOnly: m.medianMs / base.medianMs, modulesVsAwsOnly: m.modules / base.modules };
    return { id: v.id, label: v.label, runs: runs.get(v.id)!, ...m, ratios };
  });
  return { dir, repetitions: Math.max(3, repetitions), variants };
}

export function benchColdStart(repetitions: number): ColdStartResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-ai-infra-bench-'));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const lib = buildLib(dir);
  if (lib.error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`bench/cold-start: compiling src/ into a temporary lib/ failed:\n${lib.error}`);
  }
  const expected = JSON.parse(Testing.synth(buildOneCluster(Testing.app(), 'bench'))) as TfJson;
  const blocks = blocksOf(expected);
  const sources: Record<VariantId, string> = {
    'ours': fs.readFileSync(ONE_CLUSTER_SOURCE, 'utf8'),
    'ours-lib': fs.readFileSync(ONE_CLUSTER_SOURCE, 'utf8'),
    'raw-root': generateApp(blocks, 'root'),
    'raw-deep': generateApp(blocks, 'deep'),
  };
  writeProject(dir, expected, sources);

  const tscRuns = new Map<VariantId, TscRun[]>(VARIANTS.map((v) => [v.id, []]));
  const jestRuns = new Map<VariantId, ChildRun[]>(VARIANTS.map((v) => [v.id, []]));
  // Interleaved (tsc a, b, c, then jest a, b, c) so drift hits every variant alike.
  for (let r = 0; r < repetitions; r++) {
    for (const v of VARIANTS) tscRuns.get(v.id)!.push(runTsc(path.join(dir, v.id)));
    for (const v of VARIANTS) jestRuns.get(v.id)!.push(runJest(path.join(dir, v.id)));
  }

  const medians = (id: VariantId) => ({ tsc: median(tscRuns.get(id)!.map((x) => x.wallMs)), jest: median(jestRuns.get(id)!.map((x) => x.wallMs)) });
  const root = medians('raw-root');
  const deep = medians('raw-deep');
  const variants = VARIANTS.map((v): VariantResult => {
    const tsc = tscRuns.get(v.id)!;
    const jest = jestRuns.get(v.id)!;
    const m = medians(v.id);
    return {
      id: v.id,
      label: v.label,
      sourceLines: sources[v.id].split('\n').length,
      tsc: { runs: tsc, medianMs: m.tsc, files: tsc[0].files, memoryKB: tsc[0].memoryKB },
      jest: { runs: jest, medianMs: m.jest },
      ratios: { tscVsRoot: m.tsc / root.tsc, jestVsRoot: m.jest / root.jest, tscVsDeep: m.tsc / deep.tsc, jestVsDeep: m.jest / deep.jest },
    };
  });
  const counts = Object.entries(countByType(expected));
  return {
    dir,
    repetitions,
    resources: counts.filter(([t]) => !t.startsWith('data.')).reduce((a, [, n]) => a + n, 0),
    dataSources: counts.filter(([t]) => t.startsWith('data.')).reduce((a, [, n]) => a + n, 0),
    libBuildMs: lib.ms,
    variants,
  };
}

// ---- the CLI's cold start ------------------------------------------------------------------

/** The `select` the CLI bench runs (an AWS pretraining job of 64 GPUs, the help's first example). */
export const CLI_SELECT_ARGS = ['select', '--cloud', 'aws', '--purpose', 'pretraining', '--gpus', '64'];

/** Printed to stderr at exit: how many modules the process loaded, by package (ours = not under node_modules). */
const COUNT_MODULES = `process.on('exit', () => {
  const files = Object.keys(require.cache);
  const byPackage = {};
  for (const f of files) {
    const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f);
    const k = m ? m[1] : 'ours';
    byPackage[k] = (byPackage[k] || 0) + 1;
  }
  process.stderr.write('MODULES ' + JSON.stringify({ total: files.length, byPackage }) + '\\n');
});
`;

const CLI_VARIANTS = [
  { id: 'node -e 0', label: 'a bare node process: the floor', args: ['-e', '0'] },
  { id: 'require zod', label: 'node loading zod alone (the planning layer validates with it)', args: ['-e', 'require("zod")'] },
  { id: 'ai-infra select', label: `lib/cli/main.js ${CLI_SELECT_ARGS.join(' ')}`, args: ['lib/cli/main.js', ...CLI_SELECT_ARGS] },
] as const;
type CliVariantId = (typeof CLI_VARIANTS)[number]['id'];

export interface CliBench {
  readonly dir: string;
  readonly repetitions: number;
  readonly variants: ReadonlyArray<{
    readonly id: CliVariantId;
    readonly label: string;
    readonly medianMs: number;
    readonly runsMs: ReadonlyArray<number>;
    /** ÷ `node -e 0`, median of the per-round ratios (each round runs every variant once, back to back). */
    readonly ratioToNode: number;
    readonly modules: { total: number; byPackage: Record<string, number> };
    readonly ok: boolean;
    readonly error?: string;
  }>;
}

/**
 * The CLI's cold start: `ai-infra select` from a compiled lib/ against a bare
 * `node -e 0`, interleaved in rounds, with the modules each loads.
 */
export function benchCli(repetitions: number): CliBench {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-ai-infra-cli-'));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const lib = buildLib(dir);
  if (lib.error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`bench/cold-start: compiling src/ into a temporary lib/ failed:\n${lib.error}`);
  }
  fs.writeFileSync(path.join(dir, 'count-modules.js'), COUNT_MODULES);
  const runs = new Map<CliVariantId, Array<{ ms: number; ok: boolean; out: string }>>(CLI_VARIANTS.map((v) => [v.id, []]));
  const rounds = Math.max(5, repetitions);
  for (let r = 0; r < rounds; r++) {
    for (const v of CLI_VARIANTS) {
      const x = run([...v.args], dir);
      runs.get(v.id)!.push({ ms: x.wallMs, ok: x.status === 0, out: x.out });
    }
  }
  const base = runs.get('node -e 0')!;
  const variants = CLI_VARIANTS.map((v) => {
    const xs = runs.get(v.id)!;
    const counted = run(['-r', './count-modules.js', ...v.args], dir);
    const line = counted.out.split('\n').find((l) => l.startsWith('MODULES '));
    const failed = xs.find((x) => !x.ok);
    return {
      id: v.id,
      label: v.label,
      medianMs: median(xs.map((x) => x.ms)),
      runsMs: xs.map((x) => x.ms),
      ratioToNode: median(xs.map((x, i) => x.ms / base[i].ms)),
      modules: line ? (JSON.parse(line.slice('MODULES '.length)) as { total: number; byPackage: Record<string, number> }) : { total: 0, byPackage: {} },
      ok: failed === undefined,
      ...(failed ? { error: tail(failed.out) } : {}),
    };
  });
  return { dir, repetitions: rounds, variants };
}
