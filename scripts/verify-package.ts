/**
 * The package as a user meets it: `npm run verify:package` (part of `npm test`).
 *
 * 1. `npm pack` (its `prepack` compiles lib/); the tarball holds lib/index.js, the
 *    `ai-infra` bin, and every file the README links to.
 * 2. `ai-infra init` scaffolds an app in a consumer directory outside the repository
 *    (so nothing resolves from this repository's node_modules); its `cdktf-ai-infra`
 *    dependency points at the tarball; `npm install`; `npm run synth`; the installed
 *    `ai-infra` bin reports, draws and refuses to init over the app. Two shipped
 *    examples are synthesized with cdktf.
 * 3. CDK Terrain: the package.json block of docs/cdk-terrain.md is merged in as
 *    written, `npm install` again, then the same examples are synthesized with the
 *    fork on Node 22 (one through `cdktn synth`, one through `tsx main.ts`, the app
 *    command both CLIs run) and must equal the cdktf output apart from version
 *    stamps; the policy pack and the budget guard must still stop a synth (one
 *    fixture that trips both; on cdktf the jest tests cover them).
 *
 * The consumer directory persists between runs (under the OS temp dir, one per
 * checkout), so a second run reinstalls only what changed; a fresh machine installs
 * everything from the registry (through ~/.npm). AI_INFRA_PACKAGE_WORKDIR moves it.
 */
import { spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { jsonBlockAfter, jsonDifferences, mergePackageJson, relativeLinks, unresolvedLinks, withoutVersionStamps } from './lib/package-check';

const REPO = path.resolve(__dirname, '..');
const WORK = process.env.AI_INFRA_PACKAGE_WORKDIR
  ? path.resolve(process.env.AI_INFRA_PACKAGE_WORKDIR)
  : path.join(os.tmpdir(), `cdktf-ai-infra-verify-package-${createHash('sha256').update(REPO).digest('hex').slice(0, 8)}`);
/** The consumer app on cdktf, and the same app switched to CDK Terrain as docs/cdk-terrain.md says. */
const APP = path.join(WORK, 'app');
const APP_TN = path.join(WORK, 'app-terrain');
const dirOf = (core: 'cdktf' | 'cdktn') => (core === 'cdktf' ? APP : APP_TN);
const EXAMPLES = ['aws-quickstart', 'aws-inference-rag'];
const GUARDS = 'guards-fire';
const TIMEOUT_MS = 900_000;
/** Synths run at once (each is one Node process of 0.5-1 GB). */
const CONCURRENCY = Math.max(1, Number(process.env.AI_INFRA_PACKAGE_CONCURRENCY) || 2);

const started = Date.now();
const timings: string[] = [];
let failures = 0;

async function step<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  const t0 = Date.now();
  const result = await fn();
  timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return result;
}

function check(ok: boolean, what: string, details: string[] = []): void {
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
  if (!ok) {
    failures++;
    for (const d of details) console.log(`      ${d}`);
  }
}

/**
 * The environment of a consumer's command: the caller's, minus what `npm run` and tsx
 * set for this repository (npm_* lifecycle variables, TSX_TSCONFIG_PATH, NODE_PATH),
 * which would otherwise leak this repository into the consumer.
 */
function consumerEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|TSX_)/i.test(k) || k === 'NODE_PATH' || k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, CHECKPOINT_DISABLE: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, env: consumerEnv(env) });
}

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `run`, without blocking: for the synths that go CONCURRENCY at a time. */
function runAsync(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const child = spawn(cmd, args, { cwd, env: consumerEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const done = (status: number | null, extra = '') => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: `${Buffer.concat(err).toString('utf8')}${extra}` });
    };
    child.on('error', (e) => done(null, e.message));
    child.on('close', (code) => done(code));
  });
}

/** Runs jobs CONCURRENCY at a time. */
async function inParallel(jobs: ReadonlyArray<() => Promise<void>>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
}

/** A synth that must succeed; a failure is reported with its output. */
async function synthOk(what: string, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<boolean> {
  const r = await runAsync(cmd, args, cwd, env);
  if (r.status !== 0) check(false, `${what} (exit ${r.status})`, [tail(`${r.stdout}\n${r.stderr}`, 25)]);
  return r.status === 0;
}

/** Runs a command that must succeed; on failure prints its output and stops. */
function must(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = run(cmd, args, cwd, env);
  if (r.status !== 0) {
    console.log(`FAIL  ${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status ?? r.signal ?? r.error?.message}`);
    console.log(tail(`${r.stdout}\n${r.stderr}`, 25));
    throw new Error(`${cmd} ${args.join(' ')} failed`);
  }
  return r.stdout;
}

function tail(s: string, n: number): string {
  return s.trim().split('\n').slice(-n).map((l) => `      ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`).join('\n');
}

const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, unknown>;
const writeJson = (f: string, v: unknown) => fs.writeFileSync(f, `${JSON.stringify(v, null, 2)}\n`);

/** Every JSON file of a cdktf output directory, by path relative to it, with `appDir` written as `<app>`. */
function outputFiles(dir: string, appDir: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) out.set(path.relative(dir, p), JSON.parse(fs.readFileSync(p, 'utf8').split(appDir).join('<app>')));
    }
  };
  walk(dir);
  return out;
}

function packTarball(): string {
  const packDir = path.join(WORK, 'pack');
  fs.rmSync(packDir, { recursive: true, force: true });
  fs.mkdirSync(packDir, { recursive: true });
  const out = must('npm', ['pack', '--json', '--pack-destination', packDir], REPO);
  const info = (JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>)[0];
  const files = info.files.map((f) => f.path);
  check(['lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', 'README.md', 'LICENSE'].every((f) => files.includes(f)),
    `tarball holds lib/index.js, lib/index.d.ts, the ai-infra bin lib/cli/main.js (${files.length} files)`);
  check(!files.some((f) => /^(src|test|scripts|bench)\//.test(f) || f.includes('cdktf.out/')), 'tarball holds no sources, tests, scripts or synth output');
  const links = relativeLinks(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'));
  const missing = unresolvedLinks(links, files);
  check(missing.length === 0, `every relative link of README.md resolves inside the tarball (${links.length} links)`, missing.map((l) => `missing: ${l}`));
  const bin = fs.readFileSync(path.join(REPO, 'lib', 'cli', 'main.js'), 'utf8');
  check(bin.startsWith('#!/usr/bin/env node'), 'lib/cli/main.js starts with a node shebang');
  return path.join(packDir, info.filename);
}

/**
 * Scaffolds the app with the compiled CLI (the tarball's code), points it at the
 * tarball, and, for the fork, merges in the package.json block of docs/cdk-terrain.md
 * as written; then `npm install`. node_modules and the lock stay between runs, so a
 * second run reinstalls only the tarball.
 */
async function prepareApp(core: 'cdktf' | 'cdktn', tarball: string): Promise<boolean> {
  const dir = dirOf(core);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'cdktf.json', 'main.ts', 'tsconfig.json', '.gitignore', 'README.md']) fs.rmSync(path.join(dir, f), { force: true });
  for (const d of ['cdktf.out', 'out', 'examples', 'node_modules/cdktf-ai-infra']) fs.rmSync(path.join(dir, d), { recursive: true, force: true });
  must(process.execPath, [path.join(REPO, 'lib', 'cli', 'main.js'), 'init', dir, '--template', 'training', '--cloud', 'aws'], WORK);
  let pkg = readJson(path.join(dir, 'package.json'));
  (pkg.dependencies as Record<string, string>)['cdktf-ai-infra'] = `file:${tarball}`;
  if (core === 'cdktn') pkg = mergePackageJson(pkg, jsonBlockAfter(fs.readFileSync(path.join(REPO, 'docs', 'cdk-terrain.md'), 'utf8'), '## The package.json change'));
  writeJson(path.join(dir, 'package.json'), pkg);
  forgetLockedTarball(dir);
  if (!(await synthOk(`${core}: npm install`, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir))) return false;
  const same = libHash(path.join(REPO, 'lib')) === libHash(path.join(dir, 'node_modules', 'cdktf-ai-infra', 'lib'));
  check(same, `${core}: the installed cdktf-ai-infra is the tarball just packed (lib/ identical)`);
  const installed = readJson(path.join(dir, 'node_modules', 'cdktf', 'package.json'));
  if (core === 'cdktf') {
    check(installed.name === 'cdktf' && installed.version === '0.21.0', `consumer installed cdktf ${String(installed.version)} from the scaffold's pins`);
  } else {
    const nodeVersion = (await runAsync('npx', ['--no-install', 'node', '--version'], dir)).stdout.trim();
    check(installed.name === 'cdktn', `with the docs' package.json block, node_modules/cdktf is ${String(installed.name)} ${String(installed.version)}`);
    check(/^v(2[3-9]|22\.(19|[2-9]\d))/.test(nodeVersion), `Node on the npm scripts' PATH is >= 22.19 (${nodeVersion})`);
  }
  placeApps(dir);
  return true;
}

/**
 * Drops the tarball's entry from the app's package-lock.json: the tarball keeps its
 * file name from run to run, and npm would otherwise install the copy it cached
 * under the old integrity.
 */
function forgetLockedTarball(dir: string): void {
  const lockFile = path.join(dir, 'package-lock.json');
  if (!fs.existsSync(lockFile)) return;
  const lock = readJson(lockFile) as { packages?: Record<string, unknown> };
  delete lock.packages?.['node_modules/cdktf-ai-infra'];
  writeJson(lockFile, lock);
}

/** A hash of every file under a directory (relative path and content). */
function libHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(`${path.relative(dir, p)}\0`).update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

/** Copies the shipped examples and the guards fixture into the app, each with a cdktf.json for the installed package. */
function placeApps(app: string): void {
  const shipped = path.join(app, 'node_modules', 'cdktf-ai-infra', 'examples');
  for (const name of EXAMPLES) {
    const dir = path.join(app, 'examples', name);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(shipped, name, 'main.ts'), path.join(dir, 'main.ts'));
    writeJson(path.join(dir, 'cdktf.json'), { language: 'typescript', app: 'npx tsx main.ts', sendCrashReports: 'false', context: {} });
  }
  const guards = path.join(app, 'examples', GUARDS);
  fs.mkdirSync(guards, { recursive: true });
  fs.copyFileSync(path.join(REPO, 'scripts', 'fixtures', `${GUARDS}.ts`), path.join(guards, 'main.ts'));
}

async function checkInstalledApp(): Promise<void> {
  const bin = path.join(APP, 'node_modules', '.bin', 'ai-infra');
  if (!(await synthOk('npm run synth of the scaffolded app', 'npm', ['run', 'synth'], APP))) return;
  const stacks = fs.readdirSync(path.join(APP, 'cdktf.out', 'stacks')).sort();
  check(stacks.join(',') === 'app,app-workloads', `npm run synth of the scaffolded app wrote stacks ${stacks.join(', ')}`);
  const report = JSON.parse(must(bin, ['report', 'cdktf.out', '--json'], APP)) as { stacks: Array<{ stack: string; cost: { estimatedMonthlyUsd: number }; policy: { findings: unknown[] }; decisions: Array<{ topic: string; chosen: string }> }> };
  const app = report.stacks[0];
  const chosen = app.decisions.find((d) => d.topic === 'instance-type')?.chosen ?? '';
  check(app.stack === 'app' && app.policy.findings.length === 0 && app.cost.estimatedMonthlyUsd > 0 && /^2 × p5/.test(chosen),
    `installed ai-infra report: stack app, ${chosen}, $${app.cost.estimatedMonthlyUsd}/month, ${app.policy.findings.length} policy findings`);
  const diagram = must(bin, ['diagram', 'cdktf.out'], APP);
  check(diagram.startsWith('flowchart LR') && diagram.includes('subgraph n_stack_app["app · aws ') && diagram.includes('-.->'),
    'installed ai-infra diagram draws the app with its cross-stack link');
  const again = run(bin, ['init', APP, '--template', 'training'], WORK);
  check(again.status === 2 && /^error: ai-infra init: .*package\.json already exists .*init never overwrites a file/.test(again.stderr) && again.stderr.trim().split('\n').length === 1,
    'installed ai-infra init refuses to overwrite the app (exit 2, one line)', [`exit ${again.status}: ${again.stderr.trim()}`]);
}

/**
 * Jobs that synthesize each example into out/<core>/<example>: with tsx on cdktf; on
 * the fork, the first through `cdktn synth` (the CLI on Node 22) and the others
 * through `npx tsx main.ts` (the app command the CLI runs, on Node 22 too).
 */
function synthExamples(core: 'cdktf' | 'cdktn'): Array<() => Promise<void>> {
  return EXAMPLES.map((name, i) => async () => {
    const dir = path.join(dirOf(core), 'examples', name);
    const out = path.join(dirOf(core), 'out', core, name);
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    if (core === 'cdktf') await synthOk(`cdktf: synth ${name}`, path.join(APP, 'node_modules', '.bin', 'tsx'), ['main.ts'], dir, { CDKTF_OUTDIR: out });
    else if (i === 0) await synthOk(`cdktn: cdktn synth ${name}`, 'npx', ['--no-install', 'cdktn', 'synth', '--output', out], dir, { TF_CLI_CONFIG_FILE: '' });
    else await synthOk(`cdktn: tsx main.ts ${name}`, 'npx', ['--no-install', 'tsx', 'main.ts'], dir, { CDKTF_OUTDIR: out });
  });
}

/** Job: the guards fixture must stop the synth, reporting the policy findings and the budget overrun. */
function checkGuards(core: 'cdktn'): () => Promise<void> {
  const expected: Array<[string, RegExp]> = [
    ['the policy pack (AiInfra-S3-1, S3-2, STATE-1 on a bare bucket)', /\[AiInfra-S3-1\] guards\/Raw \(aws_s3_bucket\)/],
    ['', /\[AiInfra-S3-2\] guards\/Raw/],
    ['', /\[AiInfra-STATE-1\] guards\/Raw/],
    ['the budget guard', /guards\/Budget: limitUsd must be at least the stack's monthly ceiling \$[\d,.]+ \(every pool at its max; expected \$[\d,.]+\), got 1000/],
  ];
  return async () => {
    fs.mkdirSync(path.join(APP_TN, 'out'), { recursive: true });
    const r = await runAsync('npx', ['--no-install', 'tsx', 'main.ts'], path.join(APP_TN, 'examples', GUARDS), { CDKTF_OUTDIR: path.join(APP_TN, 'out', `${core}-${GUARDS}`) });
    const text = `${r.stdout}\n${r.stderr}`;
    const missing = expected.filter(([, re]) => !re.test(text));
    check(r.status !== 0 && missing.length === 0, `${core}: ${expected.map(([what]) => what).filter((w) => w).join(' and ')} still stop a synth (exit ${r.status})`,
      [...missing.map(([, re]) => `not found: ${re.source}`), tail(text, 6)]);
  };
}

function compareCores(): void {
  for (const name of EXAMPLES) {
    // Local state paths are absolute (`<app dir>/terraform.<stack>.tfstate`); the two apps live in two directories.
    const a = outputFiles(path.join(APP, 'out', 'cdktf', name), APP);
    const b = outputFiles(path.join(APP_TN, 'out', 'cdktn', name), APP_TN);
    const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => !k.endsWith('metadata.json')).sort();
    const diffs: string[] = [];
    for (const k of keys) {
      if (!a.has(k) || !b.has(k)) diffs.push(`${k}: only in ${a.has(k) ? 'cdktf' : 'cdktn'}`);
      else diffs.push(...jsonDifferences(withoutVersionStamps(a.get(k)), withoutVersionStamps(b.get(k)), 5).map((d) => `${k}: ${d}`));
    }
    const stamps = [...a.keys()].filter((k) => k.endsWith('cdk.tf.json')).map((k) => `${(a.get(k) as { '//': { metadata: { version: string } } })['//'].metadata.version}→${(b.get(k) as { '//': { metadata: { version: string } } })?.['//']?.metadata?.version}`);
    check(diffs.length === 0 && keys.length >= 3, `${name}: ${keys.length} files (cdk.tf.json, ai-infra.manifest.json, manifest.json) equal on cdktf and cdktn apart from the version stamp (${[...new Set(stamps)].join(', ')})`, diffs.slice(0, 10));
  }
}

async function main(): Promise<number> {
  fs.mkdirSync(WORK, { recursive: true });
  console.log(`verify:package: consumer apps in ${WORK} (app: cdktf, app-terrain: CDK Terrain)`);
  try {
    const tarball = await step('pack', packTarball);
    if (!(await step('install (cdktf)', () => prepareApp('cdktf', tarball)))) throw new Error('the cdktf app did not install');
    // The fork's install (mostly disk) overlaps the cdktf synths (mostly CPU).
    const [terrain] = await Promise.all([
      step('install (cdktn)', () => prepareApp('cdktn', tarball)),
      step('synths (cdktf)', () => inParallel([checkInstalledApp, ...synthExamples('cdktf')])),
    ]);
    if (!terrain) throw new Error('the CDK Terrain app did not install');
    await step('synths (cdktn)', () => inParallel([...synthExamples('cdktn'), checkGuards('cdktn')]));
    compareCores();
  } catch (e) {
    failures++;
    console.log(`FAIL  stopped: ${(e as Error).message}`);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s (${timings.join(', ')})`);
  console.log(`verify:package: ${failures === 0 ? 'passed' : `${failures} failed`}`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`verify:package crashed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
