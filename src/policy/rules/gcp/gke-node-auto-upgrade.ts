import { PolicyRule } from '../../types';
import { block } from '../util';
import { DWS_AUTO_UPGRADE_SUPPRESSION } from './suppressions';

/** Node pools follow the control plane's upgrades (Checkov CKV_GCP_10); DWS queued-provisioning pools suppress it with DWS_AUTO_UPGRADE_SUPPRESSION. */
export const GkeNodeAutoUpgrade: PolicyRule = {
  id: DWS_AUTO_UPGRADE_SUPPRESSION.ruleId,
  description: 'GKE node pools keep management.auto_upgrade on (DWS queued-provisioning pools: suppressed with the written DWS reason)',
  resourceTypes: ['google_container_node_pool'],
  check(view) {
    const v = block(view.config.management)?.auto_upgrade;
    return v === false || v === 'false'
      ? 'management.auto_upgrade = false; turn it on, or for a DWS queued-provisioning pool suppress with DWS_AUTO_UPGRADE_SUPPRESSION'
      : undefined;
  },
};
