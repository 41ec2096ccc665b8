import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import type { Cloud } from '../../src/catalog/types';
import type { AwsClusterRefs, IGpuCluster } from '../../src/constructs/cluster-ref';

/** Records what `addPodIdentity` was asked for. */
export interface PodIdentityCall {
  readonly id: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
}

export interface FakeOpsClusterOptions {
  readonly cloud?: Cloud;
  /** @default three subnets in three zones */
  readonly privateSubnetIds?: string[];
}

/**
 * A stand-in IGpuCluster for tests of constructs that only reference a
 * cluster (observability, budgets): literal ids and ARNs, and a workload
 * scope in its own stack with Kubernetes and Helm providers.
 */
export class FakeOpsCluster extends Construct implements IGpuCluster {
  public readonly cloud: Cloud;
  public readonly clusterName = 'test-gpu';
  public readonly zones = ['use1-az1', 'use1-az2', 'use1-az4'];
  public readonly aws: AwsClusterRefs;
  public readonly podIdentities: PodIdentityCall[] = [];
  private workloads?: Construct;

  constructor(scope: Construct, id: string, opts: FakeOpsClusterOptions = {}) {
    super(scope, id);
    this.cloud = opts.cloud ?? 'aws';
    const subnets = opts.privateSubnetIds ?? ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2', 'subnet-0aaaaaaaaaaaaaaa4'];
    const calls = this.podIdentities;
    this.aws = {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.0.0.0/16',
      privateSubnetIds: subnets,
      privateSubnetIdByZone: Object.fromEntries(subnets.map((s, i) => [this.zones[i] ?? `z${i}`, s])),
      clusterArn: 'arn:aws:eks:us-east-1:123456789012:cluster/test-gpu',
      clusterEndpoint: 'https://ABCDEF.gr7.us-east-1.eks.amazonaws.com',
      clusterCertificateAuthorityData: 'LS0tLS1CRUdJTi0tLS0t',
      clusterSecurityGroupId: 'sg-0c1c1c1c1c1c1c1c1',
      nodeSecurityGroupId: 'sg-0a0a0a0a0a0a0a0a0',
      nodeRoleArn: 'arn:aws:iam::123456789012:role/test-gpu-node',
      nodeRoleName: 'test-gpu-node',
      addPodIdentity(podId: string, o: { namespace: string; serviceAccount: string; roleArn: string }) {
        calls.push({ id: podId, ...o });
      },
    };
  }

  public workloadScope(): IConstruct {
    if (!this.workloads) {
      const app = this.node.root as Construct;
      const stack = new TerraformStack(app, `${this.node.id}-workloads`);
      new KubernetesProvider(stack, 'kubernetes', { host: this.aws.clusterEndpoint });
      new HelmProvider(stack, 'helm', { kubernetes: { host: this.aws.clusterEndpoint } });
      this.workloads = stack;
    }
    return this.workloads;
  }
}
