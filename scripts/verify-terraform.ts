/**
 * Offline Terraform harness: `npm run verify:terraform [example ...]`.
 *
 * 1. synthesizes every example app (`examples/<name>/{cdktf.json,main.ts}`) with tsx,
 *    into `.verify-terraform/<example>/cdktf.out` (CDKTF_OUTDIR; no cdktf-cli needed);
 * 2. for each stack whose providers the local provider mirror holds, copies it to
 *    `.verify-terraform/<example>/<stack>/`, adds an override file with mock AWS
 *    credentials, and runs `terraform init`, `terraform validate -json` and
 *    `terraform plan -refresh=false` against the mirror, with no network;
 * 3. prints one line per stack and `terraform: N passed, N failed, N skipped`.
 *
 * See docs/terraform-harness.md for the environment variables it reads.
 */
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  cliConfigText,
  describePlan,
  discoverExamples,
  discoverMirror,
  ExampleApp,
  filterExamples,
  formatStackReport,
  formatSummary,
  GOOGLE_CREDENTIAL_ENV,
  harnessOverride,
  LockEntry,
  MirrorDiscovery,
  mirrorAddresses,
  notCheckedReason,
  OVERRIDE_FILE_NAME,
  parseLockFile,
  parsePlanSummary,
  parseValidateJson,
  registryAllowedProviders,
  remoteStateReads,
  requiredProviders,
  seedLockFile,
  shortProviderAddress,
  StackJson,
  StackReport,
  synthesizedStacks,
  tally,
  terraformErrorLines,
  terraformPlatform,
  trimOutput,
  trimSynthError,
  unavailableProviders,
} from './lib/terraform-harness';

const REPO_ROOT = path.resolve(__dirname, '..');
const WORK_ROOT = path.join(REPO_ROOT, '.verify-terraform');
const IS_CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

const USAGE = `usage: npm run verify:terraform [-- example ...]

Synthesizes each example app and runs terraform init / validate / plan offline
against the local provider mirror. Environment:
  AI_INFRA_TF_MIRROR=<dir>        provider mirror to use (default: discovered)
  AI_INFRA_TF_REGISTRY=1          no mirror: let terraform download from the public registry
  AI_INFRA_TF_REGISTRY_PROVIDERS=google,google-beta
                                  with a mirror: these providers may come from the public registry
                                  (GCP stacks are checked then; without it they print "not checked")
  AI_INFRA_EXAMPLES_DIR=<dir>     examples directory (default: examples/)
  AI_INFRA_TF_CONCURRENCY=<n>     stacks checked at once (default: 2)
  AI_INFRA_TF_TIMEOUT_SECONDS=<n> limit for one synth or terraform command (default: 600)
  CI=true                         a missing terraform, mirror or example is a failure, not a skip`;

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  readonly timedOut: boolean;
  readonly spawnError?: string;
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const CONCURRENCY = positiveInt(process.env.AI_INFRA_TF_CONCURRENCY, 2);
const TIMEOUT_MS = positiveInt(process.env.AI_INFRA_TF_TIMEOUT_SECONDS, 600) * 1000;

/** Run a command to completion, capturing its output; never rejects. */
function run(cmd: string, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const finish = (code: number | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: (Date.now() - started) / 1000,
        timedOut,
        spawnError,
      });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, TIMEOUT_MS);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => finish(null, e.message));
    child.on('close', (code) => finish(code));
  });
}

/** Run `fn` over `items` with at most `limit` in flight, calling `onResult` as each finishes. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>, onResult?: (r: R) => void): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
      onResult?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function timeoutNote(r: RunResult, what: string): string[] {
  if (r.timedOut) return [`${what} killed after ${TIMEOUT_MS / 1000}s (AI_INFRA_TF_TIMEOUT_SECONDS)`];
  if (r.spawnError) return [`${what} could not start: ${r.spawnError}`];
  return [];
}

/** Stop here without checking anything: a visible skip locally, a failure under CI. */
function stopUnchecked(why: string): number {
  if (IS_CI) {
    console.error(`verify:terraform FAILED: ${why}`);
    console.error('CI=true: the Terraform check must run in CI (see docs/terraform-harness.md).');
    return 1;
  }
  console.log(`SKIPPED: ${why}`);
  console.log('(nothing was checked; under CI=true this is a failure — see docs/terraform-harness.md)');
  return 0;
}

function terraformVersion(): string | undefined {
  const r = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (r.error || r.status !== 0) return undefined;
  try {
    return (JSON.parse(r.stdout) as { terraform_version?: string }).terraform_version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function findRegistryDirs(): string[] {
  const r = spawnSync('find', ['/', '-xdev', '-maxdepth', '6', '-type', 'd', '-name', 'registry.terraform.io'], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  // find exits non-zero on unreadable directories; what it printed still counts.
  return (r.stdout ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** The environment Terraform runs with: hermetic, no user flags, no real AWS credentials. */
function terraformEnv(cliConfigFile: string, pluginCacheDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('TF_CLI_ARGS') || k === 'TF_DATA_DIR' || k === 'TF_WORKSPACE' || k.startsWith('TF_VAR_')) continue;
    if (k.startsWith('AWS_')) continue; // the override's mock keys must be the only credentials in play
    if (GOOGLE_CREDENTIAL_ENV.includes(k)) continue; // likewise the override's mock google access token
    env[k] = v;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_PLUGIN_CACHE_DIR: pluginCacheDir,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(WORK_ROOT, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(WORK_ROOT, 'no-aws-credentials'),
  };
}

interface SynthOutcome {
  readonly example: ExampleApp;
  readonly stacks: Array<{ name: string; dir: string; file: string }>;
  readonly failure?: StackReport;
}

async function synthExample(example: ExampleApp): Promise<SynthOutcome> {
  const exampleWork = path.join(WORK_ROOT, example.name);
  fs.rmSync(exampleWork, { recursive: true, force: true });
  fs.mkdirSync(exampleWork, { recursive: true });
  const outdir = path.join(exampleWork, 'cdktf.out');
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDKTF_OUTDIR: outdir,
    SYNTH_HCL_OUTPUT: 'false',
    // Apps outside the repo (AI_INFRA_EXAMPLES_DIR) still resolve cdktf and the providers from here.
    NODE_PATH: [path.join(REPO_ROOT, 'node_modules'), process.env.NODE_PATH].filter((p) => p).join(path.delimiter),
  };
  delete env.CDKTF_TARGET_STACK_ID;
  if (example.context) env.CDKTF_CONTEXT_JSON = JSON.stringify(example.context);
  const r = await run(tsx, ['--tsconfig', path.join(REPO_ROOT, 'tsconfig.dev.json'), example.main], { cwd: REPO_ROOT, env });
  const timings = { synth: r.seconds };
  if (r.code !== 0) {
    const details = [...timeoutNote(r, 'synth'), ...trimSynthError(r.stderr || r.stdout)];
    return { example, stacks: [], failure: { status: 'FAIL', name: example.name, message: 'synth failed', details, timings } };
  }
  const stacks = synthesizedStacks(outdir);
  if (stacks.length === 0) {
    return {
      example,
      stacks,
      failure: {
        status: 'FAIL',
        name: example.name,
        message: `synth wrote no stack to CDKTF_OUTDIR (${path.relative(REPO_ROOT, outdir)}); an App must not set its own outdir`,
        timings,
      },
    };
  }
  console.log(`synth ${example.name}: ${stacks.length} stack${stacks.length === 1 ? '' : 's'} (${stacks.map((s) => s.name).join(', ')})  [synth ${r.seconds.toFixed(1)}s]`);
  return { example, stacks };
}

interface StackJob {
  readonly example: string;
  readonly stack: { name: string; dir: string; file: string };
}

interface HarnessContext {
  readonly discovery: Extract<MirrorDiscovery, { kind: 'mirror' | 'registry' }>;
  readonly env: NodeJS.ProcessEnv;
  /** Lock entries produced by earlier inits of this run, by provider address. */
  readonly locks: Map<string, LockEntry>;
  /** Provider addresses the user allows from the public registry beside the mirror. */
  readonly registryAllowed: readonly string[];
}

/** A stack that is initialized and waits for validate and plan. */
interface ReadyStack {
  readonly name: string;
  readonly work: string;
  readonly stack: StackJson;
  readonly timings: Record<string, number>;
}

/**
 * Copy the stack to its work dir and run `terraform init` there. Runs one stack at a
 * time: init writes the shared plugin cache, which validate/plan of other stacks read.
 */
async function prepareStack(job: StackJob, ctx: HarnessContext): Promise<ReadyStack | StackReport> {
  const name = `${job.example}/${job.stack.name}`;
  let stack: StackJson;
  try {
    stack = JSON.parse(fs.readFileSync(job.stack.file, 'utf8')) as StackJson;
  } catch (e) {
    return { status: 'FAIL', name, message: `cannot read ${path.relative(REPO_ROOT, job.stack.file)}: ${(e as Error).message}` };
  }
  const required = requiredProviders(stack);
  if (ctx.discovery.kind === 'mirror') {
    const missing = unavailableProviders(required, ctx.discovery.packages, ctx.registryAllowed);
    if (missing.length > 0) return { status: 'SKIP', name, message: notCheckedReason(missing) };
  }

  // A private copy: cdk.tf.json pretty-printed (so Terraform's error snippets are readable) plus the override.
  const work = path.join(WORK_ROOT, job.example, job.stack.name);
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(job.stack.dir, work, { recursive: true, filter: (src) => path.basename(src) !== '.terraform' });
  fs.writeFileSync(path.join(work, 'cdk.tf.json'), `${JSON.stringify(stack, null, 2)}\n`);
  fs.writeFileSync(path.join(work, OVERRIDE_FILE_NAME), `${JSON.stringify(harnessOverride(stack), null, 2)}\n`);
  const lockFile = path.join(work, '.terraform.lock.hcl');
  // Seed the lock for providers installed from a zip or the registry (else init re-extracts / re-downloads them).
  // From an unpacked mirror, init without a lock is faster (0.6 s vs 1.5 s: no checksum pass over the binary).
  const unpackedInMirror = new Set(ctx.discovery.kind === 'mirror'
    ? ctx.discovery.packages.filter((p) => p.layout === 'unpacked').map((p) => p.address)
    : []);
  const seeded = seedLockFile(required.filter((r) => !unpackedInMirror.has(r.address)), ctx.locks);
  if (seeded !== undefined) fs.writeFileSync(lockFile, seeded);

  const init = await run('terraform', ['init', '-input=false', '-no-color'], { cwd: work, env: ctx.env });
  const timings: Record<string, number> = { init: init.seconds };
  if (init.code !== 0) {
    const details = [...timeoutNote(init, 'terraform init'), ...terraformErrorLines(`${init.stderr}\n${init.stdout}`)];
    return { status: 'FAIL', name, message: 'terraform init failed', details, timings };
  }
  try {
    for (const entry of parseLockFile(fs.readFileSync(lockFile, 'utf8'))) {
      if (!ctx.locks.has(entry.address)) ctx.locks.set(entry.address, entry);
    }
  } catch {
    // No lock file (a stack without providers): nothing to share.
  }
  return { name, work, stack, timings };
}

/** `terraform validate -json`, then `terraform plan`; safe to run for two stacks at once. */
async function validateAndPlan(ready: ReadyStack, ctx: HarnessContext): Promise<StackReport> {
  const { name, work, stack, timings } = ready;
  const tf = (args: string[]) => run('terraform', args, { cwd: work, env: ctx.env });

  const validate = await tf(['validate', '-json', '-no-color']);
  timings.validate = validate.seconds;
  const v = parseValidateJson(validate.stdout);
  if (!v.valid || validate.code !== 0) {
    const details = [...timeoutNote(validate, 'terraform validate'), ...(v.errors.length > 0 ? v.errors.slice(0, 8) : trimOutput(validate.stderr, 8))];
    const count = v.errors.length;
    return { status: 'FAIL', name, message: `validate: ${count} error${count === 1 ? '' : 's'}`, details, timings };
  }
  const warnings = v.warnings.slice(0, 3).map((w) => `warning: ${w}`);
  if (v.warnings.length > 3) warnings.push(`… ${v.warnings.length - 3} more warnings`);

  const remote = remoteStateReads(stack);
  if (remote.length > 0) {
    return {
      status: 'SKIP',
      name,
      message: `validate ok; plan not run: reads another stack's outputs (terraform_remote_state ${remote.join(', ')}), which needs that stack applied`,
      details: warnings,
      timings,
    };
  }

  const plan = await tf(['plan', '-input=false', '-lock=false', '-refresh=false', '-no-color', '-out=harness.tfplan']);
  timings.plan = plan.seconds;
  const counts = parsePlanSummary(plan.stdout);
  if (plan.code !== 0 || !counts) {
    const details = [...timeoutNote(plan, 'terraform plan'), ...terraformErrorLines(`${plan.stderr}\n${plan.stdout}`, 8)];
    return { status: 'FAIL', name, message: 'plan failed', details, timings };
  }
  return { status: 'PASS', name, message: `validate ok, ${describePlan(counts)}`, details: warnings, timings };
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const flags = argv.filter((a) => a.startsWith('-'));
  if (flags.length > 0) {
    console.error(`verify:terraform: unknown option ${flags.join(' ')}\n${USAGE}`);
    return 2;
  }
  const started = Date.now();

  // Examples.
  const examplesDir = process.env.AI_INFRA_EXAMPLES_DIR ? path.resolve(process.env.AI_INFRA_EXAMPLES_DIR) : path.join(REPO_ROOT, 'examples');
  const all = discoverExamples(examplesDir);
  if (all.length === 0) return stopUnchecked(`no examples: no directory under ${examplesDir} holds both cdktf.json and main.ts`);
  const { selected, unknown } = filterExamples(all, argv);
  if (unknown.length > 0) {
    console.error(`verify:terraform: no example named ${unknown.join(', ')} (have: ${all.map((e) => e.name).join(', ')})`);
    return 2;
  }

  // Terraform and the provider mirror.
  const version = terraformVersion();
  if (!version) return stopUnchecked('terraform not found on PATH (install Terraform >= 1.5; see docs/terraform-harness.md)');
  const platform = terraformPlatform();
  const discovery = discoverMirror({ env: process.env, home: os.homedir(), platform, searchForRegistryDirs: findRegistryDirs });
  for (const note of discovery.notes) console.log(`note: ${note}`);
  if (discovery.kind === 'invalid') {
    console.error(`verify:terraform FAILED: ${discovery.message}`);
    return 1;
  }
  if (discovery.kind === 'none') {
    return stopUnchecked(`no Terraform provider mirror for ${platform} found (set AI_INFRA_TF_MIRROR=<dir>, or AI_INFRA_TF_REGISTRY=1 to use the public registry)`);
  }

  fs.mkdirSync(WORK_ROOT, { recursive: true });
  const cliConfigFile = path.join(WORK_ROOT, 'harness.tfrc');
  let cacheKey = 'registry';
  const registryAllowed = registryAllowedProviders(process.env);
  if (discovery.kind === 'mirror') {
    const held = [...new Set(discovery.packages.map((p) => `${shortProviderAddress(p.address)} ${p.version}`))].sort();
    console.log(`verify:terraform: terraform ${version}, mirror ${discovery.root} (${discovery.via}): ${held.join(', ')}`);
    if (registryAllowed.length > 0) {
      console.log(`verify:terraform: from the public registry (AI_INFRA_TF_REGISTRY_PROVIDERS; needs internet): ${registryAllowed.map(shortProviderAddress).join(', ')}`);
    }
    fs.writeFileSync(cliConfigFile, cliConfigText(discovery.root, mirrorAddresses(discovery.packages)));
    cacheKey = createHash('sha256').update(discovery.root).digest('hex').slice(0, 12);
  } else {
    console.log(`verify:terraform: terraform ${version}, providers from the public registry (${discovery.via})`);
    fs.writeFileSync(cliConfigFile, cliConfigText(undefined, []));
  }
  // One cache per mirror: entries are symlinks into the mirror, so a cache must not outlive a change of mirror.
  const pluginCacheDir = path.join(WORK_ROOT, 'plugin-cache', cacheKey);
  fs.mkdirSync(pluginCacheDir, { recursive: true });
  // For re-running Terraform by hand in a work dir: `. ../../harness.env && terraform plan -refresh=false`.
  const tfEnv = terraformEnv(cliConfigFile, pluginCacheDir);
  const envKeys = ['TF_CLI_CONFIG_FILE', 'TF_PLUGIN_CACHE_DIR', 'TF_IN_AUTOMATION', 'CHECKPOINT_DISABLE', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];
  fs.writeFileSync(path.join(WORK_ROOT, 'harness.env'), `${envKeys.map((k) => `export ${k}=${JSON.stringify(tfEnv[k] ?? '')}`).join('\n')}\n`);
  const ctx: HarnessContext = { discovery, env: tfEnv, locks: new Map(), registryAllowed };

  const reports: StackReport[] = [];
  const print = (r: StackReport) => {
    reports.push(r);
    console.log(formatStackReport(r));
  };

  // Phase 1: synth every selected example.
  const synths = await pool(selected, CONCURRENCY, synthExample, (s) => {
    if (s.failure) print(s.failure);
  });

  // Phase 2: init every stack, one at a time (init writes the shared plugin cache).
  const jobs: StackJob[] = synths.flatMap((s) => s.stacks.map((stack) => ({ example: s.example.name, stack })));
  const ready: ReadyStack[] = [];
  for (const job of jobs) {
    const r = await prepareStack(job, ctx);
    if ('status' in r) print(r);
    else ready.push(r);
  }

  // Phase 3: validate and plan, CONCURRENCY at a time (they only read the cache).
  await pool(ready, CONCURRENCY, (r) => validateAndPlan(r, ctx), print);

  const t = tally(reports);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s; work dirs under ${path.relative(process.cwd(), WORK_ROOT) || '.'}/`);
  console.log(formatSummary(t));
  return t.failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`verify:terraform crashed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
