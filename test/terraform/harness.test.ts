import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AWS_MOCK_SETTINGS,
  cliConfigText,
  describePlan,
  discoverExamples,
  discoverMirror,
  filesystemMirrorPathsFromCliConfig,
  filterExamples,
  formatStackReport,
  formatSummary,
  GOOGLE_CREDENTIAL_ENV,
  GOOGLE_MOCK_SETTINGS,
  harnessOverride,
  impliedMirrorDirs,
  listMirrorPackages,
  MirrorPackage,
  missingProviders,
  normalizeProviderSource,
  notCheckedReason,
  parseLockFile,
  parsePlanSummary,
  parseValidateJson,
  registryAllowedProviders,
  remoteStateReads,
  requiredProviders,
  seedLockFile,
  synthesizedStacks,
  tally,
  terraformErrorLines,
  terraformPlatform,
  trimSynthError,
  unavailableProviders,
  versionSatisfies,
} from '../../scripts/lib/terraform-harness';

const PLATFORM = 'linux_amd64';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-harness-test-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function touch(file: string, content = ''): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** An unpacked mirror entry: HOST/NS/TYPE/VERSION/PLATFORM/terraform-provider-TYPE_vVERSION_x5 */
function unpacked(root: string, ns: string, type: string, version: string, platform = PLATFORM): void {
  touch(path.join(root, 'registry.terraform.io', ns, type, version, platform, `terraform-provider-${type}_v${version}_x5`), '#!bin');
}

/** A packed mirror entry: HOST/NS/TYPE/terraform-provider-TYPE_VERSION_PLATFORM.zip */
function packed(root: string, ns: string, type: string, version: string, platform = PLATFORM): void {
  touch(path.join(root, 'registry.terraform.io', ns, type, `terraform-provider-${type}_${version}_${platform}.zip`), 'PK');
}

/** A cdk.tf.json as cdktf 0.21 synthesizes it (trimmed to what matters). */
function stackWithProviders(aws: Array<Record<string, unknown>>): Record<string, unknown> {
  return {
    terraform: {
      backend: { local: { path: '/somewhere/terraform.s.tfstate' } },
      required_providers: { aws: { source: 'aws', version: '5.100.0' } },
    },
    provider: { aws },
    resource: { aws_kms_key: { k: { enable_key_rotation: true } } },
  };
}

describe('provider addresses and versions', () => {
  test('normalizes source addresses the way Terraform does', () => {
    expect(normalizeProviderSource('aws', 'aws')).toBe('registry.terraform.io/hashicorp/aws');
    expect(normalizeProviderSource('aws')).toBe('registry.terraform.io/hashicorp/aws');
    expect(normalizeProviderSource('aws', 'hashicorp/aws')).toBe('registry.terraform.io/hashicorp/aws');
    expect(normalizeProviderSource('k', 'Registry.Terraform.io/HashiCorp/Kubernetes')).toBe('registry.terraform.io/hashicorp/kubernetes');
    expect(normalizeProviderSource('x', 'example.com/acme/thing')).toBe('example.com/acme/thing');
  });

  test('maps Node platforms to Terraform platforms', () => {
    expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
    expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
    expect(terraformPlatform('win32', 'x64')).toBe('windows_amd64');
  });

  test.each([
    ['5.100.0', '5.100.0', true],
    ['5.100.0', '= 5.100.0', true],
    ['5.100.0', '5.99.0', false],
    ['5.100.0', '~> 5.0', true],
    ['6.0.0', '~> 5.0', false],
    ['5.100.0', '~> 5.100.1', false],
    ['5.100.3', '~> 5.100.1', true],
    ['5.101.0', '~> 5.100.1', false],
    ['5.100.0', '>= 5.0, < 6.0', true],
    ['6.1.0', '>= 5.0, < 6.0', false],
    ['5.100.0', '!= 5.100.0', false],
    ['5.100.0', undefined, true],
    ['5.100.0', '', true],
    ['6.0.0-beta1', '>= 5.0', false],
    ['6.0.0-beta1', '6.0.0-beta1', true],
  ])('version %s satisfies %p: %p', (version, constraint, expected) => {
    expect(versionSatisfies(version, constraint)).toBe(expected);
  });
});

describe('mirror contents', () => {
  test('lists an unpacked mirror for the current platform only', () => {
    unpacked(tmp, 'hashicorp', 'aws', '5.100.0');
    unpacked(tmp, 'hashicorp', 'aws', '5.99.0', 'darwin_arm64');
    unpacked(tmp, 'hashicorp', 'random', '3.6.0');
    const pkgs = listMirrorPackages(tmp, PLATFORM);
    expect(pkgs.map((p) => [p.address, p.version, p.layout])).toEqual([
      ['registry.terraform.io/hashicorp/aws', '5.100.0', 'unpacked'],
      ['registry.terraform.io/hashicorp/random', '3.6.0', 'unpacked'],
    ]);
    expect(pkgs[0].location).toBe(path.join(tmp, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', PLATFORM));
  });

  test('lists a packed mirror (zip files) and ignores other platforms and stray files', () => {
    packed(tmp, 'hashicorp', 'aws', '5.100.0');
    packed(tmp, 'hashicorp', 'aws', '5.100.0', 'windows_amd64');
    touch(path.join(tmp, 'registry.terraform.io', 'hashicorp', 'aws', 'index.json'), '{}');
    touch(path.join(tmp, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0.json'), '{}');
    const pkgs = listMirrorPackages(tmp, PLATFORM);
    expect(pkgs).toEqual([{
      address: 'registry.terraform.io/hashicorp/aws',
      version: '5.100.0',
      layout: 'packed',
      location: path.join(tmp, 'registry.terraform.io', 'hashicorp', 'aws', 'terraform-provider-aws_5.100.0_linux_amd64.zip'),
    }]);
  });

  test('follows a symlinked root and PLATFORM dir, not a symlinked HOST/NS/TYPE/VERSION dir (as Terraform does)', () => {
    const real = path.join(tmp, 'real');
    unpacked(real, 'hashicorp', 'aws', '5.100.0');
    const viaRoot = path.join(tmp, 'root-link');
    fs.symlinkSync(real, viaRoot);
    expect(listMirrorPackages(viaRoot, PLATFORM).map((p) => p.version)).toEqual(['5.100.0']);

    const viaPlatform = path.join(tmp, 'platform-link');
    fs.mkdirSync(path.join(viaPlatform, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0'), { recursive: true });
    fs.symlinkSync(path.join(real, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', PLATFORM),
      path.join(viaPlatform, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', PLATFORM));
    expect(listMirrorPackages(viaPlatform, PLATFORM).map((p) => p.version)).toEqual(['5.100.0']);

    const viaHost = path.join(tmp, 'host-link');
    fs.mkdirSync(viaHost);
    fs.symlinkSync(path.join(real, 'registry.terraform.io'), path.join(viaHost, 'registry.terraform.io'));
    expect(listMirrorPackages(viaHost, PLATFORM)).toEqual([]);
  });

  test('an empty or missing directory holds nothing', () => {
    expect(listMirrorPackages(tmp, PLATFORM)).toEqual([]);
    expect(listMirrorPackages(path.join(tmp, 'nope'), PLATFORM)).toEqual([]);
  });
});

describe('mirror discovery', () => {
  const home = () => path.join(tmp, 'home');
  const noSearch = () => {
    throw new Error('search must not run');
  };

  test('AI_INFRA_TF_REGISTRY=1 wins over everything', () => {
    const d = discoverMirror({ env: { AI_INFRA_TF_REGISTRY: '1', AI_INFRA_TF_MIRROR: tmp }, home: home(), platform: PLATFORM, searchForRegistryDirs: noSearch });
    expect(d.kind).toBe('registry');
  });

  test('AI_INFRA_TF_MIRROR is used when it holds a provider', () => {
    const mirror = path.join(tmp, 'mirror');
    unpacked(mirror, 'hashicorp', 'aws', '5.100.0');
    const d = discoverMirror({ env: { AI_INFRA_TF_MIRROR: mirror }, home: home(), platform: PLATFORM, searchForRegistryDirs: noSearch });
    expect(d).toMatchObject({ kind: 'mirror', root: mirror, via: 'AI_INFRA_TF_MIRROR' });
    expect(d.kind === 'mirror' && d.packages.map((p) => p.version)).toEqual(['5.100.0']);
  });

  test('a wrong AI_INFRA_TF_MIRROR is invalid, not a silent fallback', () => {
    const elsewhere = path.join(tmp, 'elsewhere');
    unpacked(elsewhere, 'hashicorp', 'aws', '5.100.0');
    const search = () => [path.join(elsewhere, 'registry.terraform.io')];
    const missing = discoverMirror({ env: { AI_INFRA_TF_MIRROR: path.join(tmp, 'nope') }, home: home(), platform: PLATFORM, searchForRegistryDirs: search });
    expect(missing.kind).toBe('invalid');
    fs.mkdirSync(path.join(tmp, 'empty'));
    const empty = discoverMirror({ env: { AI_INFRA_TF_MIRROR: path.join(tmp, 'empty') }, home: home(), platform: PLATFORM, searchForRegistryDirs: search });
    expect(empty.kind).toBe('invalid');
    expect(empty.kind === 'invalid' && empty.message).toContain('holds no provider for linux_amd64');
  });

  test('a TF_CLI_CONFIG_FILE that does not exist is noted and ignored', () => {
    const implied = path.join(home(), '.terraform.d', 'plugins');
    unpacked(implied, 'hashicorp', 'aws', '5.100.0');
    const config = path.join(tmp, 'missing.terraformrc');
    const d = discoverMirror({ env: { TF_CLI_CONFIG_FILE: config }, home: home(), platform: PLATFORM, searchForRegistryDirs: noSearch });
    expect(d).toMatchObject({ kind: 'mirror', root: implied, via: 'implied mirror directory' });
    expect(d.notes).toEqual([`TF_CLI_CONFIG_FILE=${config} does not exist; ignored`]);
  });

  test('reads the filesystem_mirror of TF_CLI_CONFIG_FILE before the implied directories', () => {
    const mirror = path.join(tmp, 'corp mirror');
    packed(mirror, 'hashicorp', 'aws', '5.100.0');
    unpacked(path.join(home(), '.terraform.d', 'plugins'), 'hashicorp', 'aws', '5.99.0');
    const config = touch(path.join(tmp, 'cli.tfrc'), [
      '# company settings',
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/*/*"]',
      '  }',
      '  direct { exclude = ["registry.terraform.io/*/*"] }',
      '}',
    ].join('\n'));
    const d = discoverMirror({ env: { TF_CLI_CONFIG_FILE: config }, home: home(), platform: PLATFORM, searchForRegistryDirs: noSearch });
    expect(d).toMatchObject({ kind: 'mirror', root: mirror, via: `filesystem_mirror in ${config}` });
    expect(d.kind === 'mirror' && d.packages[0].layout).toBe('packed');
  });

  test('reads ~/.terraformrc when TF_CLI_CONFIG_FILE is unset', () => {
    const mirror = path.join(tmp, 'm');
    unpacked(mirror, 'hashicorp', 'aws', '5.100.0');
    touch(path.join(home(), '.terraformrc'), `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`);
    const d = discoverMirror({ env: {}, home: home(), platform: PLATFORM, searchForRegistryDirs: noSearch });
    expect(d).toMatchObject({ kind: 'mirror', root: mirror });
  });

  test('parses filesystem_mirror paths from HCL and JSON CLI configs', () => {
    expect(filesystemMirrorPathsFromCliConfig('provider_installation {\n filesystem_mirror {\n  path = "/a/b"\n }\n network_mirror { url = "https://x/" }\n}')).toEqual(['/a/b']);
    expect(filesystemMirrorPathsFromCliConfig(JSON.stringify({ provider_installation: [{ filesystem_mirror: [{ path: '/j' }] }] }))).toEqual(['/j']);
    expect(filesystemMirrorPathsFromCliConfig('# filesystem_mirror { path = "/commented" }\nplugin_cache_dir = "/c"')).toEqual([]);
  });

  test('implied directories follow the XDG variables', () => {
    expect(impliedMirrorDirs({}, '/h')).toEqual([
      '/h/.terraform.d/plugins',
      '/h/.local/share/terraform/plugins',
      '/usr/local/share/terraform/plugins',
      '/usr/share/terraform/plugins',
    ]);
    expect(impliedMirrorDirs({ XDG_DATA_HOME: '/x', XDG_DATA_DIRS: '/d1:/d2' }, '/h')).toEqual([
      '/h/.terraform.d/plugins', '/x/terraform/plugins', '/d1/terraform/plugins', '/d2/terraform/plugins',
    ]);
  });

  test('falls back to the search, ignoring work dirs and caches, preferring the fullest mirror', () => {
    const small = path.join(tmp, 'a-small');
    const big = path.join(tmp, 'b-big');
    const workDir = path.join(tmp, 'proj', '.terraform', 'providers');
    unpacked(small, 'hashicorp', 'aws', '5.100.0');
    unpacked(big, 'hashicorp', 'aws', '5.100.0');
    unpacked(big, 'hashicorp', 'random', '3.6.0');
    unpacked(workDir, 'hashicorp', 'aws', '5.100.0');
    unpacked(workDir, 'hashicorp', 'random', '3.6.0');
    unpacked(workDir, 'hashicorp', 'tls', '4.0.0');
    const search = () => [workDir, small, big].map((r) => path.join(r, 'registry.terraform.io'));
    const d = discoverMirror({ env: {}, home: home(), platform: PLATFORM, searchForRegistryDirs: search });
    expect(d).toMatchObject({ kind: 'mirror', root: big, via: 'search for a registry.terraform.io directory' });
  });

  test('nothing anywhere is "none"', () => {
    const d = discoverMirror({ env: {}, home: home(), platform: PLATFORM, searchForRegistryDirs: () => [] });
    expect(d.kind).toBe('none');
  });
});

describe('override file', () => {
  test('one mock entry per aws provider block, keeping each alias', () => {
    const stack = stackWithProviders([{ region: 'us-east-1' }, { alias: 'west', region: 'us-west-2' }]);
    const o = harnessOverride(stack);
    expect(o.provider).toEqual({
      aws: [
        { ...AWS_MOCK_SETTINGS },
        { alias: 'west', ...AWS_MOCK_SETTINGS },
      ],
    });
    expect(AWS_MOCK_SETTINGS).toEqual({
      allowed_account_ids: null,
      access_key: 'mock',
      secret_key: 'mock',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
  });

  test('aliases only: no default entry (Terraform rejects an override without a base block)', () => {
    const o = harnessOverride(stackWithProviders([{ alias: 'a', region: 'eu-central-1' }, { alias: 'b', region: 'eu-west-1' }]));
    const aws = (o.provider as { aws: Array<Record<string, unknown>> }).aws;
    expect(aws.map((p) => p.alias)).toEqual(['a', 'b']);
    expect(aws.every((p) => p.access_key === 'mock' && p.skip_requesting_account_id === true)).toBe(true);
  });

  test('a single provider object (not an array) is handled', () => {
    const o = harnessOverride({ provider: { aws: { region: 'us-east-1' } } });
    expect(o.provider).toEqual({ aws: [{ ...AWS_MOCK_SETTINGS }] });
  });

  test('no provider blocks: no provider key, only the local backend', () => {
    const o = harnessOverride({ provider: { kubernetes: [{ config_path: '~/.kube/config' }] } });
    expect(o).toEqual({ terraform: { backend: { local: { path: 'terraform.tfstate' } } } });
  });

  test('google blocks get the mock access token, user_project_override = false, and their own project and region', () => {
    const o = harnessOverride({ provider: { google: [{ project: 'llm-train-prod', region: 'europe-west4', default_labels: { project: 'llm' } }] } });
    expect(o.provider).toEqual({
      google: [{ access_token: 'mock', user_project_override: false, project: 'llm-train-prod', region: 'europe-west4' }],
    });
    expect(GOOGLE_MOCK_SETTINGS).toEqual({ access_token: 'mock', user_project_override: false });
  });

  test('google-beta and aliases are covered one entry per block; a block without project/region gets mock ones', () => {
    const o = harnessOverride({
      provider: {
        'aws': { region: 'us-east-1' },
        'google': [{ project: 'p1', region: 'us-central1' }, { alias: 'eu', project: 'p1', region: 'europe-west4' }],
        'google-beta': { alias: 'beta' },
      },
    });
    const p = o.provider as Record<string, Array<Record<string, unknown>>>;
    expect(p.aws).toEqual([{ ...AWS_MOCK_SETTINGS }]);
    expect(p.google.map((g) => [g.alias, g.project, g.region, g.access_token])).toEqual([
      [undefined, 'p1', 'us-central1', 'mock'],
      ['eu', 'p1', 'europe-west4', 'mock'],
    ]);
    expect(p['google-beta']).toEqual([{ alias: 'beta', access_token: 'mock', user_project_override: false, project: 'mock-project', region: 'us-central1' }]);
  });

  test('the google credential variables the harness clears include every source the provider reads', () => {
    for (const k of ['GOOGLE_CREDENTIALS', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_OAUTH_ACCESS_TOKEN', 'GOOGLE_BILLING_PROJECT', 'USER_PROJECT_OVERRIDE']) {
      expect(GOOGLE_CREDENTIAL_ENV).toContain(k);
    }
  });

  test('docs/terraform-harness.md\'s offline-plan recipe is the override the harness writes (allowed_account_ids cleared)', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'terraform-harness.md'), 'utf8');
    const section = doc.split('### Plan your own app offline')[1];
    const recipe = JSON.parse(section.split('```json\n')[1].split('```')[0]) as Record<string, unknown>;
    const written = harnessOverride(stackWithProviders([{ region: 'eu-central-1' }]));
    expect(recipe).toEqual(written);
    expect((recipe.provider as { aws: Array<Record<string, unknown>> }).aws[0].allowed_account_ids).toBeNull();
    expect(section.split('```sh\n')[1]).toMatch(/terraform plan -input=false -lock=false -refresh=false/);
  });

  test('never changes the stack it reads', () => {
    const stack = stackWithProviders([{ region: 'us-east-1' }]);
    const before = JSON.stringify(stack);
    harnessOverride(stack);
    expect(JSON.stringify(stack)).toBe(before);
  });

  test('finds cross-stack reads', () => {
    expect(remoteStateReads({ data: { terraform_remote_state: { 'cross-stack-reference-input-a': {} } } })).toEqual(['cross-stack-reference-input-a']);
    expect(remoteStateReads(stackWithProviders([]))).toEqual([]);
  });
});

describe('provider availability', () => {
  const mirror: MirrorPackage[] = [
    { address: 'registry.terraform.io/hashicorp/aws', version: '5.100.0', layout: 'unpacked', location: '/m' },
  ];

  test('reads required_providers, including the legacy string form', () => {
    const req = requiredProviders({
      terraform: {
        required_providers: {
          google: { source: 'google', version: '6.50.0' },
          aws: { source: 'aws', version: '5.100.0' },
          random: '~> 3.0',
        },
      },
    });
    expect(req).toEqual([
      { localName: 'aws', address: 'registry.terraform.io/hashicorp/aws', constraint: '5.100.0' },
      { localName: 'google', address: 'registry.terraform.io/hashicorp/google', constraint: '6.50.0' },
      { localName: 'random', address: 'registry.terraform.io/hashicorp/random', constraint: '~> 3.0' },
    ]);
    expect(requiredProviders({})).toEqual([]);
  });

  test('an aws-only stack is fully available', () => {
    expect(missingProviders(requiredProviders(stackWithProviders([{}])), mirror)).toEqual([]);
  });

  test('google, kubernetes, helm are missing and reported as not checked', () => {
    const req = requiredProviders({
      terraform: {
        required_providers: {
          aws: { source: 'aws', version: '5.100.0' },
          google: { source: 'google', version: '6.50.0' },
          helm: { source: 'helm', version: '2.17.0' },
          kubernetes: { source: 'kubernetes', version: '2.38.0' },
        },
      },
    });
    const missing = missingProviders(req, mirror);
    expect(missing.map((m) => m.localName)).toEqual(['google', 'helm', 'kubernetes']);
    expect(notCheckedReason(missing)).toBe(
      'not checked: google provider not in the mirror; also missing: hashicorp/helm, hashicorp/kubernetes (GCP stack: covered by typed synth tests; '
      + 'AI_INFRA_TF_REGISTRY_PROVIDERS=google or AI_INFRA_TF_REGISTRY=1 fetches it from the public registry, see docs/terraform-harness.md)',
    );
    expect(notCheckedReason(missingProviders([{ localName: 'kubernetes', address: 'registry.terraform.io/hashicorp/kubernetes' }], mirror))).toBe(
      'not checked: provider hashicorp/kubernetes not in the mirror (covered by synth tests)',
    );
  });

  const gcpRequired = requiredProviders({ terraform: { required_providers: { google: { source: 'google', version: '6.50.0' } } } });

  test('a GCP stack with no google provider in the mirror is "not checked: google provider not in the mirror"', () => {
    const missing = unavailableProviders(gcpRequired, mirror, registryAllowedProviders({}));
    expect(missing.map((m) => m.address)).toEqual(['registry.terraform.io/hashicorp/google']);
    expect(notCheckedReason(missing)).toMatch(/^not checked: google provider not in the mirror \(GCP stack: covered by typed synth tests; /);
  });

  test('a google provider in the mirror makes the GCP stack checkable', () => {
    const withGoogle: MirrorPackage[] = [...mirror, { address: 'registry.terraform.io/hashicorp/google', version: '6.50.0', layout: 'packed', location: '/m/g.zip' }];
    expect(unavailableProviders(gcpRequired, withGoogle)).toEqual([]);
    const older: MirrorPackage[] = [...mirror, { address: 'registry.terraform.io/hashicorp/google', version: '6.49.0', layout: 'packed', location: '/m/g.zip' }];
    expect(notCheckedReason(unavailableProviders(gcpRequired, older))).toMatch(/^not checked: google provider not in the mirror/);
  });

  test('AI_INFRA_TF_REGISTRY_PROVIDERS lets the user fetch google from the registry beside the mirror; nothing is fetched without it', () => {
    expect(registryAllowedProviders({})).toEqual([]);
    expect(registryAllowedProviders({ AI_INFRA_TF_REGISTRY_PROVIDERS: ' google, hashicorp/google-beta ,google' })).toEqual([
      'registry.terraform.io/hashicorp/google',
      'registry.terraform.io/hashicorp/google-beta',
    ]);
    const allowed = registryAllowedProviders({ AI_INFRA_TF_REGISTRY_PROVIDERS: 'google' });
    expect(unavailableProviders(gcpRequired, mirror, allowed)).toEqual([]);
    // the CLI config then sends everything the mirror lacks to the registry
    expect(cliConfigText('/m', ['registry.terraform.io/hashicorp/aws'])).toContain('direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]');
  });

  test('a version the mirror does not hold is missing, and says what it has', () => {
    const missing = missingProviders([{ localName: 'aws', address: 'registry.terraform.io/hashicorp/aws', constraint: '~> 6.0' }], mirror);
    expect(missing).toHaveLength(1);
    expect(notCheckedReason(missing)).toBe('not checked: provider hashicorp/aws ~> 6.0 (mirror has 5.100.0) not in the mirror (covered by synth tests)');
  });
});

describe('CLI config', () => {
  test('mirror for the held providers, direct for the rest', () => {
    const text = cliConfigText('/opt/tf-plugins', ['registry.terraform.io/hashicorp/aws']);
    expect(text).toContain('provider_installation {');
    expect(text).toMatch(/filesystem_mirror \{\n\s+path\s+= "\/opt\/tf-plugins"\n\s+include = \["registry.terraform.io\/hashicorp\/aws"\]\n\s+\}/);
    expect(text).toMatch(/direct \{\n\s+exclude = \["registry.terraform.io\/hashicorp\/aws"\]\n\s+\}/);
  });

  test('escapes quotes and backslashes in the path; ${ stays literal (HCL 1)', () => {
    const text = cliConfigText('/m/"q"\\${x}', ['a/b/c']);
    expect(text).toContain('path    = "/m/\\"q\\"\\\\${x}"');
  });

  test('registry mode installs directly', () => {
    const text = cliConfigText(undefined, []);
    expect(text).toContain('direct {}');
    expect(text).not.toContain('filesystem_mirror');
  });
});

describe('parsing terraform output', () => {
  test('plan summary', () => {
    expect(parsePlanSummary('...\nPlan: 4 to add, 0 to change, 0 to destroy.\n')).toEqual({ import: 0, add: 4, change: 0, destroy: 0 });
    expect(parsePlanSummary('Plan: 1 to import, 2 to add, 3 to change, 4 to destroy.')).toEqual({ import: 1, add: 2, change: 3, destroy: 4 });
    expect(parsePlanSummary('No changes. Your infrastructure matches the configuration.')).toEqual({ import: 0, add: 0, change: 0, destroy: 0 });
    expect(parsePlanSummary('Error: nothing')).toBeUndefined();
    expect(describePlan({ import: 0, add: 4, change: 0, destroy: 0 })).toBe('plan: 4 to add');
    expect(describePlan({ import: 1, add: 2, change: 3, destroy: 0 })).toBe('plan: 2 to add, 3 to change, 1 to import');
  });

  test('validate -json diagnostics', () => {
    const json = JSON.stringify({
      format_version: '1.0',
      valid: false,
      error_count: 1,
      warning_count: 1,
      diagnostics: [
        {
          severity: 'error',
          summary: 'Extraneous JSON object property',
          detail: 'No argument or block type is named "no_such_argument".',
          range: { filename: 'cdk.tf.json', start: { line: 33 } },
        },
        { severity: 'warning', summary: 'Argument is deprecated', detail: 'use x\ninstead', address: 'aws_s3_bucket.b' },
      ],
    });
    expect(parseValidateJson(json)).toEqual({
      valid: false,
      errors: ['Extraneous JSON object property [cdk.tf.json:33] — No argument or block type is named "no_such_argument".'],
      warnings: ['Argument is deprecated [aws_s3_bucket.b] — use x'],
    });
    expect(parseValidateJson('{"valid":true,"diagnostics":[]}')).toEqual({ valid: true, errors: [], warnings: [] });
    expect(parseValidateJson('boom').valid).toBe(false);
  });

  test('error lines of a failed plan keep the summary, address and detail, not the snippet', () => {
    const stderr = [
      '',
      'Error: reading STS Caller Identity',
      '',
      '  with data.aws_caller_identity.me,',
      '  on cdk.tf.json line 12, in data.aws_caller_identity.me:',
      '  12:       "me": {}',
      '',
      'operation error STS: GetCallerIdentity, https response error StatusCode: 0,',
      'request send failed',
      '',
      'Error: second',
      '',
      'detail two',
    ].join('\n');
    expect(terraformErrorLines(stderr)).toEqual([
      'Error: reading STS Caller Identity [data.aws_caller_identity.me] — operation error STS: GetCallerIdentity, https response error StatusCode: 0, request send failed',
      'Error: second — detail two',
    ]);
    expect(terraformErrorLines('just\nsome\noutput')).toEqual(['just', 'some', 'output']);
  });

  test('a synth error keeps the message and the app frames, not Node internals', () => {
    const stderr = [
      '/x/main.ts:4',
      'Error: GpuCluster "t": field gpus: given 0',
      '    at <anonymous> (/x/main.ts:4:7)',
      '    at Module._compile (node:internal/modules/cjs/loader:1521:14)',
      '    at Object.transformer (/repo/node_modules/tsx/dist/register.cjs:22:2188)',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    expect(trimSynthError(stderr)).toEqual(['/x/main.ts:4', 'Error: GpuCluster "t": field gpus: given 0', '    at <anonymous> (/x/main.ts:4:7)']);
  });
});

describe('report formatting', () => {
  test('summary line is exactly the agreed form', () => {
    expect(formatSummary({ passed: 3, failed: 1, skipped: 2 })).toBe('terraform: 3 passed, 1 failed, 2 skipped');
    expect(formatSummary({ passed: 0, failed: 0, skipped: 0 })).toMatch(/^terraform: \d+ passed, \d+ failed, \d+ skipped$/);
  });

  test('stack lines and tally', () => {
    const reports = [
      { status: 'PASS' as const, name: 'ex/a', message: 'validate ok, plan: 4 to add', timings: { init: 0.51, validate: 1.9, plan: 2.44 } },
      { status: 'FAIL' as const, name: 'ex/b', message: 'plan failed', details: ['Error: x'] },
      { status: 'SKIP' as const, name: 'ex/c', message: 'not checked: provider hashicorp/google not in the mirror (covered by synth tests)' },
    ];
    expect(formatStackReport(reports[0])).toBe('PASS  ex/a  validate ok, plan: 4 to add  [init 0.5s, validate 1.9s, plan 2.4s]');
    expect(formatStackReport(reports[1])).toBe('FAIL  ex/b  plan failed\n      Error: x');
    expect(tally(reports)).toEqual({ passed: 1, failed: 1, skipped: 1 });
  });
});

describe('examples and synth output', () => {
  test('an example needs both cdktf.json and main.ts; context is read', () => {
    touch(path.join(tmp, 'b-app', 'cdktf.json'), JSON.stringify({ app: 'x', context: { excludeStackIdFromLogicalIds: 'true' } }));
    touch(path.join(tmp, 'b-app', 'main.ts'));
    touch(path.join(tmp, 'a-app', 'cdktf.json'), '{}');
    touch(path.join(tmp, 'a-app', 'main.ts'));
    touch(path.join(tmp, 'no-main', 'cdktf.json'), '{}');
    touch(path.join(tmp, 'no-config', 'main.ts'));
    touch(path.join(tmp, 'README.md'));
    const apps = discoverExamples(tmp);
    expect(apps.map((a) => a.name)).toEqual(['a-app', 'b-app']);
    expect(apps[1].context).toEqual({ excludeStackIdFromLogicalIds: 'true' });
    expect(discoverExamples(path.join(tmp, 'nope'))).toEqual([]);
    expect(filterExamples(apps, ['b-app', 'zzz'])).toEqual({ selected: [apps[1]], unknown: ['zzz'] });
    expect(filterExamples(apps, []).selected).toHaveLength(2);
  });

  test('stacks come from manifest.json, else from stacks/*/cdk.tf.json', () => {
    const out = path.join(tmp, 'out');
    touch(path.join(out, 'stacks', 'b', 'cdk.tf.json'), '{}');
    touch(path.join(out, 'stacks', 'a', 'cdk.tf.json'), '{}');
    expect(synthesizedStacks(out).map((s) => s.name)).toEqual(['a', 'b']);
    touch(path.join(out, 'manifest.json'), JSON.stringify({
      version: '0.21.0',
      stacks: { b: { synthesizedStackPath: 'stacks/b/cdk.tf.json', workingDirectory: 'stacks/b' } },
    }));
    expect(synthesizedStacks(out)).toEqual([{ name: 'b', dir: path.join(out, 'stacks', 'b'), file: path.join(out, 'stacks', 'b', 'cdk.tf.json') }]);
    expect(synthesizedStacks(path.join(tmp, 'none'))).toEqual([]);
  });
});

describe('lock files', () => {
  const lockText = [
    '# This file is maintained automatically by "terraform init".',
    '# Manual edits may be lost in future updates.',
    '',
    'provider "registry.terraform.io/hashicorp/aws" {',
    '  version     = "5.100.0"',
    '  constraints = "5.100.0"',
    '  hashes = [',
    '    "h1:edXOJWE4ORX8Fm+dpVpICzMZJat4AX0VRCAy/xkcOc0=",',
    '  ]',
    '}',
    '',
    'provider "registry.terraform.io/hashicorp/random" {',
    '  version = "3.6.0"',
    '  hashes  = ["h1:abc="]',
    '}',
    '',
  ].join('\n');

  test('parses provider blocks', () => {
    const entries = parseLockFile(lockText);
    expect(entries.map((e) => [e.address, e.version])).toEqual([
      ['registry.terraform.io/hashicorp/aws', '5.100.0'],
      ['registry.terraform.io/hashicorp/random', '3.6.0'],
    ]);
    expect(entries[0].block.startsWith('provider "registry.terraform.io/hashicorp/aws" {')).toBe(true);
    expect(entries[0].block.endsWith('}')).toBe(true);
    expect(entries[0].block).toContain('h1:edXOJWE4ORX8Fm+dpVpICzMZJat4AX0VRCAy/xkcOc0=');
  });

  test('seeds only the required providers whose locked version fits the constraint', () => {
    const known = new Map(parseLockFile(lockText).map((e) => [e.address, e]));
    const aws = { localName: 'aws', address: 'registry.terraform.io/hashicorp/aws', constraint: '5.100.0' };
    const seeded = seedLockFile([aws], known);
    expect(seeded).toContain('provider "registry.terraform.io/hashicorp/aws"');
    expect(seeded).not.toContain('hashicorp/random');
    expect(seedLockFile([{ ...aws, constraint: '~> 6.0' }], known)).toBeUndefined();
    expect(seedLockFile([], known)).toBeUndefined();
    expect(parseLockFile(seeded ?? '')).toHaveLength(1);
  });
});
