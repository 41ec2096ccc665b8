import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { AiInfraStack, FinOpsBudget, GpuCluster, LustreTier, SpotTrainingPool } from '../../src';
import { readArchitecture, toDot, toMermaid, ArchitectureModel } from '../../src/cli/diagram';
import { runCli } from '../../src/cli/main';
import type { AiInfraManifest } from '../../src/manifest';

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let outdir: string;
let model: ArchitectureModel;
let manifest: AiInfraManifest;
let tf: any;

// GIVEN the README's quickstart app (examples/aws-quickstart), synthesized as `cdktf synth` does.
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-infra-diagram-'));
  const app = new App({ outdir });
  const stack = new AiInfraStack(app, 'pretrain', {
    cloud: 'aws',
    namePrefix: 'pretrain',
    compliance: { jurisdictions: ['EU'], programs: ['GDPR'] },
    placement: { accelerators: ['H100'] },
    tags: { project: 'llm', environment: 'prod', costCenter: 'research' },
    aws: { accountId: '123456789012' },
  });
  const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['H100'] });
  const training = new SpotTrainingPool(stack, 'Training', { cluster, totalGpus: 64, model: { paramsBillions: 70, sequenceLength: 8192 } });
  new LustreTier(stack, 'Scratch', { cluster, zone: training.zones[0], throughputGBps: 4 });
  new FinOpsBudget(stack, 'Budget', { limitUsd: 400_000, emails: ['finops@example.com'] });
  app.synth();
  model = readArchitecture(outdir);
  manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'pretrain', 'ai-infra.manifest.json'), 'utf8'));
  tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'pretrain', 'cdk.tf.json'), 'utf8'));
});

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe('ai-infra diagram: bad input', () => {
  test('a directory without a cdktf manifest', () => {
    const r = run('diagram', path.join(os.tmpdir(), 'no-such-cdktf-out'));
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^error: ai-infra diagram: path must be a cdktf output directory holding manifest\.json \(run `cdktf synth` first\), got ".*no-such-cdktf-out"$/);
  });

  test('an unknown format', () => {
    const r = run('diagram', outdir, '--format', 'svg');
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: ai-infra diagram: --format must be "mermaid" or "dot", got "svg"');
  });
});

describe('ai-infra diagram: the model', () => {
  test('one node per construct, every resource counted once (grouped, not one box per resource)', () => {
    const pretrain = model.stacks.find((s) => s.name === 'pretrain')!;
    expect(pretrain.constructs.map((c) => c.name).sort()).toEqual(['Budget', 'Cluster', 'Scratch', 'Training']);
    const total = Object.values(tf.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(total).toBeGreaterThan(100);
    expect(pretrain.constructs.reduce((n, c) => n + c.resourceCount, 0)).toBe(total);
    const cluster = pretrain.constructs.find((c) => c.name === 'Cluster')!;
    expect(cluster.kinds).toEqual(expect.arrayContaining([{ kind: 'aws_eks_cluster', count: 1 }, { kind: 'aws_subnet', count: tf.resource.aws_subnet ? Object.keys(tf.resource.aws_subnet).length : 0 }]));
  });

  test('the stack carries cloud, region, zones and its monthly estimate from the manifest', () => {
    const pretrain = model.stacks.find((s) => s.name === 'pretrain')!;
    expect(pretrain).toMatchObject({ cloud: 'aws', region: manifest.region, zones: manifest.placementZones, monthlyUsd: manifest.cost.estimatedMonthlyUsd });
    expect(manifest.region).toMatch(/^eu-/);
  });

  test('decisions on the nodes: type × count with GPUs and fabric, zone, Lustre size; cost per construct', () => {
    const pretrain = model.stacks.find((s) => s.name === 'pretrain')!;
    const training = pretrain.constructs.find((c) => c.name === 'Training')!;
    const chosen = manifest.decisions.find((d) => d.construct === 'pretrain/Training' && d.topic === 'instance-type')!.chosen;
    expect(chosen).toMatch(/^8 × p5/);
    expect(training.facts[0]).toBe(`${chosen} · 64 × H100 · EFA 3,200 Gbps`);
    expect(training.facts[1]).toBe(`node-pool: spot 0..8 nodes in ${pool(manifest)} (cluster placement group, one zone), on-demand fallback at 0`);
    const trainingUsd = manifest.cost.lines.filter((l) => l.component === 'pretrain/Training').reduce((s, l) => s + l.monthlyUsd, 0);
    expect(training.monthlyUsd).toBeCloseTo(trainingUsd, 2);
    const scratch = pretrain.constructs.find((c) => c.name === 'Scratch')!;
    expect(scratch.facts).toEqual(expect.arrayContaining([expect.stringMatching(/^lustre-capacity: 4800 GiB/), `lustre-zone: ${pool(manifest)}`]));
  });

  test('links: inside the stack to the cluster, and across stacks through remote state', () => {
    const find = (from: string, to: string) => model.links.find((l) => l.from === from && l.to === to);
    expect(find('pretrain/Training', 'pretrain/Cluster')).toMatchObject({ crossStack: false, uses: expect.arrayContaining(['eks_cluster', 'security_group']) });
    expect(find('pretrain/Scratch', 'pretrain/Cluster')).toMatchObject({ crossStack: false, uses: ['security_group', 'subnet', 'vpc'] });
    expect(find('pretrain-workloads/(providers)', 'pretrain/Cluster')).toEqual({ from: 'pretrain-workloads/(providers)', to: 'pretrain/Cluster', crossStack: true, uses: ['certificate_authority.data', 'endpoint'] });
    const handler = model.links.find((l) => l.from.startsWith('pretrain-workloads/') && l.from.endsWith('TerminationHandler'))!;
    expect(handler).toMatchObject({ to: 'pretrain/Training', crossStack: true, uses: ['url'] });
    expect(model.links.every((l) => l.from !== l.to)).toBe(true);
  });
});

/** The zone the training pool was placed in (from its node-pool decision). */
function pool(m: AiInfraManifest): string {
  return /nodes in (\S+)/.exec(m.decisions.find((d) => d.topic === 'node-pool')!.chosen)![1];
}

describe('ai-infra diagram: Mermaid and DOT', () => {
  test('Mermaid: a subgraph per stack, a node per construct, solid and dashed edges with what is used', () => {
    const r = run('diagram', outdir);
    expect(r.code).toBe(0);
    expect(r.out).toBe(toMermaid(model));
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain(`  subgraph n_stack_pretrain["pretrain · aws ${manifest.region} (${manifest.placementZones.join(', ')}) · $${manifest.cost.estimatedMonthlyUsd.toLocaleString('en-US', { minimumFractionDigits: 2 })}/mo"]`);
    expect(lines.filter((l) => /^ {4}n_\w+\["/.test(l))).toHaveLength(8);
    const training = lines.find((l) => l.startsWith('    n_pretrain_Training["'))!;
    expect(training).toMatch(/^ {4}n_pretrain_Training\["Training<br\/>8 × p5\S+ · 64 × H100 · EFA 3,200 Gbps<br\/>node-pool: spot 0\.\.8 nodes in /);
    expect(training).toMatch(/<br\/>\d+ resources: eks_node_group ×2, /);
    expect(lines).toContain('  n_pretrain_Scratch -->|"security_group, subnet, vpc"| n_pretrain_Cluster');
    expect(lines).toContain('  n_pretrain_workloads__providers_ -.->|"certificate_authority.data, endpoint"| n_pretrain_Cluster');
    expect(r.out).not.toMatch(/\["[^"\]]*"[^\]]*"\]/); // no raw quote inside a label
  });

  test('the README shows exactly what `ai-infra diagram` prints for its quickstart app', () => {
    const readmePath = path.join(__dirname, '..', '..', 'README.md');
    const readme = fs.readFileSync(readmePath, 'utf8');
    const block = readme.split('```mermaid\n')[1].split('\n```')[0];
    // After a catalog or cost change: UPDATE_README_DIAGRAM=1 npx jest test/cli/diagram.test.ts
    if (process.env.UPDATE_README_DIAGRAM === '1') fs.writeFileSync(readmePath, readme.replace(block, toMermaid(model)));
    else expect(block).toBe(toMermaid(model));
  });

  test('DOT: a cluster per stack, escaped labels, dashed cross-stack edges', () => {
    const r = run('diagram', outdir, '--format', 'dot');
    expect(r.code).toBe(0);
    expect(r.out).toBe(toDot(model));
    expect(r.out).toMatch(/^digraph architecture \{\n {2}rankdir=LR;/);
    expect(r.out).toContain('  subgraph "cluster_pretrain" {');
    expect(r.out).toMatch(/ {4}n_pretrain_Training \[label="Training\\n8 × p5\S+ · 64 × H100 · EFA 3,200 Gbps\\n/);
    expect(r.out).toContain('  n_pretrain_Scratch -> n_pretrain_Cluster [label="security_group, subnet, vpc"];');
    expect(r.out).toContain('  n_pretrain_workloads__providers_ -> n_pretrain_Cluster [label="certificate_authority.data, endpoint", style=dashed];');
    expect(r.out.trimEnd().endsWith('}')).toBe(true);
  });
});

describe('ai-infra report --markdown', () => {
  test('one page: summary row, the Mermaid diagram, decisions, costs with the total, policy', () => {
    const r = run('report', outdir, '--markdown');
    expect(r.code).toBe(0);
    const md = r.out;
    const total = `$${manifest.cost.estimatedMonthlyUsd.toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(md.split('\n')[0]).toBe('# Infrastructure review: pretrain');
    expect(md).toContain(`| pretrain | aws | ${manifest.region} | ${manifest.placementZones.join(', ')} | ${total} | ${manifest.decisions.length} | 0 | 0 |`);
    expect(md).toContain(`\`\`\`mermaid\n${toMermaid(model)}\n\`\`\``);
    const chosen = manifest.decisions.find((d) => d.topic === 'instance-type')!.chosen;
    expect(md).toMatch(new RegExp(`\\| pretrain/Training \\| instance-type \\| ${chosen} \\| ${chosen} \\(8 × H100 80 GiB\\) = 64 GPUs; EFA 3,200 Gbps`));
    expect(md).toContain(`| **total** |  |  | **${total}** |  |  |`);
    expect(md).toContain(`${manifest.policy.rules.length} rules, **0 findings**, 0 suppressed.`);
    // every table row has the same number of cells as its header (no stray pipe from a reason)
    for (const table of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const rows = table.split('\n');
      const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      expect(rows.map(cells)).toEqual(rows.map(() => cells(rows[0])));
    }
  });

  test('from a single manifest file: no diagram, and says why', () => {
    const r = run('report', path.join(outdir, 'stacks', 'pretrain', 'ai-infra.manifest.json'), '--markdown');
    expect(r.code).toBe(0);
    expect(r.out).toContain('_No diagram: a single manifest file was given; point the report at the cdktf output directory._');
  });

  test('--markdown with --json is a mistake', () => {
    const r = run('report', outdir, '--markdown', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: ai-infra report: --markdown and --json exclude each other');
  });
});
