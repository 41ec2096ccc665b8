import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { expectAiInfraError } from './expect';
import { GpuCluster, GpuClusterProps } from '../../src/constructs/gpu-cluster';
import { AiInfraStack } from '../../src/constructs/stack';
import { awsStack, synthJson } from '../helpers/stack';

const VPC = { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.1.0.0/16' };
const build = (props: unknown, stackProps: Parameters<typeof awsStack>[0] = {}) => () =>
  new GpuCluster(awsStack(stackProps), 'Cluster', props as GpuClusterProps);

describe('GpuCluster: odd inputs give AiInfraError naming test/Cluster and the field', () => {
  test.each<[string, unknown, string]>([
    ['null props', null, 'must be an object'],
    ['one zone (EKS needs two)', { zones: ['use1-az4'] }, 'zones'],
    ['the same zone twice', { zones: ['use1-az4', 'use1-az4'] }, 'zones.1'],
    ['AZ IDs of another region', { zones: ['usw2-az1', 'usw2-az2'] }, 'zones'],
    ['AZ names instead of AZ IDs', { zones: ['us-east-1a', 'us-east-1b'] }, 'zones'],
    ['empty zone name', { zones: ['', 'use1-az4'] }, 'zones.0'],
    ['unknown instance type', { instanceTypes: ['p9.huge'] }, 'instanceTypes'],
    ['instance type listed twice', { instanceTypes: ['p5.48xlarge', 'p5.48xlarge'] }, 'instanceTypes.1'],
    ['unknown accelerator', { accelerators: ['X1000'] }, 'accelerators.0'],
    ['maxZones fractional', { maxZones: 2.5 }, 'maxZones'],
    ['maxZones NaN', { maxZones: NaN }, 'maxZones'],
    ['maxZones 1', { maxZones: 1 }, 'maxZones'],
    ['systemNodeCount Infinity', { systemNodeCount: Infinity }, 'systemNodeCount'],
    ['systemNodeCount -0', { systemNodeCount: -0 }, 'systemNodeCount'],
    ['logRetentionDays off CloudWatch values', { logRetentionDays: 10 }, 'logRetentionDays'],
    ['kubernetesVersion garbage', { kubernetesVersion: 'latest' }, 'kubernetesVersion'],
    ['public CIDR with an octet over 255', { publicAccessCidrs: ['300.0.0.0/8'] }, 'publicAccessCidrs.0'],
    ['public CIDR with host bits set', { publicAccessCidrs: ['1.2.3.4/24'] }, 'publicAccessCidrs.0'],
    ['public CIDR listed twice', { publicAccessCidrs: ['1.2.3.0/24', '1.2.3.0/24'] }, 'publicAccessCidrs.1'],
    ['public endpoint open to the internet without the opt-in', { publicAccessCidrs: ['0.0.0.0/0'] }, 'publicAccessCidrs'],
    ['VPC CIDR with host bits set', { aws: { vpcCidrBlock: '10.0.0.1/16' } }, 'aws.vpcCidrBlock'],
    ['VPC CIDR too small', { aws: { vpcCidrBlock: '10.0.0.0/24' } }, 'aws.vpcCidrBlock'],
    ['admin principal listed twice', { adminPrincipalArns: ['arn:aws:iam::123456789012:role/a', 'arn:aws:iam::123456789012:role/a'] }, 'adminPrincipalArns.1'],
    ['admin principal not an ARN', { adminPrincipalArns: ['admin'] }, 'adminPrincipalArns.0'],
    ['add-on version for an add-on the cluster does not install', { aws: { addonVersions: { 'aws-ebs-csi-driver': 'v1.0.0-eksbuild.1' } } }, 'aws.addonVersions'],
    ['existing VPC with one subnet', { aws: { vpc: { ...VPC, privateSubnetIds: { 'use1-az4': 'subnet-1' } } } }, 'aws.vpc.privateSubnetIds'],
    ['existing VPC keyed by zones of another region', { aws: { vpc: { ...VPC, privateSubnetIds: { 'usw2-az1': 'subnet-1', 'usw2-az2': 'subnet-2' } } } }, 'aws.vpc.privateSubnetIds.usw2-az1'],
    ['existing VPC with one subnet for two zones', { aws: { vpc: { ...VPC, privateSubnetIds: { 'use1-az4': 'subnet-1', 'use1-az6': 'subnet-1' } } } }, 'aws.vpc.privateSubnetIds'],
    ['existing VPC and zones outside it', { zones: ['use1-az1', 'use1-az2'], aws: { vpc: { ...VPC, privateSubnetIds: { 'use1-az4': 'subnet-1', 'use1-az6': 'subnet-2' } } } }, 'zones'],
    ['unknown prop', { zone: ['use1-az4'] }, 'zone'],
  ])('%s', (_name, props, field) => {
    expectAiInfraError(build(props), 'test/Cluster', field);
  });

  test('an instance type the stack region does not offer', () => {
    expectAiInfraError(build({ instanceTypes: ['p5en.48xlarge'] }, { region: 'eu-central-1' }), 'test/Cluster', 'instanceTypes');
  });

  test('an accelerator no type offers in the stack region (was silently accepted)', () => {
    const e = expectAiInfraError(build({ accelerators: ['B200'] }, { region: 'eu-central-1' }), 'test/Cluster', 'accelerators');
    expect(e.message).toMatch(/B200 is offered in us-east-1/);
  });

  test('a GCP stack without gcp.projectNumber gets a clear error naming it (the service agents need it), not a half-built cluster', () => {
    const stack = new AiInfraStack(Testing.app(), 'gcp', {
      cloud: 'gcp', region: 'us-central1', namePrefix: 'gcp', tags: { project: 'p', environment: 'e', costCenter: 'c' }, gcp: { projectId: 'my-project-1' },
    });
    expectAiInfraError(() => new GpuCluster(stack, 'Cluster', {}), 'gcp/Cluster', 'gcp.projectNumber');
  });

  test('outside any AiInfraStack', () => {
    const app = Testing.app();
    expectAiInfraError(() => new GpuCluster(new Construct(app, 'loose'), 'Cluster', {}), 'loose/Cluster', 'AiInfraStack');
  });

  test('the same construct id twice names the path and "id", not a constructs error', () => {
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
    expectAiInfraError(() => new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] }), 'test/Cluster', 'id');
  });

  test('two clusters whose ids give the same EKS name in one stack (different parents)', () => {
    const stack = awsStack();
    new GpuCluster(new Construct(stack, 'A'), 'Gpu', { instanceTypes: ['p5.48xlarge'] });
    expectAiInfraError(() => new GpuCluster(new Construct(stack, 'B'), 'Gpu', { instanceTypes: ['p5.48xlarge'] }), 'test/B/Gpu', 'id');
  });

  test('valid edge: the smallest valid input still synthesizes', () => {
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', { zones: ['use1-az4', 'use1-az6'], publicAccessCidrs: ['203.0.113.0/24'], aws: { addonVersions: { 'vpc-cni': 'v1.19.2-eksbuild.1' } } });
    expect(Object.keys(synthJson(stack).resource.aws_eks_cluster)).toHaveLength(1);
  });
});
