import { PolicyRule } from '../../types';

/** The control plane restricts who reaches it (Checkov CKV_GCP_20: the block's presence enables authorized networks). */
export const GkeAuthorizedNetworks: PolicyRule = {
  id: 'AiInfra-GKE-2',
  description: 'GKE clusters have master_authorized_networks_config (empty = private endpoint only)',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    return view.config.master_authorized_networks_config !== undefined
      ? undefined
      : 'no master_authorized_networks_config: any address can reach the public control-plane endpoint; add the block (empty with a private endpoint, or the admin CIDRs)';
  },
};
