import type { IConstruct } from 'constructs';
import type { Cloud } from '../catalog/types';

/**
 * What other constructs need from a GPU cluster. `GpuCluster` implements it;
 * pools, stores, file systems and observability take `cluster: IGpuCluster`.
 */
export interface IGpuCluster extends IConstruct {
  /** The cloud the cluster runs on (the stack's cloud). */
  readonly cloud: Cloud;
  /** The Kubernetes cluster's name (EKS / GKE). */
  readonly clusterName: string;
  /**
   * Zones the cluster's private subnets are in (AWS: AZ IDs such as `use1-az4`,
   * which are the same in every account; GCP: zone names).
   */
  readonly zones: ReadonlyArray<string>;
  /**
   * AWS references; present when `cloud` is `aws`.
   * @default - absent on other clouds
   */
  readonly aws?: AwsClusterRefs;
  /**
   * The scope in-cluster resources go into: a separate TerraformStack with the
   * Kubernetes and Helm providers configured for this cluster, created on first
   * use, so the cloud stack plans without a cluster.
   */
  workloadScope(): IConstruct;
}

/** The AWS resources of a cluster that other constructs reference (ids and ARNs, as tokens). */
export interface AwsClusterRefs {
  /** VPC of the cluster (created, or the one given in `aws.vpc`). */
  readonly vpcId: string;
  /** CIDR block of that VPC. */
  readonly vpcCidrBlock: string;
  /** Every private subnet of the cluster. */
  readonly privateSubnetIds: ReadonlyArray<string>;
  /** Private subnet id per zone (AZ ID). */
  readonly privateSubnetIdByZone: Readonly<Record<string, string>>;
  /** ARN of the EKS cluster. */
  readonly clusterArn: string;
  /** HTTPS endpoint of the Kubernetes API server. */
  readonly clusterEndpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly clusterCertificateAuthorityData: string;
  /** EKS-created cluster security group (control plane <-> managed nodes). */
  readonly clusterSecurityGroupId: string;
  /** Security group every node of the cluster carries; allow it as the source for access "from the cluster". */
  readonly nodeSecurityGroupId: string;
  /** IAM role of the GPU and system nodes. */
  readonly nodeRoleArn: string;
  /** Name of that IAM role. */
  readonly nodeRoleName: string;
  /** Grants a Kubernetes service account an IAM role through EKS Pod Identity. */
  addPodIdentity(id: string, opts: { namespace: string; serviceAccount: string; roleArn: string }): void;
}
