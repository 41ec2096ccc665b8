import { javascript, typescript } from 'projen';

// cdktf and the provider bindings are peers: the user's app owns their versions
// (and can swap in the CDK Terrain fork), we only state what we were built against.
const peerDeps = [
  'cdktf@0.21.0',
  'constructs@>=10.4.2 <10.8.0',
  '@cdktf/provider-aws@20.1.0',
  '@cdktf/provider-google@16.12.1',
  '@cdktf/provider-kubernetes@12.1.1',
  '@cdktf/provider-helm@12.1.2',
];

const project = new typescript.TypeScriptProject({
  name: 'cdktf-ai-infra',
  description:
    'Typed CDK for Terraform constructs for AI infrastructure on AWS and GCP: GPU clusters, spot training, warm inference, vector and feature stores, Lustre, observability and FinOps — decided, explained and priced at synth time.',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',
  license: 'Apache-2.0',
  authorName: 'cdktf-ai-infra maintainers',
  keywords: ['cdktf', 'terraform', 'aws', 'gcp', 'gpu', 'eks', 'gke', 'efa', 'ai-infrastructure'],
  typescriptVersion: '~5.9.0',
  deps: ['zod@^4.1.0'],
  peerDeps,
  devDeps: [
    ...peerDeps.map((d) => d.replace('>=10.4.2 <10.8.0', '10.7.2')),
    '@swc/core@^1.13.0',
    '@swc/jest@^0.2.39',
    'tsx@^4.20.0',
  ],
  bin: { 'ai-infra': 'lib/cli/main.js' },
  sampleCode: false,
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  vscode: false,
  prettier: false,
  eslint: true,
  eslintOptions: {
    // One project for sources, tests, examples and scripts: the dev tsconfig covers them all.
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', 'bench'],
  },
  jest: true,
  // Same pattern as projen's ts-jest transform, so ours replaces it.
  tsJestOptions: { transformPattern: '^.+\\.tsx?$' },
  jestOptions: {
    jestVersion: '^29',
    junitReporting: false,
    jestConfig: {
      collectCoverage: false,
      // @swc/jest transforms ~3x faster than ts-jest; types are checked by `tsc --noEmit`.
      transform: { '^.+\\.tsx?$': new javascript.Transform('@swc/jest') },
      moduleNameMapper: { '^cdktf-ai-infra$': '<rootDir>/src/index.ts' },
      testTimeout: 120_000,
      // Test-only: cdktf's per-token stack-trace capture becomes a no-op (see the file).
      setupFiles: ['<rootDir>/test/helpers/jest-setup-token-stack-traces.ts'],
    },
  },
  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
    },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['.projenrc.ts', 'examples/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    // lib/ is what `npm pack` compiles; .work/ holds apps the tests scaffold.
    exclude: ['lib', '.work', '.verify-terraform', 'cdktf.out'],
    compilerOptions: {
      // No baseUrl: with baseUrl '.', a bare `import 'cdktf'` would resolve to the root
      // cdktf.json (tsx tries .json) instead of the package. `paths` resolve from this file.
      paths: { 'cdktf-ai-infra': ['./src/index.ts'] },
    },
  },
  gitignore: ['.work/', 'cdktf.out/', '.verify-terraform/', 'bench/results/', '.terraform/', '*.tfstate*', 'examples/**/cdktf.out/'],
});

project.deps.removeDependency('ts-jest');
// A stack loads only its own cloud's bindings (src/constructs/backends.ts), so an AWS app
// need not install the Google binding (300 MB) nor the reverse; npm then installs neither
// on its own and `ai-infra init` lists the one the app's cloud needs.
project.package.addField('peerDependenciesMeta', {
  '@cdktf/provider-aws': { optional: true },
  '@cdktf/provider-google': { optional: true },
});
// docs/ (ADRs included) and examples/ ship, so every relative link of the README resolves
// inside the package (checked by scripts/verify-package.ts); synth output and work dirs do not.
project.npmignore?.exclude('/bench/', '/scripts/', '/.ci/', '/.verify-terraform/', 'cdktf.out/', '/.work/', '/coverage/', '/cdktf.json');
// `npm pack` / `npm publish` on a fresh clone compile lib/ first (`main` is lib/index.js),
// from scratch, so a file whose source was deleted never ships.
project.setScript('prepack', 'node -e "for (const p of [\'lib\', \'tsconfig.tsbuildinfo\']) require(\'fs\').rmSync(p, { recursive: true, force: true })" && projen compile');

// Forbid importing a provider package's root: it costs 4x tsc time and can exhaust the heap.
project.eslint?.addRules({
  'no-restricted-imports': [
    'error',
    {
      paths: ['@cdktf/provider-aws', '@cdktf/provider-google', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'].map((name) => ({
        name,
        message: `Import the resource class by deep path ('${name}/lib/<resource>'); the package root is slow to type-check and load.`,
      })),
    },
  ],
});

// The cloud bindings are optional peers: a stack loads only its cloud's backends
// (src/constructs/backends.ts), so an AWS-only app needs no @cdktf/provider-google
// and the reverse; without the package, the stack says what to install.
// provider-kubernetes and provider-helm stay required: the in-cluster resources
// (src/kubernetes) serve both clouds and load with the package.
project.package.addField('peerDependenciesMeta', {
  '@cdktf/provider-aws': { optional: true },
  '@cdktf/provider-google': { optional: true },
});

// Imports run one way (docs/architecture.md): each zone names a folder and the
// folders of ours it must not import. `npx tsx scripts/check-imports.ts` checks the same over the whole graph.
const layerRule = (target: string, from: string[], why: string) => ({
  target: `./src/${target}`,
  from: from.map((f) => `./src/${f}`),
  message: `src/${target} must not import ${from.length === 1 ? `src/${from[0]}` : 'that folder'}: ${why} (docs/architecture.md)`,
});
project.eslint?.addRules({
  'import/no-restricted-paths': [
    'error',
    {
      zones: [
        layerRule('catalog', ['planning', 'core', 'constructs', 'aws', 'gcp', 'kubernetes', 'policy', 'stacks', 'cli'], 'the catalog is facts only'),
        layerRule('planning', ['core', 'constructs', 'aws', 'gcp', 'kubernetes', 'policy', 'stacks', 'cli'], 'planning is pure decisions over the catalog'),
        layerRule('core', ['constructs', 'aws', 'gcp', 'kubernetes', 'policy', 'stacks', 'cli'], 'core is what every layer shares'),
        layerRule('kubernetes', ['constructs', 'aws', 'gcp', 'policy', 'stacks', 'cli'], 'in-cluster resources serve both clouds'),
        layerRule('aws', ['constructs', 'gcp', 'stacks', 'cli'], 'a backend implements core interfaces and never reaches back into the constructs or the other cloud'),
        layerRule('gcp', ['constructs', 'aws', 'stacks', 'cli'], 'a backend implements core interfaces and never reaches back into the constructs or the other cloud'),
        layerRule('policy', ['constructs', 'aws', 'gcp', 'kubernetes', 'stacks', 'cli'], 'policy rules read synthesized resources only'),
      ],
    },
  ],
  'import/no-cycle': ['error', { ignoreExternal: true }],
});

project.addTask('typecheck', {
  description: 'Type-check sources, tests, examples and scripts',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.addTask('verify:terraform', {
  description: 'Synthesize every example and run terraform init/validate/plan offline against the local provider mirror',
  exec: 'tsx --tsconfig tsconfig.dev.json scripts/verify-terraform.ts',
  receiveArgs: true,
});
project.addTask('check:imports', {
  description: 'No import cycles in src/ and imports run one way between its folders',
  exec: 'tsx --tsconfig tsconfig.dev.json scripts/check-imports.ts',
});
project.addTask('verify:package', {
  description: 'Pack the library, install it in a fresh consumer app made by `ai-infra init`, synthesize, run the bin; then switch the app to CDK Terrain as docs/cdk-terrain.md says and compare',
  exec: 'tsx --tsconfig tsconfig.dev.json scripts/verify-package.ts',
});
project.addTask('demo', {
  description: 'Synthesize the reference training stack and print what was decided and what it costs',
  exec: 'tsx --tsconfig tsconfig.dev.json scripts/demo.ts',
  receiveArgs: true,
});
project.addTask('bench', {
  description: 'Planning throughput, synth cost vs raw provider classes, cold tsc/jest of a one-construct app (ratios, no asserts)',
  exec: 'tsx --tsconfig tsconfig.dev.json bench/run.ts',
  receiveArgs: true,
});
project.addTask('ai-infra', {
  description: 'Run the ai-infra CLI from source',
  exec: 'tsx --tsconfig tsconfig.dev.json src/cli/main.ts',
  receiveArgs: true,
});

// `npm test` = types, unit/synth tests, lint, then real Terraform over the examples.
project.testTask.reset();
project.testTask.spawn(project.tasks.tryFind('typecheck')!);
project.testTask.exec('jest --passWithNoTests=false', { receiveArgs: true });
// CI lints without --fix so a lint error fails the run instead of rewriting the tree.
const eslintTask = project.tasks.tryFind('eslint')!;
project.addTask('lint', {
  description: 'ESLint without --fix',
  env: eslintTask.envVars,
  exec: 'eslint --ext .ts --no-error-on-unmatched-pattern src test examples scripts bench .projenrc.ts',
});
project.testTask.spawn(project.tasks.tryFind('lint')!);
project.testTask.spawn(project.tasks.tryFind('verify:terraform')!);
project.testTask.spawn(project.tasks.tryFind('verify:package')!);

project.synth();
