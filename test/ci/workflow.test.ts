import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..');
const WORKFLOW = path.join(ROOT, 'docs', 'ci', 'github-actions.yml');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
}

/**
 * The steps of the workflow's one job. The file uses a small YAML subset (a list of
 * `- name/uses/run/if/with` maps, `run: |` blocks), which this reads; a step it cannot
 * read fails the test.
 */
function workflowSteps(text: string): Step[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'steps:');
  const steps: Array<Record<string, string>> = [];
  let current: Record<string, string> | undefined;
  let block: { key: string; indent: number; lines: string[] } | undefined;
  for (const line of lines.slice(start + 1)) {
    if (block) {
      const indent = line.length - line.trimStart().length;
      if (line.trim() === '' || indent >= block.indent) {
        block.lines.push(line.slice(block.indent));
        continue;
      }
      current![block.key] = block.lines.join('\n').trimEnd();
      block = undefined;
    }
    const item = /^ {6}- (\w+):\s*(.*)$/.exec(line);
    const field = /^ {8}(\w+):\s*(.*)$/.exec(line);
    const m = item ?? field;
    if (!m) continue;
    if (item) steps.push((current = {}));
    if (m[2] === '|') block = { key: m[1], indent: 10, lines: [] };
    else current![m[1]] = m[2].replace(/^'(.*)'$/, '$1');
  }
  if (block && current) current[block.key] = block.lines.join('\n').trimEnd();
  return steps;
}

const steps = workflowSteps(fs.readFileSync(WORKFLOW, 'utf8'));
const step = (name: string) => {
  const s = steps.find((x) => x.name === name);
  if (!s?.run) throw new Error(`no run step named "${name}" in ${WORKFLOW}`);
  return s.run;
};

describe('docs/ci/github-actions.yml: the steps', () => {
  test('synth, review page, gate, stack order, credentials, plan per stack, in this order', () => {
    expect(steps.map((s) => s.name ?? s.uses)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'hashicorp/setup-terraform@v3',
      'Install',
      'Synthesize',
      'Review page',
      'Gate on policy findings and budget',
      'List stacks in apply order',
      'Cloud credentials',
      'Plan every stack',
    ]);
    expect(step('Synthesize')).toBe('npm run synth');
    expect(step('Review page')).toBe('npx ai-infra report --markdown cdktf.out >> "$GITHUB_STEP_SUMMARY"');
    expect(steps.find((s) => s.name === 'Review page')!.if).toBe('always()');
    expect(step('Gate on policy findings and budget')).toBe('npx ai-infra report --strict cdktf.out');
    expect(step('Plan every stack')).toContain('terraform -chdir="cdktf.out/${dir}" plan -input=false -lock-timeout=5m -out=tfplan');
    expect(step('Plan every stack')).toMatch(/done < stacks\.txt$/);
  });

  test('docs/ci.md walks through the same commands', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
    for (const command of ['npm run synth', 'npx ai-infra report --markdown cdktf.out >> "$GITHUB_STEP_SUMMARY"', 'npx ai-infra report --strict cdktf.out']) {
      expect(doc).toContain(command);
    }
    expect(doc).toContain('(ci/github-actions.yml)');
  });
});

describe('docs/ci/github-actions.yml: its non-cloud steps run against examples/aws-quickstart', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-infra-ci-'));
  const summary = path.join(work, 'summary.md');
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** Runs a step's shell command in the work dir, `npx ai-infra` being this repository's CLI. */
  function runStep(command: string) {
    const script = command.replace(/npx ai-infra /g, `"${TSX}" --tsconfig "${path.join(ROOT, 'tsconfig.dev.json')}" "${path.join(ROOT, 'src', 'cli', 'main.ts')}" `);
    return spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: work, encoding: 'utf8', timeout: 110_000, env: { ...process.env, GITHUB_STEP_SUMMARY: summary } });
  }

  beforeAll(() => {
    // "Synthesize": what `npm run synth` does in an app made by `ai-infra init` (tsx main.ts into cdktf.out).
    const r = spawnSync(TSX, ['--tsconfig', path.join(ROOT, 'tsconfig.dev.json'), path.join(ROOT, 'examples', 'aws-quickstart', 'main.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 110_000,
      env: { ...process.env, CDKTF_OUTDIR: path.join(work, 'cdktf.out') },
    });
    if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
  });

  test('"Review page" appends the Markdown review to the job summary', () => {
    const r = runStep(step('Review page'));
    expect(r.status).toBe(0);
    const page = fs.readFileSync(summary, 'utf8');
    expect(page.split('\n')[0]).toBe('# Infrastructure review: pretrain');
    expect(page).toContain('```mermaid\nflowchart LR');
    expect(page).toMatch(/\| pretrain \| aws \| eu-[a-z]+-\d \|/);
  });

  test('"Gate on policy findings and budget": passes a clean app (or, before `report --strict` lands, fails only on the unknown flag)', () => {
    const r = runStep(step('Gate on policy findings and budget'));
    const help: string[] = [];
    runCli(['report', '--help'], { out: (s) => help.push(s), err: () => undefined });
    if (help.join('\n').includes('--strict')) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } else {
      // `report --strict` comes with issue 11; this CLI does not have it yet.
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe('error: ai-infra report: unknown option --strict (see ai-infra report --help)');
    }
  });

  test('"List stacks in apply order" writes the cluster stack before its workloads stack', () => {
    const r = runStep(step('List stacks in apply order'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(work, 'stacks.txt'), 'utf8')).toBe('stacks/pretrain\nstacks/pretrain-workloads\n');
  });
});
