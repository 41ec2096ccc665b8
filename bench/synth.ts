// 2. Synth cost of a large stack: our constructs vs the same Terraform written
// with the provider classes directly. Each repetition runs both sides in one
// fresh process (bench/synth-child.ts); the parent takes medians.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { blocksOf, countByType, diffJson, instantiate, loadClasses, prepare, PreparedBlock, TfJson } from './replicate';
import { collectGarbage, median, msSince, spread } from './stats';
import { countTokens } from './tokens';
import { GpuCluster } from '../src/constructs/gpu-cluster';
import { AiInfraStack } from '../src/constructs/stack';
import { WarmInferencePool } from '../src/constructs/warm-inference-pool';

/** The stack sizes the bench synthesizes. */
export const POOL_COUNTS = [100, 1000] as const;
/** Types the cluster is planned for: a 4 × L40S inference box and an 8 × H100 one. */
export const POOL_TYPES = ['g6e.12xlarge', 'p5.48xlarge'] as const;
/**
 * What the pools serve, alternating: the pools name no type, so the decision
 * core sizes the model and selects the type, as users do. Two models, so two
 * distinct requests however many pools.
 */
export const POOL_MODELS = [
  { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8 },
  { id: 'meta-llama/Llama-3.1-70B-Instruct', paramsBillions: 70 },
] as const;

export interface SideTiming {
  /** Construct tree built (constructors: validation, planning, backends). Median ms. */
  readonly buildMs: number;
  /** Testing.synth of every stack of the app (aspects incl. the policy pack, validations, toTerraform, JSON). Median ms. */
  readonly synthMs: number;
  /** build + synth, median of the per-repetition sums. */
  readonly totalMs: number;
  readonly totalRangeMs: [number, number];
}

/** Where synth time goes, measured in separate repetitions (median ms). */
export interface SynthPhases {
  readonly buildMs: number;
  /** invokeAspects: our policy pack (and any other aspect). */
  readonly aspectsMs: number;
  /** node validations (policy findings as errors, budget guard). */
  readonly validationsMs: number;
  /** stack.toTerraform() and JSON.stringify (Testing.synth also sorts keys, so its total is a little higher). */
  readonly toTerraformMs: number;
}

/** cdktf tokens created (bench/tokens.ts), in one build and one synth of the whole app. */
export interface TokenCounts {
  readonly build: number;
  readonly synth: number;
  /** Mean stack frames per token captured in the build (a capture costs more the deeper the stack). */
  readonly framesPerToken: number;
}

export interface SynthResult {
  readonly pools: number;
  /** Tokens created per side (from the first repetition; the count is deterministic). */
  readonly tokens: { ours: TokenCounts; raw: TokenCounts };
  /** Fresh processes, one repetition each. */
  readonly repetitions: number;
  readonly stacks: ReadonlyArray<{ id: string; resources: number; dataSources: number }>;
  /** Resources + data sources per Terraform type, summed over stacks (identical on both sides). */
  readonly byType: Record<string, number>;
  readonly resources: number;
  readonly dataSources: number;
  /** Whether the raw side's cdk.tf.json equals ours, stack by stack (checked in every repetition; a difference aborts the bench). */
  readonly identicalJson: boolean;
  readonly ours: SideTiming;
  readonly raw: SideTiming;
  /** ours ÷ raw. */
  readonly ratio: { build: number; synth: number; total: number };
  readonly phases: { ours: SynthPhases; raw: SynthPhases };
}

const stacksOf = (app: App) => app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);

/** The large stack: one GpuCluster and `pools` WarmInferencePools whose types the decision core selects, model server off. */
export function buildOurs(pools: number): App {
  const app = Testing.app();
  const stack = new AiInfraStack(app, 'bench', {
    cloud: 'aws',
    region: 'us-east-1',
    namePrefix: 'bench',
    tags: { project: 'bench', environment: 'bench', costCenter: 'cc-1' },
    aws: { accountId: '123456789012' },
  });
  const cluster = new GpuCluster(stack, 'Cluster', { instanceTypes: [...POOL_TYPES] });
  for (let i = 0; i < pools; i++) {
    new WarmInferencePool(stack, `pool-${i}`, {
      cluster,
      model: POOL_MODELS[i % POOL_MODELS.length],
      minNodes: 1,
      maxNodes: 4,
      deployModelServer: false,
    });
  }
  return app;
}

function buildRaw(prepared: ReadonlyArray<[string, PreparedBlock[]]>): App {
  const app = Testing.app();
  for (const [id, blocks] of prepared) instantiate(new TerraformStack(app, id), blocks);
  return app;
}

const synthAll = (app: App): string[] => stacksOf(app).map((s) => Testing.synth(s, true));

function measure(build: () => App): { buildMs: number; synthMs: number } {
  collectGarbage();
  const t0 = process.hrtime.bigint();
  const app = build();
  const buildMs = msSince(t0);
  collectGarbage();
  const t1 = process.hrtime.bigint();
  synthAll(app);
  return { buildMs, synthMs: msSince(t1) };
}

function measurePhases(build: () => App): SynthPhases {
  collectGarbage();
  const t0 = process.hrtime.bigint();
  const app = build();
  const buildMs = msSince(t0);
  const stacks = stacksOf(app);
  collectGarbage();
  const t1 = process.hrtime.bigint();
  for (const s of stacks) invokeAspects(s);
  const aspectsMs = msSince(t1);
  const t2 = process.hrtime.bigint();
  for (const s of stacks) s.runAllValidations();
  const validationsMs = msSince(t2);
  const t3 = process.hrtime.bigint();
  for (const s of stacks) JSON.stringify(s.toTerraform());
  return { buildMs, aspectsMs, validationsMs, toTerraformMs: msSince(t3) };
}

function medianPhases(xs: ReadonlyArray<SynthPhases>): SynthPhases {
  return {
    buildMs: median(xs.map((x) => x.buildMs)),
    aspectsMs: median(xs.map((x) => x.aspectsMs)),
    validationsMs: median(xs.map((x) => x.validationsMs)),
    toTerraformMs: median(xs.map((x) => x.toTerraformMs)),
  };
}

function side(samples: ReadonlyArray<{ buildMs: number; synthMs: number }>): SideTiming {
  const totals = samples.map((s) => s.buildMs + s.synthMs);
  return {
    buildMs: median(samples.map((s) => s.buildMs)),
    synthMs: median(samples.map((s) => s.synthMs)),
    totalMs: median(totals),
    totalRangeMs: spread(totals),
  };
}

/** What one fresh process measures: one timed build + synth per side, and one phase-split run per side. */
export interface SynthRepetition {
  readonly order: ReadonlyArray<'ours' | 'raw'>;
  readonly ours: { buildMs: number; synthMs: number };
  readonly raw: { buildMs: number; synthMs: number };
  readonly phases: { ours: SynthPhases; raw: SynthPhases };
  readonly stacks: ReadonlyArray<{ id: string; resources: number; dataSources: number }>;
  readonly byType: Record<string, number>;
  readonly tokens: { ours: TokenCounts; raw: TokenCounts };
}

/**
 * One repetition, meant to run in a fresh process (bench/synth-child.ts):
 * cdktf keeps every token it ever made in a process-wide map
 * (`global.__cdktfTokenMap`), so each app built in a process leaves ~15 MB
 * behind and slows the next ones. A fresh
 * process per repetition keeps that drift out of the numbers.
 */
export async function synthRepetition(oursFirst: boolean, pools: number): Promise<SynthRepetition> {
  // Reference synth: what the raw side must reproduce. Also the warm-up of our side, and its token count.
  const reference = countTokens(() => buildOurs(pools));
  const ids = stacksOf(reference.value).map((s) => s.node.id);
  const referenceSynth = countTokens(() => synthAll(reference.value));
  const refJson: TfJson[] = referenceSynth.value.map((s) => JSON.parse(s));
  const perStackBlocks = refJson.map(blocksOf);
  const classes = await loadClasses(perStackBlocks.flat());
  const prepared = ids.map((id, i): [string, PreparedBlock[]] => [id, prepare(perStackBlocks[i], classes)]);

  // Warm-up of the raw side, and the equivalence check.
  const rawApp = countTokens(() => buildRaw(prepared));
  const rawSynth = countTokens(() => synthAll(rawApp.value));
  const rawJson = rawSynth.value.map((s) => JSON.parse(s) as TfJson);
  const tokens = {
    ours: { build: reference.tokens, synth: referenceSynth.tokens, framesPerToken: reference.frames / reference.tokens },
    raw: { build: rawApp.tokens, synth: rawSynth.tokens, framesPerToken: rawApp.frames / rawApp.tokens },
  };
  const diffs = refJson.flatMap((j, i) => diffJson(j, rawJson[i]).map((d) => `${ids[i]}: ${d}`));
  if (diffs.length > 0) {
    throw new Error(`bench/synth: the raw stack differs from ours at ${diffs.length} paths, e.g. ${diffs.slice(0, 5).join('; ')}`);
  }

  const order: Array<'ours' | 'raw'> = oursFirst ? ['ours', 'raw'] : ['raw', 'ours'];
  const builders = { ours: () => buildOurs(pools), raw: () => buildRaw(prepared) };
  const timings: Partial<Record<'ours' | 'raw', { buildMs: number; synthMs: number }>> = {};
  for (const which of order) timings[which] = measure(builders[which]);
  const phases: Partial<Record<'ours' | 'raw', SynthPhases>> = {};
  for (const which of order) phases[which] = measurePhases(builders[which]);

  const byType: Record<string, number> = {};
  for (const j of refJson) for (const [t, n] of Object.entries(countByType(j))) byType[t] = (byType[t] ?? 0) + n;
  const stacks = refJson.map((j, i) => {
    const counts = Object.entries(countByType(j));
    return {
      id: ids[i],
      resources: counts.filter(([t]) => !t.startsWith('data.')).reduce((a, [, n]) => a + n, 0),
      dataSources: counts.filter(([t]) => t.startsWith('data.')).reduce((a, [, n]) => a + n, 0),
    };
  });
  return { order, ours: timings.ours!, raw: timings.raw!, phases: { ours: phases.ours!, raw: phases.raw! }, stacks, byType, tokens };
}

const CHILD_MARKER = 'BENCH_SYNTH_RESULT ';

/** Entry of bench/synth-child.ts: one repetition, its result on stdout. */
export async function synthChildMain(argv: ReadonlyArray<string>): Promise<void> {
  const rep = await synthRepetition(argv[0] !== 'raw-first', Number(argv[1]));
  process.stdout.write(`${CHILD_MARKER}${JSON.stringify(rep)}\n`);
}

/** `repetitions` fresh processes, alternating which side goes first; medians over them. */
export function benchSynth(repetitions: number, pools: number): SynthResult {
  const repo = path.resolve(__dirname, '..');
  const tsx = require.resolve('tsx/cli', { paths: [repo] });
  const reps: SynthRepetition[] = [];
  for (let r = 0; r < repetitions; r++) {
    const child = spawnSync(
      process.execPath,
      [tsx, '--tsconfig', path.join(repo, 'tsconfig.dev.json'), path.join(__dirname, 'synth-child.ts'), r % 2 === 0 ? 'ours-first' : 'raw-first', String(pools)],
      { cwd: repo, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith(CHILD_MARKER));
    if (child.status !== 0 || !line) throw new Error(`bench/synth: repetition ${r} failed:\n${child.stdout}${child.stderr}`);
    reps.push(JSON.parse(line.slice(CHILD_MARKER.length)) as SynthRepetition);
  }
  const o = side(reps.map((x) => x.ours));
  const w = side(reps.map((x) => x.raw));
  const stacks = reps[0].stacks;
  return {
    pools,
    tokens: reps[0].tokens,
    repetitions,
    stacks,
    byType: reps[0].byType,
    resources: stacks.reduce((a, s) => a + s.resources, 0),
    dataSources: stacks.reduce((a, s) => a + s.dataSources, 0),
    identicalJson: true,
    ours: o,
    raw: w,
    ratio: { build: o.buildMs / w.buildMs, synth: o.synthMs / w.synthMs, total: o.totalMs / w.totalMs },
    phases: { ours: medianPhases(reps.map((x) => x.phases.ours)), raw: medianPhases(reps.map((x) => x.phases.raw)) },
  };
}
