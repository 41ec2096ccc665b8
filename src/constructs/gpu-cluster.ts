import { Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { z } from 'zod';
import { AwsGpuCluster, registerAwsClusterBackend } from '../aws/gpu-cluster';
import { ACCELERATORS, findInstanceType, findRegion, instanceTypesFor, SERVICE_PRICES, zonesFor } from '../catalog';
import type { ServicePriceId } from '../catalog';
import { claimName, freeId, nameSuffixOf, uniqueItems, requireAwsBackend } from './checks';
import { AwsClusterRefs, IGpuCluster } from './cluster-ref';
import type { AcceleratorId, Cloud, InstanceTypeSpec } from '../catalog/types';
import { AiInfraError, parseOrThrow } from '../errors';
import { AiInfraStack } from './stack';
import { ClusterWorkloadStack } from '../kubernetes/workload-stack';
import { clusterControlPlaneCost, CostLine, kmsKeyCost, natGatewayCost, servicePriceLine } from '../planning/cost';
import type { Purchase } from '../planning/pricing';
import { selectInstance } from '../planning/selection';
import { planParallelism, PRECISIONS, sizeModel } from '../planning/sizing';
import type { ParallelismPlan, Precision, Purpose } from '../planning/sizing';

/** A VPC and private subnets the cluster should use instead of creating its own. */
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
   * entry. The workload stack (Helm, Kubernetes) applies with that identity
   * unless `adminPrincipalArns` covers it. EKS cannot change this after creation.
   * @default true
   */
  readonly clusterCreatorAdmin?: boolean;
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
   * AWS-only settings.
   * @default - see each field
   */
  readonly aws?: GpuClusterAwsProps;
}

const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
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

/** Name of the add-ons whose version `aws.addonVersions` may pin. */
export const PINNABLE_ADDONS = ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent'] as const;

const schema = z
  .object({
    kubernetesVersion: z.string().regex(/^1\.(2[89]|3[0-9])$/, 'an EKS Kubernetes version from 1.28 to 1.39, such as "1.33"').optional(),
    zones: z.array(z.string().min(1)).min(2).superRefine(uniqueItems('a zone')).optional(),
    instanceTypes: z.array(z.string().min(1)).min(1).superRefine(uniqueItems('an instance type')).optional(),
    accelerators: z.array(z.enum(Object.keys(ACCELERATORS) as [AcceleratorId, ...AcceleratorId[]])).min(1).superRefine(uniqueItems('an accelerator')).optional(),
    maxZones: z.number().int().min(2).max(6).optional(),
    adminPrincipalArns: z.array(z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:.+$/, 'an IAM role or user ARN')).superRefine(uniqueItems('a principal')).optional(),
    publicAccessCidrs: z.array(cidr(0, 32)).min(1).superRefine(uniqueItems('a CIDR')).optional(),
    allowPublicEndpointFromAnywhere: z.boolean().optional(),
    logRetentionDays: z.literal(LOG_RETENTION_DAYS).optional(),
    systemNodeCount: z.number().int().min(1).max(20).optional(),
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
        systemInstanceTypes: z.array(z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, 'an EC2 instance type such as "m6i.large"')).min(1).superRefine(uniqueItems('an instance type')).optional(),
        imdsHopLimit: z.union([z.literal(1), z.literal(2)]).optional(),
        ssmOnNodes: z.boolean().optional(),
        addonVersions: z
          .record(z.string().min(1), z.string().min(1))
          .refine((r) => Object.keys(r).every((k) => (PINNABLE_ADDONS as ReadonlyArray<string>).includes(k)), `a record keyed by the managed add-ons (${PINNABLE_ADDONS.join(', ')})`)
          .optional(),
        clusterCreatorAdmin: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Default Kubernetes version of new clusters. */
export const DEFAULT_KUBERNETES_VERSION = '1.33';

/**
 * A Kubernetes cluster for GPU work. On AWS: a VPC with private subnets in
 * the zones that offer the GPU types (public subnets only for NAT), or your
 * VPC; EKS with a private API endpoint, KMS envelope encryption of secrets,
 * every control-plane log type in a KMS-encrypted log group with retention,
 * API authentication with access entries, managed add-ons, and a small CPU
 * system node group. GPU node groups come from the pools
 * (`SpotTrainingPool`, `WarmInferencePool`), all through one launch-template
 * mechanism; device plugins go into the cluster's workload stack.
 */
export class GpuCluster extends Construct implements IGpuCluster {
  public readonly cloud: Cloud;
  public readonly clusterName: string;
  public readonly zones: ReadonlyArray<string>;
  public readonly kubernetesVersion: string;
  public readonly aws?: AwsClusterRefs;
  /** The AWS resources (escape hatch): `cluster`, `nodeRole`, `network`, `systemNodeGroup`, keys, add-ons. */
  public readonly awsResources?: AwsGpuCluster;
  private workloads?: ClusterWorkloadStack;

  constructor(scope: Construct, id: string, props: GpuClusterProps = {}) {
    super(freeId(scope, id), id);
    const where = this.node.path;
    const p = parseOrThrow(schema, props, where);
    const stack = AiInfraStack.of(this);
    requireAwsBackend(stack.cloud, where, 'GpuCluster');
    this.cloud = stack.cloud;

    const cidrs = p.publicAccessCidrs ?? [];
    if (cidrs.some((c) => c.endsWith('/0')) && !p.allowPublicEndpointFromAnywhere) {
      throw new AiInfraError({
        where,
        field: 'publicAccessCidrs',
        given: cidrs,
        allowed: 'CIDRs narrower than /0 (the API server must not be open to the internet), unless allowPublicEndpointFromAnywhere is true',
      });
    }

    this.kubernetesVersion = p.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const nameSuffix = nameSuffixOf(id, where, 63);
    claimName(stack, 'cluster', nameSuffix, where);
    this.clusterName = stack.physicalName(nameSuffix, { maxLength: 100 });
    this.zones = this.chooseZones(p, stack, where);

    const backend = new AwsGpuCluster(this, 'Aws', {
      where,
      clusterName: this.clusterName,
      nameSuffix,
      kubernetesVersion: this.kubernetesVersion,
      zones: this.zones,
      vpcCidrBlock: p.aws?.vpcCidrBlock ?? '10.0.0.0/16',
      natGateways: p.aws?.natGateways ?? 'per-zone',
      flowLogs: p.aws?.flowLogs ?? true,
      existingVpc: p.aws?.vpc,
      publicAccessCidrs: cidrs,
      adminPrincipalArns: p.adminPrincipalArns ?? [],
      creatorAdmin: p.aws?.clusterCreatorAdmin ?? true,
      logRetentionDays: p.logRetentionDays ?? 365,
      addonVersions: p.aws?.addonVersions ?? {},
      systemInstanceTypes: p.aws?.systemInstanceTypes ?? ['m6i.large'],
      systemNodeCount: p.systemNodeCount ?? 2,
      systemRootVolumeGiB: 50,
      imdsHopLimit: p.aws?.imdsHopLimit ?? 1,
      ssm: p.aws?.ssmOnNodes ?? false,
    });
    this.awsResources = backend;
    registerAwsClusterBackend(this, backend);
    this.aws = {
      vpcId: backend.vpcId,
      vpcCidrBlock: backend.vpcCidrBlock,
      privateSubnetIds: this.zones.map((zone) => backend.privateSubnetIdByZone[zone]),
      privateSubnetIdByZone: backend.privateSubnetIdByZone,
      clusterArn: backend.cluster.arn,
      clusterEndpoint: backend.cluster.endpoint,
      clusterCertificateAuthorityData: backend.cluster.certificateAuthority.get(0).data,
      clusterSecurityGroupId: backend.cluster.vpcConfig.clusterSecurityGroupId,
      nodeSecurityGroupId: backend.nodeSecurityGroup.id,
      nodeRoleArn: backend.nodeRole.arn,
      nodeRoleName: backend.nodeRole.name,
      addPodIdentity: (podId, opts) => {
        backend.addPodIdentity(podId, opts);
      },
    };

    this.recordDecisions(stack, p, cidrs);
    stack.addCostLines(this.costLines(stack, p));
  }

  /**
   * The stack in-cluster resources go into (`<stackId>-workloads`, created on
   * first use): Kubernetes and Helm providers configured from this cluster
   * (endpoint and CA by cross-stack reference, tokens from `aws eks get-token`).
   */
  public workloadScope(): ClusterWorkloadStack {
    if (this.workloads) return this.workloads;
    const stack = AiInfraStack.of(this);
    const app = this.node.root as Construct;
    const base = `${stack.node.id}-workloads`;
    const id = app.node.tryFindChild(base) ? `${stack.node.id}-${this.node.id}-workloads` : base;
    const backend = this.awsResources!;
    this.workloads = new ClusterWorkloadStack(app, id, {
      clusterName: this.clusterName,
      connection: {
        host: backend.cluster.endpoint,
        clusterCaCertificateBase64: backend.cluster.certificateAuthority.get(0).data,
        exec: { command: 'aws', args: ['eks', 'get-token', '--cluster-name', this.clusterName, '--region', stack.region] },
      },
    });
    this.workloads.addDependency(stack);
    return this.workloads;
  }

  private chooseZones(p: z.output<typeof schema>, stack: AiInfraStack, where: string): string[] {
    const region = findRegion('aws', stack.region);
    const regionZones = region?.zones ?? [];
    if (p.aws?.vpc) {
      const zones = Object.keys(p.aws.vpc.privateSubnetIds);
      if (zones.length < 2) {
        throw new AiInfraError({ where, field: 'aws.vpc.privateSubnetIds', given: p.aws.vpc.privateSubnetIds, allowed: 'private subnets in at least two zones (EKS needs two)' });
      }
      const foreign = zones.find((zone) => !regionZones.includes(zone));
      if (foreign !== undefined) {
        throw new AiInfraError({ where, field: `aws.vpc.privateSubnetIds.${foreign}`, given: foreign, allowed: `keyed by AZ IDs of ${stack.region} (${regionZones.join(', ')})` });
      }
      const subnets = Object.values(p.aws.vpc.privateSubnetIds);
      const repeated = subnets.find((id, i) => !Token.isUnresolved(id) && subnets.indexOf(id) !== i);
      if (repeated !== undefined) {
        throw new AiInfraError({ where, field: 'aws.vpc.privateSubnetIds', given: repeated, allowed: 'one subnet per zone (a subnet lives in one zone, so the same id cannot serve two)' });
      }
      const requested = p.zones ?? zones;
      const missing = requested.find((zone) => !zones.includes(zone));
      if (missing) throw new AiInfraError({ where, field: 'zones', given: missing, allowed: `a zone of aws.vpc.privateSubnetIds (${zones.join(', ')})` });
      return [...requested];
    }
    if (p.zones) {
      const bad = p.zones.find((zone) => !regionZones.includes(zone));
      if (bad) throw new AiInfraError({ where, field: 'zones', given: bad, allowed: `an AZ ID of ${stack.region} (${regionZones.join(', ')})` });
      return [...p.zones];
    }
    const max = p.maxZones ?? 3;
    const types = [
      ...(p.instanceTypes ?? []).map((name) => {
        const t = instanceTypesFor('aws').find((x) => x.name === name);
        if (!t) throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: 'an AWS instance type known to the catalog' });
        if (!t.regions.includes(stack.region)) {
          throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `a type offered in ${stack.region}`, hint: `${name} is offered in ${t.regions.join(', ')}` });
        }
        return t;
      }),
      ...(p.accelerators ?? []).flatMap((acc) => {
        const offered = instanceTypesFor('aws').filter((t) => t.accelerator === acc && t.regions.includes(stack.region));
        if (offered.length === 0) {
          const elsewhere = [...new Set(instanceTypesFor('aws').filter((t) => t.accelerator === acc).flatMap((t) => t.regions))];
          throw new AiInfraError({
            where,
            field: 'accelerators',
            given: acc,
            allowed: `an accelerator some AWS type of the catalog offers in ${stack.region}`,
            hint: elsewhere.length ? `${acc} is offered in ${elsewhere.slice(0, 8).join(', ')}${elsewhere.length > 8 ? ', ...' : ''}` : `no AWS type of the catalog has ${acc}`,
          });
        }
        return offered;
      }),
    ];
    const placed = stack.placementZones.length > 0 ? stack.placementZones : regionZones;
    const score = (zone: string) => types.filter((t) => zonesFor(t, stack.region).includes(zone)).length;
    const ranked = [...placed].sort((a, b) => score(b) - score(a) || regionZones.indexOf(a) - regionZones.indexOf(b));
    const chosen = ranked.filter((zone) => types.length === 0 || score(zone) > 0).slice(0, max);
    for (const zone of ranked) if (chosen.length < 2 && !chosen.includes(zone)) chosen.push(zone);
    if (chosen.length < 2) {
      throw new AiInfraError({ where, field: 'zones', given: chosen, allowed: `at least two zones of ${stack.region} (EKS needs two); the catalog has ${regionZones.length}` });
    }
    return chosen.sort((a, b) => regionZones.indexOf(a) - regionZones.indexOf(b));
  }

  private recordDecisions(stack: AiInfraStack, p: z.output<typeof schema>, cidrs: ReadonlyArray<string>): void {
    const where = this.node.path;
    stack.recordDecision({
      construct: where,
      topic: 'cluster-zones',
      chosen: this.zones.join(', '),
      reason: p.aws?.vpc
        ? 'the zones of the given VPC subnets'
        : p.zones
          ? 'given by the user'
          : p.instanceTypes || p.accelerators
            ? `zones of ${stack.region} offering the GPU types (${[...(p.instanceTypes ?? []), ...(p.accelerators ?? [])].join(', ')}) in the catalog, at most ${p.maxZones ?? 3}, at least 2 for EKS`
            : `zones of ${stack.region} from the catalog, at most ${p.maxZones ?? 3}`,
    });
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
    if (p.aws?.clusterCreatorAdmin !== false) {
      stack.recordDecision({
        construct: where,
        topic: 'cluster-creator-admin',
        chosen: 'the identity that creates the cluster gets cluster-admin',
        reason: 'the workload stack (device plugins, model server) applies with that identity; set aws.clusterCreatorAdmin false and list adminPrincipalArns to avoid it',
      });
    }
    if (p.aws?.imdsHopLimit === 2) {
      stack.recordDecision({ construct: where, topic: 'imds-hop-limit', chosen: '2', reason: 'OPT-OUT: containers can reach the node\'s instance metadata and role' });
    }
    if (p.aws?.flowLogs === false && !p.aws?.vpc) {
      stack.recordDecision({ construct: where, topic: 'vpc-flow-logs', chosen: 'off', reason: 'OPT-OUT: aws.flowLogs is false' });
    }
  }

  private costLines(stack: AiInfraStack, p: z.output<typeof schema>): CostLine[] {
    const component = this.node.path;
    const region = stack.region;
    const nat = p.aws?.vpc ? 0 : (p.aws?.natGateways ?? 'per-zone') === 'per-zone' ? this.zones.length : 1;
    const lines: CostLine[] = [
      clusterControlPlaneCost({ component, cloud: 'aws', region }, component),
      { ...kmsKeyCost({ component, region, keys: 2 }, component), item: 'KMS keys (secrets/logs, node volumes)' },
    ];
    if (nat > 0) {
      lines.push({ ...natGatewayCost({ component, region, gateways: nat }, component)[0], item: `NAT gateways (${nat}), data processing extra` });
    }
    const systemType = (p.aws?.systemInstanceTypes ?? ['m6i.large'])[0];
    const priceId = `aws.ec2.${systemType}` as ServicePriceId;
    const nodes = p.systemNodeCount ?? 2;
    if (priceId in SERVICE_PRICES) {
      lines.push({ ...servicePriceLine({ component, priceId, quantity: nodes, region }, component), item: `system nodes (${nodes} × ${systemType}, on-demand)` });
    } else {
      stack.addWarning(`${component}: no catalog price for system instance type ${systemType}; its ${nodes} nodes are not in the estimate`);
    }
    return lines;
  }
}

/** The workload stack of a cluster (creating it on first use). */
export function workloadStackOf(cluster: IGpuCluster): ClusterWorkloadStack {
  const scope: IConstruct = cluster.workloadScope();
  if (!ClusterWorkloadStack.isWorkloadStack(scope)) {
    throw new AiInfraError({
      where: cluster.node.path,
      field: 'cluster',
      given: scope.node.path,
      allowed: 'a cluster whose workloadScope() is a ClusterWorkloadStack (a GpuCluster of this library)',
    });
  }
  return scope;
}

// ---- GPU pool selection, shared by the pools (cloud-neutral) ----

/** The model a pool serves or trains, for sizing. */
export interface PoolModelIntent {
  /** Parameters, in billions (`70` for a 70B model). */
  readonly paramsBillions: number;
  /**
   * Precision of the weights.
   * @default 'bf16'
   */
  readonly precision?: Precision;
  /**
   * Tokens per sequence (training) or the longest context served (inference).
   * @default 4096
   */
  readonly sequenceLength?: number;
  /**
   * Concurrent sequences held in the KV cache per replica (inference).
   * @default 16
   */
  readonly concurrency?: number;
  /**
   * Attention (query) heads (HF `num_attention_heads`); with `kvHeads`, sizes a grouped-query KV cache.
   * @default - multi-head upper bound for the KV cache
   */
  readonly attentionHeads?: number;
  /**
   * Key/value heads (HF `num_key_value_heads`, e.g. 8 for Llama 3 8B/70B).
   * @default - multi-head upper bound for the KV cache
   */
  readonly kvHeads?: number;
}

export const poolModelSchema = z
  .object({
    paramsBillions: z.number().positive().max(100_000),
    precision: z.enum(PRECISIONS).optional(),
    sequenceLength: z.number().int().min(1).max(10_000_000).optional(),
    concurrency: z.number().int().min(1).max(100_000).optional(),
    attentionHeads: z.number().int().min(1).max(100_000).optional(),
    kvHeads: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

/** A capacity reservation (or Capacity Block) by id, or a resource group of reservations. */
export const capacityReservationSchema = z.union([
  z.object({ id: z.string().regex(/^cr-[0-9a-f]{8,17}$/, 'a capacity reservation id (cr-...)') }).strict(),
  z.object({ resourceGroupArn: z.string().regex(/^arn:aws[a-z-]*:resource-groups:/, 'a resource group ARN') }).strict(),
]);

export const acceleratorSchema = z.enum(Object.keys(ACCELERATORS) as [AcceleratorId, ...AcceleratorId[]]);

/** What a pool asks the decision core for. */
export interface PoolSelectionRequest {
  /** Construct path of the pool, for errors and decisions. */
  readonly where: string;
  /** The stack the decision is recorded on (its region limits the types). */
  readonly stack: AiInfraStack;
  /** What the pool is for (ranks training by the cost of the work, inference by $/h). */
  readonly purpose: Purpose;
  /** How the nodes are bought. */
  readonly purchase: Purchase;
  /**
   * Explicit types (the first is primary); intent is ignored for the choice then.
   * @default - chosen by `selectInstance`
   */
  readonly instanceTypes?: ReadonlyArray<string>;
  /**
   * Only types with this accelerator.
   * @default - any accelerator selection allows
   */
  readonly accelerator?: AcceleratorId;
  /**
   * GPUs of the whole job.
   * @default - one replica of the model, or one node
   */
  readonly totalGpus?: number;
  /**
   * The model, for sizing and parallelism.
   * @default - no sizing
   */
  readonly model?: PoolModelIntent;
  /**
   * Whether the job may (true) or must not (false) span nodes.
   * @default - the planner's default for the purpose
   */
  readonly multiNode?: boolean;
  /**
   * Add types with the same accelerator and count per node (spot diversification).
   * @default false
   */
  readonly diversify?: boolean;
  /**
   * Only diversify with types whose EFA layout matches the primary's.
   * @default false
   */
  readonly sameEfaLayout?: boolean;
  /**
   * Cap on the job's $/hour.
   * @default - no cap
   */
  readonly maxHourlyUsd?: number;
  /**
   * Zones the pool's nodes can use (the cluster's, or the pool's own): chosen
   * types must be offered in at least one of them.
   * @default - any zone of the stack's region
   */
  readonly zones?: ReadonlyArray<string>;
}

/** What a pool builds from. */
export interface PoolSelection {
  /** Every type of the node group, the primary first. */
  readonly types: ReadonlyArray<InstanceTypeSpec>;
  /** The type the pool is sized and priced on. */
  readonly primary: InstanceTypeSpec;
  /** Nodes the job needs. */
  readonly nodes: number;
  /** GPUs per node of the primary type. */
  readonly gpusPerNode: number;
  /**
   * Parallelism plan, when a model was sized.
   * @default - absent without a model
   */
  readonly parallelism?: ParallelismPlan;
}

/**
 * Resolves a pool's instance types: the explicit ones (checked against the
 * catalog and the region; mixed accelerators or GPU counts are an error), or
 * `selectInstance` from intent, then records the decision with the rejected
 * alternatives on the stack.
 */
export function selectPoolTypes(req: PoolSelectionRequest): PoolSelection {
  const { where, stack } = req;
  const sizingReq = req.model
    ? {
      modelParamsBillions: req.model.paramsBillions,
      precision: req.model.precision ?? 'bf16',
      purpose: req.purpose,
      ...(req.model.sequenceLength ? { sequenceLength: req.model.sequenceLength } : {}),
      ...(req.purpose === 'inference' ? { concurrency: req.model.concurrency ?? 16 } : {}),
      ...(req.model.kvHeads !== undefined ? { kvHeads: req.model.kvHeads } : {}),
      ...(req.model.attentionHeads !== undefined ? { attentionHeads: req.model.attentionHeads } : {}),
    }
    : undefined;

  if (req.instanceTypes && req.instanceTypes.length > 0) {
    const types = req.instanceTypes.map((name) => {
      const t = findInstanceType('aws', name);
      if (!t) {
        throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `an AWS instance type known to the catalog (${instanceTypesFor('aws').map((x) => x.name).join(', ')})` });
      }
      if (!t.regions.includes(stack.region)) {
        throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `a type offered in the stack's region ${stack.region}`, hint: `${name} is offered in ${t.regions.join(', ')}` });
      }
      const sold = req.purchase === 'reservation'
        ? t.purchaseOptions.some((o) => o === 'on-demand' || o === 'reservation' || o === 'capacity-block')
        : t.purchaseOptions.includes(req.purchase);
      if (!sold) {
        throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `a type sold as ${req.purchase}`, hint: `${name} is sold as ${t.purchaseOptions.join(', ')}` });
      }
      if (req.purchase === 'spot' && t.spotRegions && !t.spotRegions.includes(stack.region)) {
        throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `a type with spot capacity in the stack's region ${stack.region}`, hint: `${name} is offered as spot in ${t.spotRegions.join(', ')}` });
      }
      return t;
    });
    const primary = types[0];
    checkWholeNodes(where, req.totalGpus, primary);
    const mixed = types.find((t) => t.accelerator !== primary.accelerator || t.acceleratorsPerNode !== primary.acceleratorsPerNode);
    if (mixed) {
      throw new AiInfraError({
        where,
        field: 'instanceTypes',
        given: types.map((t) => `${t.name} (${t.acceleratorsPerNode} × ${t.accelerator})`),
        allowed: `types with one accelerator and one GPU count per node (the first is ${primary.acceleratorsPerNode} × ${primary.accelerator}): a job's ranks must be interchangeable`,
      });
    }
    if (req.accelerator && req.accelerator !== primary.accelerator) {
      throw new AiInfraError({ where, field: 'accelerator', given: req.accelerator, allowed: `the accelerator of instanceTypes (${primary.accelerator}), or unset` });
    }
    let parallelism: ParallelismPlan | undefined;
    if (sizingReq) {
      const acc = ACCELERATORS[primary.accelerator];
      parallelism = planParallelism(
        sizeModel(sizingReq, where),
        {
          acceleratorMemoryGiB: acc.memoryGiB,
          acceleratorsPerNode: primary.acceleratorsPerNode,
          nvlinkDomainSize: Math.min(primary.nvlinkDomainSize, primary.acceleratorsPerNode),
          ...(req.totalGpus ? { totalGpus: req.totalGpus } : {}),
          ...(req.multiNode !== undefined ? { allowMultiNode: req.multiNode } : {}),
        },
        where,
      );
    }
    const gpus = req.totalGpus ?? parallelism?.totalGpus ?? primary.acceleratorsPerNode;
    const nodes = Math.ceil(gpus / primary.acceleratorsPerNode);
    stack.recordDecision({
      construct: where,
      topic: 'instance-type',
      chosen: `${nodes} × ${types.map((t) => t.name).join(' | ')}`,
      reason: `given by the user (${primary.acceleratorsPerNode} × ${primary.accelerator} per node)${parallelism ? `; TP ${parallelism.tensorParallel} × PP ${parallelism.pipelineParallel} × DP ${parallelism.dataParallel}` : ''}`,
    });
    return { types, primary, nodes, gpusPerNode: primary.acceleratorsPerNode, ...(parallelism ? { parallelism } : {}) };
  }

  const result = selectInstance(
    {
      cloud: 'aws',
      purpose: req.purpose,
      regions: [stack.region],
      ...(req.zones && req.zones.length > 0 ? { zones: [...req.zones] } : {}),
      purchase: req.purchase,
      ...(req.accelerator ? { accelerators: [req.accelerator] } : {}),
      ...(req.totalGpus ? { totalGpus: req.totalGpus } : {}),
      ...(sizingReq ? { sizing: sizingReq } : {}),
      ...(req.multiNode !== undefined ? { multiNode: req.multiNode } : {}),
      ...(req.maxHourlyUsd ? { maxHourlyUsd: req.maxHourlyUsd } : {}),
    },
    where,
  );
  const chosen = result.chosen;
  const primary = chosen.type;
  checkWholeNodes(where, req.totalGpus, primary);
  const layout = (t: InstanceTypeSpec) => `${t.nics.networkCards ?? 1}/${t.nics.efaInterfaces ?? 0}/${t.nics.primaryCardSupportsEfa !== false}`;
  const extra = req.diversify
    ? instanceTypesFor('aws').filter(
      (t) =>
        t.name !== primary.name &&
          t.accelerator === primary.accelerator &&
          t.acceleratorsPerNode === primary.acceleratorsPerNode &&
          t.regions.includes(stack.region) &&
          (!req.zones || req.zones.some((zone) => zonesFor(t, stack.region).includes(zone))) &&
          t.purchaseOptions.includes(req.purchase === 'spot' ? 'spot' : 'on-demand') &&
          (!t.spotRegions || req.purchase !== 'spot' || t.spotRegions.includes(stack.region)) &&
          (!req.sameEfaLayout || layout(t) === layout(primary)),
    )
    : [];
  const types = [primary, ...extra];
  stack.recordDecision({
    construct: where,
    topic: 'instance-type',
    chosen: `${chosen.nodes} × ${types.map((t) => t.name).join(' | ')}`,
    reason: `${chosen.reason}${extra.length ? `; diversified with ${extra.map((t) => t.name).join(', ')} (same accelerator and GPUs per node)` : ''}. ${result.notes[0] ?? ''}`.trim(),
    alternatives: [
      ...result.ranked.slice(1, 6).map((c) => ({ option: `${c.nodes} × ${c.type.name}`, reason: `ranked lower: ${c.reason}` })),
      ...result.rejected
        .filter((r) => r.cloud === 'aws')
        .slice(0, 12)
        .map((r) => ({ option: r.type, reason: r.reason })),
    ],
  });
  return { types, primary, nodes: chosen.nodes, gpusPerNode: chosen.gpusPerNode, ...(chosen.parallelism ? { parallelism: chosen.parallelism } : {}) };
}

/** A pool buys whole nodes: totalGpus must fill them, or GPUs are paid for and idle. */
function checkWholeNodes(where: string, totalGpus: number | undefined, primary: InstanceTypeSpec): void {
  const perNode = primary.acceleratorsPerNode;
  if (totalGpus === undefined || totalGpus % perNode === 0) return;
  const lower = Math.floor(totalGpus / perNode) * perNode;
  const upper = lower + perNode;
  throw new AiInfraError({
    where,
    field: 'totalGpus',
    given: totalGpus,
    allowed: `a multiple of ${perNode} (the GPUs of one ${primary.name} node)`,
    hint: `Ask for ${lower > 0 ? `${lower} or ` : ''}${upper}`,
  });
}

/** Zones a pool's node group uses: the given ones (checked against the cluster), else the cluster zones offering every type. */
export function poolZones(
  where: string,
  cluster: IGpuCluster,
  stack: AiInfraStack,
  types: ReadonlyArray<InstanceTypeSpec>,
  given?: ReadonlyArray<string>,
): string[] {
  if (given && given.length > 0) {
    given.forEach((zone, i) => {
      if (!cluster.zones.includes(zone)) throw new AiInfraError({ where, field: `zones.${i}`, given: zone, allowed: `a zone of the cluster (${cluster.zones.join(', ')})` });
      if (given.indexOf(zone) !== i) throw new AiInfraError({ where, field: `zones.${i}`, given: zone, allowed: 'a zone not already listed (each once)' });
      const missing = types.find((t) => !zonesFor(t, stack.region).includes(zone));
      if (missing) {
        throw new AiInfraError({
          where,
          field: `zones.${i}`,
          given: zone,
          allowed: `a zone offering ${missing.name} (${zonesFor(missing, stack.region).join(', ') || 'none'} in ${stack.region})`,
        });
      }
    });
    return [...given];
  }
  const offering = cluster.zones.filter((zone) => types.every((t) => zonesFor(t, stack.region).includes(zone)));
  if (offering.length === 0) {
    throw new AiInfraError({
      where,
      field: 'instanceTypes',
      given: types.map((t) => t.name),
      allowed: `types offered in at least one zone of the cluster (${cluster.zones.join(', ')})`,
      hint: `the catalog lists ${types[0].name} in ${zonesFor(types[0], stack.region).join(', ') || 'no zone'} of ${stack.region}; give the cluster those zones (zones or instanceTypes props)`,
    });
  }
  return offering;
}
