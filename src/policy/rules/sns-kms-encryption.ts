import { PolicyRule } from '../types';
import { isCustomerKey } from './util';

/** Topics are encrypted with a customer key. */
export const SnsKmsEncryption: PolicyRule = {
  id: 'AiInfra-SNS-1',
  description: 'SNS topics set a customer kms_master_key_id',
  resourceTypes: ['aws_sns_topic'],
  check(view) {
    return isCustomerKey(view.config.kms_master_key_id)
      ? undefined
      : 'kms_master_key_id must be a customer-managed key whose policy lets the publishing service use it (alias/aws/sns cannot)';
  },
};
