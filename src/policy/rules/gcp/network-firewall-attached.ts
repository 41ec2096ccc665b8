import { ROCE_NETWORK_FIREWALL_SUPPRESSION } from './suppressions';
import { isRoceNetwork, referencing } from './util';
import { PolicyRule } from '../../types';

/**
 * Each VPC has firewall rules of its own (Checkov CKV2_GCP_18), or a network
 * firewall policy associated with it. RoCE networks cannot carry VPC firewall
 * rules: suppress with ROCE_NETWORK_FIREWALL_SUPPRESSION (the message says so).
 */
export const NetworkFirewallAttached: PolicyRule = {
  id: ROCE_NETWORK_FIREWALL_SUPPRESSION.ruleId,
  description: 'VPC networks have a firewall rule or network firewall policy attached (RoCE networks: suppressed with the written RoCE reason)',
  resourceTypes: ['google_compute_network'],
  check(view, ctx) {
    const rules = referencing(ctx, 'google_compute_firewall', 'network', view);
    const policies = [
      ...referencing(ctx, 'google_compute_network_firewall_policy_association', 'attachment_target', view),
      ...referencing(ctx, 'google_compute_region_network_firewall_policy_association', 'attachment_target', view),
    ];
    if (rules.length > 0 || policies.length > 0) return undefined;
    return isRoceNetwork(view.config.network_profile)
      ? 'RoCE network without firewall: VPC firewall rules are not supported on RDMA networks; suppress with ROCE_NETWORK_FIREWALL_SUPPRESSION'
      : 'no google_compute_firewall (or network firewall policy association) names this network; add the internal-allow and deny rules the workload needs';
  },
};
