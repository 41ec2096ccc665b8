import { PolicyRule } from '../types';
import { block, isCustomerKey } from './util';

/** Feature group online and offline stores are encrypted with a customer key. */
export const FeatureGroupKmsEncryption: PolicyRule = {
  id: 'AiInfra-SM-1',
  description: 'SageMaker feature groups encrypt the online store (security_config.kms_key_id) and the offline store (s3_storage_config.kms_key_id) with a customer key',
  resourceTypes: ['aws_sagemaker_feature_group'],
  check(view) {
    const problems: string[] = [];
    const online = block(view.config.online_store_config);
    if (online && !isCustomerKey(block(online.security_config)?.kms_key_id)) problems.push('online_store_config.security_config.kms_key_id');
    const offline = block(view.config.offline_store_config);
    if (offline && !isCustomerKey(block(offline.s3_storage_config)?.kms_key_id)) problems.push('offline_store_config.s3_storage_config.kms_key_id');
    return problems.length === 0 ? undefined : `set a customer key on ${problems.join(' and ')}`;
  },
};
