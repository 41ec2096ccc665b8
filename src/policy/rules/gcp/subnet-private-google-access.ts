import { PolicyRule } from '../../types';
import { isTrue } from '../util';
import { ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION } from './suppressions';
import { isRoceSubnet } from './util';

/** Private nodes reach Google APIs without public IPs (Checkov CKV_GCP_74); RoCE subnets: ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION. */
export const SubnetPrivateGoogleAccess: PolicyRule = {
  id: ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION.ruleId,
  description: 'Subnetworks enable Private Google Access (RoCE subnets: suppressed with the written RoCE reason)',
  resourceTypes: ['google_compute_subnetwork'],
  check(view, ctx) {
    if (isTrue(view.config.private_ip_google_access)) return undefined;
    return isRoceSubnet(view, ctx)
      ? 'RoCE subnet without Private Google Access; suppress with ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION'
      : 'private_ip_google_access is off: private nodes cannot reach Google APIs without NAT; set it to true';
  },
};
