import { PolicyRule } from '../types';
import { isCustomerKey, isTrue } from './util';

/** RDS and Aurora storage is encrypted with a customer key. */
export const RdsKmsEncryption: PolicyRule = {
  id: 'AiInfra-RDS-1',
  description: 'RDS instances and Aurora clusters set storage_encrypted = true and a customer kms_key_id',
  resourceTypes: ['aws_rds_cluster', 'aws_db_instance'],
  check(view) {
    return isTrue(view.config.storage_encrypted) && isCustomerKey(view.config.kms_key_id)
      ? undefined
      : 'storage_encrypted must be true with a customer kms_key_id';
  },
};
