import { PolicyRule } from '../types';
import { isCustomerKey } from './util';

/** Log groups are encrypted with a customer key. */
export const LogGroupKmsEncryption: PolicyRule = {
  id: 'AiInfra-LOGS-1',
  description: 'CloudWatch log groups set a customer kms_key_id',
  resourceTypes: ['aws_cloudwatch_log_group'],
  check(view) {
    return isCustomerKey(view.config.kms_key_id) ? undefined : 'kms_key_id must be a customer-managed key (CustomerKey with allowCloudWatchLogs)';
  },
};
