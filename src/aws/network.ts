import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { awsPartition } from './kms';
import { findRegion } from '../catalog';
import { requireAwsAccountId, stackContextOf } from '../core/context';
import { AiInfraError } from '../errors';

/** How many NAT gateways the VPC gets. */
export type NatGatewayMode = 'one' | 'per-zone';

export interface GpuVpcProps {
  /** IPv4 CIDR of the VPC, /16 to /20. */
  readonly cidrBlock: string;
  /** AZ IDs (`use1-az4`) of the private (and NAT) subnets, in order. Ids derive from the position, so keep the order stable. */
  readonly zones: ReadonlyArray<string>;
  /** One NAT gateway for the VPC, or one per zone (survives the loss of a zone). */
  readonly natGateways: NatGatewayMode;
  /** EKS cluster name, for the `kubernetes.io/cluster/<name>` subnet tag. */
  readonly clusterName: string;
  /**
   * An S3 gateway endpoint on the private route tables (S3 traffic skips NAT).
   * @default true
   */
  readonly s3GatewayEndpoint?: boolean;
  /** Flow logs to an encrypted log group; undefined turns them off. */
  readonly flowLogs?: { readonly kmsKeyArn: string; readonly retentionDays: number };
  /**
   * Suffix of the physical names (flow-log role and log group), from construct
   * ids only, so two clusters in one stack do not collide.
   * @default 'vpc'
   */
  readonly nameSuffix?: string;
}

/**
 * The cluster's VPC: one private subnet per zone (nodes, pods, endpoints) and
 * one small public subnet per zone that carries only the NAT gateway (nothing
 * else is placed there: no public IP is assigned on launch). Private subnets
 * are /19 of a /16 (8,190 addresses each, room for VPC-CNI pod IPs on
 * 32-interface GPU nodes); public ones /24.
 *
 * Construct ids use the zone's position, not the zone's name or any size,
 * so changing sizes never renames a subnet.
 */
export class GpuVpc extends Construct {
  public readonly vpc: Vpc;
  public readonly privateSubnets: Subnet[] = [];
  public readonly publicSubnets: Subnet[] = [];
  public readonly natGateways: NatGateway[] = [];
  public readonly internetGateway: InternetGateway;
  /**
   * The VPC's default security group, adopted with no rules: nothing that
   * lands in it by accident (an ENI created without a group) can talk to
   * anything (CIS AWS 5.4; Checkov CKV2_AWS_12).
   */
  public readonly defaultSecurityGroup: DefaultSecurityGroup;
  public readonly flowLog?: FlowLog;
  public readonly flowLogGroup?: CloudwatchLogGroup;
  /**
   * S3 gateway endpoint on every private route table: checkpoints, ECR image
   * layers and other S3 traffic of the nodes stay off the NAT gateways (no
   * NAT data-processing charge; gateway endpoints cost nothing). Absent when
   * `s3GatewayEndpoint` is false.
   */
  public readonly s3Endpoint?: VpcEndpoint;
  /** Private subnet id per AZ ID. */
  public readonly privateSubnetIdByZone: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: GpuVpcProps) {
    super(scope, id);
    const stack = stackContextOf(this);
    const nameTag = (suffix: string) => ({ Name: stack.physicalName(suffix, { maxLength: 255 }) });

    this.vpc = new Vpc(this, 'Resource', {
      cidrBlock: props.cidrBlock,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: nameTag('vpc'),
    });
    this.internetGateway = new InternetGateway(this, 'InternetGateway', { vpcId: this.vpc.id, tags: nameTag('igw') });
    // No ingress and no egress blocks: Terraform removes every rule of the default group.
    this.defaultSecurityGroup = new DefaultSecurityGroup(this, 'DefaultSecurityGroup', {
      vpcId: this.vpc.id,
      tags: { ...nameTag('default-deny-all'), 'ai-infra/purpose': 'default security group, all rules removed' },
    });

    const publicRoutes = new RouteTable(this, 'PublicRoutes', { vpcId: this.vpc.id, tags: nameTag('public') });
    new Route(this, 'PublicDefaultRoute', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: this.internetGateway.id,
    });

    // Subnets are keyed by zone, and their CIDR slot is the zone's place in the
    // region's catalog list: adding or dropping a zone never renumbers (and so
    // replaces) the subnets of the other zones.
    const regionZones = findRegion('aws', stack.region)?.zones ?? props.zones;
    const slotOf = (zone: string) => {
      const slot = regionZones.indexOf(zone);
      if (slot < 0 || slot > 7) {
        throw new AiInfraError({ where: this.node.path, field: 'zones', given: zone, allowed: `one of the first 8 AZ IDs of ${stack.region} (${regionZones.slice(0, 8).join(', ')})` });
      }
      return slot;
    };
    props.zones.forEach((zone, i) => {
      const slot = slotOf(zone);
      const pub = new Subnet(this, `Public-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZoneId: zone,
        cidrBlock: Fn.cidrsubnet(props.cidrBlock, 8, 192 + slot),
        mapPublicIpOnLaunch: false,
        tags: { ...nameTag(`public-${zone}`), 'ai-infra/subnet': 'nat-only' },
      });
      new RouteTableAssociation(this, `Public-${zone}-Routes`, { subnetId: pub.id, routeTableId: publicRoutes.id });
      this.publicSubnets.push(pub);
      if (props.natGateways === 'per-zone' || i === 0) {
        const eip = new Eip(this, `Nat-${zone}-Ip`, { domain: 'vpc', tags: nameTag(`nat-${zone}`), dependsOn: [this.internetGateway] });
        this.natGateways.push(new NatGateway(this, `Nat-${zone}`, { allocationId: eip.allocationId, subnetId: pub.id, tags: nameTag(`nat-${zone}`) }));
      }
    });

    const privateRoutes: RouteTable[] = [];
    props.zones.forEach((zone, i) => {
      const priv = new Subnet(this, `Private-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZoneId: zone,
        cidrBlock: Fn.cidrsubnet(props.cidrBlock, 3, slotOf(zone)),
        mapPublicIpOnLaunch: false,
        tags: {
          ...nameTag(`private-${zone}`),
          'kubernetes.io/role/internal-elb': '1',
          [`kubernetes.io/cluster/${props.clusterName}`]: 'shared',
        },
      });
      const routes = new RouteTable(this, `Private-${zone}-Routes`, { vpcId: this.vpc.id, tags: nameTag(`private-${zone}`) });
      const nat = this.natGateways[props.natGateways === 'per-zone' ? i : 0];
      new Route(this, `Private-${zone}-DefaultRoute`, { routeTableId: routes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      new RouteTableAssociation(this, `Private-${zone}-RoutesAssociation`, { subnetId: priv.id, routeTableId: routes.id });
      privateRoutes.push(routes);
      this.privateSubnets.push(priv);
      this.privateSubnetIdByZone[zone] = priv.id;
    });

    // The endpoint policy stays the default (full access): ECR serves image layers from
    // AWS-owned buckets, and the buckets' own policies and the node and pod roles decide access.
    if (props.s3GatewayEndpoint ?? true) {
      this.s3Endpoint = new VpcEndpoint(this, 'S3Endpoint', {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${stack.region}.s3`,
        vpcEndpointType: 'Gateway',
        routeTableIds: privateRoutes.map((r) => r.id),
        tags: nameTag('s3'),
      });
    }

    if (props.flowLogs) {
      const partition = awsPartition(stack.region);
      const account = requireAwsAccountId(stack, this.node.path);
      const suffix = props.nameSuffix ?? 'vpc';
      this.flowLogGroup = new CloudwatchLogGroup(this, 'FlowLogGroup', {
        name: `/aws/vpc/${stack.physicalName(suffix, { maxLength: 200 })}/flow-logs`,
        retentionInDays: props.flowLogs.retentionDays,
        kmsKeyId: props.flowLogs.kmsKeyArn,
        // Audit logs outlive the network: a destroy leaves the group (and its retention) in place.
        skipDestroy: true,
      });
      const assume = new DataAwsIamPolicyDocument(this, 'FlowLogAssume', {
        statement: [
          {
            actions: ['sts:AssumeRole'],
            principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
            condition: [
              { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
              { test: 'ArnLike', variable: 'aws:SourceArn', values: [`arn:${partition}:ec2:${stack.region}:${account}:vpc-flow-log/*`] },
            ],
          },
        ],
      });
      const role = new IamRole(this, 'FlowLogRole', {
        name: stack.physicalName(`${suffix}-flow-logs`, { maxLength: 64 }),
        assumeRolePolicy: assume.json,
      });
      const write = new DataAwsIamPolicyDocument(this, 'FlowLogWrite', {
        statement: [
          {
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            resources: [`${this.flowLogGroup.arn}:*`],
          },
        ],
      });
      new IamRolePolicy(this, 'FlowLogRolePolicy', { role: role.id, name: 'write-flow-logs', policy: write.json });
      this.flowLog = new FlowLog(this, 'FlowLog', {
        vpcId: this.vpc.id,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: this.flowLogGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
      });
    }
  }
}
