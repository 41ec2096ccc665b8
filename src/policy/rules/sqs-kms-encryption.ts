import { PolicyRule } from '../types';
import { isCustomerKey } from './util';

/** Queues are encrypted with a customer key (not only SQS-managed SSE). */
export const SqsKmsEncryption: PolicyRule = {
  id: 'AiInfra-SQS-1',
  description: 'SQS queues set a customer kms_master_key_id',
  resourceTypes: ['aws_sqs_queue'],
  check(view) {
    return isCustomerKey(view.config.kms_master_key_id) ? undefined : 'kms_master_key_id must be a customer-managed key (not alias/aws/sqs or SQS-managed SSE)';
  },
};
