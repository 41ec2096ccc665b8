// `npm run bench [-- --quick] [-- --only planning,synth,cold,load]`
// Prints the tables and writes bench/results/latest.json. No assertions: the
// claims are ratios of numbers measured in this one run (see docs/bench.md).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchColdStart, benchModuleLoad, ColdStartResult, ModuleLoadBench } from './cold-start';
import { benchDecisions, DecisionBenchResult } from './decisions';
import { benchPlanning, PlanningResult } from './planning';
import { msSince } from './stats';
import { benchSynth, SynthResult } from './synth';

const PARTS = ['decisions', 'planning', 'synth', 'cold', 'load'] as const;
type Part = (typeof PARTS)[number];

interface Settings {
  readonly quick: boolean;
  readonly parts: ReadonlyArray<Part>;
  readonly planningSamples: number;
  readonly synthRepetitions: number;
  readonly coldRepetitions: number;
}

function settings(argv: ReadonlyArray<string>): Settings {
  const quick = argv.includes('--quick');
  const onlyAt = argv.indexOf('--only');
  const parts = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',') : [...PARTS];
  const unknown = parts.filter((p) => !(PARTS as ReadonlyArray<string>).includes(p));
  if (unknown.length > 0) throw new Error(`bench: --only takes ${PARTS.join(',')}, got ${unknown.join(',')}`);
  return {
    quick,
    parts: parts as Part[],
    planningSamples: quick ? 3 : 5,
    synthRepetitions: quick ? 3 : 7,
    coldRepetitions: quick ? 1 : 3,
  };
}

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: path.resolve(__dirname, '..'), encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    commit: git(['rev-parse', 'HEAD']) || 'unknown',
    uncommittedChanges: git(['status', '--porcelain']) !== '',
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

// ---- formatting ---------------------------------------------------------------

function table(headers: string[], rows: string[][], rightAligned: ReadonlyArray<number> = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const ratio = (n: number) => (n >= 0.01 ? `${n.toFixed(2)}×` : `${n.toExponential(1)}×`);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function printDecisions(r: DecisionBenchResult): void {
  console.log(`\n0. Decisions — selectInstance vs an exhaustive search over the catalog (oracle from docs/planning.md), ${r.requests} seeded requests (seed ${r.seed})`);
  console.log(
    table(
      ['measure', 'count', 'share'],
      [
        ['agreement with the oracle (same type, region, nodes; or both infeasible)', String(r.agreements), `${(r.agreementRate * 100).toFixed(1)} %`],
        ['infeasible answers', String(r.infeasible), `${((r.infeasible / r.requests) * 100).toFixed(1)} %`],
        ['  ... with a hint (a verified relaxation)', String(r.withHint), `${r.infeasible ? ((r.withHint / r.infeasible) * 100).toFixed(1) : '100.0'} %`],
        ['  ... whose hint, applied, is feasible', String(r.hintFeasible), `${(r.hintFeasibleRate * 100).toFixed(1)} %`],
      ],
      [1, 2],
    ),
  );
  for (const d of r.disagreements) {
    console.log(`  disagreement: ${JSON.stringify(d.request)} → selectInstance ${JSON.stringify(d.selected)}, oracle ${JSON.stringify(d.oracle)}`);
  }
}

function printPlanning(r: ReadonlyArray<PlanningResult>): void {
  console.log(`\n1. Planning throughput — pure functions, warmed up, median of ${r[0]?.samples ?? 0} samples of a fixed iteration count`);
  console.log(table(
    ['function', 'call', 'iterations', 'ops/s', 'µs/op', 'ops/s ÷ sizeModel'],
    r.map((x) => [x.name, x.call, int(x.iterations), int(x.opsPerSec), x.usPerOp.toFixed(2), ratio(x.ratioToSizeModel)]),
    [2, 3, 4, 5],
  ));
}

function printSynth(r: SynthResult): void {
  console.log(`\n2. Synth — 1 GpuCluster + ${r.pools} WarmInferencePools (AiInfraStack) vs the same Terraform with provider classes (TerraformStack)`);
  console.log(`  stacks: ${r.stacks.map((s) => `${s.id} (${s.resources} resources, ${s.dataSources} data sources)`).join(', ')}`);
  console.log(`  same on both sides: ${r.resources} resources + ${r.dataSources} data sources over ${Object.keys(r.byType).length} types; cdk.tf.json identical: ${r.identicalJson ? 'yes' : 'NO'}`);
  console.log(`  median of ${r.repetitions} repetitions, each in a fresh process: warm-up of both sides, then one timed run of each (alternating who goes first)`);
  console.log(table(
    ['step', 'ours ms', 'raw ms', 'ours ÷ raw'],
    [
      ['build the construct tree', ms(r.ours.buildMs), ms(r.raw.buildMs), ratio(r.ratio.build)],
      ['Testing.synth (all stacks)', ms(r.ours.synthMs), ms(r.raw.synthMs), ratio(r.ratio.synth)],
      ['build + synth', ms(r.ours.totalMs), ms(r.raw.totalMs), ratio(r.ratio.total)],
      ['  range of build + synth', `${ms(r.ours.totalRangeMs[0])}–${ms(r.ours.totalRangeMs[1])}`, `${ms(r.raw.totalRangeMs[0])}–${ms(r.raw.totalRangeMs[1])}`, ''],
    ],
    [1, 2, 3],
  ));
  const o = r.phases.ours;
  const w = r.phases.raw;
  const phaseRow = (label: string, a: number, b: number) => [label, ms(a), ms(b), ratio(a / b), ms(a - b)];
  console.log('  where the time goes (one more run per side and process, split by phase; median):');
  console.log(table(
    ['phase', 'ours ms', 'raw ms', 'ours ÷ raw', 'ours − raw ms'],
    [
      phaseRow('constructors (props validation, planning, backends)', o.buildMs, w.buildMs),
      phaseRow('aspects (policy pack collects resources)', o.aspectsMs, w.aspectsMs),
      phaseRow('node validations (policy rules run, budget guard)', o.validationsMs, w.validationsMs),
      phaseRow('toTerraform + JSON.stringify', o.toTerraformMs, w.toTerraformMs),
    ],
    [1, 2, 3, 4],
  ));
}

function printColdStart(r: ColdStartResult): void {
  console.log(`\n3. Cold start of a one-construct app (${r.resources} resources, ${r.dataSources} data sources), in ${r.dir}`);
  console.log(`  tsc --noEmit --incremental false (skipLibCheck); jest --no-cache --runInBand with @swc/jest, one test that synthesizes the app; median of ${r.repetitions}`);
  console.log(`  (ours-lib: src/ compiled to ${r.dir}/lib first, in ${(r.libBuildMs / 1000).toFixed(1)} s, not timed)`);
  console.log(table(
    ['variant', 'lines', 'tsc files', 'tsc MB', 'tsc ms', 'jest ms', 'tsc ÷ root', 'jest ÷ root', 'tsc ÷ deep', 'jest ÷ deep', 'ok'],
    r.variants.map((v) => [
      v.id,
      String(v.sourceLines),
      v.tsc.files === undefined ? '?' : int(v.tsc.files),
      v.tsc.memoryKB === undefined ? '?' : int(v.tsc.memoryKB / 1024),
      ms(v.tsc.medianMs),
      ms(v.jest.medianMs),
      ratio(v.ratios.tscVsRoot),
      ratio(v.ratios.jestVsRoot),
      ratio(v.ratios.tscVsDeep),
      ratio(v.ratios.jestVsDeep),
      [...v.tsc.runs, ...v.jest.runs].every((x) => x.ok) ? 'yes' : 'NO',
    ]),
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  ));
  for (const v of r.variants) console.log(`  ${v.id.padEnd(8)}  ${v.label}`);
  for (const v of r.variants) {
    for (const x of [...v.tsc.runs, ...v.jest.runs]) if (!x.ok) console.log(`  ${v.id} failed:\n${x.error}`);
  }
}

function printModuleLoad(r: ModuleLoadBench): void {
  console.log('\n4. Loading the library and building an AWS stack with a GpuCluster (compiled lib/, fresh node process each run)');
  console.log(`  median of ${r.repetitions}, interleaved; modules = require.cache entries after the stack is built; in ${r.dir}`);
  console.log(table(
    ['variant', 'modules', 'google modules', 'RSS MB', 'ms', 'ms ÷ aws-only', 'modules ÷ aws-only', 'ok'],
    r.variants.map((v) => [
      v.id,
      int(v.modules),
      int(v.googleModules),
      int(v.rssMB),
      ms(v.medianMs),
      ratio(v.ratios.timeVsAwsOnly),
      ratio(v.ratios.modulesVsAwsOnly),
      v.runs.every((x) => x.ok) ? 'yes' : 'NO',
    ]),
    [1, 2, 3, 4, 5, 6],
  ));
  for (const v of r.variants) console.log(`  ${v.id.padEnd(20)}  ${v.label}`);
  for (const v of r.variants) for (const x of v.runs) if (!x.ok) console.log(`  ${v.id} failed:\n${x.error}`);
}

// ---- main -------------------------------------------------------------------------

async function main(): Promise<void> {
  const s = settings(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const m = machine();
  console.log(`cdktf-ai-infra bench${s.quick ? ' (--quick)' : ''} — ${new Date().toISOString()}`);
  console.log(`  commit ${m.commit}${m.uncommittedChanges ? ' (with uncommitted changes)' : ''}; node ${m.node}; ${m.platform}`);
  console.log(`  ${m.cpus} × ${m.cpuModel}; ${m.totalMemGiB} GiB RAM; load average ${m.loadAverageAtStart.join(' ')}`);
  console.log('  Read the ratios: absolute times depend on the machine and on what else runs on it.');

  const result: Record<string, unknown> = { machine: m, settings: s, startedAt: new Date().toISOString() };
  if (s.parts.includes('decisions')) {
    const decisions = benchDecisions(1000);
    printDecisions(decisions);
    result.decisions = decisions;
  }
  if (s.parts.includes('planning')) {
    const planning = benchPlanning(s.planningSamples);
    printPlanning(planning);
    result.planning = planning;
  }
  if (s.parts.includes('synth')) {
    const synth = benchSynth(s.synthRepetitions);
    printSynth(synth);
    result.synth = synth;
  }
  if (s.parts.includes('cold')) {
    const cold = benchColdStart(s.coldRepetitions);
    printColdStart(cold);
    result.coldStart = cold;
    fs.rmSync(cold.dir, { recursive: true, force: true });
  }
  if (s.parts.includes('load')) {
    const load = benchModuleLoad(s.coldRepetitions);
    printModuleLoad(load);
    result.moduleLoad = load;
    fs.rmSync(load.dir, { recursive: true, force: true });
  }

  const wallSeconds = msSince(started) / 1000;
  result.wallSeconds = wallSeconds;
  const loadAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  result.loadAverageAtEnd = loadAtEnd;
  const out = path.join(__dirname, 'results', 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nbench took ${wallSeconds.toFixed(1)} s; load average now ${loadAtEnd.join(' ')}; results in ${path.relative(process.cwd(), out)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
