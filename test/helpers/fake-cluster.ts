import { App, TerraformStack, Testing } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import type { Cloud } from '../../src/catalog/types';
import type { AwsClusterRefs, IGpuCluster } from '../../src/constructs/cluster-ref';

/** Fixed ids a fake cluster reports; tests assert against these. */
export const FAKE = {
  clusterName: 'fake-eks',
  vpcId: 'vpc-0fake',
  vpcCidrBlock: '10.0.0.0/16',
  zones: ['use1-az4', 'use1-az6'],
  subnetByZone: { 'use1-az4': 'subnet-0az4', 'use1-az6': 'subnet-0az6' } as Record<string, string>,
  clusterSecurityGroupId: 'sg-0cluster',
  nodeSecurityGroupId: 'sg-0nodes',
  nodeRoleArn: 'arn:aws:iam::123456789012:role/fake-nodes',
  nodeRoleName: 'fake-nodes',
};

/**
 * A stand-in for GpuCluster: a construct implementing IGpuCluster with fixed
 * ids, so storage constructs can be tested without building EKS. Its
 * workload scope is a second TerraformStack in the same app.
 */
export class FakeGpuCluster extends Construct implements IGpuCluster {
  public readonly cloud: Cloud = 'aws';
  public readonly clusterName = FAKE.clusterName;
  public readonly zones: ReadonlyArray<string>;
  public readonly aws: AwsClusterRefs;
  public readonly podIdentities: { id: string; namespace: string; serviceAccount: string; roleArn: string }[] = [];
  private workloads?: TerraformStack;

  constructor(scope: Construct, id: string, opts: { zones?: string[] } = {}) {
    super(scope, id);
    this.zones = opts.zones ?? FAKE.zones;
    const byZone = Object.fromEntries(this.zones.map((z) => [z, FAKE.subnetByZone[z] ?? `subnet-0${z.replace(/[^a-z0-9]/g, '')}`]));
    const identities = this.podIdentities;
    this.aws = {
      vpcId: FAKE.vpcId,
      vpcCidrBlock: FAKE.vpcCidrBlock,
      privateSubnetIds: Object.values(byZone),
      privateSubnetIdByZone: byZone,
      clusterArn: 'arn:aws:eks:us-east-1:123456789012:cluster/fake-eks',
      clusterEndpoint: 'https://fake.eks.amazonaws.com',
      clusterCertificateAuthorityData: 'ZmFrZQ==',
      clusterSecurityGroupId: FAKE.clusterSecurityGroupId,
      nodeSecurityGroupId: FAKE.nodeSecurityGroupId,
      nodeRoleArn: FAKE.nodeRoleArn,
      nodeRoleName: FAKE.nodeRoleName,
      addPodIdentity(pid, o) {
        identities.push({ id: pid, ...o });
      },
    };
  }

  public workloadScope(): IConstruct {
    if (!this.workloads) {
      const app = this.node.root as App;
      this.workloads = new TerraformStack(app, `${this.node.id}-workloads`);
    }
    return this.workloads;
  }
}

/** GIVEN helper: a test app (no validations skipped). */
export function testApp(): App {
  return Testing.app();
}
