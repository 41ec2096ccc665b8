import * as fs from 'node:fs';
import * as path from 'node:path';
import { scaffoldFiles, TEMPLATES } from '../../src/cli/init';
import { runCli } from '../../src/cli/main';
import type { AiInfraManifest } from '../../src/manifest';

// Scaffolds go under the repository (git-ignored .work/), so their `import ... from 'cdktf'`
// resolves to this repository's node_modules and 'cdktf-ai-infra' maps to src/ (jest config):
// the path mapping stands in for `npm install`, which scripts/verify-package.ts runs for real.
const ROOT = path.join(__dirname, '..', '..', '.work', 'init-test');
const PKG = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function expectUsageError(r: ReturnType<typeof run>, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.split('\n')).toHaveLength(1);
  expect(r.err).toMatch(pattern);
}

/** Runs a scaffolded main.ts in this process with CDKTF_OUTDIR set, as `npm run synth` would. */
function synth(dir: string): string {
  const outdir = path.join(dir, 'cdktf.out');
  const before = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the app file, as `tsx main.ts` does
      require(path.join(dir, 'main.ts'));
    });
  } finally {
    if (before === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = before;
  }
  return outdir;
}

beforeAll(() => {
  fs.rmSync(ROOT, { recursive: true, force: true });
  fs.mkdirSync(ROOT, { recursive: true });
});

describe('ai-infra init: bad input', () => {
  test('no directory', () => {
    expectUsageError(run('init', '--template', 'training'), /^error: ai-infra init: <dir> must be the directory to create the app in/);
  });

  test('missing or unknown template names the allowed ones', () => {
    expectUsageError(run('init', path.join(ROOT, 'x')), /--template must be one of "training", "inference-rag", "feature-platform", got nothing/);
    expectUsageError(run('init', path.join(ROOT, 'x'), '--template', 'trainig'), /--template must be one of .*, got "trainig"/);
    expect(fs.existsSync(path.join(ROOT, 'x'))).toBe(false);
  });

  test('unknown cloud', () => {
    expectUsageError(run('init', path.join(ROOT, 'x'), '--template', 'training', '--cloud', 'azure'), /--cloud must be "aws" or "gcp", got "azure"/);
  });

  test('an existing file is never overwritten: one line, exit 2, nothing written', () => {
    // GIVEN a directory that already holds a main.ts
    const dir = path.join(ROOT, 'taken');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'main.ts'), '// mine\n');
    // WHEN
    const r = run('init', dir, '--template', 'training');
    // THEN
    expectUsageError(r, /main\.ts already exists; init never overwrites a file/);
    expect(fs.readFileSync(path.join(dir, 'main.ts'), 'utf8')).toBe('// mine\n');
    expect(fs.readdirSync(dir)).toEqual(['main.ts']);
  });
});

describe('ai-infra init: the files', () => {
  test('package.json pins cdktf, constructs and the bindings to what this package was built with', () => {
    const files = scaffoldFiles({ template: 'training', cloud: 'aws', name: 'My Trainer!' });
    const pkg = JSON.parse(files['package.json']);
    expect(pkg.name).toBe('my-trainer');
    expect(pkg.dependencies).toEqual({
      'cdktf-ai-infra': PKG.version,
      'cdktf': PKG.peerDependencies.cdktf,
      'constructs': PKG.devDependencies.constructs,
      '@cdktf/provider-aws': PKG.peerDependencies['@cdktf/provider-aws'],
      '@cdktf/provider-kubernetes': PKG.peerDependencies['@cdktf/provider-kubernetes'],
      '@cdktf/provider-helm': PKG.peerDependencies['@cdktf/provider-helm'],
    });
    for (const v of Object.values(pkg.dependencies) as string[]) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies).toEqual({ tsx: PKG.devDependencies.tsx });
    expect(pkg.scripts).toEqual({ synth: 'tsx main.ts', report: 'ai-infra report cdktf.out', diagram: 'ai-infra diagram cdktf.out' });
    expect(JSON.parse(files['cdktf.json'])).toMatchObject({ language: 'typescript', app: 'npx tsx main.ts' });
    expect(files['.gitignore'].split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'cdktf.out/', '*.tfstate', '.terraform/']));
    expect(files['README.md']).toMatch(/npm install\nnpm run synth/);
    expect(files['README.md']).toMatch(/npx ai-infra report/);
    expect(files['README.md']).toMatch(/cd cdktf\.out\/stacks\/my-trainer\nterraform init && terraform plan/);
  });

  test('gcp apps pin the google binding and set gcp.projectId, not an AWS account', () => {
    const files = scaffoldFiles({ template: 'inference-rag', cloud: 'gcp', name: 'rag' });
    const deps = JSON.parse(files['package.json']).dependencies;
    expect(deps['@cdktf/provider-google']).toBe(PKG.peerDependencies['@cdktf/provider-google']);
    expect(deps['@cdktf/provider-aws']).toBeUndefined();
    expect(PKG.peerDependenciesMeta).toEqual({ '@cdktf/provider-aws': { optional: true }, '@cdktf/provider-google': { optional: true } });
    expect(files['main.ts']).toMatch(/cloud: 'gcp'/);
    expect(files['main.ts']).toMatch(/gcp: \{ projectId: 'my-gcp-project-id', projectNumber: '123456789012' \}/);
    expect(files['main.ts']).toMatch(/gcp: \{ billingAccountId: '012345-6789AB-CDEF01' \}/);
    expect(files['main.ts']).not.toMatch(/accountId/);
  });
});

describe('ai-infra init: every AWS template synthesizes as it stands', () => {
  const expected: Record<string, { stack: string; constructs: string[] }> = {
    'training': { stack: 'training', constructs: ['Cluster', 'Training', 'Scratch', 'Observability', 'Budget'] },
    'inference-rag': { stack: 'inference-rag', constructs: ['Cluster', 'Serving', 'Vectors', 'Observability', 'Budget'] },
    'feature-platform': { stack: 'feature-platform', constructs: ['Features', 'Budget'] },
  };
  test.each(TEMPLATES.map((t) => [t]))('%s', (template) => {
    // GIVEN a new directory named after the template
    const dir = path.join(ROOT, template);
    // WHEN
    const r = run('init', dir, '--template', template, '--cloud', 'aws', '--json');
    // THEN the files are written
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.files.sort()).toEqual(['.gitignore', 'README.md', 'cdktf.json', 'main.ts', 'package.json', 'tsconfig.json']);
    // AND the app synthesizes: one stack named after the directory, with its manifest
    const outdir = synth(dir);
    const stackDir = path.join(outdir, 'stacks', expected[template].stack);
    const manifest = JSON.parse(fs.readFileSync(path.join(stackDir, 'ai-infra.manifest.json'), 'utf8')) as AiInfraManifest;
    expect(manifest.stack).toBe(expected[template].stack);
    expect(manifest.cloud).toBe('aws');
    expect(manifest.policy.findings).toEqual([]);
    expect(manifest.cost.estimatedMonthlyUsd).toBeGreaterThan(0);
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(tf.provider.aws[0].allowed_account_ids).toEqual(['123456789012']);
    const constructs = new Set<string>();
    for (const byName of Object.values(tf.resource) as Array<Record<string, any>>) {
      for (const body of Object.values(byName)) constructs.add(body['//'].metadata.path.split('/')[1]);
    }
    expect([...constructs].sort()).toEqual([...expected[template].constructs].sort());
    // AND a second init into the same directory refuses
    expectUsageError(run('init', dir, '--template', template), /already exists \(and 5 more\); init never overwrites a file/);
  });
});

describe('ai-infra init: every GCP template synthesizes as it stands', () => {
  const expected: Record<string, string[]> = {
    'training': ['Budget', 'Cluster', 'Observability', 'Scratch', 'Training'],
    'inference-rag': ['Budget', 'Cluster', 'Observability', 'Serving', 'Vectors'],
    'feature-platform': ['Budget', 'Features'],
  };
  test.each(TEMPLATES.map((t) => [t]))('%s', (template) => {
    const dir = path.join(ROOT, `gcp-${template}`);
    expect(run('init', dir, '--template', template, '--cloud', 'gcp').code).toBe(0);
    const outdir = synth(dir);
    const stackDir = path.join(outdir, 'stacks', `gcp-${template}`);
    const manifest = JSON.parse(fs.readFileSync(path.join(stackDir, 'ai-infra.manifest.json'), 'utf8')) as AiInfraManifest;
    expect(manifest.cloud).toBe('gcp');
    expect(manifest.policy.findings).toEqual([]);
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(tf.provider.google[0].project).toBe('my-gcp-project-id');
    expect(tf.resource.google_billing_budget).toBeDefined();
    const constructs = new Set<string>();
    for (const byName of Object.values(tf.resource) as Array<Record<string, any>>) {
      for (const body of Object.values(byName)) constructs.add(body['//'].metadata.path.split('/')[1]);
    }
    expect([...constructs].sort()).toEqual(expected[template]);
  });
});
