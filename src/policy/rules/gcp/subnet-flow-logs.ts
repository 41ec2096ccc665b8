import { PolicyRule } from '../../types';

/** VPC flow logs (Checkov CKV_GCP_26). */
export const SubnetFlowLogs: PolicyRule = {
  id: 'AiInfra-NET-1',
  description: 'Subnetworks enable VPC flow logs (log_config)',
  resourceTypes: ['google_compute_subnetwork'],
  check(view) {
    return view.config.log_config !== undefined
      ? undefined
      : 'no log_config: VPC flow logs are off; add log_config { aggregation_interval = "INTERVAL_5_SEC", flow_sampling = 0.5, metadata = "INCLUDE_ALL_METADATA" }';
  },
};
