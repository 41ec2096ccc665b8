import { PolicyRule } from '../../types';
import { isTrue } from '../util';

/** Legacy ABAC off (Checkov CKV_GCP_7). */
export const GkeNoLegacyAbac: PolicyRule = {
  id: 'AiInfra-GKE-10',
  description: 'GKE clusters do not enable legacy ABAC',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    return isTrue(view.config.enable_legacy_abac) ? 'enable_legacy_abac = true bypasses RBAC; remove it' : undefined;
  },
};
