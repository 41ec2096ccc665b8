#!/usr/bin/env node
import * as fs from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ACCELERATORS, instanceTypesFor } from '../catalog';
import { AiInfraError } from '../errors';
import { formatReport, readManifests } from '../manifest';
import { DIAGRAM_HELP, DIAGRAM_OPTIONS, runDiagram } from './diagram';
import { commandHelp, TOP_HELP } from './help';
import { INIT_HELP, INIT_OPTIONS, runInit } from './init';
import { formatMarkdownReport } from './markdown';
import { renderPlace, renderSelect, renderSize } from './render';
import { didYouMean, resolveAccelerator } from '../planning/names';
import { checkRegion, placeWorkload } from '../planning/placement';
import type { CompliancePolicy, RegionCandidate } from '../planning/placement';
import { selectInstance } from '../planning/selection';
import type { SelectionRequest } from '../planning/selection';
import { planParallelism, sizeModel } from '../planning/sizing';
import type { SizingRequest } from '../planning/sizing';

/** Where the CLI writes. Tests pass collectors; `main` passes the process streams. */
export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

/** Exit codes: 0 success, 1 internal error, 2 bad input or infeasible request. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

/** Version of the `--json` documents; bumped on a breaking change of their shape. */
export const JSON_SCHEMA_VERSION = 1;

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean };
type Options = Record<string, OptionSpec>;

const COMMON: Options = {
  json: { type: 'boolean' },
  help: { type: 'boolean' },
};

const SIZING_OPTIONS: Options = {
  'model': { type: 'string' },
  'model-params': { type: 'string' },
  'precision': { type: 'string' },
  'purpose': { type: 'string' },
  'seq-len': { type: 'string' },
  'concurrency': { type: 'string' },
  'micro-batch': { type: 'string' },
  'layers': { type: 'string' },
  'hidden-size': { type: 'string' },
  'attention-heads': { type: 'string' },
  'kv-heads': { type: 'string' },
};

/** Sizing flags that mean nothing without --model or --model-params (`--purpose` also filters types in select). */
const SIZING_ONLY_FLAGS = ['precision', 'seq-len', 'concurrency', 'micro-batch', 'layers', 'hidden-size', 'attention-heads', 'kv-heads'] as const;

const COMMAND_OPTIONS: Record<Command, Options> = {
  report: { ...COMMON, alternatives: { type: 'string' }, markdown: { type: 'boolean' } },
  init: { ...COMMON, ...INIT_OPTIONS },
  diagram: { ...COMMON, ...DIAGRAM_OPTIONS },
  size: { ...COMMON, ...SIZING_OPTIONS, accelerator: { type: 'string' }, gpus: { type: 'string' } },
  select: {
    ...COMMON,
    ...SIZING_OPTIONS,
    'cloud': { type: 'string' },
    'gpus': { type: 'string' },
    'accelerator': { type: 'string', multiple: true },
    'min-gpu-memory': { type: 'string' },
    'multi-node': { type: 'boolean' },
    'single-node': { type: 'boolean' },
    'fabric': { type: 'string' },
    'min-fabric-gbps': { type: 'string' },
    'spot': { type: 'boolean' },
    'purchase': { type: 'string' },
    'max-hourly-usd': { type: 'string' },
    'region': { type: 'string', multiple: true },
  },
  place: {
    ...COMMON,
    'cloud': { type: 'string' },
    'jurisdiction': { type: 'string', multiple: true },
    'program': { type: 'string', multiple: true },
    'allow-region': { type: 'string', multiple: true },
    'deny-region': { type: 'string', multiple: true },
    'accelerator': { type: 'string', multiple: true },
    'instance-type': { type: 'string', multiple: true },
    'prefer-region': { type: 'string', multiple: true },
    'purchase': { type: 'string' },
    'region': { type: 'string' },
  },
};

/** Planning field paths → the flag a CLI user typed. */
const FLAG_FOR_FIELD: Record<string, string> = {
  'cloud': '--cloud',
  'purpose': '--purpose',
  'totalGpus': '--gpus',
  'model': '--model',
  'modelParamsBillions': '--model-params',
  'attentionHeads': '--attention-heads',
  'kvHeads': '--kv-heads',
  'precision': '--precision',
  'sequenceLength': '--seq-len',
  'concurrency': '--concurrency',
  'microBatchSize': '--micro-batch',
  'layers': '--layers',
  'hiddenSize': '--hidden-size',
  'accelerators': '--accelerator',
  'minGpuMemoryGiB': '--min-gpu-memory',
  'multiNode': '--multi-node',
  'fabricFloor': '--fabric',
  'minFabricGbps': '--min-fabric-gbps',
  'spot': '--spot',
  'purchase': '--purchase',
  'maxHourlyUsd': '--max-hourly-usd',
  'regions': '--region',
  'region': '--region',
  'policy.jurisdictions': '--jurisdiction',
  'policy.programs': '--program',
  'policy.allowRegions': '--allow-region',
  'policy.denyRegions': '--deny-region',
  'instanceTypes': '--instance-type',
  'preferRegions': '--prefer-region',
};

type Values = Record<string, string | boolean | string[] | undefined>;

type Command = 'size' | 'select' | 'place' | 'report' | 'init' | 'diagram';
const COMMANDS: ReadonlyArray<Command> = ['size', 'select', 'place', 'report', 'init', 'diagram'];
/** Commands that take one positional argument (a path). */
const PATH_COMMANDS: ReadonlyArray<Command> = ['report', 'init', 'diagram'];
/** Help of the commands that live in their own files. */
const OWN_HELP: Partial<Record<Command, string>> = { init: INIT_HELP, diagram: DIAGRAM_HELP };

/**
 * Runs the `ai-infra` command line and returns the exit code. Never throws and
 * never exits the process, so tests can call it directly.
 */
export function runCli(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(TOP_HELP);
      return EXIT_OK;
    }
    if (command === '--version' || command === '-v') {
      io.out(version());
      return EXIT_OK;
    }
    if (!COMMANDS.includes(command as Command)) {
      throw new AiInfraError({
        where: 'ai-infra',
        field: '',
        given: command,
        allowed: '',
        message: `unknown command ${JSON.stringify(command)}; commands are ${COMMANDS.join(', ')} (see ai-infra --help)`,
      });
    }
    const where = `ai-infra ${command}`;
    const values = parse(command as Command, rest, where);
    if (values.help) {
      io.out(OWN_HELP[command as Command] ?? commandHelp(command as Exclude<Command, 'init' | 'diagram'>));
      return EXIT_OK;
    }
    const json = values.json === true;
    try {
      if (command === 'report') runReport(values, where, json, io);
      else if (command === 'init') runInit(values, where, (s) => io.out(s));
      else if (command === 'diagram') runDiagram(values, where, (s) => io.out(s));
      else if (command === 'size') runSize(values, where, json, io);
      else if (command === 'select') runSelect(values, where, json, io);
      else runPlace(values, where, json, io);
    } catch (e) {
      throw e instanceof AiInfraError ? toFlagError(e, where) : e;
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof AiInfraError) {
      io.err(`error: ${oneLine(e.message)}`);
      return EXIT_USAGE;
    }
    io.err(`internal error: ${oneLine(e instanceof Error ? e.message : String(e))}`);
    return EXIT_INTERNAL;
  }
}

function parse(command: Command, args: string[], where: string): Values {
  const options = COMMAND_OPTIONS[command];
  try {
    const { values, positionals, tokens } = parseArgs({
      args: joinDashValues(args, options), options, strict: true, allowPositionals: true, tokens: true,
    });
    const counts = new Map<string, number>();
    for (const t of tokens) if (t.kind === 'option') counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    for (const [name, count] of counts) {
      const spec = options[name];
      if (spec && spec.type === 'string' && !spec.multiple && count > 1) {
        throw new AiInfraError({ where, field: `--${name}`, given: `${count} times`, allowed: 'given once (it takes one value; the last would silently win)' });
      }
    }
    if (PATH_COMMANDS.includes(command) && positionals.length <= 1) return { ...(values as Values), path: positionals[0] };
    if (positionals.length) {
      throw new AiInfraError({ where, field: '', given: positionals, allowed: '', message: `unexpected argument ${JSON.stringify(positionals[0])} (see ${where} --help)` });
    }
    return values as Values;
  } catch (e) {
    if (e instanceof AiInfraError) throw e;
    const code = (e as { code?: string }).code;
    const message = e instanceof Error ? e.message : String(e);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
      throw new AiInfraError({ where, field: '', given: flag, allowed: '', message: `unknown option ${flag} (see ${where} --help)` });
    }
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      throw new AiInfraError({ where, field: '', given: args, allowed: '', message: `${message.split('\n')[0]} (see ${where} --help)` });
    }
    throw e;
  }
}

/** `--gpus -3` would read as a missing value; pass it as `--gpus=-3` so validation can say what is allowed. */
function joinDashValues(args: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    const next = args[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** `ai-infra report [cdktf.out]`: what was decided and what it costs, read from the manifests; no app is re-run. */
function runReport(v: Values, where: string, json: boolean, io: CliIo): void {
  const target = str(v.path) ?? 'cdktf.out';
  const manifests = readManifests(target, where);
  if (v.markdown === true) {
    if (json) throw new AiInfraError({ where, field: '', given: undefined, allowed: '', message: '--markdown and --json exclude each other' });
    io.out(formatMarkdownReport(manifests, fs.statSync(target).isDirectory() ? target : undefined));
    return;
  }
  if (json) {
    io.out(JSON.stringify({ schemaVersion: 1, stacks: manifests }, null, 2));
    return;
  }
  const alternatives = num(v.alternatives, '--alternatives', where);
  if (alternatives !== undefined && (!Number.isInteger(alternatives) || alternatives < 0 || alternatives > 1000)) {
    throw new AiInfraError({ where, field: '--alternatives', given: v.alternatives, allowed: 'a whole number from 0 to 1000' });
  }
  io.out(formatReport(manifests, alternatives === undefined ? {} : { alternatives }));
}

function runSize(v: Values, where: string, json: boolean, io: CliIo): void {
  const req = sizingRequest(v, where, true) as SizingRequest;
  const sizing = sizeModel(req, where);
  const accelerator = str(v.accelerator);
  if (accelerator === undefined && v.gpus !== undefined) {
    throw new AiInfraError({ where, field: '--gpus', given: v.gpus, allowed: 'given only with --accelerator (it sizes the parallelism plan on that accelerator)' });
  }
  let plan;
  let typeName: string | undefined;
  if (accelerator !== undefined) {
    const ids = resolveAccelerator(accelerator);
    const types = (['aws', 'gcp'] as const).flatMap((c) => instanceTypesFor(c)).filter((t) => ids?.includes(t.accelerator));
    if (types.length === 0) {
      const known = [...new Set((['aws', 'gcp'] as const).flatMap((c) => instanceTypesFor(c)).map((t) => t.accelerator))];
      const hint = didYouMean(accelerator, [...known, 'A100']);
      throw new AiInfraError({ where, field: '--accelerator', given: accelerator, allowed: `one of ${known.join(', ')} (case ignored; A100 means either size)`, ...(hint ? { hint } : {}) });
    }
    const biggest = [...types].sort((a, b) => b.acceleratorsPerNode - a.acceleratorsPerNode || b.nvlinkDomainSize - a.nvlinkDomainSize)[0];
    typeName = biggest.name;
    const gpus = num(v.gpus, '--gpus', where);
    plan = planParallelism(
      sizing,
      {
        acceleratorMemoryGiB: ACCELERATORS[biggest.accelerator].memoryGiB,
        acceleratorsPerNode: biggest.acceleratorsPerNode,
        nvlinkDomainSize: Math.min(biggest.nvlinkDomainSize, biggest.acceleratorsPerNode),
        ...(gpus !== undefined ? { totalGpus: gpus } : {}),
      },
      where,
    );
  }
  if (json) {
    io.out(JSON.stringify({ command: 'size', version: JSON_SCHEMA_VERSION, sizing, parallelism: plan ? { instanceType: typeName, ...plan } : null }, null, 2));
  } else {
    io.out(renderSize(sizing, plan, typeName));
  }
}

function runSelect(v: Values, where: string, json: boolean, io: CliIo): void {
  const described = v['model-params'] !== undefined || v.model !== undefined;
  if (v.gpus === undefined && !described) {
    throw new AiInfraError({ where, field: '--gpus', given: undefined, allowed: 'a whole number >= 1 (or give --model or --model-params, --precision and --purpose to derive it)' });
  }
  const sizing = described ? sizingRequest(v, where, false) : undefined;
  if (!sizing) {
    const orphan = SIZING_ONLY_FLAGS.find((flag) => v[flag] !== undefined);
    if (orphan) throw new AiInfraError({ where, field: `--${orphan}`, given: v[orphan], allowed: 'given only with --model or --model-params (it describes the model to size)' });
  }
  const singleNode = v['single-node'] === true;
  if (singleNode && v['multi-node'] === true) {
    throw new AiInfraError({ where, field: '', given: undefined, allowed: '', message: '--multi-node and --single-node exclude each other' });
  }
  const req: Record<string, unknown> = {
    cloud: str(v.cloud),
    purpose: sizing ? undefined : str(v.purpose),
    totalGpus: num(v.gpus, '--gpus', where),
    sizing,
    accelerators: listOf(v.accelerator),
    minGpuMemoryGiB: num(v['min-gpu-memory'], '--min-gpu-memory', where),
    multiNode: v['multi-node'] === true ? true : singleNode ? false : undefined,
    fabricFloor: str(v.fabric),
    minFabricGbps: num(v['min-fabric-gbps'], '--min-fabric-gbps', where),
    spot: v.spot === true ? true : undefined,
    purchase: str(v.purchase),
    maxHourlyUsd: num(v['max-hourly-usd'], '--max-hourly-usd', where),
    regions: listOf(v.region),
  };
  const result = selectInstance(dropUndefined(req) as SelectionRequest, where);
  if (json) {
    io.out(JSON.stringify(selectJson(result), null, 2));
  } else {
    io.out(renderSelect(result));
  }
}

function runPlace(v: Values, where: string, json: boolean, io: CliIo): void {
  const policy = dropUndefined({
    jurisdictions: listOf(v.jurisdiction),
    programs: listOf(v.program),
    allowRegions: listOf(v['allow-region']),
    denyRegions: listOf(v['deny-region']),
  }) as CompliancePolicy;
  const cloud = str(v.cloud);
  const region = str(v.region);
  if (region !== undefined) {
    if (v.accelerator !== undefined) {
      throw new AiInfraError({ where, field: '', given: undefined, allowed: '', message: 'with --region, name the types with --instance-type (--accelerator is for choosing a region)' });
    }
    const checked = checkRegion(dropUndefined({ cloud, region, policy, instanceTypes: listOf(v['instance-type']) }) as never, where);
    const doc = {
      command: 'place',
      version: JSON_SCHEMA_VERSION,
      mode: 'check',
      cloud,
      region: checked.region,
      zones: checked.zones,
      instanceTypes: checked.instanceTypes,
      candidates: [candidateJson(checked)],
      excluded: [],
      notes: [],
    };
    io.out(json ? JSON.stringify(doc, null, 2) : `${where}: ${checked.region} (${checked.location}, ${checked.jurisdiction}) satisfies the policy; zones ${checked.zones.join(', ')}`);
    return;
  }
  const result = placeWorkload(
    dropUndefined({
      cloud, policy, instanceTypes: listOf(v['instance-type']), accelerators: listOf(v.accelerator), preferRegions: listOf(v['prefer-region']), purchase: str(v.purchase),
    }) as never,
    where,
  );
  if (json) {
    io.out(JSON.stringify({ command: 'place', version: JSON_SCHEMA_VERSION, mode: 'place', ...result, candidates: result.candidates.map(candidateJson) }, null, 2));
  } else {
    io.out(renderPlace(result));
  }
}

function candidateJson(c: RegionCandidate) {
  return { ...c, usdPerGpuHour: c.usdPerGpuHour ?? null };
}

function sizingRequest(v: Values, where: string, requirePurpose: boolean): Record<string, unknown> {
  const purpose = str(v.purpose);
  if (purpose === undefined && (requirePurpose || v['model-params'] !== undefined || v.model !== undefined)) {
    throw new AiInfraError({ where, field: '--purpose', given: undefined, allowed: 'one of "pretraining", "full-fine-tune", "lora", "inference" (required with --model or --model-params)' });
  }
  const model = str(v.model);
  return dropUndefined({
    model,
    modelParamsBillions: num(v['model-params'], '--model-params', where) ?? (model === undefined ? missing('--model-params', 'a number of parameters in billions (e.g. 8 or 70), or give --model', where) : undefined),
    precision: str(v.precision) ?? missing('--precision', 'one of "fp32", "bf16", "fp16", "fp8", "int8", "int4"', where),
    purpose,
    sequenceLength: num(v['seq-len'], '--seq-len', where),
    concurrency: num(v.concurrency, '--concurrency', where),
    microBatchSize: num(v['micro-batch'], '--micro-batch', where),
    layers: num(v.layers, '--layers', where),
    hiddenSize: num(v['hidden-size'], '--hidden-size', where),
    attentionHeads: num(v['attention-heads'], '--attention-heads', where),
    kvHeads: num(v['kv-heads'], '--kv-heads', where),
  });
}

function missing(flag: string, allowed: string, where: string): never {
  throw new AiInfraError({ where, field: flag, given: undefined, allowed });
}

function str(v: string | boolean | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A decimal number, optionally with `_` between digits (`1_000`) and an exponent (`1e3`); not hex, octal, binary or Infinity. */
const DECIMAL = /^[+-]?(?:\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?$/;

function num(v: string | boolean | string[] | undefined, flag: string, where: string): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  const n = DECIMAL.test(t) ? Number(t.replace(/_/g, '')) : NaN;
  if (!Number.isFinite(n)) throw new AiInfraError({ where, field: flag, given: v, allowed: 'a number', hint: 'Write it in decimal (8, 0.5, 1e3, 1_000); hex, octal, binary and Infinity are not numbers here' });
  return n;
}

/** Repeatable flags also take comma lists: `--region us-east-1,us-west-2`. */
function listOf(v: string | boolean | string[] | undefined): string[] | undefined {
  if (v === undefined || typeof v === 'boolean') return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  return items;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, val]) => val !== undefined));
}

/** Rewrites a planning error so it names the flag the user typed instead of the request field. */
function toFlagError(e: AiInfraError, where: string): AiInfraError {
  const standard = `${e.where}: ${e.field} must be ${e.allowed}, got ${e.given}${e.hint ? `. ${e.hint}` : ''}`;
  const key = e.field.replace(/^sizing\./, '').replace(/\.\d+$/, '');
  const flag = FLAG_FOR_FIELD[key];
  if (!e.field || !flag || e.message !== standard) {
    return e.where === where ? e : new AiInfraError({ where, field: e.field, given: e.given, allowed: e.allowed, message: e.message.replace(`${e.where}: `, ''), hint: undefined });
  }
  return new AiInfraError({ where, field: flag, given: e.given, allowed: e.allowed, message: `${flag} must be ${e.allowed}, got ${e.given}`, ...(e.hint ? { hint: e.hint } : {}) });
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}

function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The `--json` document of `ai-infra select` (schema in docs/cli.md). */
export function selectJson(result: ReturnType<typeof selectInstance>) {
  const candidate = (c: (typeof result.ranked)[number]) => ({
    cloud: c.cloud,
    type: c.type.name,
    family: c.type.family,
    accelerator: c.accelerator,
    gpusPerNode: c.gpusPerNode,
    nodes: c.nodes,
    gpus: c.gpus,
    region: c.region,
    usdPerHour: c.priceUnknown ? null : c.usdPerHour,
    jobUsdPerHour: c.priceUnknown ? null : c.jobUsdPerHour,
    usdPerPflopHour: c.priceUnknown ? null : c.usdPerPflopHour,
    priceBasis: c.priceBasis,
    priceRegion: c.priceRegion ?? null,
    priceSource: c.priceSource,
    priceAsOf: c.priceAsOf,
    priceUnconfirmed: c.priceUnconfirmed,
    priceUnknown: c.priceUnknown,
    purchase: c.purchase,
    fabric: c.fabric,
    fabricGbps: c.fabricGbps,
    multiNode: c.multiNode,
    parallelism: c.parallelism
      ? {
        tensorParallel: c.parallelism.tensorParallel,
        pipelineParallel: c.parallelism.pipelineParallel,
        dataParallel: c.parallelism.dataParallel,
        gpusPerReplica: c.parallelism.gpusPerReplica,
        nodesPerReplica: c.parallelism.nodesPerReplica,
        perGpuGB: c.parallelism.perGpuGB,
        usablePerGpuGB: c.parallelism.usablePerGpuGB,
      }
      : null,
    reason: c.reason,
  });
  return {
    command: 'select',
    version: JSON_SCHEMA_VERSION,
    rankedBy: result.rankedBy,
    chosen: candidate(result.chosen),
    ranked: result.ranked.map(candidate),
    rejected: result.rejected.map((r) => ({
      cloud: r.cloud,
      type: r.type,
      reason: r.reason,
      constraints: r.failures.map((f) => f.constraint),
      jobUsdPerHour: r.jobUsdPerHour ?? null,
    })),
    notes: result.notes,
    sizing: result.sizing
      ? {
        weightsGB: result.sizing.weightsGB,
        gradientsGB: result.sizing.gradientsGB,
        optimizerGB: result.sizing.optimizerGB,
        activationsGB: result.sizing.activationsGB,
        kvCacheGB: result.sizing.kvCacheGB,
        overheadGB: result.sizing.overheadGB,
        totalGB: result.sizing.totalGB,
      }
      : null,
  };
}

if (require.main === module) {
  process.exit(runCli(process.argv.slice(2), { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) }));
}
