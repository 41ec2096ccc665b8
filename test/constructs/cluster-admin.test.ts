import { App, TerraformStack, Testing } from 'cdktf';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { awsStack, onlyResource, resourcesOf, synthJson } from '../helpers/stack';

const ADMIN_ROLE = 'arn:aws:iam::123456789012:role/platform-admin';
const ADMIN_USER = 'arn:aws:iam::123456789012:user/alice';

describe('the cluster creator is not cluster-admin by default', () => {
  test('bootstrap_cluster_creator_admin_permissions is false; the listed principals get access entries', () => {
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', { accelerators: ['L4'], aws: { adminPrincipalArns: [ADMIN_ROLE] } });
    const json = synthJson(stack);
    expect(onlyResource(json, 'aws_eks_cluster').access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(resourcesOf(json, 'aws_eks_access_entry').map(([, e]) => e.principal_arn)).toEqual([ADMIN_ROLE]);
    expect(stack.decisions.find((d) => d.topic === 'cluster-creator-admin')).toBeUndefined();
    expect(stack.decisions.find((d) => d.topic === 'cluster-admins')!.chosen).toBe(`cluster-admin for ${ADMIN_ROLE}; the workloads stack applies as ${ADMIN_ROLE}`);
  });

  test('at least one admin principal is required', () => {
    expect(() => new GpuCluster(awsStack(), 'Cluster', { accelerators: ['L4'] })).toThrow(
      'test/Cluster: aws.adminPrincipalArns must be at least one IAM role or user ARN to administer the cluster (the identity that creates it gets no access), or aws.clusterCreatorAdmin: true, got nothing',
    );
  });

  test('the workloads stack applies with a role the stack grants explicitly (aws eks get-token --role-arn)', () => {
    const app = Testing.app();
    const stack = awsStack({}, app);
    new GpuCluster(stack, 'Cluster', { accelerators: ['L4'], aws: { adminPrincipalArns: [ADMIN_USER, ADMIN_ROLE] } });
    synthJson(stack);
    const workloads = app.node.children.find((c) => c.node.id === 'test-workloads') as TerraformStack | undefined;
    const cluster = stack.node.findChild('Cluster') as GpuCluster;
    cluster.workloadScope();
    const w = JSON.parse(Testing.synth((workloads ?? app.node.findChild('test-workloads')) as TerraformStack));
    expect(w.provider.kubernetes[0].exec[0].args).toEqual(['eks', 'get-token', '--cluster-name', 'test-cluster', '--region', 'us-east-1', '--role-arn', ADMIN_ROLE]);
    expect(w.provider.helm[0].kubernetes.exec.args).toContain('--role-arn');
  });

  test('an explicit workloads role must be one of the admin principals; users alone need one', () => {
    expect(() => new GpuCluster(awsStack(), 'Cluster', { accelerators: ['L4'], aws: { adminPrincipalArns: [ADMIN_ROLE], workloadsRoleArn: 'arn:aws:iam::123456789012:role/other' } })).toThrow(
      `test/Cluster: aws.workloadsRoleArn must be one of aws.adminPrincipalArns (${ADMIN_ROLE}): the stack grants that role cluster-admin, got "arn:aws:iam::123456789012:role/other"`,
    );
    expect(() => new GpuCluster(awsStack(), 'Cluster', { accelerators: ['L4'], aws: { adminPrincipalArns: [ADMIN_USER] } })).toThrow(
      'test/Cluster: aws.adminPrincipalArns must be a list that includes an IAM role the workloads stack can assume (aws eks get-token --role-arn), or set aws.clusterCreatorAdmin: true, got ["arn:aws:iam::123456789012:user/alice"]',
    );
  });

  test('clusterCreatorAdmin: true is an explicit, recorded opt-out', () => {
    const app = new App();
    const stack = awsStack({}, app);
    new GpuCluster(stack, 'Cluster', { accelerators: ['L4'], aws: { clusterCreatorAdmin: true } });
    expect(onlyResource(synthJson(stack), 'aws_eks_cluster').access_config.bootstrap_cluster_creator_admin_permissions).toBe(true);
    expect(stack.decisions.find((d) => d.topic === 'cluster-creator-admin')!.reason).toMatch(/^OPT-OUT: aws.clusterCreatorAdmin is true/);
  });
});
