import { PolicyRule } from '../../types';
import { block } from '../util';
import { nodeConfigOf, nodeConfigWhere } from './util';

/** Pods see the GKE metadata server, not the node's credentials (Checkov CKV_GCP_69; also on clusters without node_config). */
export const GkeMetadataServer: PolicyRule = {
  id: 'AiInfra-GKE-5',
  description: 'GKE node configs use the GKE metadata server (workload_metadata_config.mode = GKE_METADATA)',
  resourceTypes: ['google_container_cluster', 'google_container_node_pool'],
  check(view) {
    const mode = block(nodeConfigOf(view)?.workload_metadata_config)?.mode;
    return mode === 'GKE_METADATA'
      ? undefined
      : `${nodeConfigWhere(view)} does not set workload_metadata_config { mode = "GKE_METADATA" }: pods could read the node service account's token`;
  },
};
