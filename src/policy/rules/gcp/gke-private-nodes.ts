import { PolicyRule } from '../../types';
import { block, isTrue } from '../util';

/** GKE nodes have no public IPs (Checkov CKV_GCP_25 / CKV_GCP_64 check only that private_cluster_config exists). */
export const GkePrivateNodes: PolicyRule = {
  id: 'AiInfra-GKE-1',
  description: 'GKE clusters use private nodes (private_cluster_config.enable_private_nodes = true)',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    return isTrue(block(view.config.private_cluster_config)?.enable_private_nodes)
      ? undefined
      : 'nodes get public IPs; set private_cluster_config { enable_private_nodes = true } (egress through Cloud NAT)';
  },
};
