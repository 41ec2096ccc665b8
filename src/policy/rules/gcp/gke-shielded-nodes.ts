import { PolicyRule } from '../../types';

/** Shielded GKE nodes (Checkov CKV_GCP_71). */
export const GkeShieldedNodes: PolicyRule = {
  id: 'AiInfra-GKE-4',
  description: 'GKE clusters do not turn shielded nodes off (enable_shielded_nodes)',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    const v = view.config.enable_shielded_nodes;
    return v === false || v === 'false' ? 'enable_shielded_nodes = false; remove it (shielded nodes are the default)' : undefined;
  },
};
