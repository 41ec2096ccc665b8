/**
 * `ai-infra compare <intent-file>`: one intent, both clouds. The intent is a
 * reference stack's props (JSON or the YAML subset of ./yaml-subset). For each
 * cloud the reference stack is built and synthesized in a throwaway App whose
 * output goes to a temporary directory; what is printed comes from that
 * stack's manifest and its constructs, so it cannot disagree with `cdktf synth`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { z } from 'zod';
import { ACCELERATORS, findInstanceType } from '../catalog';
import type { Cloud } from '../catalog/types';
import type { SpotTrainingPool } from '../constructs/spot-training-pool';
import type { AiInfraStack } from '../constructs/stack';
import type { WarmInferencePool } from '../constructs/warm-inference-pool';
import { AiInfraError, parseOrThrow } from '../errors';
import { AiInfraManifest, MANIFEST_FILE } from '../manifest';
import { parseYamlSubset, YamlSubsetError } from './yaml-subset';
import { DistributedTrainingStack } from '../stacks/distributed-training';
import { FeaturePlatformStack } from '../stacks/feature-platform';
import { InferenceServingStack } from '../stacks/inference-serving';

/** Version of the `compare --json` document; bumped on a breaking change of its shape. */
export const COMPARE_SCHEMA_VERSION = 1;

export const COMPARE_HELP = `Usage: ai-infra compare <intent-file> [--json]

Builds one intent on AWS and on Google Cloud and prints, side by side: the
chosen types and fabric, the model split (TP x PP), the region under the
compliance policy, the monthly cost by line, the policy opt-outs and what
could not be met. An intent only one cloud can meet says why the other cannot.

The intent file (JSON, or YAML in the subset docs/cli.md describes) holds a
reference stack's props without \`cloud\`: \`training\` (DistributedTrainingStack),
\`serving\` (InferenceServingStack) or \`features\` (FeaturePlatformStack), with
\`budget\` and optionally \`compliance\`, \`storage\`, \`retrieval\`, \`cluster\`,
\`observability\`, \`policy\`, \`namePrefix\`, \`tags\`; \`aws\` / \`gcp\` hold each
cloud's own settings, including \`region\` (else placement chooses one).

Each stack is synthesized in memory (a temporary directory), with the budget
and the policy pack in warn mode so both estimates are shown: what cdktf synth
would refuse is listed under "not met".

Flags:
  --json                      print JSON (schema in docs/cli.md)
  --help                      show this help

Example:
  ai-infra compare chat.yaml`;

const REFERENCE_STACKS = {
  training: 'DistributedTrainingStack',
  serving: 'InferenceServingStack',
  features: 'FeaturePlatformStack',
} as const;
type StackKind = keyof typeof REFERENCE_STACKS;

/** Props whose object value may hold `aws` / `gcp` blocks; compare gives each cloud only its own. */
const WITH_CLOUD_BLOCKS = ['cluster', 'observability', 'budget', 'retrieval', 'features'] as const;

/** Stand-ins for identity fields an intent may leave out: they name the account, never change a decision or a price. */
export const PLACEHOLDERS = {
  awsAccountId: '000000000000',
  gcpProjectId: 'ai-infra-compare',
  gcpProjectNumber: '100000000000',
  gcpBillingAccountId: '000000-000000-000000',
  /** An EKS cluster needs an administrator (the creator gets no access): a role in the placeholder or given account. */
  awsAdminRoleName: 'platform-admin',
} as const;

const object = z.record(z.string(), z.unknown());

const intentSchema = z
  .object({
    namePrefix: z.string().optional(),
    tags: object.optional(),
    compliance: object.optional(),
    policy: object.optional(),
    aws: z.object({ accountId: z.string().optional(), region: z.string().min(1).optional() }).strict().optional(),
    gcp: z
      .object({ projectId: z.string().optional(), projectNumber: z.string().optional(), region: z.string().min(1).optional() })
      .strict()
      .optional(),
    training: object.optional(),
    serving: object.optional(),
    features: object.optional(),
    storage: z.union([object, z.literal(false)]).optional(),
    retrieval: object.optional(),
    cluster: object.optional(),
    observability: z.union([object, z.literal(false)]).optional(),
    budget: object,
  })
  .strict()
  .superRefine((p, ctx) => {
    const kinds = (Object.keys(REFERENCE_STACKS) as StackKind[]).filter((k) => p[k] !== undefined);
    const choice = 'training (DistributedTrainingStack), serving (InferenceServingStack) or features (FeaturePlatformStack)';
    if (kinds.length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: `an intent with one of ${choice}` });
      return;
    }
    if (kinds.length > 1) {
      ctx.addIssue({ code: 'custom', path: [kinds[1]], message: `absent when ${kinds[0]} is given (an intent builds one reference stack: ${choice})` });
      return;
    }
    const only: Array<[string, StackKind[]]> = [['storage', ['training']], ['retrieval', ['serving']], ['cluster', ['training', 'serving']], ['observability', ['training', 'serving']]];
    for (const [key, stacks] of only) {
      if ((p as Record<string, unknown>)[key] !== undefined && !stacks.includes(kinds[0])) {
        ctx.addIssue({ code: 'custom', path: [key], message: `absent with ${kinds[0]} (${REFERENCE_STACKS[kinds[0]]} takes no ${key})` });
      }
    }
  });

type Intent = z.output<typeof intentSchema>;

/** One GPU pool as built on one cloud. */
export interface ComparedPool {
  readonly component: string;
  readonly role: 'training' | 'inference';
  readonly instanceTypes: string[];
  readonly accelerator: string;
  readonly acceleratorMemoryGiB: number;
  readonly gpusPerNode: number;
  /** Training: nodes of the job. Inference: the warm floor. */
  readonly minNodes: number;
  /** Training: nodes of the job. Inference: the ceiling. */
  readonly maxNodes: number;
  readonly fabric: string;
  readonly fabricGbps: number;
  readonly tensorParallel: number | null;
  readonly pipelineParallel: number | null;
  readonly gpusPerReplica: number | null;
  /** The model's memory as sized (GB), or null without a model. */
  readonly modelGB: number | null;
}

/** One cost line of one cloud's estimate (component relative to the stack). */
export interface ComparedCostLine {
  readonly component: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly monthlyUsd: number;
  readonly basis: string;
  readonly note: string | null;
}

/** What one cloud made of the intent (`met: false` carries the error instead). */
export interface ComparedCloud {
  readonly cloud: Cloud;
  /** Whether the stack could be built at all. */
  readonly met: boolean;
  /** The AiInfraError line when `met` is false. */
  readonly error: string | null;
  readonly region: string | null;
  readonly zones: string[];
  readonly pools: ComparedPool[];
  readonly decisions: Array<{ component: string; topic: string; chosen: string }>;
  readonly cost: {
    readonly hoursPerMonth: number;
    readonly estimatedMonthlyUsd: number;
    readonly lines: ComparedCostLine[];
  } | null;
  readonly optOuts: Array<{ kind: 'policy-suppression' | 'decision'; component: string; id: string; reason: string }>;
  readonly notMet: Array<{ kind: 'budget' | 'policy-finding' | 'unpriced' | 'warning'; message: string }>;
}

/** The `compare --json` document (docs/cli.md). */
export interface CompareResult {
  readonly command: 'compare';
  readonly version: number;
  readonly intent: { readonly file: string; readonly stack: string; readonly name: string };
  readonly placeholders: Array<{ cloud: Cloud; field: string; value: string }>;
  readonly clouds: ComparedCloud[];
}

/** Runs `ai-infra compare`: `file` is the intent; output goes to `out`. Throws AiInfraError on bad input. */
export function runCompare(file: string | undefined, where: string, json: boolean, out: (s: string) => void): void {
  const result = compareIntent(readIntent(file, where), file as string, where);
  const failed = result.clouds.filter((c) => !c.met);
  if (failed.length === result.clouds.length) {
    // Both stacks have the same id, so the same mistake reads the same on both clouds.
    const message = failed[0].error === failed[1].error
      ? `the intent is invalid on both clouds: ${failed[0].error}`
      : `neither cloud can meet the intent: ${failed.map((c) => `${c.cloud}: ${c.error}`).join('; ')}`;
    throw new AiInfraError({ where, field: '', given: file, allowed: '', message });
  }
  out(json ? JSON.stringify(result, null, 2) : renderCompare(result));
}

/** Reads and validates an intent file (JSON, or the YAML subset by extension or content). */
export function readIntent(file: string | undefined, where: string): Intent {
  if (file === undefined) {
    throw new AiInfraError({ where, field: '<intent-file>', given: undefined, allowed: 'the path of an intent file (JSON or YAML; see ai-infra compare --help)' });
  }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    throw new AiInfraError({ where, field: '<intent-file>', given: file, allowed: 'an existing intent file (JSON or YAML)' });
  }
  const text = fs.readFileSync(file, 'utf8');
  const isJson = /\.json$/i.test(file) || (!/\.ya?ml$/i.test(file) && /^\s*[{[]/.test(text));
  let raw: unknown;
  try {
    raw = isJson ? JSON.parse(text) : parseYamlSubset(text);
  } catch (e) {
    const reason = e instanceof YamlSubsetError ? e.message : (e as Error).message.split('\n')[0];
    throw new AiInfraError({ where, field: '', given: file, allowed: '', message: `${file} is not valid ${isJson ? 'JSON' : 'YAML (the subset docs/cli.md describes)'}: ${reason}` });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AiInfraError({ where, field: '', given: file, allowed: '', message: `${file} must hold one object (a reference stack's props), got ${Array.isArray(raw) ? 'a list' : JSON.stringify(raw)}` });
  }
  const misplaced: Record<string, string> = {
    region: 'given per cloud, as aws.region and gcp.region (a region names one cloud\'s region), or left to placement',
    cloud: 'left out: compare builds the intent on both clouds',
  };
  for (const [key, allowed] of Object.entries(misplaced)) {
    if (key in raw) throw new AiInfraError({ where, field: key, given: (raw as Record<string, unknown>)[key], allowed, message: `${file}: ${key} must be ${allowed}` });
  }
  try {
    return parseOrThrow(intentSchema, raw, file);
  } catch (e) {
    // Keep the file in the message and the command as `where` (the CLI prints errors of its own command as they are).
    if (e instanceof AiInfraError) throw new AiInfraError({ where, field: e.field, given: e.given, allowed: e.allowed, message: e.message });
    throw e;
  }
}

/** Builds the intent on each cloud in a throwaway App and reads back what was made. */
export function compareIntent(intent: Intent, file: string, where: string): CompareResult {
  const kind = (Object.keys(REFERENCE_STACKS) as StackKind[]).find((k) => intent[k] !== undefined)!;
  const name = intent.namePrefix ?? 'compare';
  const placeholders: CompareResult['placeholders'] = [];
  const clouds = (['aws', 'gcp'] as const).map((cloud) => buildOn(cloud, kind, name, intent, placeholders, where));
  return { command: 'compare', version: COMPARE_SCHEMA_VERSION, intent: { file, stack: REFERENCE_STACKS[kind], name }, placeholders, clouds };
}

function buildOn(cloud: Cloud, kind: StackKind, name: string, intent: Intent, placeholders: CompareResult['placeholders'], where: string): ComparedCloud {
  const props = stackProps(cloud, name, intent, placeholders);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `ai-infra-compare-${cloud}-`));
  try {
    const app = new App({ outdir, stackTraces: false });
    let stack: AiInfraStack;
    try {
      stack = kind === 'training'
        ? new DistributedTrainingStack(app, name, props as never)
        : kind === 'serving'
          ? new InferenceServingStack(app, name, props as never)
          : new FeaturePlatformStack(app, name, props as never);
      app.synth();
    } catch (e) {
      if (e instanceof AiInfraError) return unmet(cloud, oneLine(e.message));
      // cdktf reports failed construct validations as one Error; they are the user's to fix, like an AiInfraError.
      if (e instanceof Error && e.message.startsWith('Validation failed')) return unmet(cloud, oneLine(e.message));
      throw new AiInfraError({ where, field: '', given: cloud, allowed: '', message: `building the intent on ${cloud} failed unexpectedly: ${oneLine(e instanceof Error ? e.message : String(e))}` });
    }
    const manifest = readStackManifest(outdir, name);
    return describe(cloud, stack, manifest);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Training and serving stacks build a cluster; the feature platform does not. */
function hasCluster(props: Record<string, unknown>): boolean {
  return props.training !== undefined || props.serving !== undefined;
}

/** The reference stack's props for one cloud: the other cloud's blocks dropped, placeholders for missing identity, budget and policy in warn mode. */
function stackProps(cloud: Cloud, name: string, intent: Intent, placeholders: CompareResult['placeholders']): Record<string, unknown> {
  const other: Cloud = cloud === 'aws' ? 'gcp' : 'aws';
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(intent)) {
    if (key === 'aws' || key === 'gcp' || value === undefined) continue;
    props[key] = (WITH_CLOUD_BLOCKS as ReadonlyArray<string>).includes(key) && typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== other))
      : value;
  }
  props.cloud = cloud;
  props.namePrefix = name;
  props.tags = intent.tags ?? { project: name, environment: 'compare', costCenter: 'compare' };
  if (cloud === 'aws') {
    const accountId = intent.aws?.accountId ?? note(placeholders, cloud, 'aws.accountId', PLACEHOLDERS.awsAccountId);
    props.aws = { accountId };
    if (intent.aws?.region) props.region = intent.aws.region;
    const cluster = (props.cluster ?? {}) as Record<string, unknown>;
    const clusterAws = (cluster.aws ?? {}) as Record<string, unknown>;
    const adminGiven = [clusterAws.adminPrincipalArns, cluster.adminPrincipalArns, clusterAws.clusterCreatorAdmin].some((v) => v !== undefined);
    if (hasCluster(props) && !adminGiven) {
      const admin = note(placeholders, cloud, 'cluster.aws.adminPrincipalArns', `arn:aws:iam::${accountId}:role/${PLACEHOLDERS.awsAdminRoleName}`);
      props.cluster = { ...cluster, aws: { ...clusterAws, adminPrincipalArns: [admin] } };
    }
  } else {
    const projectId = intent.gcp?.projectId ?? note(placeholders, cloud, 'gcp.projectId', PLACEHOLDERS.gcpProjectId);
    const projectNumber = intent.gcp?.projectNumber ?? note(placeholders, cloud, 'gcp.projectNumber', PLACEHOLDERS.gcpProjectNumber);
    props.gcp = { projectId, projectNumber };
    if (intent.gcp?.region) props.region = intent.gcp.region;
    const budgetGcp = (intent.budget.gcp ?? {}) as Record<string, unknown>;
    if (budgetGcp.billingAccountId === undefined) {
      props.budget = { ...(props.budget as object), gcp: { ...budgetGcp, billingAccountId: note(placeholders, cloud, 'budget.gcp.billingAccountId', PLACEHOLDERS.gcpBillingAccountId) } };
    }
  }
  props.budget = { ...(props.budget as object), onOverBudget: 'warn' };
  props.policy = { ...(intent.policy ?? {}), level: 'warn' };
  return props;
}

function note(placeholders: CompareResult['placeholders'], cloud: Cloud, field: string, value: string): string {
  placeholders.push({ cloud, field, value });
  return value;
}

function readStackManifest(outdir: string, stackName: string): AiInfraManifest {
  const file = path.join(outdir, 'stacks', stackName, MANIFEST_FILE);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as AiInfraManifest;
}

function unmet(cloud: Cloud, error: string): ComparedCloud {
  return { cloud, met: false, error, region: null, zones: [], pools: [], decisions: [], cost: null, optOuts: [], notMet: [] };
}

/**
 * Decisions the text table shows beside the pools: what each store, file
 * system and the budget check became. Every decision is in `--json`.
 */
const TABLE_TOPICS = /^(vector-engine|vector-capacity|lustre-capacity|lustre-zone|metrics-collector|log-retention|budget-check)$|^feature-store|online-store|offline-store/;

function describe(cloud: Cloud, stack: AiInfraStack, m: AiInfraManifest): ComparedCloud {
  const strip = (p: string) => p.startsWith(`${m.stack}/`) ? p.slice(m.stack.length + 1) : p;
  const pools: ComparedPool[] = [];
  if (stack instanceof DistributedTrainingStack) pools.push(trainingPool(cloud, stack.pool, strip));
  if (stack instanceof InferenceServingStack) pools.push(inferencePool(cloud, stack.pool, strip));
  const budgetWarnings = m.warnings.filter((w) => / limitUsd must be at least /.test(w));
  return {
    cloud,
    met: true,
    error: null,
    region: m.region,
    zones: [...m.placementZones],
    pools,
    decisions: m.decisions.map((d) => ({ component: strip(d.construct), topic: d.topic, chosen: d.chosen })),
    cost: {
      hoursPerMonth: m.cost.hoursPerMonth,
      estimatedMonthlyUsd: m.cost.estimatedMonthlyUsd,
      lines: m.cost.lines.map((l) => ({
        component: strip(l.component),
        item: l.item,
        quantity: l.quantity,
        unit: l.unit,
        monthlyUsd: l.monthlyUsd,
        basis: l.basis,
        note: l.note ?? null,
      })),
    },
    optOuts: [
      ...m.policy.suppressed.map((s) => ({ kind: 'policy-suppression' as const, component: strip(s.path), id: s.ruleId, reason: s.reason ?? '' })),
      ...m.decisions.filter((d) => /^OPT-OUT\b/.test(d.reason)).map((d) => ({ kind: 'decision' as const, component: strip(d.construct), id: d.topic, reason: d.reason })),
    ],
    notMet: [
      ...budgetWarnings.map((w) => ({ kind: 'budget' as const, message: w })),
      ...m.policy.findings.map((f) => ({ kind: 'policy-finding' as const, message: `[${f.ruleId}] ${strip(f.path)}: ${f.message}` })),
      ...m.cost.lines
        .filter((l) => (l.basis as string) === 'no-sourced-price')
        .map((l) => ({ kind: 'unpriced' as const, message: `${strip(l.component)} ${l.item}: ${l.note ?? 'no sourced price'}` })),
      ...m.warnings.filter((w) => !budgetWarnings.includes(w)).map((w) => ({ kind: 'warning' as const, message: w })),
    ],
  };
}

function fabricOf(cloud: Cloud, type: string): { accelerator: string; acceleratorMemoryGiB: number; fabric: string; fabricGbps: number } {
  const spec = findInstanceType(cloud, type)!;
  const acceleratorMemoryGiB = ACCELERATORS[spec.accelerator].memoryGiB;
  return { accelerator: spec.accelerator, acceleratorMemoryGiB, fabric: spec.fabric, fabricGbps: spec.fabricGbps };
}

function trainingPool(cloud: Cloud, pool: SpotTrainingPool, strip: (p: string) => string): ComparedPool {
  const par = pool.parallelism;
  return {
    component: strip(pool.node.path),
    role: 'training',
    instanceTypes: [...pool.instanceTypes],
    ...fabricOf(cloud, pool.instanceTypes[0]),
    gpusPerNode: pool.gpusPerNode,
    minNodes: pool.jobNodes,
    maxNodes: pool.jobNodes,
    tensorParallel: par?.tensorParallel ?? null,
    pipelineParallel: par?.pipelineParallel ?? null,
    gpusPerReplica: par?.gpusPerReplica ?? null,
    modelGB: pool.sizing?.totalGB ?? null,
  };
}

function inferencePool(cloud: Cloud, pool: WarmInferencePool, strip: (p: string) => string): ComparedPool {
  return {
    component: strip(pool.node.path),
    role: 'inference',
    instanceTypes: [pool.instanceType],
    ...fabricOf(cloud, pool.instanceType),
    gpusPerNode: pool.gpusPerNode,
    minNodes: pool.minNodes,
    maxNodes: pool.maxNodes,
    tensorParallel: pool.tensorParallel,
    pipelineParallel: pool.parallelism?.pipelineParallel ?? null,
    gpusPerReplica: pool.gpusPerReplica,
    modelGB: pool.sizing?.totalGB ?? null,
  };
}

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Widest a cell of one cloud's column gets in the text table (JSON has everything in full). */
const CELL = 58;

function cell(s: string): string {
  return s.length > CELL ? `${s.slice(0, CELL - 1)}…` : s;
}

/** The side-by-side text report. */
export function renderCompare(r: CompareResult): string {
  const [a, b] = r.clouds;
  const rows: Array<[string, string, string] | string> = [];
  const pair = (label: string, left: string, right: string) => rows.push([label, cell(left), cell(right)]);
  const either = (c: ComparedCloud, text: string) => (c.met ? text : '');

  rows.push(`ai-infra compare ${r.intent.file}: ${r.intent.stack} "${r.intent.name}" on both clouds`);
  rows.push('');
  pair('', a.cloud, b.cloud);
  pair('built', a.met ? 'yes' : 'NO (see not met)', b.met ? 'yes' : 'NO (see not met)');
  pair('region', either(a, regionText(a)), either(b, regionText(b)));
  const poolNames = [...new Set([...a.pools, ...b.pools].map((p) => p.component))];
  for (const component of poolNames) {
    const pa = a.pools.find((p) => p.component === component);
    const pb = b.pools.find((p) => p.component === component);
    pair(component, pa ? poolText(pa) : '', pb ? poolText(pb) : '');
    pair('  fabric', pa ? `${pa.fabric}, ${pa.fabricGbps} Gbps per node` : '', pb ? `${pb.fabric}, ${pb.fabricGbps} Gbps per node` : '');
    pair('  model split', pa ? splitText(pa) : '', pb ? splitText(pb) : '');
  }
  const keyed = (c: ComparedCloud) => new Map(c.decisions.filter((d) => TABLE_TOPICS.test(d.topic)).map((d) => [`${d.component} ${d.topic}`, d.chosen]));
  const da = keyed(a);
  const db = keyed(b);
  for (const key of [...new Set([...da.keys(), ...db.keys()])]) pair(key, da.get(key) ?? '', db.get(key) ?? '');

  rows.push('');
  rows.push(`Monthly cost by line (USD, ${a.cost?.hoursPerMonth ?? b.cost?.hoursPerMonth ?? 730} h month)`);
  const components = [...new Set([...(a.cost?.lines ?? []), ...(b.cost?.lines ?? [])].map((l) => l.component))];
  for (const component of components) {
    const la = (a.cost?.lines ?? []).filter((l) => l.component === component);
    const lb = (b.cost?.lines ?? []).filter((l) => l.component === component);
    for (let i = 0; i < Math.max(la.length, lb.length); i++) {
      pair(i === 0 ? component : '', la[i] ? lineText(la[i]) : '', lb[i] ? lineText(lb[i]) : '');
    }
  }
  pair('TOTAL', a.cost ? usd(a.cost.estimatedMonthlyUsd) : '', b.cost ? usd(b.cost.estimatedMonthlyUsd) : '');

  rows.push('');
  rows.push('Policy opt-outs (written reasons)');
  for (const c of r.clouds) {
    if (!c.met) continue;
    if (c.optOuts.length === 0) rows.push(`  ${c.cloud}: none`);
    for (const o of c.optOuts) rows.push(`  ${c.cloud}: ${o.kind === 'policy-suppression' ? `[${o.id}]` : o.id} ${o.component}: ${o.reason}`);
  }
  rows.push('');
  rows.push('Not met');
  for (const c of r.clouds) {
    if (!c.met) rows.push(`  ${c.cloud}: cannot build the intent: ${c.error}`);
    else if (c.notMet.length === 0) rows.push(`  ${c.cloud}: nothing; every part of the intent is met`);
    for (const n of c.notMet) rows.push(`  ${c.cloud}: ${n.kind}: ${n.message}`);
  }
  if (r.placeholders.length) {
    rows.push('');
    rows.push(`Placeholders (identity only; no decision or price depends on them): ${r.placeholders.map((p) => `${p.field} ${p.value}`).join(', ')}`);
  }
  return table(rows);
}

function regionText(c: ComparedCloud): string {
  return `${c.region}${c.zones.length ? ` (${c.zones.join(', ')})` : ''}`;
}

function poolText(p: ComparedPool): string {
  const nodes = p.minNodes === p.maxNodes ? `${p.minNodes}` : `${p.minNodes}..${p.maxNodes}`;
  return `${nodes} × ${p.instanceTypes.join(' | ')} (${p.gpusPerNode} × ${p.accelerator} ${p.acceleratorMemoryGiB} GiB)`;
}

function splitText(p: ComparedPool): string {
  if (p.tensorParallel === null) return 'no model given';
  return `TP ${p.tensorParallel} × PP ${p.pipelineParallel ?? 1}, ${p.gpusPerReplica} GPU(s) per replica${p.modelGB !== null ? `, model ${p.modelGB} GB` : ''}`;
}

function lineText(l: { item: string; monthlyUsd: number; basis: string }): string {
  const amount = l.basis === 'no-sourced-price' ? 'no price' : usd(l.monthlyUsd);
  const room = CELL - amount.length - 2;
  const item = l.item.length > room ? `${l.item.slice(0, room - 1)}…` : l.item;
  return `${item.padEnd(room)}  ${amount}`;
}

function table(rows: Array<[string, string, string] | string>): string {
  const triples = rows.filter((r): r is [string, string, string] => Array.isArray(r));
  const w0 = Math.max(...triples.map((r) => r[0].length));
  const w1 = Math.max(...triples.map((r) => r[1].length));
  return rows
    .map((r) => (Array.isArray(r) ? `  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`.trimEnd() : r))
    .join('\n');
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}
