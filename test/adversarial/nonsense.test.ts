import { Testing } from 'cdktf';
import { expectAiInfraError } from './expect';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { AiInfraStack, AiInfraStackProps } from '../../src/constructs/stack';
import { VectorStore } from '../../src/constructs/vector-store';
import { WarmInferencePool, WarmInferencePoolProps } from '../../src/constructs/warm-inference-pool';
import { DistributedTrainingStack } from '../../src/stacks/distributed-training';
import { InferenceServingStack } from '../../src/stacks/inference-serving';
import { awsStack } from '../helpers/stack';

const ADMINS = { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] };
const AWS_STACK: AiInfraStackProps = { cloud: 'aws', region: 'us-east-1', namePrefix: 'test', tags: { project: 'p', environment: 'e', costCenter: 'c' }, aws: { accountId: '123456789012' } };
const stackWith = (over: Record<string, unknown>, id = 'test') => () => new AiInfraStack(Testing.app(), id, { ...AWS_STACK, ...over } as AiInfraStackProps);
const tagsWith = (extra: Record<string, string>) => stackWith({ tags: { project: 'p', environment: 'e', costCenter: 'c', extra } });
const cluster = (aws: Record<string, unknown>) => () => new GpuCluster(awsStack(), 'Cluster', { accelerators: ['L4'], aws: { ...ADMINS, ...aws } });
const pool = (over: Partial<WarmInferencePoolProps>) => () => {
  const stack = awsStack();
  new WarmInferencePool(stack, 'Chat', { cluster: new GpuCluster(stack, 'Cluster', { accelerators: ['L4'], aws: ADMINS }), model: { id: 'org/m', paramsBillions: 8 }, ...over });
};

describe('nonsense is rejected with one clear error', () => {
  test.each<[string, () => unknown, string, string, RegExp]>([
    ['a tag value with a newline', tagsWith({ team: 'ml\nops' }), 'test', 'tags.extra.team', /a tag value/],
    ['a tag value with a quote', tagsWith({ team: 'ml"ops' }), 'test', 'tags.extra.team', /a tag value/],
    ['a tag key starting with aws:', tagsWith({ 'aws:owner': 'me' }), 'test', 'tags.extra', /aws:/],
    ['extra tags overriding a cost tag', tagsWith({ project: 'other' }), 'test', 'tags.extra.project', /cost-allocation tag/],
    ['gcp settings on an AWS stack', stackWith({ gcp: { projectId: 'my-project-1' } }), 'test', 'gcp', /cloud is "aws"/],
    ['aws settings on a GCP stack', stackWith({ cloud: 'gcp', region: 'us-central1', gcp: { projectId: 'my-project-1' } }), 'test', 'aws', /cloud is "gcp"/],
    ['an empty stack id', stackWith({}, ''), '<root>', 'id', /stack id/],
    ['a stack id with spaces', stackWith({}, 'my stack'), 'my stack', 'id', /stack id/],
    ['an unknown system instance type', cluster({ systemInstanceTypes: ['m9z.huge'] }), 'test/Cluster', 'aws.systemInstanceTypes.0', /m6i\.large/],
    ['an existing VPC with vpcCidrBlock', cluster({ vpc: { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.1.0.0/16', privateSubnetIds: { 'use1-az4': 'subnet-1', 'use1-az6': 'subnet-2' } }, vpcCidrBlock: '10.2.0.0/16' }), 'test/Cluster', 'aws.vpcCidrBlock', /aws\.vpc/],
    ['an existing VPC with natGateways', cluster({ vpc: { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.1.0.0/16', privateSubnetIds: { 'use1-az4': 'subnet-1', 'use1-az6': 'subnet-2' } }, natGateways: 'one' }), 'test/Cluster', 'aws.natGateways', /aws\.vpc/],
    ['server options with deployModelServer: false', pool({ deployModelServer: false, server: { port: 9000 } }), 'test/Chat', 'server', /deployModelServer/],
    ['server.extraArgs repeating --port', pool({ server: { extraArgs: ['--port', '9000'] } }), 'test/Chat', 'server.extraArgs.0', /--port/],
    ['server.extraArgs repeating --model=', pool({ server: { extraArgs: ['--model=other/model'] } }), 'test/Chat', 'server.extraArgs.0', /--model/],
  ])('%s', (_name, build, where, field, message) => {
    expect(expectAiInfraError(build, where, field).message).toMatch(message);
  });

  test('a duplicate stack id', () => {
    const app = Testing.app();
    new AiInfraStack(app, 'dup', { ...AWS_STACK, namePrefix: 'one' });
    expect(expectAiInfraError(() => new AiInfraStack(app, 'dup', { ...AWS_STACK, namePrefix: 'two' }), 'dup', 'id').message).toMatch(/another stack of this app/);
  });

  test('databaseName with the OpenSearch engine', () => {
    const stack = awsStack();
    const c = new GpuCluster(stack, 'Cluster', { accelerators: ['L4'], aws: ADMINS });
    expectAiInfraError(() => new VectorStore(stack, 'Search', { cluster: c, engine: 'opensearch-serverless', databaseName: 'vectors' }), 'test/Search', 'databaseName');
  });

  test('malformed security group ids', () => {
    const stack = awsStack();
    const c = new GpuCluster(stack, 'Cluster', { accelerators: ['L4'], aws: ADMINS });
    expectAiInfraError(() => new ObservabilityStack(stack, 'Observability', { cluster: c, aws: { scraperSecurityGroupIds: ['default'] } }), 'test/Observability', 'aws.scraperSecurityGroupIds.0');
  });

  test('null props on a reference stack', () => {
    expectAiInfraError(() => new DistributedTrainingStack(Testing.app(), 'train', null as never), 'train', 'props');
    expectAiInfraError(() => new InferenceServingStack(Testing.app(), 'serve', null as never), 'serve', 'props');
  });

  test('a wrong placement accelerator names placement.accelerators.0', () => {
    const e = expectAiInfraError(stackWith({ region: undefined, placement: { accelerators: ['Z900'] } }), 'test', 'placement.accelerators.0');
    expect(e.message).not.toMatch(/: accelerators\.0 /);
  });
});
