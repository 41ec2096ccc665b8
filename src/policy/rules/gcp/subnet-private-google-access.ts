import { PolicyRule } from '../../types';
import { isTrue } from '../util';

/** Private nodes reach Google APIs without public IPs (Checkov CKV_GCP_74). */
export const SubnetPrivateGoogleAccess: PolicyRule = {
  id: 'AiInfra-NET-2',
  description: 'Subnetworks enable Private Google Access',
  resourceTypes: ['google_compute_subnetwork'],
  check(view) {
    return isTrue(view.config.private_ip_google_access) ? undefined : 'private_ip_google_access is off: private nodes cannot reach Google APIs without NAT; set it to true';
  },
};
