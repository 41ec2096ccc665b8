import { PolicyRule } from '../../types';
import { block, blocks, isSet } from '../util';

/** Private IP only (Checkov CKV_GCP_60 and CKV_GCP_11; the API default is a public IP, so ipv4_enabled must be false). */
export const SqlNoPublicIp: PolicyRule = {
  id: 'AiInfra-SQL-2',
  description: 'Cloud SQL instances have no public IP (ipv4_enabled = false) and a private network',
  resourceTypes: ['google_sql_database_instance'],
  check(view) {
    const ip = block(block(view.config.settings)?.ip_configuration);
    if (!ip || !(ip.ipv4_enabled === false || ip.ipv4_enabled === 'false')) {
      return 'the instance gets a public IP (ipv4_enabled defaults to true); set settings.ip_configuration { ipv4_enabled = false, private_network = <VPC> }';
    }
    const open = blocks(ip.authorized_networks).filter((n) => typeof n.value === 'string' && n.value.endsWith('/0'));
    if (open.length > 0) return 'authorized_networks admit the whole internet (/0); remove them';
    return isSet(ip.private_network) ? undefined : 'no private_network: the instance is unreachable; set settings.ip_configuration.private_network to the VPC (Private Service Access)';
  },
};
