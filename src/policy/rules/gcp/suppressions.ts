/**
 * Written reasons for the GCP findings that GPU facts make unavoidable. A
 * backend that builds such a resource adds a suppression with the rule id, the
 * resource's path prefix and this reason, so the report shows why (rule 4:
 * opt-outs are explicit and recorded).
 */
export interface GcpSuppressionReason {
  /** Rule the suppression is for. */
  readonly ruleId: string;
  /** The reason, as the report shows it. */
  readonly reason: string;
  /** Where the conflicting fact is written down. */
  readonly source: string;
}

/** DWS flex-start / queued-provisioning pools run with auto-repair off (AiInfra-GKE-19, Checkov CKV_GCP_9). */
export const DWS_AUTO_REPAIR_SUPPRESSION: GcpSuppressionReason = {
  ruleId: 'AiInfra-GKE-19',
  reason: 'DWS flex-start node pool: GKE requires management.auto_repair = false for flex-start nodes (they are not recreated; '
    + 'the run ends at max_run_duration), so auto-repair cannot be on',
  source: 'GoogleCloudPlatform/cluster-toolkit modules/compute/gke-node-pool (precondition: flex start needs auto_repair = false); '
    + 'examples/gke-consumption-options/dws-flex-start/gke-a3-ultragpu.yaml',
};

/** DWS queued-provisioning pools run with auto-upgrade off (AiInfra-GKE-20, Checkov CKV_GCP_10). */
export const DWS_AUTO_UPGRADE_SUPPRESSION: GcpSuppressionReason = {
  ruleId: 'AiInfra-GKE-20',
  reason: 'DWS queued-provisioning node pool: nodes live for one provisioning request and are not upgraded in place; '
    + 'an upgrade would evict the running job, so auto_upgrade is off as in cluster-toolkit\'s DWS examples',
  source: 'GoogleCloudPlatform/cluster-toolkit examples/gke-consumption-options/dws-flex-start-queued-provisioning/gke-a3-ultragpu.yaml (auto_upgrade: false)',
};

/** RoCE (RDMA) VPCs accept no VPC firewall rules (AiInfra-NET-3, Checkov CKV2_GCP_18). */
export const ROCE_NETWORK_FIREWALL_SUPPRESSION: GcpSuppressionReason = {
  ruleId: 'AiInfra-NET-3',
  reason: 'RoCE network (network profile <zone>-vpc-roce): VPC firewall rules are not supported on RDMA networks; only regional '
    + 'network firewall policies of type RDMA_ROCE_POLICY apply (google-beta only in 6.50), and the network carries only MRDMA NICs of the GPU nodes',
  source: 'https://cloud.google.com/firewall/docs/firewall-for-roce; https://docs.cloud.google.com/vpc/docs/rdma-network-profiles',
};

/** RoCE subnets are built without VPC flow logs, as cluster-toolkit builds them (AiInfra-NET-1, Checkov CKV_GCP_26). */
export const ROCE_SUBNET_FLOW_LOGS_SUPPRESSION: GcpSuppressionReason = {
  ruleId: 'AiInfra-NET-1',
  reason: 'RoCE subnet (network profile <zone>-vpc-roce): the RDMA profile fixes the network\'s feature set ("pre-configured by Google Cloud", '
    + 'with more constraints than a regular VPC) and cluster-toolkit\'s gpu-rdma-vpc module creates its subnets without flow logs; only MRDMA NICs of the GPU nodes attach',
  source: 'https://docs.cloud.google.com/vpc/docs/rdma-network-profiles; GoogleCloudPlatform/cluster-toolkit modules/network/gpu-rdma-vpc/main.tf@193d0f9e68edb7659d5a448e5f08b1fba7736f3b',
};

/** RoCE subnets are built without Private Google Access, as cluster-toolkit builds them (AiInfra-NET-2, Checkov CKV_GCP_74). */
export const ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION: GcpSuppressionReason = {
  ruleId: 'AiInfra-NET-2',
  reason: 'RoCE subnet (network profile <zone>-vpc-roce): only the GPU nodes\' MRDMA NICs attach, carrying GPU-to-GPU RDMA traffic that never calls Google APIs '
    + '(the nodes reach them through their gVNIC on the primary VPC, which has Private Google Access); cluster-toolkit\'s gpu-rdma-vpc creates these subnets without it',
  source: 'https://docs.cloud.google.com/vpc/docs/rdma-network-profiles; GoogleCloudPlatform/cluster-toolkit modules/network/gpu-rdma-vpc/main.tf@193d0f9e68edb7659d5a448e5f08b1fba7736f3b',
};

/** Every reason above, for documentation and tests. */
export const GCP_SUPPRESSION_REASONS: ReadonlyArray<GcpSuppressionReason> = [
  DWS_AUTO_REPAIR_SUPPRESSION,
  DWS_AUTO_UPGRADE_SUPPRESSION,
  ROCE_NETWORK_FIREWALL_SUPPRESSION,
  ROCE_SUBNET_FLOW_LOGS_SUPPRESSION,
  ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION,
];
