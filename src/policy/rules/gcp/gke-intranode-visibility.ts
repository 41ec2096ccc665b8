import { PolicyRule } from '../../types';
import { isTrue } from '../util';

/** Pod-to-pod traffic on one node is visible to VPC flow logs and firewalls (Checkov CKV_GCP_61). */
export const GkeIntranodeVisibility: PolicyRule = {
  id: 'AiInfra-GKE-14',
  description: 'GKE clusters enable intranode visibility',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    return isTrue(view.config.enable_intranode_visibility)
      ? undefined
      : 'enable_intranode_visibility is off: traffic between pods on one node bypasses VPC flow logs; set it to true';
  },
};
