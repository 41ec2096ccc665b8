import * as fs from 'node:fs';
import * as path from 'node:path';
import { findInstanceType } from '../catalog';
import type { Cloud } from '../catalog/types';
import { AiInfraError } from '../errors';
import { AiInfraManifest, MANIFEST_FILE } from '../manifest';

/**
 * `ai-infra diagram`: the architecture of a synthesized app, read from
 * `cdktf.out` (cdktf's manifest.json, each stack's cdk.tf.json and the
 * ai-infra manifest beside it). No app is re-run.
 *
 * One node per construct (not per resource): its resources are counted by kind,
 * and the decisions that shape it (type × count, fabric, zones, sizes) and its
 * monthly cost are written on it. Edges are the references between constructs,
 * inside a stack (solid) and across stacks (dashed, through
 * `terraform_remote_state`).
 */

/** One construct of a stack, as the diagram shows it. */
export interface DiagramConstruct {
  /** Construct path (`pretrain/Cluster`); `<stack>/(providers)` for the stack's provider blocks. */
  readonly path: string;
  /** The id shown (`Cluster`). */
  readonly name: string;
  /** Terraform resources it made. */
  readonly resourceCount: number;
  /** Resource kinds, most frequent first: `{ kind: 'aws_subnet', count: 6 }`. */
  readonly kinds: ReadonlyArray<{ readonly kind: string; readonly count: number }>;
  /** The decisions that shape it, one line each (`8 × p5.48xlarge · 64 × H100 · EFA 3,200 Gbps`). */
  readonly facts: ReadonlyArray<string>;
  /** Its share of the stack's estimate, USD per month (undefined when no cost line names it). */
  readonly monthlyUsd?: number;
}

export interface DiagramStack {
  readonly name: string;
  readonly cloud?: Cloud;
  readonly region?: string;
  readonly zones: ReadonlyArray<string>;
  readonly monthlyUsd?: number;
  readonly constructs: ReadonlyArray<DiagramConstruct>;
}

/** A dependency: `from` uses something `to` made. */
export interface DiagramLink {
  readonly from: string;
  readonly to: string;
  readonly crossStack: boolean;
  /** What is used: resource kinds (inside a stack) or the outputs read (across stacks). */
  readonly uses: ReadonlyArray<string>;
}

export interface ArchitectureModel {
  readonly stacks: ReadonlyArray<DiagramStack>;
  readonly links: ReadonlyArray<DiagramLink>;
}

export type DiagramFormat = 'mermaid' | 'dot';

/** Decision topics written on a construct's node, in this order. */
const KEY_TOPICS = [
  'instance-type', 'tensor-parallel', 'node-pool', 'cluster-zones', 'api-endpoint',
  'lustre-capacity', 'lustre-zone', 'vector-engine', 'vector-capacity', 'budget', 'state-store',
] as const;

/** Kinds named on a node; the rest are counted as `+N more`. */
const KINDS_SHOWN = 6;

/**
 * The kinds that say what a construct is (a cluster, a node group, a file system, a
 * bucket, a key), named on its node before the supporting ones (routes, policies, aliases).
 */
const PRIMARY_KIND = new RegExp(
  '_(eks_cluster|eks_node_group|vpc|subnet|nat_gateway|placement_group|launch_template|fsx_lustre_file_system|rds_cluster|rds_cluster_instance|db_instance'
  + '|opensearchserverless_collection|s3_bucket|sagemaker_feature_group|prometheus_workspace|prometheus_scraper|budgets_budget|ce_anomaly_monitor|sqs_queue|sns_topic|kms_key'
  + '|container_cluster|container_node_pool|compute_network|compute_subnetwork|lustre_instance|alloydb_cluster|sql_database_instance|storage_bucket'
  + '|vertex_ai_\\w+|billing_budget|pubsub_topic|kms_crypto_key|release|namespace_v1|deployment_v1|horizontal_pod_autoscaler_v2|priority_class_v1)$',
);

const PROVIDERS = '(providers)';

interface StackJson {
  readonly '//'?: { readonly outputs?: Record<string, unknown> };
  readonly 'resource'?: Record<string, Record<string, Record<string, unknown>>>;
  readonly 'data'?: Record<string, Record<string, Record<string, unknown>>>;
  readonly 'provider'?: Record<string, unknown>;
}

interface CdktfManifest {
  readonly stacks: Record<string, { readonly name: string; readonly synthesizedStackPath: string; readonly workingDirectory: string }>;
}

/** Reads `cdktf.out` (or the directory holding its manifest.json) into the diagram's model. */
export function readArchitecture(outdir: string, where = 'ai-infra diagram'): ArchitectureModel {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new AiInfraError({
      where,
      field: 'path',
      given: outdir,
      allowed: 'a cdktf output directory holding manifest.json (run `cdktf synth` first)',
    });
  }
  const cdktf = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as CdktfManifest;
  const entries = Object.values(cdktf.stacks ?? {});
  if (entries.length === 0) {
    throw new AiInfraError({ where, field: 'path', given: outdir, allowed: 'a cdktf output directory with at least one stack' });
  }
  const stacks = entries.map((e) => ({
    name: e.name,
    json: JSON.parse(fs.readFileSync(path.join(outdir, e.synthesizedStackPath), 'utf8')) as StackJson,
    manifest: readAiInfraManifest(path.join(outdir, e.workingDirectory, MANIFEST_FILE)),
  }));
  return buildArchitecture(stacks);
}

function readAiInfraManifest(file: string): AiInfraManifest | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as AiInfraManifest) : undefined;
}

/** The model from already-parsed stacks (exported for tests). */
export function buildArchitecture(stacks: ReadonlyArray<{ name: string; json: StackJson; manifest?: AiInfraManifest }>): ArchitectureModel {
  // Terraform address (`aws_subnet.X`, `data.aws_iam_policy_document.Y`) → owning construct path.
  const owner = new Map<string, string>();
  // Cross-stack output id (`cross-stack-output-aws_eks_clusterCluster_...endpoint`) → [producing construct, attribute].
  const outputs = new Map<string, { construct: string; attribute: string }>();
  const resourceKinds = new Map<string, Map<string, number>>();

  for (const s of stacks) {
    for (const [block, prefix] of [[s.json.resource, ''], [s.json.data, 'data.']] as const) {
      for (const [type, byName] of Object.entries(block ?? {})) {
        if (type === 'terraform_remote_state') continue;
        for (const [name, body] of Object.entries(byName)) {
          const construct = constructOf(s.name, body);
          owner.set(`${s.name}\u0000${prefix}${type}.${name}`, construct);
          if (prefix === '') {
            const kinds = resourceKinds.get(construct) ?? new Map<string, number>();
            kinds.set(type, (kinds.get(type) ?? 0) + 1);
            resourceKinds.set(construct, kinds);
          }
        }
      }
    }
  }
  for (const s of stacks) {
    const declared = (s.json['//']?.outputs?.[s.name] ?? {}) as Record<string, unknown>;
    for (const [key, id] of Object.entries(declared)) {
      const m = /^cross-stack-output-(.+)$/.exec(key);
      if (!m || typeof id !== 'string') continue;
      const ref = splitAddress(m[1]);
      const construct = ref && owner.get(`${s.name}\u0000${ref.address}`);
      if (construct) outputs.set(`${s.name}\u0000${id}`, { construct, attribute: ref.attribute || ref.address });
    }
  }

  const links = new Map<string, { from: string; to: string; crossStack: boolean; uses: Set<string> }>();
  const link = (from: string, to: string, crossStack: boolean, use: string) => {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    const l = links.get(key) ?? { from, to, crossStack, uses: new Set<string>() };
    l.uses.add(use);
    links.set(key, l);
  };
  for (const s of stacks) {
    const bodies: Array<[string, unknown]> = [];
    for (const block of [s.json.resource, s.json.data]) {
      for (const [type, byName] of Object.entries(block ?? {})) {
        if (type === 'terraform_remote_state') continue;
        for (const body of Object.values(byName)) bodies.push([constructOf(s.name, body), body]);
      }
    }
    if (s.json.provider) bodies.push([`${s.name}/${PROVIDERS}`, s.json.provider]);
    for (const [from, body] of bodies) {
      for (const expr of expressions(body)) {
        const remote = /data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;
        for (let m = remote.exec(expr); m; m = remote.exec(expr)) {
          const produced = outputs.get(`${m[1]}\u0000${m[2]}`);
          if (produced) link(from, produced.construct, true, produced.attribute);
        }
        const local = /\b((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g;
        for (let m = local.exec(expr); m; m = local.exec(expr)) {
          const to = owner.get(`${s.name}\u0000${m[1]}`);
          if (to) link(from, to, false, shortKind(m[1].replace(/^data\./, '').split('.')[0]));
        }
      }
    }
  }

  const linked = new Set([...links.values()].flatMap((l) => [l.from, l.to]));
  const model: DiagramStack[] = stacks.map((s) => {
    const paths = [...resourceKinds.keys()].filter((p) => p.startsWith(`${s.name}/`) || p === s.name);
    if (s.json.provider && linked.has(`${s.name}/${PROVIDERS}`)) paths.push(`${s.name}/${PROVIDERS}`);
    const m = s.manifest;
    return {
      name: s.name,
      cloud: m?.cloud,
      region: m?.region ?? providerRegion(s.json),
      zones: m?.placementZones ?? [],
      monthlyUsd: m?.cost.estimatedMonthlyUsd,
      constructs: paths.map((p) => describeConstruct(p, s.name, resourceKinds.get(p), m)),
    };
  });
  return {
    stacks: model,
    links: [...links.values()]
      .map((l) => ({ from: l.from, to: l.to, crossStack: l.crossStack, uses: [...l.uses].sort() }))
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
  };
}

/** The construct that made a resource: the first path segment below the stack. */
function constructOf(stack: string, body: Record<string, unknown>): string {
  const p = ((body['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? '').split('/');
  return p.length > 2 ? `${stack}/${p[1]}` : stack;
}

/** `aws_eks_cluster.Cluster_Aws_1405078A.certificate_authority[0].data` → address + attribute. */
function splitAddress(ref: string): { address: string; attribute: string } | undefined {
  const m = /^((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?:\.(.*))?$/.exec(ref);
  return m ? { address: m[1], attribute: (m[2] ?? '').replace(/\[\d+\]/g, '') } : undefined;
}

/** Every `${...}` expression inside a resource body. */
function expressions(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (key === '//') return;
    if (typeof v === 'string') {
      if (v.includes('${')) out.push(v);
    } else if (Array.isArray(v)) {
      v.forEach((x) => walk(x));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  walk(value);
  return out;
}

function providerRegion(json: StackJson): string | undefined {
  for (const blocks of Object.values(json.provider ?? {})) {
    for (const b of Array.isArray(blocks) ? blocks : [blocks]) {
      const r = (b as { region?: unknown }).region;
      if (typeof r === 'string' && !r.includes('${')) return r;
    }
  }
  return undefined;
}

function describeConstruct(p: string, stack: string, kinds: Map<string, number> | undefined, m: AiInfraManifest | undefined): DiagramConstruct {
  const primary = (k: string) => (PRIMARY_KIND.test(`_${k.replace(/^(aws|google|kubernetes|helm)_/, '')}`) ? 0 : 1);
  const sorted = [...(kinds ?? new Map<string, number>()).entries()]
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => primary(a.kind) - primary(b.kind) || b.count - a.count || a.kind.localeCompare(b.kind));
  const mine = (c: string) => c === p || c.startsWith(`${p}/`);
  const facts: string[] = [];
  if (m && p !== stack) {
    for (const topic of KEY_TOPICS) {
      for (const d of m.decisions.filter((x) => x.topic === topic && mine(x.construct))) {
        facts.push(topic === 'instance-type' ? describeInstances(m.cloud, d.chosen) : `${topic}: ${d.chosen}`);
      }
    }
  }
  const lines = m ? m.cost.lines.filter((l) => mine(l.component)) : [];
  const monthlyUsd = lines.length ? Math.round(lines.reduce((s, l) => s + l.monthlyUsd, 0) * 100) / 100 : undefined;
  return {
    path: p,
    name: p === stack ? stack : p.slice(stack.length + 1),
    resourceCount: sorted.reduce((s, k) => s + k.count, 0),
    kinds: sorted,
    facts,
    ...(monthlyUsd !== undefined ? { monthlyUsd } : {}),
  };
}

/** `8 × p5.48xlarge` → `8 × p5.48xlarge · 64 × H100 · EFA 3,200 Gbps` from the catalog. */
function describeInstances(cloud: Cloud, chosen: string): string {
  const m = /^(\d+) × (\S+)$/.exec(chosen.trim());
  const spec = m ? findInstanceType(cloud, m[2]) : undefined;
  if (!m || !spec) return chosen;
  const gpus = Number(m[1]) * spec.acceleratorsPerNode;
  return `${chosen} · ${gpus} × ${spec.accelerator} · ${fabricName(spec.fabric)} ${spec.fabricGbps.toLocaleString('en-US')} Gbps`;
}

function fabricName(f: string): string {
  return f === 'efa' ? 'EFA' : f === 'ethernet' ? 'Ethernet' : f.replace(/^gpudirect-/, 'GPUDirect-').replace(/-(tcpx|tcpxo|rdma)$/, (_, x: string) => `-${x.toUpperCase()}`);
}

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** `aws_eks_cluster` → `eks_cluster`. */
function shortKind(k: string): string {
  return k.replace(/^(aws|google|kubernetes|helm)_/, '');
}

function kindsLine(c: DiagramConstruct): string {
  const short = shortKind;
  const shown = c.kinds.slice(0, KINDS_SHOWN).map((k) => (k.count > 1 ? `${short(k.kind)} ×${k.count}` : short(k.kind)));
  const rest = c.kinds.slice(KINDS_SHOWN).reduce((n, k) => n + k.count, 0);
  return `${c.resourceCount} resource${c.resourceCount === 1 ? '' : 's'}: ${shown.join(', ')}${rest > 0 ? `, +${rest} more` : ''}`;
}

/** The lines written on a construct's node: name, decisions, cost, resources. */
export function nodeLines(c: DiagramConstruct): string[] {
  return [
    c.name,
    ...c.facts,
    ...(c.monthlyUsd !== undefined ? [`${usd(c.monthlyUsd)}/mo`] : []),
    ...(c.resourceCount > 0 ? [kindsLine(c)] : []),
  ];
}

/** The title of a stack's box: name, cloud, region, zones, monthly cost. */
export function stackTitle(s: DiagramStack): string {
  const where = [s.cloud, s.region].filter((x) => x).join(' ');
  const zones = s.zones.length ? ` (${s.zones.join(', ')})` : '';
  const cost = s.monthlyUsd !== undefined ? ` · ${usd(s.monthlyUsd)}/mo` : '';
  return `${s.name}${where ? ` · ${where}${zones}` : ''}${cost}`;
}

/** A stable identifier for Mermaid and DOT: letters, digits and `_`. */
export function nodeId(p: string): string {
  return `n_${p.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function linkLabel(l: DiagramLink): string {
  const shown = l.uses.slice(0, 4).join(', ');
  return l.uses.length > 4 ? `${shown}, +${l.uses.length - 4}` : shown;
}

/** Mermaid flowchart (code hosts render a ```mermaid block). */
export function toMermaid(model: ArchitectureModel): string {
  const esc = (s: string) => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  const out = ['flowchart LR'];
  for (const s of model.stacks) {
    out.push(`  subgraph ${nodeId(`stack/${s.name}`)}["${esc(stackTitle(s))}"]`);
    out.push('    direction TB');
    for (const c of s.constructs) out.push(`    ${nodeId(c.path)}["${nodeLines(c).map(esc).join('<br/>')}"]`);
    out.push('  end');
  }
  for (const l of model.links) {
    const arrow = l.crossStack ? '-.->' : '-->';
    out.push(`  ${nodeId(l.from)} ${arrow}|"${esc(linkLabel(l))}"| ${nodeId(l.to)}`);
  }
  return out.join('\n');
}

/** Graphviz DOT (`dot -Tsvg`). */
export function toDot(model: ArchitectureModel): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const out = ['digraph architecture {', '  rankdir=LR;', '  compound=true;', '  node [shape=box, fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const s of model.stacks) {
    out.push(`  subgraph ${q(`cluster_${s.name}`)} {`);
    out.push(`    label=${q(stackTitle(s))};`);
    for (const c of s.constructs) out.push(`    ${nodeId(c.path)} [label=${q(nodeLines(c).join('\n'))}];`);
    out.push('  }');
  }
  for (const l of model.links) {
    out.push(`  ${nodeId(l.from)} -> ${nodeId(l.to)} [label=${q(linkLabel(l))}${l.crossStack ? ', style=dashed' : ''}];`);
  }
  out.push('}');
  return out.join('\n');
}

/** Renders the model in the given format. */
export function renderDiagram(model: ArchitectureModel, format: DiagramFormat): string {
  return format === 'dot' ? toDot(model) : toMermaid(model);
}

/** Help text of `ai-infra diagram`. */
export const DIAGRAM_HELP = `Usage: ai-infra diagram [cdktf.out] [--format mermaid|dot]

Reads the synthesized stacks (cdktf.out/manifest.json, stacks/*/cdk.tf.json and
the ai-infra manifests beside them) and prints the architecture: one box per
construct with its resources counted by kind, the decisions that shape it
(type × count, fabric, zones, sizes), its monthly cost, and arrows for what it
uses, inside a stack (solid) and across stacks (dashed). Synthesize first.

Flags:
  --format <f>                mermaid (default; code hosts render it) | dot (Graphviz)
  --json                      print the model ({stacks: [{constructs}], links}) instead
  --help                      show this help`;

/** Options `ai-infra diagram` takes (registered in main.ts). */
export const DIAGRAM_OPTIONS = { format: { type: 'string' } } as const;

/** `ai-infra diagram [cdktf.out] [--format mermaid|dot]`. */
export function runDiagram(v: { path?: unknown; format?: unknown; json?: unknown }, where: string, out: (s: string) => void): void {
  const format = v.format ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'dot') {
    throw new AiInfraError({ where, field: '--format', given: format, allowed: '"mermaid" or "dot"' });
  }
  const model = readArchitecture(typeof v.path === 'string' ? v.path : 'cdktf.out', where);
  out(v.json === true ? JSON.stringify({ command: 'diagram', version: 1, ...model }, null, 2) : renderDiagram(model, format));
}
