import { isKmsKey, nodeConfigOf } from './util';
import { PolicyRule } from '../../types';

/** Node boot disks are encrypted with a customer key (no Checkov check covers node pools). */
export const GkeBootDiskCmek: PolicyRule = {
  id: 'AiInfra-GKE-21',
  description: 'GKE node pools encrypt boot disks with a Cloud KMS key (node_config.boot_disk_kms_key)',
  resourceTypes: ['google_container_node_pool'],
  check(view) {
    return isKmsKey(nodeConfigOf(view)?.boot_disk_kms_key)
      ? undefined
      : 'boot disks use Google-managed keys; set node_config.boot_disk_kms_key and grant the Compute Engine service agent (service-<N>@compute-system) the key';
  },
};
