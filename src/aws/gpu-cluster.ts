import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { dependable, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { GpuNodeGroup, NodeCapacityType, NodeGroupClusterRefs, NodeVolumeKey } from './gpu-node-group';
import { awsPartition, CustomerKey } from './kms';
import { GpuVpc } from './network';
import { stackContextOf } from '../core/context';
import type { AwsGpuClusterBackend, ClusterConnection, GpuClusterAwsPlan, GpuClusterPlan, IGpuCluster, NodePoolPlan } from '../core/plans';
import { EKS_LOG_TYPES } from '../core/plans/gpu-cluster';
import { AiInfraError } from '../errors';

/** Control-plane log types EKS can ship; all are enabled (in core: the cost estimate names them too). */
export { EKS_LOG_TYPES };

/** Managed add-ons every cluster gets. Those before compute are needed for a node to become Ready. */
export const ADDONS_BEFORE_NODES = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'];
export const ADDONS_AFTER_NODES = ['coredns'];

/** The AWS managed policies a node needs, and no more. */
export const NODE_MANAGED_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'];

/**
 * The AWS side of GpuCluster: VPC (or the given one), EKS with a private
 * endpoint, envelope encryption of secrets, every control-plane log type in a
 * KMS-encrypted log group we own, API authentication mode with access entries
 * for the admins, managed add-ons, a node role with exactly the policies
 * nodes need, a node security group and a small on-demand CPU system node group.
 */
export class AwsGpuCluster extends Construct implements AwsGpuClusterBackend {
  public readonly cloud = 'aws' as const;
  public readonly cluster: EksCluster;
  public readonly clusterRole: IamRole;
  public readonly nodeRole: IamRole;
  public readonly nodeSecurityGroup: SecurityGroup;
  public readonly clusterLogGroup: CloudwatchLogGroup;
  /** Key for Kubernetes secrets and the cluster's log groups. */
  public readonly clusterKey: CustomerKey;
  /** Key for node root volumes (Auto Scaling may use it). */
  public readonly volumeKey: NodeVolumeKey;
  public readonly network?: GpuVpc;
  public readonly addons: Record<string, EksAddon> = {};
  public readonly accessEntries: EksAccessEntry[] = [];
  public readonly systemNodeGroup: EksNodeGroup;
  public readonly systemLaunchTemplate: LaunchTemplate;
  public readonly vpcId: string;
  public readonly vpcCidrBlock: string;
  public readonly privateSubnetIdByZone: Readonly<Record<string, string>>;
  /** What node groups must wait for. */
  public readonly nodeDependencies: ITerraformDependable[] = [];
  /** IMDSv2 hop limit every node of the cluster gets. */
  public readonly imdsHopLimit: number;
  public readonly clusterName: string;

  /** Zones of the private subnets, in plan order. */
  public readonly zones: ReadonlyArray<string>;
  private readonly region: string;
  private readonly workloadsRoleArn?: string;
  /** The shared node-group references (see `nodeGroupRefs`). */
  private refs?: NodeGroupClusterRefs;

  constructor(scope: Construct, id: string, plan: GpuClusterPlan) {
    super(scope, id);
    const stack = stackContextOf(this);
    const aws = awsPlanOf(plan);
    const props = { ...plan, ...aws };
    const partition = awsPartition(stack.region);
    const managed = (name: string) => `arn:${partition}:iam::aws:policy/${name}`;
    this.imdsHopLimit = props.imdsHopLimit;
    this.clusterName = props.clusterName;
    this.zones = plan.zones;
    this.region = stack.region;
    this.workloadsRoleArn = props.workloadsRoleArn;

    this.clusterKey = new CustomerKey(this, 'ClusterKey', {
      description: `Secrets envelope encryption and logs of EKS cluster ${props.clusterName}`,
      aliasSuffix: `${props.nameSuffix}-cluster`,
      allowCloudWatchLogs: true,
    });
    this.volumeKey = new NodeVolumeKey(this, 'VolumeKey', { aliasSuffix: `${props.nameSuffix}-volumes` });

    if (props.existingVpc) {
      this.vpcId = props.existingVpc.vpcId;
      this.vpcCidrBlock = props.existingVpc.vpcCidrBlock;
      this.privateSubnetIdByZone = { ...props.existingVpc.privateSubnetIds };
    } else {
      this.network = new GpuVpc(this, 'Network', {
        cidrBlock: props.vpcCidrBlock,
        zones: props.zones,
        natGateways: props.natGateways,
        clusterName: props.clusterName,
        nameSuffix: `${props.nameSuffix}-vpc`,
        flowLogs: props.flowLogs ? { kmsKeyArn: this.clusterKey.arn, retentionDays: props.logRetentionDays } : undefined,
        s3GatewayEndpoint: props.s3GatewayEndpoint,
      });
      this.vpcId = this.network.vpc.id;
      this.vpcCidrBlock = this.network.vpc.cidrBlock;
      this.privateSubnetIdByZone = this.network.privateSubnetIdByZone;
    }
    const subnetIds = props.zones.map((z) => this.privateSubnetIdByZone[z]);

    // Cluster role: the EKS service, and decrypt/encrypt with the secrets key.
    const clusterAssume = new DataAwsIamPolicyDocument(this, 'ClusterAssume', {
      statement: [{ actions: ['sts:AssumeRole', 'sts:TagSession'], principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }] }],
    });
    this.clusterRole = new IamRole(this, 'ClusterRole', {
      name: stack.physicalName(`${props.nameSuffix}-cluster`, { maxLength: 64 }),
      assumeRolePolicy: clusterAssume.json,
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'ClusterPolicy', { role: this.clusterRole.name, policyArn: managed('AmazonEKSClusterPolicy') });
    const useKey = new DataAwsIamPolicyDocument(this, 'ClusterKeyUse', {
      statement: [{ actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [this.clusterKey.arn] }],
    });
    const keyPolicy = new IamRolePolicy(this, 'ClusterKeyPolicy', { role: this.clusterRole.id, name: 'secrets-encryption', policy: useKey.json });

    // The log group exists before the cluster, so EKS does not create an unencrypted one without retention.
    this.clusterLogGroup = new CloudwatchLogGroup(this, 'ControlPlaneLogs', {
      name: `/aws/eks/${props.clusterName}/cluster`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: this.clusterKey.arn,
      // Audit logs outlive the cluster: a destroy leaves the group (and its retention) in place.
      skipDestroy: true,
    });

    const publicEndpoint = props.publicAccessCidrs.length > 0;
    this.cluster = new EksCluster(this, 'Resource', {
      name: props.clusterName,
      version: props.kubernetesVersion,
      roleArn: this.clusterRole.arn,
      vpcConfig: {
        subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicEndpoint,
        ...(publicEndpoint ? { publicAccessCidrs: [...props.publicAccessCidrs] } : {}),
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.clusterKey.arn } },
      enabledClusterLogTypes: EKS_LOG_TYPES,
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: props.creatorAdmin },
      bootstrapSelfManagedAddons: false,
      kubernetesNetworkConfig: { ipFamily: 'ipv4' },
      dependsOn: [clusterPolicy, keyPolicy, this.clusterLogGroup],
      // Its etcd holds every Kubernetes object and secret of the workloads.
      lifecycle: { preventDestroy: true },
    });

    props.adminPrincipalArns.forEach((arn, i) => {
      const entry = new EksAccessEntry(this, `Admin${i}`, { clusterName: this.cluster.name, principalArn: arn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `Admin${i}Policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: 'cluster' },
      });
      this.accessEntries.push(entry);
    });

    // Node role: exactly what nodes need; SSM only when asked.
    const nodeAssume = new DataAwsIamPolicyDocument(this, 'NodeAssume', {
      statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }] }],
    });
    this.nodeRole = new IamRole(this, 'NodeRole', {
      name: stack.physicalName(`${props.nameSuffix}-node`, { maxLength: 64 }),
      assumeRolePolicy: nodeAssume.json,
    });
    const nodePolicies = [...NODE_MANAGED_POLICIES, ...(props.ssmOnNodes ? ['AmazonSSMManagedInstanceCore'] : [])];
    for (const name of nodePolicies) {
      this.nodeDependencies.push(new IamRolePolicyAttachment(this, `Node${name}`, { role: this.nodeRole.name, policyArn: managed(name) }));
    }

    this.nodeSecurityGroup = new SecurityGroup(this, 'NodeSecurityGroup', {
      name: stack.physicalName(`${props.nameSuffix}-nodes`, { maxLength: 255 }),
      description: `Nodes of EKS cluster ${props.clusterName}; the source other services allow`,
      vpcId: this.vpcId,
      revokeRulesOnDelete: true,
    });
    new VpcSecurityGroupEgressRule(this, 'NodeEgress', {
      securityGroupId: this.nodeSecurityGroup.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: '-1',
      description: 'Nodes reach AWS APIs, registries and the VPC through the NAT gateways',
    });
    stack.recordDecision({
      construct: props.where,
      topic: 'audit-log-retention',
      chosen: 'control-plane and flow log groups are kept when the stack is destroyed (skip_destroy)',
      reason: 'audit logs must outlive what they audit; the cluster itself and its key carry prevent_destroy. '
        + 'The group names are fixed, so a re-create with the same prefix must first adopt them (terraform import) or delete them',
    });
    stack.recordDecision({
      construct: props.where,
      topic: 'node-egress',
      chosen: 'nodes may open connections to any address (0.0.0.0/0, all protocols); nothing may connect in from outside the VPC',
      reason: 'kubelet, VPC CNI and pods must reach the EKS API, ECR, S3, STS and model hubs through the NAT gateways; '
        + 'scanners flag unrestricted egress: AVD-AWS-0104 (Trivy/tfsec aws-ec2-no-public-egress-sgr; Checkov CKV_AWS_382 reads only ports, '
        + 'which an all-protocol aws_vpc_security_group_egress_rule does not set, so it passes). Accepted here for nodes only: the database, '
        + 'Lustre and OpenSearch endpoint groups have no egress beyond their peers',
    });
    stack.recordDecision({
      construct: props.where,
      topic: 'node-volume-key',
      chosen: 'customer key for node root volumes, usable by the EC2 Auto Scaling service-linked role',
      reason: 'managed node groups launch through Auto Scaling, which needs the key to create encrypted volumes. '
        + 'PREREQUISITE: the role AWSServiceRoleForAutoScaling must exist before apply (KMS rejects a key policy naming a missing '
        + 'role with MalformedPolicyDocumentException); in an account that never used Auto Scaling run once: '
        + 'aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com',
    });

    for (const name of ADDONS_BEFORE_NODES) {
      this.addons[name] = this.addon(name, props.addonVersions[name]);
      this.nodeDependencies.push(this.addons[name]);
    }

    this.systemLaunchTemplate = new LaunchTemplate(this, 'SystemLaunchTemplate', {
      name: stack.physicalName(`${props.nameSuffix}-system`, { maxLength: 125 }),
      description: `System nodes of ${props.where}`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: props.imdsHopLimit, instanceMetadataTags: 'disabled' },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: { volumeType: 'gp3', volumeSize: props.systemRootVolumeGiB, encrypted: 'true', kmsKeyId: this.volumeKey.key.arn, deleteOnTermination: 'true' },
        },
      ],
      vpcSecurityGroupIds: [this.cluster.vpcConfig.clusterSecurityGroupId, this.nodeSecurityGroup.id],
      monitoring: { enabled: true },
    });
    this.systemNodeGroup = new EksNodeGroup(this, 'SystemNodes', {
      clusterName: this.cluster.name,
      nodeGroupNamePrefix: `${stack.physicalName(`${props.nameSuffix}-system`, { maxLength: 36 })}-`,
      nodeRoleArn: this.nodeRole.arn,
      subnetIds,
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      instanceTypes: [...props.systemInstanceTypes],
      scalingConfig: { minSize: props.systemNodeCount, desiredSize: props.systemNodeCount, maxSize: props.systemNodeCount * 2 },
      updateConfig: { maxUnavailable: 1 },
      labels: { 'ai-infra/pool': 'system' },
      launchTemplate: { id: this.systemLaunchTemplate.id, version: Token.asString(this.systemLaunchTemplate.latestVersion) },
      dependsOn: this.nodeDependencies,
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'], createBeforeDestroy: true },
    });
    for (const name of ADDONS_AFTER_NODES) {
      this.addons[name] = this.addon(name, props.addonVersions[name], [this.systemNodeGroup]);
    }
  }

  /** Every private subnet, in the cluster's zone order. */
  public get privateSubnetIds(): ReadonlyArray<string> {
    return this.zones.map((zone) => this.privateSubnetIdByZone[zone]);
  }

  public get clusterArn(): string {
    return this.cluster.arn;
  }

  public get clusterEndpoint(): string {
    return this.cluster.endpoint;
  }

  public get clusterCertificateAuthorityData(): string {
    return this.cluster.certificateAuthority.get(0).data;
  }

  public get clusterSecurityGroupId(): string {
    return this.cluster.vpcConfig.clusterSecurityGroupId;
  }

  public get nodeSecurityGroupId(): string {
    return this.nodeSecurityGroup.id;
  }

  public get nodeRoleArn(): string {
    return this.nodeRole.arn;
  }

  public get nodeRoleName(): string {
    return this.nodeRole.name;
  }

  /** The workload stack reaches the API server with a token from `aws eks get-token`. */
  public connection(): ClusterConnection {
    return {
      host: this.cluster.endpoint,
      clusterCaCertificateBase64: this.cluster.certificateAuthority.get(0).data,
      exec: {
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', this.clusterName, '--region', this.region, ...(this.workloadsRoleArn ? ['--role-arn', this.workloadsRoleArn] : [])],
      },
    };
  }

  /**
   * A GPU node pool: a launch template and an EKS managed node group
   * (`GpuNodeGroup`) under `scope`/`id`, on this cluster's subnets, node role,
   * security groups, volume key and IMDS hop limit.
   */
  public addNodePool(scope: Construct, id: string, plan: NodePoolPlan): GpuNodeGroup {
    const zoneCount = plan.compactPlacement ? 1 : plan.zones.length;
    stackContextOf(this).recordDecision({
      construct: plan.where,
      topic: 'node-group-replacement',
      chosen: 'replace the node group (a new group first, then the old one drained and deleted) when the instance types, the zones or the placement change; '
        + `now: ${plan.types.map((t) => t.name).join(', ')} in ${zoneCount} zone${zoneCount === 1 ? '' : 's'}${plan.compactPlacement ? ' with a placement group' : ''}`,
      reason: 'EKS cannot change a managed node group\'s instance types, subnets or launch placement in place. Replacement evicts every running pod of the pool '
        + '(PodDisruptionBudgets slow it, they do not stop it): a pool turning multi-node moves from up to three zones to one with a placement group, '
        + 'and a new instance type is a new group. Scale within the same types (minNodes, maxNodes) to resize without replacing',
    });
    const shareWith = plan.shareWith;
    if (shareWith !== undefined && !(shareWith instanceof GpuNodeGroup)) {
      throw new AiInfraError({ where: plan.where, field: 'shareWith', given: typeof shareWith, allowed: 'a node pool made by this cluster\'s AWS backend (a GpuNodeGroup)' });
    }
    const reservationField = plan.fields?.reservation ?? 'aws.capacityReservation';
    if (plan.reservation && !plan.reservation.aws) {
      throw new AiInfraError({ where: plan.where, field: reservationField, given: plan.reservation, allowed: 'an AWS reservation (aws.id or aws.resourceGroupArn) on an AWS cluster' });
    }
    return new GpuNodeGroup(scope, id, {
      cluster: this.nodeGroupRefs(),
      where: plan.where,
      instanceTypes: plan.types,
      capacityType: capacityTypeOf(plan),
      minSize: plan.minNodes,
      desiredSize: plan.desiredNodes,
      maxSize: plan.maxNodes,
      zones: plan.zones,
      labels: plan.labels,
      taints: plan.taints,
      ...(plan.instanceTags ? { instanceTags: plan.instanceTags } : {}),
      rootVolumeGiB: plan.rootVolumeGiB,
      efa: plan.fabric,
      placementGroup: plan.compactPlacement,
      imdsHopLimit: this.imdsHopLimit,
      nameSuffix: plan.nameSuffix,
      shareWith,
      ...(plan.reservation
        ? {
          capacityReservation: plan.reservation.aws,
          reservationTargetsPlacementGroup: plan.reservation.targetsPlacement,
        }
        : {}),
      ...(plan.fields ? { fields: { instanceTypes: plan.fields.instanceTypes, capacityReservation: plan.fields.reservation } } : {}),
    });
  }

  /**
   * What GPU node groups need from this cluster. Built once and shared by
   * every node group: each attribute read of a provider resource creates a
   * new cdktf token, so building the references per pool cost five tokens
   * per pool, and `dependsOn` on each node group one more per dependency.
   * Rebuilt only when `nodeDependencies` has grown since.
   */
  public nodeGroupRefs(): NodeGroupClusterRefs {
    if (this.refs === undefined || this.refs.nodeDependencies.length !== this.nodeDependencies.length) {
      const nodeDependencies = [...this.nodeDependencies];
      this.refs = {
        clusterName: this.cluster.name,
        vpcId: this.vpcId,
        nodeRoleArn: this.nodeRole.arn,
        privateSubnetIdByZone: this.privateSubnetIdByZone,
        clusterSecurityGroupId: this.cluster.vpcConfig.clusterSecurityGroupId,
        nodeSecurityGroupId: this.nodeSecurityGroup.id,
        volumeKeyArn: this.volumeKey.key.arn,
        nodeDependencies,
        nodeDependsOn: nodeDependencies.map((d) => dependable(d)),
      };
    }
    return this.refs;
  }

  /** Grants a Kubernetes service account an IAM role through EKS Pod Identity. */
  public addPodIdentity(id: string, opts: { namespace: string; serviceAccount: string; roleArn: string }): EksPodIdentityAssociation {
    return new EksPodIdentityAssociation(this, `PodIdentity${id}`, {
      clusterName: this.cluster.name,
      namespace: opts.namespace,
      serviceAccount: opts.serviceAccount,
      roleArn: opts.roleArn,
      dependsOn: [this.addons['eks-pod-identity-agent']],
    });
  }

  private addon(name: string, version: string | undefined, dependsOn?: ITerraformDependable[]): EksAddon {
    return new EksAddon(this, `Addon-${name}`, {
      clusterName: this.cluster.name,
      addonName: name,
      ...(version ? { addonVersion: version } : {}),
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      ...(dependsOn ? { dependsOn } : {}),
    });
  }
}

/**
 * The AWS backend of a cluster (a GpuCluster, or any IGpuCluster whose
 * backend is an AWS one), or an AiInfraError naming the construct that needs it.
 */
export function awsClusterOf(cluster: IGpuCluster, where: string): AwsGpuClusterBackend {
  const backend = cluster.backend;
  if (backend.cloud === 'aws') return backend;
  throw new AiInfraError({ where, field: 'cluster', given: `${cluster.node.path} (a ${backend.cloud} cluster)`, allowed: 'an AWS GpuCluster (with AWS references)' });
}

/** Builds an AWS GpuCluster under the construct (child `Aws`, so Terraform addresses stay put). */
export function createAwsGpuCluster(scope: Construct, plan: GpuClusterPlan): AwsGpuCluster {
  return new AwsGpuCluster(scope, 'Aws', plan);
}

/** The AWS part of a cluster plan, or an AiInfraError (a plan made for another cloud). */
function awsPlanOf(plan: GpuClusterPlan): GpuClusterAwsPlan {
  if (plan.aws) return plan.aws;
  throw new AiInfraError({ where: plan.where, field: 'aws', given: undefined, allowed: 'the AWS settings of the cluster plan (an AWS stack)' });
}

/** EKS capacity type of a purchase; GCP-only purchases are refused. */
function capacityTypeOf(plan: NodePoolPlan): NodeCapacityType {
  switch (plan.purchase) {
    case 'spot':
      return 'SPOT';
    case 'on-demand':
    case 'reservation':
      return 'ON_DEMAND';
    case 'capacity-block':
      return 'CAPACITY_BLOCK';
    default:
      throw new AiInfraError({
        where: plan.where,
        field: 'purchase',
        given: plan.purchase,
        allowed: 'spot, on-demand, reservation or capacity-block on AWS (flex-start and queued provisioning are GCP purchase options)',
      });
  }
}

/** Who may assume a Pod Identity role: one service account of one cluster of this account. */
export interface PodIdentityTrustScope {
  /** AWS account id of the cluster. */
  readonly account: string;
  /** ARN of the EKS cluster (a token of the cluster resource is fine). */
  readonly clusterArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * The trust policy of a role assumed through EKS Pod Identity, scoped (EKS
 * user guide, "Create IAM role with trust policy required by EKS Pod
 * Identity") to this account (`aws:SourceAccount`, confused-deputy guard)
 * and, through the session tags Pod Identity sets, to one cluster, namespace
 * and service account: without them any Pod Identity association in the
 * account could be pointed at the role.
 */
export function podIdentityTrust(scope: Construct, id: string, who: PodIdentityTrustScope): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        sid: 'EksPodIdentityForOneServiceAccount',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
        condition: podIdentityConditions(who),
      },
    ],
  });
}

/** The conditions of `podIdentityTrust`, for callers that build their own statement. */
export function podIdentityConditions(who: PodIdentityTrustScope): { test: string; variable: string; values: string[] }[] {
  return [
    { test: 'StringEquals', variable: 'aws:SourceAccount', values: [who.account] },
    { test: 'StringEquals', variable: 'aws:RequestTag/eks-cluster-arn', values: [who.clusterArn] },
    { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-namespace', values: [who.namespace] },
    { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-service-account', values: [who.serviceAccount] },
  ];
}
