import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { App, TerraformStack, Testing, Token, Tokenization } from 'cdktf';
import { FeatureStore } from '../../src/constructs/feature-store';
import { FinOpsBudget } from '../../src/constructs/finops-budget';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { LustreTier } from '../../src/constructs/lustre-tier';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { SpotTrainingPool } from '../../src/constructs/spot-training-pool';
import { AiInfraStack, AiInfraStackProps } from '../../src/constructs/stack';
import { VectorStore } from '../../src/constructs/vector-store';
import { WarmInferencePool } from '../../src/constructs/warm-inference-pool';
import { AiInfraError } from '../../src/errors';
import { DEFAULT_VLLM_IMAGE } from '../../src/kubernetes/model-server';
import { escapeTerraformTemplate } from '../../src/terraform-text';
import { TEST_ACCOUNT } from '../helpers/stack';

/** What an attacker (or a careless copy-paste) puts in free text: Terraform would read the file at plan. */
const PAYLOAD = '${file("/etc/hostname")}%{endif}';
const UNESCAPED = /(^|[^$])\$\{file\(|(^|[^%])%\{endif\}/;
const ESCAPED = '$${file(\\"/etc/hostname\\")}%%{endif}';

type Props = Record<string, unknown>;

const STACK_PROPS: Props = {
  cloud: 'aws',
  region: 'us-west-2',
  namePrefix: 'inj',
  tags: { project: 'proj', environment: 'test', costCenter: 'cc', component: 'comp', extra: { team: 'ml', owner: 'someone' } },
  aws: { accountId: TEST_ACCOUNT },
};

/** Each construct with every string prop it takes set to a valid value; the cluster is built by the case. */
const CASES: { name: string; props: Props; build: (stack: AiInfraStack, props: any) => void }[] = [
  { name: 'AiInfraStack', props: {}, build: () => undefined },
  {
    name: 'GpuCluster',
    props: {
      kubernetesVersion: '1.33',
      accelerators: ['L4'],
      adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'],
      publicAccessCidrs: ['203.0.113.0/24'],
      aws: { systemInstanceTypes: ['m6i.large'], addonVersions: { 'vpc-cni': 'v1.19.0-eksbuild.1' }, vpcCidrBlock: '10.20.0.0/16' },
    },
    build: (stack, props) => new GpuCluster(stack, 'Cluster', props),
  },
  {
    name: 'SpotTrainingPool',
    props: { accelerator: 'L4', totalGpus: 1, instanceTypes: ['g6.xlarge'] },
    build: (stack, props) => new SpotTrainingPool(stack, 'Train', { cluster: new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['L4'] }), ...props }),
  },
  {
    name: 'WarmInferencePool',
    props: {
      model: { id: 'org/model-8b', paramsBillions: 8 },
      server: { image: DEFAULT_VLLM_IMAGE, hfTokenSecretName: 'hf-token', extraArgs: ['--enable-prefix-caching'] },
    },
    build: (stack, props) => new WarmInferencePool(stack, 'Serve', { cluster: new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['L40S'] }), ...props }),
  },
  {
    name: 'LustreTier',
    props: {
      capacityGiB: 1200,
      dataRepositories: [{ importPath: 's3://datasets/tokenized/', fileSystemPath: '/datasets' }],
      persistentVolume: { namespace: 'training', claimName: 'datasets' },
    },
    build: (stack, props) => new LustreTier(stack, 'Lustre', { cluster: new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['L4'] }), ...props }),
  },
  {
    name: 'VectorStore (Aurora)',
    props: { databaseName: 'vectors', aws: { engineVersion: '16.6' } },
    build: (stack, props) => new VectorStore(stack, 'Vectors', { cluster: new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['L4'] }), ...props }),
  },
  {
    name: 'VectorStore (OpenSearch Serverless)',
    props: { engine: 'opensearch-serverless', aws: { accessPrincipalArns: ['arn:aws:iam::123456789012:role/app'], collectionName: 'docs' } },
    build: (stack, props) => new VectorStore(stack, 'Search', { cluster: new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['L4'] }), ...props }),
  },
  {
    name: 'FeatureStore',
    props: {
      featureGroups: [{
        name: 'users',
        description: 'user features',
        recordIdentifier: 'id',
        eventTime: 'ts',
        features: [{ name: 'id', type: 'String' }, { name: 'ts', type: 'Fractional' }],
      }],
    },
    build: (stack, props) => new FeatureStore(stack, 'Features', props),
  },
  {
    name: 'ObservabilityStack',
    props: {
      collector: 'in-cluster',
      alertEmails: ['oncall@example.com'],
      alertHttpsEndpoints: ['https://hooks.example.com/alerts'],
      applicationLogGroups: ['/ai-infra/inference'],
      dcgmExporter: { chartVersion: '4.1.1', instanceTypes: ['g6.xlarge'] },
    },
    build: (stack, props) => new ObservabilityStack(stack, 'Observability', { cluster: new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['L4'] }), ...props }),
  },
  {
    name: 'FinOpsBudget',
    props: { limitUsd: 100_000, emails: ['finops@example.com'] },
    build: (stack, props) => new FinOpsBudget(stack, 'Budget', props),
  },
];

/** Paths of every string (and every record key) inside props. */
function stringPaths(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; key: boolean }[] {
  if (typeof value === 'string') return [{ path, key: false }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(isRecordPath(path) ? [{ path: [...path, k], key: true }] : []),
      ...stringPaths(v, [...path, k]),
    ]);
  }
  return [];
}

/** Records whose keys are user text (not field names). */
const isRecordPath = (path: (string | number)[]) => ['tags.extra', 'aws.addonVersions'].some((p) => path.join('.').endsWith(p));

function inject(props: Props, target: { path: (string | number)[]; key: boolean }): Props {
  const copy = structuredClone(props);
  let cur: any = copy;
  for (const k of target.path.slice(0, -1)) cur = cur[k];
  const last = target.path[target.path.length - 1];
  if (target.key) {
    cur[`${String(last)}${PAYLOAD}`] = cur[last];
    delete cur[last];
  } else {
    cur[last] = `${String(cur[last])}${PAYLOAD}`;
  }
  return copy;
}

function synthAll(app: App): string {
  return app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c)).map((s) => Testing.synth(s)).join('\n');
}

describe('user text never reaches Terraform as an expression', () => {
  const outcomes: Record<string, 'rejected' | 'escaped' | 'not written'> = {};

  for (const c of CASES) {
    const targets = c.name === 'AiInfraStack' ? stringPaths(STACK_PROPS).map((t) => ({ ...t, stack: true })) : stringPaths(c.props).map((t) => ({ ...t, stack: false }));
    test.each(targets.map((t) => [`${t.key ? 'key of ' : ''}${t.path.join('.')}`, t]))(`${c.name}: %s`, (_label, target) => {
      const app = Testing.app();
      let json: string;
      try {
        const stackProps = target.stack ? inject(STACK_PROPS, target) : STACK_PROPS;
        const stack = new AiInfraStack(app, 'inj', stackProps as unknown as AiInfraStackProps);
        c.build(stack, target.stack ? c.props : inject(c.props, target));
        json = synthAll(app);
      } catch (e) {
        // A validator that refuses the text is as safe as escaping it, as long as it is our error.
        expect(e).toBeInstanceOf(AiInfraError);
        outcomes[`${c.name} ${target.path.join('.')}`] = 'rejected';
        return;
      }
      expect(json).not.toMatch(UNESCAPED);
      outcomes[`${c.name} ${target.path.join('.')}`] = json.includes(ESCAPED) ? 'escaped' : 'not written';
    });
  }

  test('the free-text props the review named are written, escaped', () => {
    expect(Object.keys(outcomes).length).toBeGreaterThan(40);
    // tag values accept only AWS's tag characters, so a template cannot be written there at all
    expect(outcomes['AiInfraStack tags.extra.team']).toBe('rejected');
    for (const prop of [
      'GpuCluster adminPrincipalArns.0',
      'WarmInferencePool model.id',
      'WarmInferencePool server.extraArgs.0',
      'FeatureStore featureGroups.0.description',
      'LustreTier dataRepositories.0.importPath',
    ]) {
      expect({ prop, outcome: outcomes[prop] }).toEqual({ prop, outcome: 'escaped' });
    }
  });
});

describe('escapeTerraformTemplate', () => {
  test('escapes interpolations and directives in literal text', () => {
    expect(escapeTerraformTemplate('a ${b} %{c} d')).toBe('a $${b} %%{c} d');
    expect(escapeTerraformTemplate('$${already} %%{already}')).toBe('$${already} %%{already}');
    expect(escapeTerraformTemplate('$$${x}')).toBe('$$${x}');
    expect(escapeTerraformTemplate('plain $ and % and {}')).toBe('plain $ and % and {}');
  });

  test('is idempotent: text that passes two doors (a construct, then its building block) is escaped once', () => {
    for (const text of [PAYLOAD, `a${PAYLOAD}b${PAYLOAD}`, '${${x}}', '%{%{x}}']) {
      const once = escapeTerraformTemplate(text);
      expect(escapeTerraformTemplate(once)).toBe(once);
      expect(once).not.toMatch(/(^|[^$])\$\{|(^|[^%])%\{/);
    }
  });

  test('passes cdktf tokens unchanged and escapes the literal text around them', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const bucket = new S3Bucket(stack, 'B', { bucket: 'b' });
    const mixed = `s3://${bucket.bucket}/\${file("x")}`;
    expect(Token.isUnresolved(mixed)).toBe(true);
    const escaped = escapeTerraformTemplate(mixed);
    expect(escaped).toBe(mixed.replace('/${file', () => '/$${file'));
    const arn = bucket.arn;
    expect(escapeTerraformTemplate(arn)).toBe(arn);
    // cdktf reads the same tokens out of the escaped text, and writes the reference with the text escaped
    expect(Tokenization.reverseString(escaped).tokens).toEqual(Tokenization.reverseString(mixed).tokens);
    new S3Bucket(stack, 'Uses', { bucket: escaped });
    expect(JSON.parse(Testing.synth(stack)).resource.aws_s3_bucket.Uses.bucket).toBe('s3://${aws_s3_bucket.B.bucket}/$${file("x")}');
  });

  test('a reference passed as a prop still synthesizes as a reference', () => {
    const app = Testing.app();
    const stack = new AiInfraStack(app, 'inj', STACK_PROPS as unknown as AiInfraStackProps);
    const vpc = new Vpc(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const subnets = ['usw2-az1', 'usw2-az2'].map((zone, i) => [zone, new Subnet(stack, `Subnet${i}`, { vpcId: vpc.id, cidrBlock: `10.0.${i}.0/24` }).id]);
    new GpuCluster(stack, 'Cluster', { accelerators: ['L4'], aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'], vpc: { vpcId: vpc.id, vpcCidrBlock: '10.0.0.0/16', privateSubnetIds: Object.fromEntries(subnets) } } });
    const json = JSON.parse(Testing.synth(stack));
    const cluster = Object.values<any>(json.resource.aws_eks_cluster)[0];
    expect(cluster.vpc_config.subnet_ids).toEqual(expect.arrayContaining(['${aws_subnet.Subnet0.id}', '${aws_subnet.Subnet1.id}']));
  });
});
