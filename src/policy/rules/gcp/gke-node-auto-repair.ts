import { PolicyRule } from '../../types';
import { block } from '../util';
import { DWS_AUTO_REPAIR_SUPPRESSION } from './suppressions';

/** Node pools repair unhealthy nodes (Checkov CKV_GCP_9); DWS flex-start pools suppress it with DWS_AUTO_REPAIR_SUPPRESSION. */
export const GkeNodeAutoRepair: PolicyRule = {
  id: DWS_AUTO_REPAIR_SUPPRESSION.ruleId,
  description: 'GKE node pools keep management.auto_repair on (DWS flex-start pools: suppressed with the written DWS reason)',
  resourceTypes: ['google_container_node_pool'],
  check(view) {
    const v = block(view.config.management)?.auto_repair;
    return v === false || v === 'false'
      ? 'management.auto_repair = false; turn it on, or for a DWS flex-start pool suppress with DWS_AUTO_REPAIR_SUPPRESSION'
      : undefined;
  },
};
