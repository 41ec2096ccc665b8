import { PolicyRule } from '../../types';
import { block, blocks, isTrue, OPEN_CIDRS } from '../util';

/** Authorized networks do not open the control plane to the internet (Checkov CKV_GCP_18). */
export const GkeNoPublicAuthorizedCidr: PolicyRule = {
  id: 'AiInfra-GKE-3',
  description: 'GKE master authorized networks contain no 0.0.0.0/0 and do not admit all Google Cloud public IPs',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    const man = block(view.config.master_authorized_networks_config);
    if (!man) return undefined;
    const open = blocks(man.cidr_blocks).map((c) => c.cidr_block).filter((c): c is string => typeof c === 'string' && OPEN_CIDRS.includes(c));
    if (open.length > 0) return `master authorized networks admit ${open.join(', ')}: the control plane is open to the internet; list the admin CIDRs only`;
    return isTrue(man.gcp_public_cidrs_access_enabled)
      ? 'gcp_public_cidrs_access_enabled admits every Google Cloud public IP to the control plane; turn it off'
      : undefined;
  },
};
