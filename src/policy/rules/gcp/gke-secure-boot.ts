import { PolicyRule } from '../../types';
import { block, isTrue } from '../util';
import { nodeConfigOf, nodeConfigWhere } from './util';

/** Secure boot on GKE nodes (Checkov CKV_GCP_68). */
export const GkeSecureBoot: PolicyRule = {
  id: 'AiInfra-GKE-6',
  description: 'GKE node configs enable secure boot (shielded_instance_config.enable_secure_boot = true)',
  resourceTypes: ['google_container_cluster', 'google_container_node_pool'],
  check(view) {
    return isTrue(block(nodeConfigOf(view)?.shielded_instance_config)?.enable_secure_boot)
      ? undefined
      : `${nodeConfigWhere(view)} does not set shielded_instance_config { enable_secure_boot = true } (GPU drivers installed by GKE are signed)`;
  },
};
