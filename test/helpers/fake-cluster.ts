import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { App, Testing } from 'cdktf';
import { Construct } from 'constructs';
import type { Cloud } from '../../src/catalog/types';
import type { AwsClusterRefs, ClusterConnection, GpuClusterBackend, IGpuCluster, NodePoolHandle, NodePoolPlan } from '../../src/core/plans';
import { ClusterWorkloadStack } from '../../src/kubernetes/workload-stack';

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
  gcpNetworkId: 'projects/p/global/networks/fake',
  gcpPsaCidr: '10.200.0.0/20',
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
  /**
   * GCP fakes: report no Private Service Access (as a cluster on a network without it).
   * @default false
   */
  readonly withoutPrivateServiceAccess?: boolean;
}

/**
 * The one stand-in IGpuCluster of the tests: a construct with fixed ids and
 * a backend that records what constructs ask of it (node pools, Pod
 * Identity associations), so storage, observability and pool constructs are
 * tested without building EKS. Its workload scope is a ClusterWorkloadStack
 * (Kubernetes and Helm providers, baseline) in the same app.
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
  /** GCP fakes: what `enableLustreCsiDriver` was asked for. */
  public readonly lustreCsiDriverCalls: Array<{ readonly legacyPort: boolean }> = [];
  /** GCP fakes: the Private Service Access connection the backend reports. */
  public readonly psaConnection?: ServiceNetworkingConnection;
  private workloads?: ClusterWorkloadStack;
  private readonly connection: ClusterConnection;

  constructor(scope: Construct, id: string, opts: FakeGpuClusterOptions = {}) {
    super(scope, id);
    this.cloud = opts.cloud ?? 'aws';
    this.zones = opts.zones ?? FAKE.zones;
    const subnets = opts.privateSubnetIds ?? this.zones.map((z) => FAKE.subnetByZone[z] ?? `subnet-0${z.replace(/[^a-z0-9]/g, '')}`);
    const byZone = Object.fromEntries(subnets.map((s, i) => [this.zones[i] ?? `z${i}`, s]));
    const identities = this.podIdentities;
    const pools = this.nodePools;
    const connection: ClusterConnection = { host: FAKE.clusterEndpoint, clusterCaCertificateBase64: 'ZmFrZQ==', exec: { command: 'true', args: [] } };
    this.connection = connection;
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
    if (this.cloud === 'aws') {
      this.backend = { cloud: 'aws', ...this.aws, ...common };
    } else {
      const csiCalls = this.lustreCsiDriverCalls;
      this.psaConnection = new ServiceNetworkingConnection(this, 'Psa', {
        network: FAKE.gcpNetworkId, service: 'servicenetworking.googleapis.com', reservedPeeringRanges: ['fake-psa'],
      });
      this.backend = {
        cloud: 'gcp',
        networkId: FAKE.gcpNetworkId,
        subnetworkId: 'projects/p/regions/r/subnetworks/fake',
        clusterId: 'fake-gke',
        location: 'us-central1',
        ...(opts.withoutPrivateServiceAccess ? {} : { privateServiceAccess: { connection: this.psaConnection, rangeCidrs: [FAKE.gcpPsaCidr] } }),
        enableLustreCsiDriver: (o: { readonly legacyPort: boolean }) => {
          csiCalls.push({ legacyPort: o.legacyPort });
        },
        ...common,
      };
    }
  }

  /** A ClusterWorkloadStack of its own (`<id>-workloads`), as a GpuCluster's, so pools can add device plugins and servers. */
  public workloadScope(): ClusterWorkloadStack {
    this.workloads ??= new ClusterWorkloadStack(this.node.root as Construct, `${this.node.id}-workloads`, { clusterName: this.clusterName, connection: this.connection });
    return this.workloads;
  }
}

/** GIVEN helper: a test app (no validations skipped). */
export function testApp(): App {
  return Testing.app();
}
