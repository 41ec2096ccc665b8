import { PolicyRule } from '../../types';
import { resourcesOfType } from '../util';
import { isRoceNetwork } from './network-firewall-attached';
import { ROCE_SUBNET_FLOW_LOGS_SUPPRESSION } from './suppressions';
import { referencing } from './util';

/** VPC flow logs (Checkov CKV_GCP_26); RoCE subnets are suppressed with ROCE_SUBNET_FLOW_LOGS_SUPPRESSION. */
export const SubnetFlowLogs: PolicyRule = {
  id: ROCE_SUBNET_FLOW_LOGS_SUPPRESSION.ruleId,
  description: 'Subnetworks enable VPC flow logs (log_config) (RoCE subnets: suppressed with the written RoCE reason)',
  resourceTypes: ['google_compute_subnetwork'],
  check(view, ctx) {
    if (view.config.log_config !== undefined) return undefined;
    const roce = resourcesOfType(ctx, 'google_compute_network')
      .some((n) => isRoceNetwork(n.config.network_profile) && referencing(ctx, 'google_compute_subnetwork', 'network', n).includes(view));
    return roce
      ? 'RoCE subnet without flow logs; suppress with ROCE_SUBNET_FLOW_LOGS_SUPPRESSION'
      : 'no log_config: VPC flow logs are off; add log_config { aggregation_interval = "INTERVAL_5_SEC", flow_sampling = 0.5, metadata = "INCLUDE_ALL_METADATA" }';
  },
};
