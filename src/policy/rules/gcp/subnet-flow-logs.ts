import { ROCE_SUBNET_FLOW_LOGS_SUPPRESSION } from './suppressions';
import { isRoceSubnet } from './util';
import { PolicyRule } from '../../types';

/** VPC flow logs (Checkov CKV_GCP_26); RoCE subnets are suppressed with ROCE_SUBNET_FLOW_LOGS_SUPPRESSION. */
export const SubnetFlowLogs: PolicyRule = {
  id: ROCE_SUBNET_FLOW_LOGS_SUPPRESSION.ruleId,
  description: 'Subnetworks enable VPC flow logs (log_config) (RoCE subnets: suppressed with the written RoCE reason)',
  resourceTypes: ['google_compute_subnetwork'],
  check(view, ctx) {
    if (view.config.log_config !== undefined) return undefined;
    return isRoceSubnet(view, ctx)
      ? 'RoCE subnet without flow logs; suppress with ROCE_SUBNET_FLOW_LOGS_SUPPRESSION'
      : 'no log_config: VPC flow logs are off; add log_config { aggregation_interval = "INTERVAL_5_SEC", flow_sampling = 0.5, metadata = "INCLUDE_ALL_METADATA" }';
  },
};
