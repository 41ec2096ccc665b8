import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import type { Cloud } from '../../src/catalog/types';
import type { AwsClusterRefs, ClusterConnection, GpuClusterBackend, IGpuCluster, NodePoolHandle, NodePoolPlan } from '../../src/core/plans';

/** Fixed ids a fake cluster reports; tests assert against these. */
export const FAKE = {
  clusterName: 'fake-eks',
  vpcId: 'vpc-0fake',
  vpcCidrBlock: '10.0.0.0/16',
  zones: ['use1-az4', 'use1-az6'],
  subnetByZone: { 'use1-az4': 'subnet-0az4', 'use1-az6': 'subnet-0az6' } as Record<string, string>,
  clusterArn: 'arn:aws:eks:us-east-1:123456789012:cluster/fake-eks',
  clusterEndpoint: 'https://fake.eks.amazonaws.com',
  clusterSecurityGroupId: 'sg-0cluster',
  nodeSecurityGroupId: 'sg-0nodes',
  nodeRoleArn: 'arn:aws:iam::123456789012:role/fake-nodes',
  nodeRoleName: 'fake-nodes',
};

/** Records what `addPodIdentity` was asked for. */
export interface PodIdentityCall {
  readonly id: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
}

export interface FakeGpuClusterOptions {
  /**
   * The cloud the fake reports (its backend carries that cloud's references).
   * @default 'aws'
   */
  readonly cloud?: Cloud;
  /** @default FAKE.zones */
  readonly zones?: string[];
  /**
   * Private subnet ids, one per zone in order (zones beyond `zones` are named `z<i>`).
   * @default FAKE.subnetByZone of each zone
   */
  readonly privateSubnetIds?: string[];
}

/**
 * The one stand-in IGpuCluster of the tests: a construct with fixed ids and
 * a backend that records what constructs ask of it (node pools, Pod
 * Identity associations), so storage, observability and pool constructs are
 * tested without building EKS. Its workload scope is a second stack in the
 * same app with Kubernetes and Helm providers.
 */
export class FakeGpuCluster extends Construct implements IGpuCluster {
  public readonly cloud: Cloud;
  public readonly clusterName = FAKE.clusterName;
  public readonly zones: ReadonlyArray<string>;
  public readonly backend: GpuClusterBackend;
  /** The AWS references the backend reports (AWS fakes). */
  public readonly aws: AwsClusterRefs;
  public readonly podIdentities: PodIdentityCall[] = [];
  /** Node pools constructs added through the backend. */
  public readonly nodePools: NodePoolPlan[] = [];
  private workloads?: TerraformStack;

  constructor(scope: Construct, id: string, opts: FakeGpuClusterOptions = {}) {
    super(scope, id);
    this.cloud = opts.cloud ?? 'aws';
    this.zones = opts.zones ?? FAKE.zones;
    const subnets = opts.privateSubnetIds ?? this.zones.map((z) => FAKE.subnetByZone[z] ?? `subnet-0${z.replace(/[^a-z0-9]/g, '')}`);
    const byZone = Object.fromEntries(subnets.map((s, i) => [this.zones[i] ?? `z${i}`, s]));
    const identities = this.podIdentities;
    const pools = this.nodePools;
    const connection: ClusterConnection = { host: FAKE.clusterEndpoint, clusterCaCertificateBase64: 'ZmFrZQ==', exec: { command: 'true', args: [] } };
    const common = {
      addNodePool(_scope: Construct, _id: string, plan: NodePoolPlan): NodePoolHandle {
        pools.push(plan);
        return { zones: plan.compactPlacement ? plan.zones.slice(0, 1) : plan.zones, fabricInterfaces: 0 };
      },
      connection: () => connection,
    };
    this.aws = {
      vpcId: FAKE.vpcId,
      vpcCidrBlock: FAKE.vpcCidrBlock,
      privateSubnetIds: subnets,
      privateSubnetIdByZone: byZone,
      clusterArn: FAKE.clusterArn,
      clusterEndpoint: FAKE.clusterEndpoint,
      clusterCertificateAuthorityData: 'ZmFrZQ==',
      clusterSecurityGroupId: FAKE.clusterSecurityGroupId,
      nodeSecurityGroupId: FAKE.nodeSecurityGroupId,
      nodeRoleArn: FAKE.nodeRoleArn,
      nodeRoleName: FAKE.nodeRoleName,
      addPodIdentity(pid: string, o: { namespace: string; serviceAccount: string; roleArn: string }) {
        identities.push({ id: pid, ...o });
      },
    };
    this.backend = this.cloud === 'aws'
      ? { cloud: 'aws', ...this.aws, ...common }
      : { cloud: 'gcp', networkId: 'projects/p/global/networks/fake', subnetworkId: 'projects/p/regions/r/subnetworks/fake', clusterId: 'fake-gke', location: 'us-central1', ...common };
  }

  public workloadScope(): IConstruct {
    if (!this.workloads) {
      const app = this.node.root as Construct;
      const stack = new TerraformStack(app, `${this.node.id}-workloads`);
      new KubernetesProvider(stack, 'kubernetes', { host: FAKE.clusterEndpoint });
      new HelmProvider(stack, 'helm', { kubernetes: { host: FAKE.clusterEndpoint } });
      this.workloads = stack;
    }
    return this.workloads;
  }
}

/** GIVEN helper: a test app (no validations skipped). */
export function testApp(): App {
  return Testing.app();
}
