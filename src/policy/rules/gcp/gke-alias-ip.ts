import { PolicyRule } from '../../types';

/** VPC-native (alias IP) cluster (Checkov CKV_GCP_23). */
export const GkeAliasIp: PolicyRule = {
  id: 'AiInfra-GKE-12',
  description: 'GKE clusters are VPC-native (ip_allocation_policy present)',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    return view.config.ip_allocation_policy !== undefined
      ? undefined
      : 'no ip_allocation_policy: the cluster is routes-based; give the pod and service secondary ranges in ip_allocation_policy';
  },
};
