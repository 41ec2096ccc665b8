import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Cloud } from '../catalog/types';
import { AiInfraError } from '../errors';

/**
 * `ai-infra init <dir> --template <t> --cloud <c>`: a cdktf app that installs and
 * synthesizes as it stands — package.json with the peers pinned to the versions
 * this package was built and tested against, cdktf.json, main.ts from the
 * reference stack, tsconfig.json, .gitignore and a README with the next
 * commands. It never overwrites a file.
 */

export const TEMPLATES = ['training', 'inference-rag', 'feature-platform'] as const;
export type Template = (typeof TEMPLATES)[number];

/**
 * Provider bindings an app of each cloud installs: its cloud's (an optional peer: a
 * stack loads only its own cloud's backends) and the Kubernetes and Helm bindings of
 * the in-cluster stack, which the library loads whatever the cloud.
 */
export const PROVIDER_PEERS: Record<Cloud, ReadonlyArray<string>> = {
  aws: ['@cdktf/provider-aws', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'],
  gcp: ['@cdktf/provider-google', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'],
};

export interface ScaffoldOptions {
  readonly template: Template;
  readonly cloud: Cloud;
  /** Directory name: the package name and the stack's name prefix derive from it. */
  readonly name: string;
}

interface OwnPackageJson {
  readonly name: string;
  readonly version: string;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}

/** This package's package.json (lib/cli/init.js and src/cli/init.ts both sit two levels down). */
export function ownPackageJson(): OwnPackageJson {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as OwnPackageJson;
}

/** An exact version for a peer: the peer pin itself, or the version we develop against when the peer is a range. */
function pinnedVersion(pkg: OwnPackageJson, name: string): string {
  const peer = pkg.peerDependencies[name];
  if (peer && /^\d+\.\d+\.\d+$/.test(peer)) return peer;
  const dev = pkg.devDependencies[name];
  if (dev && /^\d+\.\d+\.\d+$/.test(dev)) return dev;
  throw new Error(`cdktf-ai-infra package.json pins no exact version of ${name} (peer ${peer}, dev ${dev})`);
}

/** A name prefix from the directory name: lowercase letters, digits and hyphens, 2-20 chars, starting with a letter. */
export function namePrefixFor(name: string, template: Template): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 20).replace(/-+$/, '');
  return cleaned.length >= 2 ? cleaned : template;
}

/** The files of a new app, by relative path. */
export function scaffoldFiles(opts: ScaffoldOptions, pkg: OwnPackageJson = ownPackageJson()): Record<string, string> {
  const prefix = namePrefixFor(opts.name, opts.template);
  const peers = ['cdktf', 'constructs', ...PROVIDER_PEERS[opts.cloud]].sort();
  const packageJson = {
    name: prefix,
    version: '0.1.0',
    private: true,
    description: `${TEMPLATE_TITLES[opts.template]} on ${opts.cloud === 'aws' ? 'AWS' : 'Google Cloud'}, built with cdktf-ai-infra`,
    scripts: {
      synth: 'tsx main.ts',
      report: 'ai-infra report cdktf.out',
      diagram: 'ai-infra diagram cdktf.out',
    },
    dependencies: {
      [pkg.name]: pkg.version,
      ...Object.fromEntries(peers.map((p) => [p, pinnedVersion(pkg, p)])),
    },
    devDependencies: {
      tsx: pkg.devDependencies.tsx,
    },
  };
  const cdktfJson = {
    language: 'typescript',
    app: 'npx tsx main.ts',
    projectId: `${prefix}-${opts.template}-${opts.cloud}`,
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {},
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'CommonJS',
      lib: ['es2022'],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['main.ts'],
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'cdktf.json': `${JSON.stringify(cdktfJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    'main.ts': MAIN[opts.cloud][opts.template](prefix),
    '.gitignore': ['node_modules/', 'cdktf.out/', '.terraform/', '*.tfstate', '*.tfstate.*', '.terraform.tfstate.lock.info', ''].join('\n'),
    'README.md': readme(opts, prefix),
  };
}

const TEMPLATE_TITLES: Record<Template, string> = {
  'training': 'Distributed GPU training',
  'inference-rag': 'Warm LLM inference with a vector store for RAG',
  'feature-platform': 'A feature platform',
};

const TAGS = (prefix: string, project: string) => `tags: { project: '${project}', environment: 'dev', costCenter: 'ml-platform', component: '${prefix}' }`;

const MAIN: Record<Cloud, Record<Template, (prefix: string) => string>> = {
  aws: {
    'training': (prefix) => `/**
 * Multi-node H100 training on spot capacity with EFA, a cluster placement
 * group, FSx for Lustre in the training zone, checkpoints in S3, metrics,
 * alerts and a budget (the DistributedTrainingStack reference stack).
 * Set aws.accountId to your account before planning or deploying.
 */
import { App } from 'cdktf';
import { DistributedTrainingStack } from 'cdktf-ai-infra';

const app = new App();

new DistributedTrainingStack(app, '${prefix}', {
  namePrefix: '${prefix}',
  ${TAGS(prefix, 'llm-training')},
  aws: { accountId: '123456789012' },
  // No region: placement picks the cheapest US region that offers H100 nodes.
  compliance: { jurisdictions: ['US'] },
  training: {
    accelerator: 'H100',
    totalGpus: 16,
    model: { paramsBillions: 8, precision: 'bf16', sequenceLength: 8192 },
    // Nodes the job keeps busy on average over the month (the cost estimate uses it).
    expectedNodes: 1,
  },
  storage: { throughputGBps: 1 },
  observability: { alertEmails: ['ml-oncall@example.com'] },
  budget: { limitUsd: 90_000, emails: ['finops@example.com'] },
});

app.synth();
`,
    'inference-rag': (prefix) => `/**
 * Warm inference for an 8B chat model (vLLM, autoscaling on waiting requests,
 * a disruption budget) with an Aurora pgvector store for RAG, latency alerts
 * and a budget (the InferenceServingStack reference stack).
 * Set aws.accountId to your account before planning or deploying.
 */
import { App } from 'cdktf';
import { InferenceServingStack } from 'cdktf-ai-infra';

const app = new App();

new InferenceServingStack(app, '${prefix}', {
  namePrefix: '${prefix}',
  region: 'us-east-1',
  compliance: { jurisdictions: ['US'] },
  ${TAGS(prefix, 'assistant')},
  aws: { accountId: '123456789012' },
  serving: {
    // Llama 3.1 8B: 32 attention heads, 8 key/value heads (grouped-query attention).
    model: { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8, precision: 'bf16', sequenceLength: 8192, concurrency: 16, attentionHeads: 32, kvHeads: 8 },
    minNodes: 1,
    maxNodes: 4,
    expectedNodes: 2,
    server: { hfTokenSecretName: 'hf-token' },
  },
  retrieval: { engine: 'aurora-pgvector', vectors: 5_000_000, dimensions: 1024 },
  observability: { alerts: { p95LatencyMs: 4000, p99LatencyMs: 8000 }, alertEmails: ['oncall@example.com'] },
  budget: { limitUsd: 15_000, emails: ['finops@example.com'] },
});

app.synth();
`,
    'feature-platform': (prefix) => `/**
 * A feature platform without a cluster: SageMaker feature groups (online store
 * for serving, offline store in S3 for training) with customer-managed keys and
 * a budget (the FeaturePlatformStack reference stack).
 * Set aws.accountId to your account before planning or deploying.
 */
import { App } from 'cdktf';
import { FeaturePlatformStack } from 'cdktf-ai-infra';

const app = new App();

new FeaturePlatformStack(app, '${prefix}', {
  namePrefix: '${prefix}',
  region: 'us-west-2',
  compliance: { jurisdictions: ['US'] },
  ${TAGS(prefix, 'recsys')},
  aws: { accountId: '123456789012' },
  features: {
    featureGroups: [
      {
        name: 'user-profile',
        recordIdentifier: 'user_id',
        eventTime: 'event_time',
        features: [
          { name: 'user_id', type: 'String' },
          { name: 'event_time', type: 'Fractional' },
          { name: 'lifetime_orders', type: 'Integral' },
        ],
      },
    ],
  },
  budget: { limitUsd: 2_000, emails: ['finops@example.com'] },
});

app.synth();
`,
  },
  gcp: {
    'training': (prefix) => `/**
 * Multi-node H100 training on Spot capacity on GKE, with a Lustre scratch tier
 * in the training zone, metrics, alerts and a budget: the constructs of the
 * DistributedTrainingStack reference stack, on Google Cloud.
 * Set gcp.projectId, gcp.projectNumber and the budget's gcp.billingAccountId to yours
 * before planning or deploying (placeholders below).
 */
import { App } from 'cdktf';
import { AiInfraStack, FinOpsBudget, GpuCluster, LustreTier, ObservabilityStack, SpotTrainingPool } from 'cdktf-ai-infra';

const app = new App();

const stack = new AiInfraStack(app, '${prefix}', {
  cloud: 'gcp',
  namePrefix: '${prefix}',
  // No region: placement picks the cheapest US region that offers H100 machines.
  compliance: { jurisdictions: ['US'] },
  placement: { accelerators: ['H100'] },
  ${TAGS(prefix, 'llm-training')},
  gcp: { projectId: 'my-gcp-project-id', projectNumber: '123456789012' },
});
const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['H100'] });
const pool = new SpotTrainingPool(stack, 'Training', {
  cluster,
  accelerator: 'H100',
  totalGpus: 16,
  model: { paramsBillions: 8, precision: 'bf16', sequenceLength: 8192 },
  expectedNodes: 1,
});
new LustreTier(stack, 'Scratch', { cluster, zone: pool.zones[0], throughputGBps: 1 });
new ObservabilityStack(stack, 'Observability', { cluster, alertEmails: ['ml-oncall@example.com'] });
new FinOpsBudget(stack, 'Budget', { limitUsd: 150_000, emails: ['finops@example.com'], gcp: { billingAccountId: '012345-6789AB-CDEF01' } });

app.synth();
`,
    'inference-rag': (prefix) => `/**
 * Warm inference for an 8B chat model on GKE with a vector store for RAG,
 * latency alerts and a budget: the constructs of the InferenceServingStack
 * reference stack, on Google Cloud.
 * Set gcp.projectId, gcp.projectNumber and the budget's gcp.billingAccountId to yours
 * before planning or deploying (placeholders below).
 */
import { App } from 'cdktf';
import { AiInfraStack, FinOpsBudget, GpuCluster, ObservabilityStack, VectorStore, WarmInferencePool } from 'cdktf-ai-infra';

const app = new App();

const stack = new AiInfraStack(app, '${prefix}', {
  cloud: 'gcp',
  namePrefix: '${prefix}',
  region: 'us-central1',
  compliance: { jurisdictions: ['US'] },
  ${TAGS(prefix, 'assistant')},
  gcp: { projectId: 'my-gcp-project-id', projectNumber: '123456789012' },
});
const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['L4'] });
new WarmInferencePool(stack, 'Serving', {
  cluster,
  model: { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8, precision: 'bf16', sequenceLength: 8192, concurrency: 16, attentionHeads: 32, kvHeads: 8 },
  minNodes: 1,
  maxNodes: 4,
  expectedNodes: 2,
});
new VectorStore(stack, 'Vectors', { cluster, vectors: 5_000_000, dimensions: 1024 });
new ObservabilityStack(stack, 'Observability', { cluster, alertEmails: ['oncall@example.com'] });
new FinOpsBudget(stack, 'Budget', { limitUsd: 15_000, emails: ['finops@example.com'], gcp: { billingAccountId: '012345-6789AB-CDEF01' } });

app.synth();
`,
    'feature-platform': (prefix) => `/**
 * A feature platform without a cluster: an online feature store for serving and
 * an offline store for training, with customer-managed keys and a budget: the
 * constructs of the FeaturePlatformStack reference stack, on Google Cloud.
 * Set gcp.projectId, gcp.projectNumber and the budget's gcp.billingAccountId to yours
 * before planning or deploying (placeholders below).
 */
import { App } from 'cdktf';
import { AiInfraStack, FeatureStore, FinOpsBudget } from 'cdktf-ai-infra';

const app = new App();

const stack = new AiInfraStack(app, '${prefix}', {
  cloud: 'gcp',
  namePrefix: '${prefix}',
  region: 'us-central1',
  compliance: { jurisdictions: ['US'] },
  ${TAGS(prefix, 'recsys')},
  gcp: { projectId: 'my-gcp-project-id', projectNumber: '123456789012' },
});
new FeatureStore(stack, 'Features', {
  featureGroups: [
    {
      name: 'user-profile',
      recordIdentifier: 'user_id',
      eventTime: 'event_time',
      features: [
        { name: 'user_id', type: 'String' },
        { name: 'event_time', type: 'Fractional' },
        { name: 'lifetime_orders', type: 'Integral' },
      ],
    },
  ],
});
new FinOpsBudget(stack, 'Budget', { limitUsd: 2_000, emails: ['finops@example.com'], gcp: { billingAccountId: '012345-6789AB-CDEF01' } });

app.synth();
`,
  },
};

function readme(opts: ScaffoldOptions, prefix: string): string {
  const account = opts.cloud === 'aws' ? '`aws.accountId` (a placeholder, `123456789012`)' : '`gcp.projectId`, `gcp.projectNumber` and the budget\'s `gcp.billingAccountId` (placeholders `my-gcp-project-id`, `123456789012`, `012345-6789AB-CDEF01`)';
  return `# ${prefix}

${TEMPLATE_TITLES[opts.template]} on ${opts.cloud === 'aws' ? 'AWS' : 'Google Cloud'}, made by
\`ai-infra init --template ${opts.template} --cloud ${opts.cloud}\` with
[cdktf-ai-infra](https://www.npmjs.com/package/cdktf-ai-infra). Node 20 or newer.

## Next commands

\`\`\`sh
npm install
npm run synth          # writes cdktf.out/ (same as \`npx cdktf synth\` with cdktf-cli 0.21 installed)
npx ai-infra report    # every decision, why, what lost, and the monthly cost
npx ai-infra diagram   # the architecture as Mermaid (--format dot for Graphviz)
\`\`\`

Before you plan or deploy, set ${account} in \`main.ts\`
to your own. Then plan one stack with Terraform:

\`\`\`sh
cd cdktf.out/stacks/${prefix}
terraform init && terraform plan
\`\`\`

or with cdktf-cli: \`npx cdktf plan ${prefix}\` / \`npx cdktf deploy ${prefix}\`.
In-cluster resources (when the stack has a cluster) go to a second stack,
\`${prefix}-workloads\`, deployed after the first.

To plan without a cloud account, see the offline recipe in
\`node_modules/cdktf-ai-infra/docs/terraform-harness.md\` ("Plan your own app offline").
State is local by default; for a team, see \`node_modules/cdktf-ai-infra/docs/ci.md\`.
`;
}

/** Help text of `ai-infra init`. */
export const INIT_HELP = `Usage: ai-infra init <dir> --template <training|inference-rag|feature-platform> [--cloud aws|gcp]

Writes a cdktf app into <dir> (created if missing): package.json with cdktf,
constructs and the provider bindings pinned to the versions this package was
tested with, cdktf.json, main.ts from the reference stack, tsconfig.json,
.gitignore and a README with the next commands. Never overwrites a file: if
one of them exists, nothing is written (exit 2).

Flags:
  --template <t>              training | inference-rag | feature-platform
  --cloud <c>                 aws (default) | gcp
  --json                      print {"dir", "files"} instead of the next commands
  --help                      show this help`;

/** Options `ai-infra init` takes (registered in main.ts). */
export const INIT_OPTIONS = { template: { type: 'string' }, cloud: { type: 'string' } } as const;

/** `ai-infra init <dir> --template <t> [--cloud <c>]`. */
export function runInit(v: { path?: unknown; template?: unknown; cloud?: unknown; json?: unknown }, where: string, out: (s: string) => void): void {
  if (typeof v.path !== 'string' || v.path.trim() === '') {
    throw new AiInfraError({ where, field: '<dir>', given: v.path, allowed: 'the directory to create the app in (ai-infra init my-app --template training)' });
  }
  if (!TEMPLATES.includes(v.template as Template)) {
    throw new AiInfraError({ where, field: '--template', given: v.template, allowed: `one of ${TEMPLATES.map((t) => JSON.stringify(t)).join(', ')}` });
  }
  const cloud = v.cloud ?? 'aws';
  if (cloud !== 'aws' && cloud !== 'gcp') {
    throw new AiInfraError({ where, field: '--cloud', given: cloud, allowed: '"aws" or "gcp"' });
  }
  const dir = path.resolve(v.path);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw new AiInfraError({ where, field: '<dir>', given: v.path, allowed: 'a directory (this path is a file)' });
  }
  const files = scaffoldFiles({ template: v.template as Template, cloud, name: path.basename(dir) });
  const existing = Object.keys(files).filter((f) => fs.existsSync(path.join(dir, f)));
  if (existing.length > 0) {
    throw new AiInfraError({
      where,
      field: '',
      given: existing,
      allowed: '',
      message: `${path.join(v.path, existing[0])} already exists${existing.length > 1 ? ` (and ${existing.length - 1} more)` : ''}; init never overwrites a file: choose a new or empty directory`,
    });
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text, { flag: 'wx' });
  if (v.json === true) {
    out(JSON.stringify({ command: 'init', version: 1, dir, template: v.template, cloud, files: Object.keys(files) }, null, 2));
    return;
  }
  out([
    `created ${v.path}: ${Object.keys(files).join(', ')}`,
    '',
    'next:',
    `  cd ${v.path}`,
    '  npm install',
    '  npm run synth',
    '  npx ai-infra report',
  ].join('\n'));
}
