import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import type { AwsGpuCluster } from '../aws/gpu-cluster';
import { CLOUDWATCH_LOG_RETENTION_DAYS, findInstanceType, SERVICE_PRICES } from '../catalog';
import type { ServicePriceId } from '../catalog';
import { freeId, startConstruct, uniqueItems } from './checks';
import { checkCloudSettings } from './pool-props';
import { AiInfraStack } from './stack';
import type { AcceleratorId, Cloud } from '../catalog/types';
import { nameSuffixOf } from '../core/naming';
import type { GpuClusterBackend, GpuClusterGcpPlan, GpuClusterPlan, IGpuCluster } from '../core/plans';
import { EKS_LOG_TYPES, GKE_LOGGING_COMPONENTS as LOGGING_COMPONENTS } from '../core/plans/gpu-cluster';
import { AiInfraError } from '../errors';
import type { GcpGpuCluster } from '../gcp/gpu-cluster';
import { ClusterWorkloadStack } from '../kubernetes/workload-stack';
import { cloudWatchLogsCost, clusterControlPlaneCost, CostLine, kmsKeyCost, natGatewayCost, servicePriceLine } from '../planning/cost';
import { cloudLoggingCost, cloudNatCost, gcpKmsKeyCost } from '../planning/gcp-cost';
import { gkeClusterCost } from '../planning/gke-cost';
import { AcceleratorNamesSchema } from '../planning/names';
import { planClusterZones } from '../planning/pools';
import { gbToGiB } from '../planning/sizing';
import { USAGE_DEFAULTS, withUsageNote } from '../planning/usage';

/** A VPC and private subnets the cluster should use instead of creating its own. */

/** Root volume of each system node, GiB (gp3). */
const SYSTEM_ROOT_VOLUME_GIB = 50;
export interface ExistingVpc {
  /** Id of the VPC (`vpc-...`). */
  readonly vpcId: string;
  /** Its primary CIDR block (/8 to /28), passed on as `cluster.aws.vpcCidrBlock`. */
  readonly vpcCidrBlock: string;
  /** Private subnet id per AZ ID (`use1-az4`); at least two zones (EKS needs two). */
  readonly privateSubnetIds: Readonly<Record<string, string>>;
}

/** AWS-only settings of a GpuCluster. */
export interface GpuClusterAwsProps {
  /**
   * Use this VPC and its private subnets instead of creating one (no NAT,
   * flow logs or routes are made then).
   * @default - a new VPC
   */
  readonly vpc?: ExistingVpc;
  /**
   * CIDR of the new VPC, /16 to /20.
   * @default '10.0.0.0/16'
   */
  readonly vpcCidrBlock?: string;
  /**
   * NAT gateways of the new VPC: one per zone (a zone outage does not cut the
   * others off) or one for the VPC (cheaper, a single point of failure).
   * @default 'per-zone'
   */
  readonly natGateways?: 'one' | 'per-zone';
  /**
   * VPC flow logs (all traffic) to a KMS-encrypted log group with the cluster's retention.
   * @default true
   */
  readonly flowLogs?: boolean;
  /**
   * An S3 gateway endpoint on the private route tables of the new VPC, so
   * checkpoints and ECR image layers do not pay NAT data processing. Its
   * requests reach S3 from the endpoint, not the NAT addresses: a bucket
   * policy that allows only the NAT IPs (`aws:SourceIp`) must allow
   * `aws:SourceVpce` or `aws:SourceVpc` instead. Turning it off is recorded.
   * @default true
   */
  readonly s3GatewayEndpoint?: boolean;
  /**
   * Instance types of the CPU system node group (on demand).
   * @default ['m6i.large']
   */
  readonly systemInstanceTypes?: string[];
  /**
   * IMDSv2 hop limit of every node. 1 keeps pods off the node's instance
   * metadata (and so off the node role): pods get AWS credentials through
   * EKS Pod Identity. 2 lets containers reach IMDS (some agents expect it).
   * @default 1
   */
  readonly imdsHopLimit?: 1 | 2;
  /**
   * Attach `AmazonSSMManagedInstanceCore` to the node role (SSM Session Manager on nodes).
   * @default false
   */
  readonly ssmOnNodes?: boolean;
  /**
   * Pinned versions of the managed add-ons (`vpc-cni`, `kube-proxy`, `coredns`, `eks-pod-identity-agent`).
   * @default - EKS's default version for the cluster's Kubernetes version
   */
  readonly addonVersions?: Readonly<Record<string, string>>;
  /**
   * Give the identity that creates the cluster cluster-admin through an access
   * entry (and let the workload stack apply as that identity). Off, only
   * `adminPrincipalArns` administer the cluster. EKS cannot change this after
   * creation. Recorded as an opt-out when true.
   * @default false
   */
  readonly clusterCreatorAdmin?: boolean;
  /**
   * IAM principals (role or user ARNs) given cluster-admin through EKS access
   * entries. At least one is required unless `clusterCreatorAdmin` is true,
   * and one must be a role: the workload stack applies as it.
   * @default - none (an error unless clusterCreatorAdmin is true)
   */
  readonly adminPrincipalArns?: string[];
  /**
   * The role the workload stack (Kubernetes and Helm providers) authenticates
   * as, through `aws eks get-token --role-arn`; one of `adminPrincipalArns`.
   * @default - the first role in adminPrincipalArns
   */
  readonly workloadsRoleArn?: string;
}

/** A network and subnet the GKE cluster should use instead of creating its own. */
export interface ExistingGcpNetwork {
  /** Network id or self link (`projects/<p>/global/networks/<name>`). */
  readonly network: string;
  /** Subnetwork id or self link in the stack's region. */
  readonly subnetwork: string;
  /** Name of the subnet's secondary range for pods. */
  readonly podsRangeName: string;
  /** Name of the subnet's secondary range for Services. */
  readonly servicesRangeName: string;
  /**
   * The subnet's ranges, so the GPU fabric ranges can be checked against them.
   * @default - not checked
   */
  readonly ranges?: GcpNetworkRanges;
}

/** Address ranges of a new GKE network. */
export interface GcpNetworkRanges {
  /** Primary range of the node subnet. */
  readonly subnet: string;
  /** Secondary range for pods. */
  readonly pods: string;
  /** Secondary range for Services. */
  readonly services: string;
}

/** GCP-only settings of a GpuCluster. */
export interface GpuClusterGcpProps {
  /**
   * Internal CIDRs (a VPN or bastion range) allowed to reach the control
   * plane's private endpoint (master authorized networks). A public endpoint
   * is opened only by `publicAccessCidrs`.
   * @default - none (the nodes' subnet reaches it)
   */
  readonly authorizedNetworks?: { readonly cidrBlock: string; readonly displayName: string }[];
  /**
   * GKE release channel.
   * @default 'REGULAR'
   */
  readonly releaseChannel?: 'RAPID' | 'REGULAR' | 'STABLE' | 'EXTENDED';
  /**
   * Use this network and subnet instead of creating one (no NAT, PSA or firewall is made then).
   * @default - a new network
   */
  readonly network?: ExistingGcpNetwork;
  /**
   * Ranges of the new network.
   * @default { subnet: '10.0.0.0/20', pods: '10.4.0.0/14', services: '10.0.32.0/20' }
   */
  readonly networkRanges?: GcpNetworkRanges;
  /**
   * MTU of the new primary VPC (1300 to 8896).
   * @default 8244
   */
  readonly networkMtu?: number;
  /**
   * /28 of the control plane's private endpoint.
   * @default '172.16.0.32/28'
   */
  readonly masterCidr?: string;
  /**
   * Range the GPU fabric's /20 subnets are carved from (/8 to /20).
   * @default '192.168.0.0/16'
   */
  readonly fabricCidr?: string;
  /**
   * Machine type of the CPU system pool.
   * @default 'e2-standard-4'
   */
  readonly systemMachineType?: string;
  /**
   * Autoscaling range of the system pool, per zone.
   * @default { min: 1, max: 3 }
   */
  readonly systemNodesPerZone?: { readonly min: number; readonly max: number };
}

/** Monthly usage of a cluster's network and logs, for the cost estimate. */
export interface GpuClusterUsage {
  /**
   * GB a month through the NAT gateways (AWS) or Cloud NAT (GCP), both directions:
   * images from public registries, package installs, API calls. S3 traffic takes the
   * S3 gateway endpoint and Cloud Storage traffic Private Google Access, so neither counts.
   * Model downloads of a WarmInferencePool are its own line.
   * @default 500
   */
  readonly natDataGBPerMonth?: number;
  /**
   * GB a month of cluster logs: the EKS control-plane log group (api, audit,
   * authenticator, controllerManager, scheduler) on AWS; GKE system-component
   * logs in Cloud Logging on GCP.
   * @default 30
   */
  readonly clusterLogsGBPerMonth?: number;
  /**
   * GB a month of flow logs of the network the cluster creates (AWS VPC flow
   * logs to CloudWatch Logs; GCP subnet flow logs, billed as vended network logs).
   * @default 15
   */
  readonly flowLogsGBPerMonth?: number;
}

export interface GpuClusterProps {
  /**
   * Kubernetes version of the control plane (`1.33`).
   * @default '1.33'
   */
  readonly kubernetesVersion?: string;
  /**
   * Zones of the cluster's private subnets (AWS: AZ IDs such as `use1-az4`).
   * @default - zones of the region that offer `instanceTypes` / `accelerators`, at most `maxZones`
   */
  readonly zones?: string[];
  /**
   * GPU instance types the pools will use; the subnets go where they are offered.
   * @default - none (every zone of the region qualifies)
   */
  readonly instanceTypes?: string[];
  /**
   * Accelerators the pools will use, when the types are not known yet.
   * @default - none
   */
  readonly accelerators?: AcceleratorId[];
  /**
   * How many zones to spread the private subnets over (at least 2: EKS needs two).
   * @default 3
   */
  readonly maxZones?: number;
  /**
   * IAM principals (role or user ARNs) given cluster-admin through EKS access entries.
   * @default - none
   * @deprecated use `aws.adminPrincipalArns` (an AWS-only setting); kept for the documented examples.
   */
  readonly adminPrincipalArns?: string[];
  /**
   * CIDRs allowed to reach a public API endpoint. Without it the endpoint is private only.
   * @default - no public endpoint
   */
  readonly publicAccessCidrs?: string[];
  /**
   * Accept `0.0.0.0/0` in `publicAccessCidrs` (the API server open to the internet). Recorded as a decision.
   * @default false
   */
  readonly allowPublicEndpointFromAnywhere?: boolean;
  /**
   * Retention of the control-plane and flow logs, days (a CloudWatch Logs value).
   * One year by default: audit frameworks and scanners (e.g. Checkov CKV_AWS_338) expect it.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Nodes of the CPU system node group (cluster add-ons, device-plugin controllers, termination handler).
   * @default 2
   */
  readonly systemNodeCount?: number;
  /**
   * Usage the cost estimate assumes where the bill depends on use (data through
   * NAT, log volume). Each unset field takes a documented default
   * (`USAGE_DEFAULTS`), and its cost line says it was assumed.
   * @default - the documented defaults
   */
  readonly usage?: GpuClusterUsage;
  /**
   * AWS-only settings.
   * @default - see each field
   */
  readonly aws?: GpuClusterAwsProps;
  /**
   * GCP-only settings.
   * @default - see each field
   */
  readonly gcp?: GpuClusterGcpProps;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
/** Whether `s` is an IPv4 CIDR in network form (no host bits set), with a prefix of /min to /max. */
function isNetworkCidr(s: string, min: number, max: number): boolean {
  const m = CIDR.exec(s);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix < min || prefix > max) return false;
  const address = ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
  return address % 2 ** (32 - prefix) === 0;
}
const cidr = (min: number, max: number) =>
  z.string().refine((s) => isNetworkCidr(s, min, max), `an IPv4 CIDR in network form (host bits zero, e.g. 10.0.0.0/16) with a prefix of /${min} to /${max}`);

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/** Who administers an EKS cluster, and the role the workload stack applies as. */
interface ClusterAdmins {
  readonly principals: string[];
  readonly creatorAdmin: boolean;
  readonly workloadsRoleArn?: string;
}

const GCP_RANGE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const gcpRanges = z.object({ subnet: cidr(8, 29), pods: cidr(8, 29), services: cidr(8, 29) }).strict();

const principalArns = z.array(z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:.+$/, 'an IAM role or user ARN')).superRefine(uniqueItems('a principal'));

/** Name of the add-ons whose version `aws.addonVersions` may pin. */
export const PINNABLE_ADDONS = ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent'] as const;

const schema = z
  .object({
    kubernetesVersion: z.string().regex(/^1\.(2[89]|3[0-9])$/, 'an EKS Kubernetes version from 1.28 to 1.39, such as "1.33"').optional(),
    zones: z.array(z.string().min(1)).min(2).superRefine(uniqueItems('a zone')).optional(),
    instanceTypes: z.array(z.string().min(1)).min(1).superRefine(uniqueItems('an instance type')).optional(),
    accelerators: AcceleratorNamesSchema.optional(),
    maxZones: z.number().int().min(2).max(6).optional(),
    adminPrincipalArns: principalArns.optional(),
    publicAccessCidrs: z.array(cidr(0, 32)).min(1).superRefine(uniqueItems('a CIDR')).optional(),
    allowPublicEndpointFromAnywhere: z.boolean().optional(),
    logRetentionDays: z.literal(CLOUDWATCH_LOG_RETENTION_DAYS).optional(),
    systemNodeCount: z.number().int().min(1).max(20).optional(),
    usage: z
      .object({
        natDataGBPerMonth: z.number().min(0).max(100_000_000).optional(),
        clusterLogsGBPerMonth: z.number().min(0).max(100_000_000).optional(),
        flowLogsGBPerMonth: z.number().min(0).max(100_000_000).optional(),
      })
      .strict()
      .optional(),
    aws: z
      .object({
        vpc: z
          .object({
            vpcId: z.string().min(1),
            vpcCidrBlock: cidr(8, 28),
            privateSubnetIds: z.record(z.string().min(1), z.string().min(1)),
          })
          .strict()
          .optional(),
        vpcCidrBlock: cidr(16, 20).optional(),
        natGateways: z.enum(['one', 'per-zone']).optional(),
        flowLogs: z.boolean().optional(),
        s3GatewayEndpoint: z.boolean().optional(),
        systemInstanceTypes: z.array(z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, 'an EC2 instance type such as "m6i.large"')).min(1).superRefine(uniqueItems('an instance type')).optional(),
        imdsHopLimit: z.union([z.literal(1), z.literal(2)]).optional(),
        ssmOnNodes: z.boolean().optional(),
        addonVersions: z
          .record(z.string().min(1), z.string().min(1))
          .refine((r) => Object.keys(r).every((k) => (PINNABLE_ADDONS as ReadonlyArray<string>).includes(k)), `a record keyed by the managed add-ons (${PINNABLE_ADDONS.join(', ')})`)
          .optional(),
        clusterCreatorAdmin: z.boolean().optional(),
        adminPrincipalArns: principalArns.optional(),
        workloadsRoleArn: z.string().regex(ROLE_ARN, 'an IAM role ARN').optional(),
      })
      .strict()
      .optional(),
    gcp: z
      .object({
        authorizedNetworks: z
          .array(z.object({ cidrBlock: cidr(8, 32), displayName: z.string().regex(/^[\w .-]{1,64}$/, 'a display name of 1-64 letters, digits, spaces, "_", "." or "-"') }).strict())
          .refine((items) => new Set(items.map((i) => i.cidrBlock)).size === items.length, 'CIDRs not already listed (each once)')
          .optional(),
        releaseChannel: z.enum(['RAPID', 'REGULAR', 'STABLE', 'EXTENDED']).optional(),
        network: z
          .object({
            network: z.string().min(1),
            subnetwork: z.string().min(1),
            podsRangeName: z.string().regex(GCP_RANGE_NAME, 'a secondary range name (lowercase letters, digits, "-")'),
            servicesRangeName: z.string().regex(GCP_RANGE_NAME, 'a secondary range name (lowercase letters, digits, "-")'),
            ranges: gcpRanges.optional(),
          })
          .strict()
          .optional(),
        networkRanges: gcpRanges.optional(),
        networkMtu: z.number().int().min(1300).max(8896).optional(),
        masterCidr: cidr(28, 28).optional(),
        fabricCidr: cidr(8, 20).optional(),
        systemMachineType: z.string().regex(/^[a-z][a-z0-9]*-[a-z0-9-]+$/, 'a Compute Engine machine type such as "e2-standard-4"').optional(),
        systemNodesPerZone: z
          .object({ min: z.number().int().min(0).max(100), max: z.number().int().min(1).max(100) })
          .strict()
          .refine((r) => r.min <= r.max, 'min at most max')
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Defaults of the GCP-only settings. */
export const GCP_CLUSTER_DEFAULTS = {
  releaseChannel: 'REGULAR',
  networkRanges: { subnet: '10.0.0.0/20', pods: '10.4.0.0/14', services: '10.0.32.0/20' },
  networkMtu: 8244,
  masterCidr: '172.16.0.32/28',
  fabricCidr: '192.168.0.0/16',
  systemMachineType: 'e2-standard-4',
  systemNodesPerZone: { min: 1, max: 3 },
} as const;

/** Default Kubernetes version of new clusters. */
export const DEFAULT_KUBERNETES_VERSION = '1.33';

/**
 * A Kubernetes cluster for GPU work. On AWS: a VPC with private subnets in
 * the zones that offer the GPU types (public subnets only for NAT), or your
 * VPC; EKS with a private API endpoint, KMS envelope encryption of secrets,
 * every control-plane log type in a KMS-encrypted log group with retention,
 * API authentication with access entries, managed add-ons, and a small CPU
 * system node group. GPU node groups come from the pools
 * (`SpotTrainingPool`, `WarmInferencePool`) through `backend.addNodePool`;
 * device plugins go into the cluster's workload stack.
 */
export class GpuCluster extends Construct implements IGpuCluster {
  public readonly cloud: Cloud;
  public readonly clusterName: string;
  public readonly zones: ReadonlyArray<string>;
  public readonly kubernetesVersion: string;
  /** The usage the cost estimate assumed (given or the documented defaults). */
  public readonly usage: Required<GpuClusterUsage>;
  /** The cluster's backend on the stack's cloud: node pools, connection, references. */
  public readonly backend: GpuClusterBackend;
  /**
   * The AWS backend (escape hatch, AWS stacks): `cluster`, `nodeRole`, `network`,
   * `systemNodeGroup`, keys, add-ons, and the references other constructs use
   * (`vpcId`, `privateSubnetIdByZone`, `nodeSecurityGroupId`, `addPodIdentity`, ...).
   * @default - absent on other clouds
   */
  public readonly aws?: AwsGpuCluster;
  /**
   * The GCP backend (escape hatch, GCP stacks): `gke` (cluster, system pool,
   * node service account), `network`, `keyRing`, `secretsKey`, `bootDiskKey`,
   * `gpuFabrics`, and the references other constructs use.
   * @default - absent on other clouds
   */
  public readonly gcp?: GcpGpuCluster;
  private workloads?: ClusterWorkloadStack;

  constructor(scope: Construct, id: string, props: GpuClusterProps = {}) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, schema, props, 'gpuCluster');
    this.cloud = stack.cloud;
    checkClusterCloudSettings(where, stack.cloud, p);

    const cidrs = p.publicAccessCidrs ?? [];
    if (cidrs.some((c) => c.endsWith('/0')) && !p.allowPublicEndpointFromAnywhere) {
      throw new AiInfraError({
        where,
        field: 'publicAccessCidrs',
        given: cidrs,
        allowed: 'CIDRs narrower than /0 (the API server must not be open to the internet), unless allowPublicEndpointFromAnywhere is true',
      });
    }
    if (p.aws?.vpc) {
      for (const field of ['vpcCidrBlock', 'natGateways'] as const) {
        if (p.aws[field] !== undefined) {
          throw new AiInfraError({ where, field: `aws.${field}`, given: p.aws[field], allowed: 'unset with aws.vpc (the library creates neither a VPC nor NAT gateways in a VPC you bring)' });
        }
      }
    }
    const cpuTypes = Object.keys(SERVICE_PRICES).filter((priceId) => priceId.startsWith('aws.ec2.')).map((priceId) => priceId.slice('aws.ec2.'.length));
    p.aws?.systemInstanceTypes?.forEach((t, i) => {
      if (!cpuTypes.includes(t) && !findInstanceType('aws', t)) {
        throw new AiInfraError({ where, field: `aws.systemInstanceTypes.${i}`, given: t, allowed: `an instance type of the catalog (${cpuTypes.join(', ')}, or a GPU type)` });
      }
    });
    if (p.adminPrincipalArns && p.aws?.adminPrincipalArns) {
      throw new AiInfraError({ where, field: 'adminPrincipalArns', given: p.adminPrincipalArns, allowed: 'unset when aws.adminPrincipalArns is given (it is the deprecated spelling of the same setting)' });
    }

    this.kubernetesVersion = p.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    this.usage = {
      natDataGBPerMonth: p.usage?.natDataGBPerMonth ?? USAGE_DEFAULTS.natDataGBPerMonth.value,
      clusterLogsGBPerMonth: p.usage?.clusterLogsGBPerMonth ?? USAGE_DEFAULTS.clusterLogsGBPerMonth.value,
      flowLogsGBPerMonth: p.usage?.flowLogsGBPerMonth ?? USAGE_DEFAULTS.flowLogsGBPerMonth.value,
    };
    const nameSuffix = nameSuffixOf(id, where, 63);
    stack.claimPhysicalName('cluster', nameSuffix, where);
    this.clusterName = stack.physicalName(nameSuffix, { maxLength: 100 });
    const zonePlan = planClusterZones(
      {
        cloud: stack.cloud,
        region: stack.region,
        placementZones: stack.placementZones,
        zones: p.zones,
        instanceTypes: p.instanceTypes,
        accelerators: p.accelerators,
        maxZones: p.maxZones ?? 3,
        // EKS needs subnets in two zones; a regional GKE cluster runs in one or more.
        minZones: stack.cloud === 'aws' ? 2 : 1,
        minZonesFor: stack.cloud === 'aws' ? 'EKS' : 'GKE',
        ...(p.aws?.vpc ? { existingNetwork: { field: 'aws.vpc.privateSubnetIds', zones: Object.keys(p.aws.vpc.privateSubnetIds) } } : {}),
      },
      where,
    );
    if (p.aws?.vpc) checkOneSubnetPerZone(where, p.aws.vpc.privateSubnetIds);
    this.zones = zonePlan.zones;

    // Checked after the zones and types, so those errors (about what the user asked for) come first.
    const admins = this.clusterAdmins(p, stack.cloud, where);
    const plan: GpuClusterPlan = {
      where,
      clusterName: this.clusterName,
      nameSuffix,
      kubernetesVersion: this.kubernetesVersion,
      zones: this.zones,
      publicAccessCidrs: cidrs,
      logRetentionDays: p.logRetentionDays ?? 365,
      systemNodeCount: p.systemNodeCount ?? 2,
      systemRootVolumeGiB: SYSTEM_ROOT_VOLUME_GIB,
      ...(stack.cloud === 'aws'
        ? {
          aws: {
            vpcCidrBlock: p.aws?.vpcCidrBlock ?? '10.0.0.0/16',
            natGateways: p.aws?.natGateways ?? 'per-zone',
            flowLogs: p.aws?.flowLogs ?? true,
            s3GatewayEndpoint: p.aws?.s3GatewayEndpoint ?? true,
            existingVpc: p.aws?.vpc,
            adminPrincipalArns: admins.principals,
            creatorAdmin: admins.creatorAdmin,
            ...(admins.workloadsRoleArn ? { workloadsRoleArn: admins.workloadsRoleArn } : {}),
            addonVersions: p.aws?.addonVersions ?? {},
            systemInstanceTypes: p.aws?.systemInstanceTypes ?? ['m6i.large'],
            imdsHopLimit: p.aws?.imdsHopLimit ?? 1,
            ssmOnNodes: p.aws?.ssmOnNodes ?? false,
          },
        }
        : {}),
      ...(stack.cloud === 'gcp' ? { gcp: gcpPlanOf(p.gcp ?? {}) } : {}),
    };
    this.backend = backend(this, plan);
    if (this.backend.cloud === 'aws') this.aws = this.backend as AwsGpuCluster;
    else this.gcp = this.backend as GcpGpuCluster;

    stack.recordDecision({ construct: where, ...zonePlan.decision });
    this.recordDecisions(stack, p, cidrs);
    stack.addCostLines(this.costLines(stack, p));
  }

  /**
   * The AWS backend (escape hatch).
   * @deprecated use `aws` (the one escape hatch of every construct); kept for the documented examples.
   */
  public get awsResources(): AwsGpuCluster | undefined {
    return this.aws;
  }

  /**
   * The stack in-cluster resources go into (`<stackId>-workloads`, created on
   * first use): Kubernetes and Helm providers configured from this cluster's
   * backend (endpoint and CA by cross-stack reference, tokens from the cloud's CLI).
   */
  public workloadScope(): ClusterWorkloadStack {
    if (this.workloads) return this.workloads;
    const stack = AiInfraStack.of(this);
    const app = this.node.root as Construct;
    const base = `${stack.node.id}-workloads`;
    const id = app.node.tryFindChild(base) ? `${stack.node.id}-${this.node.id}-workloads` : base;
    this.workloads = new ClusterWorkloadStack(app, id, {
      clusterName: this.clusterName,
      connection: this.backend.connection(),
      stateBackend: stack.stateBackend,
    });
    this.workloads.addDependency(stack);
    return this.workloads;
  }

  /** Who administers an EKS cluster, and the role the workload stack applies as; a clear error when nobody would. */
  private clusterAdmins(p: z.output<typeof schema>, cloud: string, where: string): ClusterAdmins {
    const principals = [...(p.aws?.adminPrincipalArns ?? p.adminPrincipalArns ?? [])];
    const creatorAdmin = p.aws?.clusterCreatorAdmin ?? false;
    if (cloud !== 'aws') return { principals, creatorAdmin };
    if (principals.length === 0 && !creatorAdmin) {
      throw new AiInfraError({
        where,
        field: 'aws.adminPrincipalArns',
        given: undefined,
        allowed: 'at least one IAM role or user ARN to administer the cluster (the identity that creates it gets no access), or aws.clusterCreatorAdmin: true',
      });
    }
    const explicit = p.aws?.workloadsRoleArn;
    if (explicit && !principals.includes(explicit)) {
      throw new AiInfraError({ where, field: 'aws.workloadsRoleArn', given: explicit, allowed: `one of aws.adminPrincipalArns (${principals.join(', ')}): the stack grants that role cluster-admin` });
    }
    const workloadsRoleArn = explicit ?? principals.find((a) => ROLE_ARN.test(a));
    if (!workloadsRoleArn && !creatorAdmin) {
      throw new AiInfraError({
        where,
        field: 'aws.adminPrincipalArns',
        given: principals,
        allowed: 'a list that includes an IAM role the workloads stack can assume (aws eks get-token --role-arn), or set aws.clusterCreatorAdmin: true',
      });
    }
    return { principals, creatorAdmin, ...(workloadsRoleArn ? { workloadsRoleArn } : {}) };
  }

  private recordDecisions(stack: AiInfraStack, p: z.output<typeof schema>, cidrs: ReadonlyArray<string>): void {
    const where = this.node.path;
    stack.recordDecision({
      construct: where,
      topic: 'api-endpoint',
      chosen: cidrs.length ? `private + public from ${cidrs.join(', ')}` : 'private only',
      reason: cidrs.length
        ? cidrs.some((c) => c.endsWith('/0'))
          ? 'OPT-OUT: allowPublicEndpointFromAnywhere is true, the API server is reachable from the internet (still authenticated)'
          : 'publicAccessCidrs given by the user'
        : 'secure default: the API server is reachable from the VPC only',
    });
    if (stack.cloud === 'aws') {
      const admins = this.clusterAdmins(p, stack.cloud, where);
      if (admins.creatorAdmin) {
        stack.recordDecision({
          construct: where,
          topic: 'cluster-creator-admin',
          chosen: 'the identity that creates the cluster gets cluster-admin',
          reason: 'OPT-OUT: aws.clusterCreatorAdmin is true; the workload stack (device plugins, model server) applies with that identity. EKS cannot revoke it after creation',
        });
      }
      if (admins.principals.length) {
        stack.recordDecision({
          construct: where,
          topic: 'cluster-admins',
          chosen: `cluster-admin for ${admins.principals.join(', ')}; the workloads stack applies as ${admins.workloadsRoleArn ?? 'the identity running terraform'}`,
          reason: 'access entries name every administrator; the identity that creates the cluster keeps no access unless it is one of them',
        });
      }
    }
    if (p.aws?.imdsHopLimit === 2) {
      stack.recordDecision({ construct: where, topic: 'imds-hop-limit', chosen: '2', reason: 'OPT-OUT: containers can reach the node\'s instance metadata and role' });
    }
    if (stack.cloud === 'aws') {
      const [chosen, reason] = p.aws?.vpc
        ? ['none created (your VPC)', 'your VPC\'s route tables decide the path to S3; without an S3 gateway endpoint on them, checkpoint and ECR layer traffic is billed as NAT data processing']
        : p.aws?.s3GatewayEndpoint === false
          ? ['none (aws.s3GatewayEndpoint is false)', 'OPT-OUT: S3 traffic of the nodes (checkpoints, ECR image layers) goes through the NAT gateways and is billed as NAT data processing; include it in usage.natDataGBPerMonth']
          : [
            `S3 gateway endpoint on the ${this.zones.length} private route tables`,
            'checkpoints, ECR image layers and other S3 traffic skip the NAT gateways: no NAT data-processing charge, and gateway endpoints cost nothing. '
              + 'S3 sees requests from the endpoint, not the NAT IPs: bucket policies keyed on aws:SourceIp need aws:SourceVpce or aws:SourceVpc',
          ];
      stack.recordDecision({ construct: where, topic: 's3-gateway-endpoint', chosen, reason });
    }
    if (p.aws?.flowLogs === false && !p.aws?.vpc) {
      stack.recordDecision({ construct: where, topic: 'vpc-flow-logs', chosen: 'off', reason: 'OPT-OUT: aws.flowLogs is false' });
    }
  }

  private costLines(stack: AiInfraStack, p: z.output<typeof schema>): CostLine[] {
    const component = this.node.path;
    const region = stack.region;
    const given = p.usage ?? {};
    const note = (l: CostLine, id: keyof GpuClusterUsage): CostLine => withUsageNote(l, id, given[id]);
    if (stack.cloud === 'gcp') {
      const perZone = p.gcp?.systemNodesPerZone ?? GCP_CLUSTER_DEFAULTS.systemNodesPerZone;
      const systemNodes = perZone.min * this.zones.length;
      const ownNetwork = !p.gcp?.network;
      const lines = gkeClusterCost({
        component,
        region,
        natGateways: ownNetwork ? 1 : 0,
        systemMachineType: p.gcp?.systemMachineType ?? GCP_CLUSTER_DEFAULTS.systemMachineType,
        systemNodes,
      }, component);
      if (ownNetwork) {
        lines.push(note({ ...cloudNatCost({ component, region, gateways: 1, vmsPerGateway: 0, dataGiBPerMonth: gbToGiB(this.usage.natDataGBPerMonth) }, component)[2], item: 'Cloud NAT data processed' }, 'natDataGBPerMonth'));
        lines.push(note({
          ...servicePriceLine({ component, priceId: 'gcp.logging.vended-network', quantity: gbToGiB(this.usage.flowLogsGBPerMonth), region }, component),
          item: 'VPC flow logs of the cluster subnets (node and GPU-fabric subnets, half the flows sampled)',
        }, 'flowLogsGBPerMonth'));
      }
      lines.push({ ...gcpKmsKeyCost({ component, region, keys: 2 }, component), item: 'Cloud KMS keys (secrets encryption, node boot disks)' });
      lines.push({
        ...servicePriceLine({ component, priceId: 'gcp.pd-balanced', quantity: systemNodes * SYSTEM_ROOT_VOLUME_GIB, region }, component),
        item: `system node boot disks (${systemNodes} × ${SYSTEM_ROOT_VOLUME_GIB} GiB pd-balanced)`,
      });
      const [ingest] = cloudLoggingCost({ component, region, ingestGiBPerMonth: gbToGiB(this.usage.clusterLogsGBPerMonth) }, component);
      lines.push(note({ ...ingest, item: `Cloud Logging ingestion: GKE logs (${LOGGING_COMPONENTS.join(', ')})`, note: [ingest.note, 'the first 50 GiB per project a month are free and not subtracted; retention beyond 30 days is priced by ObservabilityStack, which sets it'].filter(Boolean).join('; ') }, 'clusterLogsGBPerMonth'));
      return lines;
    }
    const nat = p.aws?.vpc ? 0 : (p.aws?.natGateways ?? 'per-zone') === 'per-zone' ? this.zones.length : 1;
    const retentionDays = p.logRetentionDays ?? 365;
    const lines: CostLine[] = [
      clusterControlPlaneCost({ component, cloud: stack.cloud, region }, component),
      { ...kmsKeyCost({ component, region, keys: 2 }, component), item: 'KMS keys (secrets/logs, node volumes)' },
    ];
    if (nat > 0) {
      const [hours, data] = natGatewayCost({ component, region, gateways: nat, dataGBPerMonth: this.usage.natDataGBPerMonth }, component);
      lines.push({ ...hours, item: `NAT gateways (${nat})` });
      const s3Item = (p.aws?.s3GatewayEndpoint ?? true) ? 'S3 traffic excluded: it takes the S3 gateway endpoint' : 'S3 traffic included: aws.s3GatewayEndpoint is false';
      lines.push(note({ ...data, item: `NAT gateway data processed (${s3Item})` }, 'natDataGBPerMonth'));
      // Each NAT gateway holds one Elastic IP: a public IPv4, billed since 2024-02-01.
      lines.push({ ...servicePriceLine({ component, priceId: 'aws.public-ipv4.hour', quantity: nat, region }, component), item: `public IPv4 on NAT gateways (${nat})` });
      if (p.aws?.s3GatewayEndpoint ?? true) {
        lines.push({ ...servicePriceLine({ component, priceId: 'aws.vpc.gateway-endpoint', quantity: 1, region }, component), item: 'S3 gateway endpoint (no charge)' });
      }
      if (p.aws?.flowLogs ?? true) {
        const usage = { id: 'flowLogsGBPerMonth', given: given.flowLogsGBPerMonth } as const;
        lines.push(...cloudWatchLogsCost({ component, region, logGroup: 'VPC flow logs', gbPerMonth: this.usage.flowLogsGBPerMonth, retentionDays, usage }, component));
      }
    }
    const usage = { id: 'clusterLogsGBPerMonth', given: given.clusterLogsGBPerMonth } as const;
    lines.push(...cloudWatchLogsCost({ component, region, logGroup: `EKS control-plane logs (${EKS_LOG_TYPES.join(', ')})`, gbPerMonth: this.usage.clusterLogsGBPerMonth, retentionDays, usage }, component));
    const systemType = (p.aws?.systemInstanceTypes ?? ['m6i.large'])[0];
    const priceId = `aws.ec2.${systemType}` as ServicePriceId;
    const nodes = p.systemNodeCount ?? 2;
    lines.push({
      ...servicePriceLine({ component, priceId: 'aws.ebs.gp3', quantity: nodes * SYSTEM_ROOT_VOLUME_GIB, region }, component),
      item: `system node root volumes (${nodes} × ${SYSTEM_ROOT_VOLUME_GIB} GiB gp3)`,
    });
    if (priceId in SERVICE_PRICES) {
      lines.push({ ...servicePriceLine({ component, priceId, quantity: nodes, region }, component), item: `system nodes (${nodes} × ${systemType}, on-demand)` });
    } else {
      stack.addWarning(`${component}: no catalog price for system instance type ${systemType}; its ${nodes} nodes are not in the estimate`);
    }
    return lines;
  }
}

/** A subnet lives in one zone: the same id cannot serve two zones of `aws.vpc.privateSubnetIds`. */
function checkOneSubnetPerZone(where: string, byZone: Readonly<Record<string, string>>): void {
  const subnets = Object.values(byZone);
  const repeated = subnets.find((id, i) => !Token.isUnresolved(id) && subnets.indexOf(id) !== i);
  if (repeated !== undefined) {
    throw new AiInfraError({ where, field: 'aws.vpc.privateSubnetIds', given: repeated, allowed: 'one subnet per zone (a subnet lives in one zone, so the same id cannot serve two)' });
  }
}

/** The resolved GCP settings of a cluster. */
function gcpPlanOf(g: NonNullable<z.output<typeof schema>['gcp']>): GpuClusterGcpPlan {
  const d = GCP_CLUSTER_DEFAULTS;
  return {
    releaseChannel: g.releaseChannel ?? d.releaseChannel,
    authorizedNetworks: g.authorizedNetworks ?? [],
    networkRanges: g.networkRanges ?? d.networkRanges,
    ...(g.network ? { existingNetwork: g.network } : {}),
    networkMtu: g.networkMtu ?? d.networkMtu,
    masterCidr: g.masterCidr ?? d.masterCidr,
    fabricCidr: g.fabricCidr ?? d.fabricCidr,
    systemMachineType: g.systemMachineType ?? d.systemMachineType,
    systemNodesPerZone: g.systemNodesPerZone ?? d.systemNodesPerZone,
  };
}

/** Settings of one cloud on a stack of the other are a mistake, not something to ignore silently. */
function checkClusterCloudSettings(where: string, cloud: Cloud, p: z.output<typeof schema>): void {
  checkCloudSettings(where, cloud, p);
  if (cloud === 'gcp' && p.adminPrincipalArns) {
    throw new AiInfraError({ where, field: 'adminPrincipalArns', given: p.adminPrincipalArns, allowed: 'unset on a GCP stack (GKE access is IAM on the project: grant roles/container.admin or a narrower role)' });
  }
  if (cloud === 'gcp' && p.logRetentionDays !== undefined) {
    throw new AiInfraError({ where, field: 'logRetentionDays', given: p.logRetentionDays, allowed: 'unset on a GCP stack (GKE logs go to Cloud Logging, whose retention is set on the log bucket, not per cluster)' });
  }
  if (cloud === 'gcp' && p.systemNodeCount !== undefined) {
    throw new AiInfraError({ where, field: 'systemNodeCount', given: p.systemNodeCount, allowed: 'unset on a GCP stack (the GKE system pool autoscales per zone: gcp.systemNodesPerZone)' });
  }
  // Usage of a network the cluster does not create would be priced nowhere: say so rather than drop it.
  const yourNetwork = cloud === 'aws' ? (p.aws?.vpc ? 'aws.vpc' : undefined) : (p.gcp?.network ? 'gcp.network' : undefined);
  for (const field of ['natDataGBPerMonth', 'flowLogsGBPerMonth'] as const) {
    if (yourNetwork && p.usage?.[field] !== undefined) {
      throw new AiInfraError({ where, field: `usage.${field}`, given: p.usage[field], allowed: `unset with ${yourNetwork} (the NAT and flow logs of your network are not this cluster's to price)` });
    }
  }
  if (cloud === 'aws' && p.aws?.vpc && p.aws.s3GatewayEndpoint !== undefined) {
    throw new AiInfraError({ where, field: 'aws.s3GatewayEndpoint', given: p.aws.s3GatewayEndpoint, allowed: 'unset with aws.vpc (the endpoint goes on the route tables of a VPC the cluster creates)' });
  }
  if (cloud === 'aws' && p.aws?.flowLogs === false && p.usage?.flowLogsGBPerMonth !== undefined) {
    throw new AiInfraError({ where, field: 'usage.flowLogsGBPerMonth', given: p.usage.flowLogsGBPerMonth, allowed: 'unset with aws.flowLogs false (no flow logs are written)' });
  }
}
