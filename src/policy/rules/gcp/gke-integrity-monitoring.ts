import { PolicyRule } from '../../types';
import { block } from '../util';
import { nodeConfigOf, nodeConfigWhere } from './util';

/** Integrity monitoring on GKE nodes (Checkov CKV_GCP_72). */
export const GkeIntegrityMonitoring: PolicyRule = {
  id: 'AiInfra-GKE-7',
  description: 'GKE node configs exist and keep integrity monitoring on (shielded_instance_config.enable_integrity_monitoring)',
  resourceTypes: ['google_container_cluster', 'google_container_node_pool'],
  check(view) {
    const nc = nodeConfigOf(view);
    if (!nc) return `${nodeConfigWhere(view)} is missing; set shielded_instance_config { enable_integrity_monitoring = true }`;
    const v = block(nc.shielded_instance_config)?.enable_integrity_monitoring;
    return v === false || v === 'false' ? 'shielded_instance_config.enable_integrity_monitoring = false; turn it on' : undefined;
  },
};
