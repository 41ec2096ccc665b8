import { PolicyRule } from '../../types';
import { block, isTrue } from '../util';

/** Private IP only. */
export const AlloyDbNoPublicIp: PolicyRule = {
  id: 'AiInfra-ALLOYDB-3',
  description: 'AlloyDB instances have no public IP (network_config.enable_public_ip not true)',
  resourceTypes: ['google_alloydb_instance'],
  check(view) {
    return isTrue(block(view.config.network_config)?.enable_public_ip)
      ? 'network_config.enable_public_ip = true exposes the instance; reach it over Private Service Access or PSC'
      : undefined;
  },
};
