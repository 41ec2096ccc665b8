import { PolicyRule } from '../../types';
import { block, isTrue } from '../util';

/**
 * Network policies are enforced: Dataplane V2 (ADVANCED_DATAPATH, which enforces them
 * itself; Calico must then be off) or the Calico network_policy addon (Checkov CKV_GCP_12).
 */
export const GkeNetworkPolicy: PolicyRule = {
  id: 'AiInfra-GKE-11',
  description: 'GKE clusters enforce NetworkPolicy: datapath_provider = ADVANCED_DATAPATH, or network_policy.enabled = true',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    if (view.config.datapath_provider === 'ADVANCED_DATAPATH') {
      return view.config.network_policy === undefined
        ? 'Dataplane V2 enforces NetworkPolicy, but Checkov CKV_GCP_12 needs the block: add network_policy { enabled = false, provider = "PROVIDER_UNSPECIFIED" }'
        : undefined;
    }
    return isTrue(block(view.config.network_policy)?.enabled)
      ? undefined
      : 'NetworkPolicy objects are not enforced; set datapath_provider = "ADVANCED_DATAPATH" (Dataplane V2)';
  },
};
