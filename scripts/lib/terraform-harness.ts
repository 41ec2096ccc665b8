/**
 * The pure(ish) parts of the offline Terraform harness (`npm run verify:terraform`).
 *
 * Everything here takes its inputs as arguments (environment, home directory,
 * platform, a search function) so it can be tested without touching the real
 * machine; the only I/O is reading directories and files under the paths it is
 * given. The runner that spawns `tsx` and `terraform` is scripts/verify-terraform.ts.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The registry hostname Terraform assumes for a source address without one. */
export const DEFAULT_REGISTRY_HOST = 'registry.terraform.io';

/** The name of the override file the harness writes beside each stack's cdk.tf.json. */
export const OVERRIDE_FILE_NAME = 'zz_harness_override.tf.json';

/**
 * Mock credentials and the flags that stop the AWS provider from calling STS / IMDS during plan.
 * `allowed_account_ids` is cleared: the stacks pin their account, and with
 * `skip_requesting_account_id` the provider cannot learn the (mock) caller's account to compare.
 */
export const AWS_MOCK_SETTINGS: Readonly<Record<string, string | boolean | null>> = Object.freeze({
  allowed_account_ids: null,
  access_key: 'mock',
  secret_key: 'mock',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
});

/**
 * The google (and google-beta) provider fails a plan without credentials: with neither
 * `credentials` nor `access_token` it looks for application default credentials and stops
 * (terraform-provider-google google/transport/config.go `GetCredentials`). A static
 * access token satisfies it without any network call; there is no
 * `skip_credentials_validation` (hashicorp/terraform-provider-google#8234, #19546).
 * `user_project_override = false` keeps the billing/quota project out of requests.
 */
export const GOOGLE_MOCK_SETTINGS: Readonly<Record<string, string | boolean>> = Object.freeze({
  access_token: 'mock',
  user_project_override: false,
});

/** Project and region the google override uses when the stack's own block leaves them out. */
export const GOOGLE_MOCK_PROJECT = 'mock-project';
export const GOOGLE_MOCK_REGION = 'us-central1';

/** The Google providers, by local name and address. */
export const GOOGLE_PROVIDERS: Readonly<Record<'google' | 'google-beta', string>> = Object.freeze({
  'google': 'registry.terraform.io/hashicorp/google',
  'google-beta': 'registry.terraform.io/hashicorp/google-beta',
});

/**
 * Environment variables the google provider reads for credentials, project or billing
 * project. The harness runs Terraform without them so the override's mock token is the
 * only credential in play (and `GOOGLE_CREDENTIALS` cannot conflict with `access_token`).
 */
export const GOOGLE_CREDENTIAL_ENV: ReadonlyArray<string> = [
  'GOOGLE_CREDENTIALS',
  'GOOGLE_CLOUD_KEYFILE_JSON',
  'GCLOUD_KEYFILE_JSON',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GOOGLE_OAUTH_ACCESS_TOKEN',
  'GOOGLE_IMPERSONATE_SERVICE_ACCOUNT',
  'GOOGLE_BILLING_PROJECT',
  'USER_PROJECT_OVERRIDE',
  'GOOGLE_PROJECT',
  'GOOGLE_CLOUD_PROJECT',
  'GCLOUD_PROJECT',
  'CLOUDSDK_CORE_PROJECT',
  'GOOGLE_REGION',
  'GCLOUD_REGION',
  'CLOUDSDK_COMPUTE_REGION',
  'GOOGLE_ZONE',
];

// ---------------------------------------------------------------------------
// Platforms and provider addresses
// ---------------------------------------------------------------------------

/** Terraform's name for a Node.js platform/arch pair, e.g. `linux_amd64`. */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  const archMap: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
  return `${os}_${archMap[arch] ?? arch}`;
}

/**
 * The fully qualified address of a provider requirement, as Terraform resolves it:
 * `aws` → `registry.terraform.io/hashicorp/aws`, `hashicorp/aws` → the same,
 * `example.com/acme/thing` unchanged. Lower-cased, like Terraform does.
 */
export function normalizeProviderSource(localName: string, source?: string): string {
  const raw = (source ?? localName).trim().toLowerCase();
  const parts = raw.split('/').filter((p) => p.length > 0);
  if (parts.length === 1) return `${DEFAULT_REGISTRY_HOST}/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `${DEFAULT_REGISTRY_HOST}/${parts[0]}/${parts[1]}`;
  return parts.join('/');
}

/** The short form used in messages: `hashicorp/aws` for the public registry, the full address otherwise. */
export function shortProviderAddress(address: string): string {
  const prefix = `${DEFAULT_REGISTRY_HOST}/`;
  return address.startsWith(prefix) ? address.slice(prefix.length) : address;
}

// ---------------------------------------------------------------------------
// Versions and constraints (the subset Terraform uses for providers)
// ---------------------------------------------------------------------------

interface ParsedVersion {
  readonly nums: number[];
  readonly pre: string;
}

function parseVersion(v: string): ParsedVersion | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return undefined;
  return { nums: m[1].split('.').map((n) => Number(n)), pre: m[2] ?? '' };
}

function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  const len = Math.max(a.nums.length, b.nums.length, 3);
  for (let i = 0; i < len; i++) {
    const d = (a.nums[i] ?? 0) - (b.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1; // a release sorts after its pre-releases
  if (b.pre === '') return -1;
  return a.pre < b.pre ? -1 : 1;
}

/**
 * Whether `version` satisfies a Terraform version constraint string such as
 * `5.100.0`, `= 5.100.0`, `~> 5.0`, `>= 5.0, < 6.0`, `!= 5.1.0`. An empty or
 * missing constraint accepts any version. Like Terraform, a pre-release only
 * matches a constraint that names it exactly.
 */
export function versionSatisfies(version: string, constraint?: string): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  if (constraint === undefined || constraint.trim() === '') return v.pre === '';
  let exactPreRelease = false;
  for (const clause of constraint.split(',')) {
    const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(clause);
    if (!m) return false;
    const op = m[1] ?? '=';
    const c = parseVersion(m[2]);
    if (!c) return false;
    const cmp = compareVersions(v, c);
    switch (op) {
      case '=':
        if (cmp !== 0) return false;
        if (v.pre !== '') exactPreRelease = true;
        break;
      case '!=':
        if (cmp === 0) return false;
        break;
      case '>':
        if (cmp <= 0) return false;
        break;
      case '>=':
        if (cmp < 0) return false;
        break;
      case '<':
        if (cmp >= 0) return false;
        break;
      case '<=':
        if (cmp > 0) return false;
        break;
      case '~>': {
        if (cmp < 0) return false;
        // Only the rightmost given component may grow: ~> 5.1 → < 6.0, ~> 5.1.2 → < 5.2.0, ~> 5 → < 6.
        const upper = c.nums.length <= 1 ? [c.nums[0] + 1] : [...c.nums.slice(0, -2), c.nums[c.nums.length - 2] + 1];
        if (compareVersions(v, { nums: upper, pre: '' }) >= 0) return false;
        break;
      }
      default:
        return false;
    }
  }
  return v.pre === '' || exactPreRelease;
}

// ---------------------------------------------------------------------------
// Mirror contents
// ---------------------------------------------------------------------------

/** One provider package a filesystem mirror holds for the current platform. */
export interface MirrorPackage {
  /** Fully qualified address, e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly address: string;
  readonly version: string;
  readonly layout: 'unpacked' | 'packed';
  /** The version/platform directory (unpacked) or the zip file (packed). */
  readonly location: string;
}

/** Subdirectory names of `dir`, sorted; symlinks to directories count only with `followLinks`. */
function listDirs(dir: string, followLinks = true): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() || (followLinks && e.isSymbolicLink() && isDirectory(path.join(dir, e.name))))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function listFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() || (e.isSymbolicLink() && isFile(path.join(dir, e.name))))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The provider packages a filesystem mirror holds for `platform` (e.g. `linux_amd64`),
 * in either layout Terraform accepts:
 *  - unpacked: `HOST/NAMESPACE/TYPE/VERSION/PLATFORM/` (a directory);
 *  - packed:   `HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_PLATFORM.zip`.
 *
 * Like Terraform 1.11 (measured): the root may be a symlink and so may the
 * PLATFORM directory, but a symlinked HOST, NAMESPACE, TYPE or VERSION directory
 * is not followed, so it is not listed either.
 */
export function listMirrorPackages(mirrorRoot: string, platform: string): MirrorPackage[] {
  const found: MirrorPackage[] = [];
  for (const host of listDirs(mirrorRoot, false)) {
    if (!host.includes('.')) continue; // hostnames have a dot; skips the legacy flat layout and stray dirs
    for (const ns of listDirs(path.join(mirrorRoot, host), false)) {
      for (const type of listDirs(path.join(mirrorRoot, host, ns), false)) {
        const typeDir = path.join(mirrorRoot, host, ns, type);
        const address = `${host}/${ns}/${type}`.toLowerCase();
        for (const version of listDirs(typeDir, false)) {
          if (!parseVersion(version)) continue;
          const platformDir = path.join(typeDir, version, platform);
          if (isDirectory(platformDir)) found.push({ address, version, layout: 'unpacked', location: platformDir });
        }
        const zipPrefix = `terraform-provider-${type}_`;
        const zipSuffix = `_${platform}.zip`;
        for (const file of listFiles(typeDir)) {
          if (!file.startsWith(zipPrefix) || !file.endsWith(zipSuffix)) continue;
          const version = file.slice(zipPrefix.length, file.length - zipSuffix.length);
          if (parseVersion(version)) found.push({ address, version, layout: 'packed', location: path.join(typeDir, file) });
        }
      }
    }
  }
  return found;
}

/** The distinct provider addresses among `packages`, sorted. */
export function mirrorAddresses(packages: readonly MirrorPackage[]): string[] {
  return [...new Set(packages.map((p) => p.address))].sort();
}

// ---------------------------------------------------------------------------
// Mirror discovery
// ---------------------------------------------------------------------------

export type MirrorDiscovery =
  | {
    readonly kind: 'mirror';
    readonly root: string;
    /** How it was found, for the header line. */
    readonly via: string;
    readonly packages: MirrorPackage[];
    readonly notes: string[];
  }
  | { readonly kind: 'registry'; readonly via: string; readonly notes: string[] }
  | { readonly kind: 'none'; readonly notes: string[] }
  /** The user pointed somewhere explicitly and it is wrong: always an error, never a silent skip. */
  | { readonly kind: 'invalid'; readonly message: string; readonly notes: string[] };

export interface DiscoverMirrorOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  /** Terraform platform, e.g. `linux_amd64`. */
  readonly platform: string;
  /**
   * The last resort: directories named `registry.terraform.io` found on the machine
   * (the runner uses a bounded `find`). Called only when nothing else matched.
   */
  readonly searchForRegistryDirs?: () => string[];
}

/**
 * `filesystem_mirror` paths declared in a Terraform CLI configuration text (HCL or JSON).
 * Only the `path` inside a `filesystem_mirror` block is taken.
 */
export function filesystemMirrorPathsFromCliConfig(text: string): string[] {
  const paths: string[] = [];
  // Drop comments (# ..., // ..., /* ... */) outside strings well enough for a config file.
  const cleaned = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*(#|\/\/).*$/gm, '');
  const blockRe = /"?filesystem_mirror"?\s*[:=]?\s*\[?\s*\{([^{}]*)\}/g;
  let block: RegExpExecArray | null;
  while ((block = blockRe.exec(cleaned)) !== null) {
    const m = /"?path"?\s*[:=]\s*"((?:[^"\\]|\\.)*)"/.exec(block[1]);
    if (m) paths.push(m[1].replace(/\\(["\\])/g, '$1'));
  }
  return paths;
}

/** The implied local mirror directories Terraform searches on a Unix-like system, in its order. */
export function impliedMirrorDirs(env: Readonly<Record<string, string | undefined>>, home: string): string[] {
  const dataHome = env.XDG_DATA_HOME && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS && env.XDG_DATA_DIRS !== '' ? env.XDG_DATA_DIRS : '/usr/local/share:/usr/share')
    .split(':').filter((d) => d !== '');
  const dirs = [
    path.join(home, '.terraform.d', 'plugins'),
    path.join(dataHome, 'terraform', 'plugins'),
    ...dataDirs.map((d) => path.join(d, 'terraform', 'plugins')),
  ];
  return [...new Set(dirs)];
}

function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return p;
}

/**
 * Find the provider mirror to verify against, in this order:
 *  1. `AI_INFRA_TF_REGISTRY=1`: no mirror, Terraform downloads from the public registry;
 *  2. `AI_INFRA_TF_MIRROR` (an explicit path; wrong → `invalid`, never a silent skip);
 *  3. a `filesystem_mirror` path in the user's CLI config (`TF_CLI_CONFIG_FILE`, else `~/.terraformrc`);
 *     a `TF_CLI_CONFIG_FILE` that does not exist is noted and ignored;
 *  4. the implied mirror directories (`~/.terraform.d/plugins`, XDG data dirs);
 *  5. `searchForRegistryDirs()`: the mirror root is the parent of a `registry.terraform.io` dir;
 *     the one with the most packages for this platform wins.
 * A candidate counts only if it holds at least one provider package for `platform`.
 */
export function discoverMirror(opts: DiscoverMirrorOptions): MirrorDiscovery {
  const { env, home, platform } = opts;
  const notes: string[] = [];
  const registryFlag = (env.AI_INFRA_TF_REGISTRY ?? '').trim().toLowerCase();
  if (registryFlag === '1' || registryFlag === 'true') {
    return { kind: 'registry', via: 'AI_INFRA_TF_REGISTRY=1; needs internet', notes };
  }

  const explicit = env.AI_INFRA_TF_MIRROR;
  if (explicit !== undefined && explicit.trim() !== '') {
    const root = path.resolve(expandHome(explicit.trim(), home));
    if (!isDirectory(root)) {
      return { kind: 'invalid', message: `AI_INFRA_TF_MIRROR=${explicit} is not a directory`, notes };
    }
    const packages = listMirrorPackages(root, platform);
    if (packages.length === 0) {
      return {
        kind: 'invalid',
        message: `AI_INFRA_TF_MIRROR=${explicit} holds no provider for ${platform} (expected HOST/NAMESPACE/TYPE/VERSION/${platform}/ or HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_${platform}.zip)`,
        notes,
      };
    }
    return { kind: 'mirror', root, via: 'AI_INFRA_TF_MIRROR', packages, notes };
  }

  const tryRoot = (root: string, via: string): MirrorDiscovery | undefined => {
    if (!isDirectory(root)) return undefined;
    const packages = listMirrorPackages(root, platform);
    if (packages.length === 0) {
      notes.push(`${via}: ${root} holds no provider for ${platform}`);
      return undefined;
    }
    return { kind: 'mirror', root, via, packages, notes };
  };

  // 3. The user's own CLI configuration.
  let cliConfig: string | undefined;
  const envConfig = env.TF_CLI_CONFIG_FILE;
  if (envConfig !== undefined && envConfig !== '') {
    if (isFile(envConfig)) {
      cliConfig = envConfig;
    } else {
      notes.push(`TF_CLI_CONFIG_FILE=${envConfig} does not exist; ignored`);
    }
  } else if (isFile(path.join(home, '.terraformrc'))) {
    cliConfig = path.join(home, '.terraformrc');
  }
  if (cliConfig) {
    let text = '';
    try {
      text = fs.readFileSync(cliConfig, 'utf8');
    } catch (e) {
      notes.push(`could not read ${cliConfig}: ${(e as Error).message}`);
    }
    for (const p of filesystemMirrorPathsFromCliConfig(text)) {
      const found = tryRoot(path.resolve(path.dirname(cliConfig), expandHome(p, home)), `filesystem_mirror in ${cliConfig}`);
      if (found) return found;
    }
  }

  // 4. Implied local mirror directories.
  for (const dir of impliedMirrorDirs(env, home)) {
    const found = tryRoot(dir, 'implied mirror directory');
    if (found) return found;
  }

  // 5. A bounded search of the machine.
  if (opts.searchForRegistryDirs) {
    const candidates = opts.searchForRegistryDirs()
      // A working directory's .terraform/providers or a plugin cache has the same shape: not a mirror.
      .filter((d) => !d.split(path.sep).some((seg) => seg === '.terraform' || seg === '.verify-terraform'))
      .map((d) => path.dirname(d));
    let best: { root: string; packages: MirrorPackage[] } | undefined;
    for (const root of [...new Set(candidates)].sort()) {
      const packages = listMirrorPackages(root, platform);
      if (packages.length > (best?.packages.length ?? 0)) best = { root, packages };
    }
    if (best) return { kind: 'mirror', root: best.root, via: 'search for a registry.terraform.io directory', packages: best.packages, notes };
  }
  return { kind: 'none', notes };
}

// ---------------------------------------------------------------------------
// Stacks: required providers, availability, override file
// ---------------------------------------------------------------------------

/** One `terraform.required_providers` entry of a synthesized stack. */
export interface RequiredProvider {
  readonly localName: string;
  readonly address: string;
  readonly constraint?: string;
}

/** A synthesized `cdk.tf.json`, loosely typed: only the parts the harness reads. */
export type StackJson = Record<string, unknown>;

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The providers a synthesized stack requires (from `terraform.required_providers`). */
export function requiredProviders(stack: StackJson): RequiredProvider[] {
  const req = asRecord(asRecord(stack.terraform)?.required_providers) ?? {};
  return Object.entries(req).map(([localName, value]) => {
    if (typeof value === 'string') {
      // Legacy form: `aws = "~> 5.0"`.
      return { localName, address: normalizeProviderSource(localName), constraint: value };
    }
    const rec = asRecord(value) ?? {};
    const source = typeof rec.source === 'string' ? rec.source : undefined;
    const constraint = typeof rec.version === 'string' ? rec.version : undefined;
    return { localName, address: normalizeProviderSource(localName, source), constraint };
  }).sort((a, b) => a.localName.localeCompare(b.localName));
}

export interface MissingProvider extends RequiredProvider {
  /** Versions of this provider the mirror does hold (none if it does not hold it at all). */
  readonly mirrorVersions: string[];
}

/** The required providers the mirror cannot satisfy (address absent, or no version meets the constraint). */
export function missingProviders(required: readonly RequiredProvider[], packages: readonly MirrorPackage[]): MissingProvider[] {
  const missing: MissingProvider[] = [];
  for (const r of required) {
    const versions = [...new Set(packages.filter((p) => p.address === r.address).map((p) => p.version))].sort();
    if (!versions.some((v) => versionSatisfies(v, r.constraint))) missing.push({ ...r, mirrorVersions: versions });
  }
  return missing;
}

/**
 * Providers the user allows Terraform to download from the public registry even when a
 * mirror is in use: `AI_INFRA_TF_REGISTRY_PROVIDERS=google,google-beta` (local names or
 * source addresses, comma separated). Without it nothing is downloaded.
 */
export function registryAllowedProviders(env: Readonly<Record<string, string | undefined>>): string[] {
  const raw = env.AI_INFRA_TF_REGISTRY_PROVIDERS ?? '';
  return [...new Set(raw.split(',').map((p) => p.trim()).filter((p) => p !== '').map((p) => normalizeProviderSource(p)))].sort();
}

/**
 * The required providers a stack cannot get: not in the mirror and not allowed from the
 * registry. A stack with any is reported as not checked instead of run.
 */
export function unavailableProviders(
  required: readonly RequiredProvider[], packages: readonly MirrorPackage[], registryAllowed: readonly string[] = [],
): MissingProvider[] {
  return missingProviders(required, packages).filter((m) => !registryAllowed.includes(m.address));
}

/**
 * The reason line for a stack that is not checked because of `missing`. A missing Google
 * provider gets its own line, `not checked: google provider not in the mirror`, with how
 * to check it anyway.
 */
export function notCheckedReason(missing: readonly MissingProvider[]): string {
  const google = missing.filter((m) => Object.values(GOOGLE_PROVIDERS).includes(m.address));
  if (google.length > 0) {
    const others = missing.filter((m) => !google.includes(m)).map((m) => shortProviderAddress(m.address));
    const names = google.map((m) => m.localName === 'google-beta' || m.address.endsWith('/google-beta') ? 'google-beta' : 'google');
    const also = others.length > 0 ? `; also missing: ${others.join(', ')}` : '';
    return `not checked: ${[...new Set(names)].join(' and ')} provider not in the mirror${also} (GCP stack: covered by typed synth tests; `
      + 'AI_INFRA_TF_REGISTRY_PROVIDERS=google or AI_INFRA_TF_REGISTRY=1 fetches it from the public registry, see docs/terraform-harness.md)';
  }
  const parts = missing.map((m) => {
    const name = shortProviderAddress(m.address);
    if (m.mirrorVersions.length === 0) return name;
    return `${name} ${m.constraint ?? ''} (mirror has ${m.mirrorVersions.join(', ')})`.replace(/\s+\(/, ' (');
  });
  const noun = missing.length === 1 ? 'provider' : 'providers';
  return `not checked: ${noun} ${parts.join(', ')} not in the mirror (covered by synth tests)`;
}

/** The provider blocks of one local name (`aws`, `google`), as records. */
function providerBlocks(stack: StackJson, name: string): Record<string, unknown>[] {
  const raw = asRecord(stack.provider)?.[name];
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).map((b) => asRecord(b) ?? {});
}

/** The `alias` of every `aws` provider block of a stack; `undefined` stands for the default (unaliased) block. */
export function awsProviderAliases(stack: StackJson): Array<string | undefined> {
  return providerBlocks(stack, 'aws').map((b) => (typeof b.alias === 'string' ? b.alias : undefined));
}

/**
 * The override entries for one Google provider name: one per block of the stack, same
 * alias, with the mock token, `user_project_override = false`, and the block's own
 * project and region (or mock ones when the block leaves them to the environment, which
 * the harness clears).
 */
export function googleOverrideEntries(stack: StackJson, name: 'google' | 'google-beta'): Record<string, unknown>[] {
  return providerBlocks(stack, name).map((b) => ({
    ...(typeof b.alias === 'string' ? { alias: b.alias } : {}),
    ...GOOGLE_MOCK_SETTINGS,
    project: typeof b.project === 'string' && b.project !== '' ? b.project : GOOGLE_MOCK_PROJECT,
    region: typeof b.region === 'string' && b.region !== '' ? b.region : GOOGLE_MOCK_REGION,
  }));
}

/**
 * The override file the harness writes beside a stack's cdk.tf.json.
 *
 * Google provider blocks get the same treatment with GOOGLE_MOCK_SETTINGS (see
 * `googleOverrideEntries`).
 *
 * Terraform merges an override file's provider block into the primary block with the
 * same name *and alias*, and rejects an override for a provider configuration that
 * the primary files do not define ("Missing base provider configuration for
 * override"). So the override holds exactly one `aws` entry per `aws` block of the
 * stack, with the same alias, and none when the stack has no `aws` block.
 *
 * It also points the backend at a local state file inside the work directory, so a
 * plan never reads (or a user's configured remote backend never reaches) anything
 * outside it. An override `backend` replaces the primary one entirely.
 */
export function harnessOverride(stack: StackJson): Record<string, unknown> {
  const override: Record<string, unknown> = {
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
  };
  const provider: Record<string, unknown> = {};
  const aliases = awsProviderAliases(stack);
  if (aliases.length > 0) {
    provider.aws = aliases.map((alias) => (alias === undefined ? { ...AWS_MOCK_SETTINGS } : { alias, ...AWS_MOCK_SETTINGS }));
  }
  for (const name of ['google', 'google-beta'] as const) {
    const entries = googleOverrideEntries(stack, name);
    if (entries.length > 0) provider[name] = entries;
  }
  if (Object.keys(provider).length > 0) override.provider = provider;
  return override;
}

/**
 * The stacks whose outputs this stack reads through cdktf cross-stack references
 * (`data.terraform_remote_state`). Planning such a stack alone would need the other
 * stack's state, which an offline harness does not have.
 */
export function remoteStateReads(stack: StackJson): string[] {
  const rs = asRecord(asRecord(stack.data)?.terraform_remote_state);
  return rs ? Object.keys(rs).sort() : [];
}

// ---------------------------------------------------------------------------
// Dependency lock files
// ---------------------------------------------------------------------------

/** One `provider` block of a `.terraform.lock.hcl`. */
export interface LockEntry {
  readonly address: string;
  readonly version: string;
  /** The block's text, from `provider` to its closing brace. */
  readonly block: string;
}

/** The provider blocks of a `.terraform.lock.hcl` text. */
export function parseLockFile(text: string): LockEntry[] {
  const entries: LockEntry[] = [];
  const re = /^provider "([^"]+)" \{[\s\S]*?^\}/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const version = /^\s*version\s*=\s*"([^"]+)"/m.exec(m[0]);
    if (version) entries.push({ address: m[1].toLowerCase(), version: version[1], block: m[0] });
  }
  return entries;
}

/**
 * A `.terraform.lock.hcl` to put in a fresh work dir before `terraform init`, made of
 * the lock entries earlier stacks produced for the providers this stack requires
 * (when the locked version meets this stack's constraint); undefined if none apply.
 *
 * Why: without a lock entry, Terraform >= 1.4 installs from the mirror again and
 * rewrites the shared plugin cache (for a packed mirror, re-extracting ~700 MB of
 * aws provider), which is slow and unsafe while another stack is running. With an
 * entry whose checksum matches, it links the cached package (measured: 4.1 s → 1.4 s).
 */
export function seedLockFile(required: readonly RequiredProvider[], known: ReadonlyMap<string, LockEntry>): string | undefined {
  const blocks: string[] = [];
  for (const r of required) {
    const entry = known.get(r.address);
    if (entry && versionSatisfies(entry.version, r.constraint)) blocks.push(entry.block);
  }
  if (blocks.length === 0) return undefined;
  return ['# Seeded by scripts/verify-terraform.ts from an earlier stack of this run.', '', ...blocks.map((b) => `${b}\n`)].join('\n');
}

// ---------------------------------------------------------------------------
// Terraform CLI configuration
// ---------------------------------------------------------------------------

function hclString(s: string): string {
  // The CLI config is HCL 1: JSON's \" and \\ escapes are valid and `${` is taken literally (measured).
  return JSON.stringify(s);
}

/**
 * The CLI configuration the harness runs Terraform with: the providers the mirror
 * holds come only from the mirror, anything else from the registry (which, offline,
 * fails: those stacks are reported as not checked before Terraform is ever run).
 * With `mirrorRoot` undefined (registry mode) every provider is installed directly.
 */
export function cliConfigText(mirrorRoot: string | undefined, addresses: readonly string[]): string {
  const lines = ['# Written by scripts/verify-terraform.ts for this run; safe to delete.', 'provider_installation {'];
  if (mirrorRoot !== undefined && addresses.length > 0) {
    const list = addresses.map(hclString).join(', ');
    lines.push(
      '  filesystem_mirror {',
      `    path    = ${hclString(mirrorRoot)}`,
      `    include = [${list}]`,
      '  }',
      '  direct {',
      `    exclude = [${list}]`,
      '  }',
    );
  } else {
    lines.push('  direct {}');
  }
  lines.push('}', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Output parsing and formatting
// ---------------------------------------------------------------------------

export interface PlanCounts {
  readonly import: number;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

/**
 * The counts in `terraform plan` output: `Plan: N to add, N to change, N to destroy.`
 * (optionally `Plan: N to import, ...`), or zeros for `No changes.`; undefined when
 * neither is present.
 */
export function parsePlanSummary(output: string): PlanCounts | undefined {
  const m = /Plan:\s+(?:(\d+) to import,\s+)?(\d+) to add,\s+(\d+) to change,\s+(\d+) to destroy/.exec(output);
  if (m) return { import: Number(m[1] ?? 0), add: Number(m[2]), change: Number(m[3]), destroy: Number(m[4]) };
  if (/No changes\./.test(output)) return { import: 0, add: 0, change: 0, destroy: 0 };
  return undefined;
}

export interface ValidateResult {
  readonly valid: boolean;
  readonly errors: string[];
  readonly warnings: string[];
}

interface ValidateDiagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  address?: string;
  range?: { filename?: string; start?: { line?: number } };
}

function diagnosticLine(d: ValidateDiagnostic): string {
  const where = d.address ?? (d.range?.filename ? `${d.range.filename}:${d.range.start?.line ?? '?'}` : undefined);
  const detail = (d.detail ?? '').split('\n').map((l) => l.trim()).find((l) => l !== '');
  return [d.summary ?? '(no summary)', where ? `[${where}]` : undefined, detail ? `— ${detail}` : undefined]
    .filter((p) => p !== undefined).join(' ');
}

/** Parse `terraform validate -json` output; a non-JSON output is reported as one error. */
export function parseValidateJson(stdout: string): ValidateResult {
  let doc: { valid?: boolean; diagnostics?: ValidateDiagnostic[] };
  try {
    doc = JSON.parse(stdout) as typeof doc;
  } catch {
    const first = stdout.trim().split('\n').slice(0, 3).join(' ');
    return { valid: false, errors: [`terraform validate did not print JSON: ${first || '(empty output)'}`], warnings: [] };
  }
  const diags = Array.isArray(doc.diagnostics) ? doc.diagnostics : [];
  const errors = diags.filter((d) => d.severity === 'error').map(diagnosticLine);
  const warnings = diags.filter((d) => d.severity === 'warning').map(diagnosticLine);
  return { valid: doc.valid === true && errors.length === 0, errors, warnings };
}

/**
 * The error lines of a human-readable Terraform run (init/plan with -no-color):
 * each `Error: ...` line with its `with ...` line and first detail line, without
 * the source snippet. Falls back to the last non-empty lines.
 */
export function terraformErrorLines(output: string, max = 6): string[] {
  const lines = output.split('\n').map((l) => l.replace(/\s+$/, ''));
  const out: string[] = [];
  for (let i = 0; i < lines.length && out.length < max; i++) {
    const m = /^[│|]?\s*Error: (.*)$/.exec(lines[i]);
    if (!m) continue;
    let text = `Error: ${m[1].trim()}`;
    let detail: string | undefined;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j].replace(/^[│|╵╷]\s?/, '');
      if (/^\s*Error: /.test(l)) break;
      const w = /^\s*with (.+?),?$/.exec(l);
      if (w) {
        text += ` [${w[1]}]`;
        continue;
      }
      // Skip snippet lines ("on file line N", "  12: ...", underline markers) and blanks.
      if (/^\s*on .+ line \d+/.test(l) || /^\s*\d+:/.test(l) || /^\s*[│├└─╵╷]/.test(l) || l.trim() === '' || /^\s*\.\.\.\s*$/.test(l)) continue;
      // The detail paragraph: Terraform wraps it over several lines; join them up to a blank line.
      const para: string[] = [];
      for (let k = j; k < lines.length; k++) {
        const pl = lines[k].replace(/^[│|╵╷]\s?/, '').trim();
        if (pl === '' || /^Error: /.test(pl)) break;
        para.push(pl);
      }
      detail = para.join(' ');
      if (detail.length > 300) detail = `${detail.slice(0, 299)}…`;
      break;
    }
    out.push(detail ? `${text} — ${detail}` : text);
  }
  if (out.length > 0) return out;
  return lines.filter((l) => l.trim() !== '').slice(-max);
}

/**
 * A synth failure's stderr for display: the error and the app's own stack frames,
 * without the frames inside Node.js, tsx or node_modules.
 */
export function trimSynthError(stderr: string, max = 15): string[] {
  const kept = stderr.split('\n').filter((l) => {
    if (!/^\s+at /.test(l)) return !/^Node\.js v\d/.test(l.trim());
    return !/(node:internal|[\\/]node_modules[\\/]|\(node:|^\s+at node:)/.test(l);
  });
  return trimOutput(kept.join('\n'), max);
}

/** Trim a child process's stderr for display: the first `max` non-empty lines, each cut to `width`. */
export function trimOutput(text: string, max = 15, width = 220): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim() !== '');
  const shown = lines.slice(0, max).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (lines.length > max) shown.push(`… (${lines.length - max} more lines)`);
  return shown;
}

export interface Tally {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** The closing line, exactly: `terraform: N passed, N failed, N skipped`. */
export function formatSummary(t: Tally): string {
  return `terraform: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
}

export type StackStatus = 'PASS' | 'FAIL' | 'SKIP';

export interface StackReport {
  readonly status: StackStatus;
  /** `<example>/<stack>`, or just `<example>` for a synth failure. */
  readonly name: string;
  readonly message: string;
  /** Extra lines printed indented under the result line (first error lines). */
  readonly details?: readonly string[];
  /** Seconds per phase, e.g. { init: 0.5, validate: 1.9, plan: 2.4 }. */
  readonly timings?: Readonly<Record<string, number>>;
}

/** One result line (plus indented detail lines) per stack. */
export function formatStackReport(r: StackReport): string {
  const timing = r.timings && Object.keys(r.timings).length > 0
    ? `  [${Object.entries(r.timings).map(([k, s]) => `${k} ${s.toFixed(1)}s`).join(', ')}]`
    : '';
  const head = `${r.status.padEnd(4)}  ${r.name}  ${r.message}${timing}`;
  return [head, ...(r.details ?? []).map((d) => `      ${d}`)].join('\n');
}

/** Count the reports into a tally. */
export function tally(reports: readonly StackReport[]): Tally {
  return {
    passed: reports.filter((r) => r.status === 'PASS').length,
    failed: reports.filter((r) => r.status === 'FAIL').length,
    skipped: reports.filter((r) => r.status === 'SKIP').length,
  };
}

/** `plan: 4 to add` (plus change/destroy/import when non-zero). */
export function describePlan(c: PlanCounts): string {
  const parts = [`${c.add} to add`];
  if (c.change > 0) parts.push(`${c.change} to change`);
  if (c.destroy > 0) parts.push(`${c.destroy} to destroy`);
  if (c.import > 0) parts.push(`${c.import} to import`);
  return `plan: ${parts.join(', ')}`;
}

// ---------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------

export interface ExampleApp {
  readonly name: string;
  readonly dir: string;
  readonly main: string;
  /** `context` from cdktf.json, passed to the app as CDKTF_CONTEXT_JSON like cdktf-cli does. */
  readonly context?: Record<string, unknown>;
}

/** Every `<examplesDir>/<name>/` holding both `cdktf.json` and `main.ts`, sorted by name. */
export function discoverExamples(examplesDir: string): ExampleApp[] {
  const apps: ExampleApp[] = [];
  for (const name of listDirs(examplesDir)) {
    const dir = path.join(examplesDir, name);
    const cdktfJson = path.join(dir, 'cdktf.json');
    const main = path.join(dir, 'main.ts');
    if (!isFile(cdktfJson) || !isFile(main)) continue;
    let context: Record<string, unknown> | undefined;
    try {
      context = asRecord(asRecord(JSON.parse(fs.readFileSync(cdktfJson, 'utf8')))?.context);
    } catch {
      context = undefined; // a broken cdktf.json shows up when the app runs
    }
    apps.push({ name, dir, main, context });
  }
  return apps;
}

/** Select examples by the names given on the command line; unknown names are returned separately. */
export function filterExamples(all: readonly ExampleApp[], names: readonly string[]): { selected: ExampleApp[]; unknown: string[] } {
  if (names.length === 0) return { selected: [...all], unknown: [] };
  const known = new Set(all.map((e) => e.name));
  return {
    selected: all.filter((e) => names.includes(e.name)),
    unknown: names.filter((n) => !known.has(n)),
  };
}

/** The stacks an app synthesized into `outdir`: from manifest.json, else every `stacks/<name>/cdk.tf.json`. */
export function synthesizedStacks(outdir: string): Array<{ name: string; dir: string; file: string }> {
  const stacks: Array<{ name: string; dir: string; file: string }> = [];
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      stacks?: Record<string, { synthesizedStackPath?: string; workingDirectory?: string }>;
    };
    for (const [name, s] of Object.entries(manifest.stacks ?? {})) {
      if (!s.synthesizedStackPath) continue;
      const file = path.join(outdir, s.synthesizedStackPath);
      stacks.push({ name, dir: path.join(outdir, s.workingDirectory ?? path.dirname(s.synthesizedStackPath)), file });
    }
  } catch {
    for (const name of listDirs(path.join(outdir, 'stacks'))) {
      const file = path.join(outdir, 'stacks', name, 'cdk.tf.json');
      if (isFile(file)) stacks.push({ name, dir: path.dirname(file), file });
    }
  }
  return stacks.sort((a, b) => a.name.localeCompare(b.name));
}
