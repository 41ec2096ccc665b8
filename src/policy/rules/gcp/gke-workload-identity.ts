import { PolicyRule } from '../../types';
import { block, isSet } from '../util';

/** Pods authenticate as their own service accounts (Workload Identity Federation for GKE). */
export const GkeWorkloadIdentity: PolicyRule = {
  id: 'AiInfra-GKE-16',
  description: 'GKE clusters enable Workload Identity (workload_identity_config.workload_pool)',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    return isSet(block(view.config.workload_identity_config)?.workload_pool)
      ? undefined
      : 'no workload_identity_config: pods would share the node service account; set workload_pool = "<project>.svc.id.goog"';
  },
};
