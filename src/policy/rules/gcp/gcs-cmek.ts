import { PolicyRule } from '../../types';
import { block } from '../util';
import { isKmsKey } from './util';

/** Customer-managed default key (no Checkov check; rule 4). */
export const GcsCmek: PolicyRule = {
  id: 'AiInfra-GCS-4',
  description: 'Cloud Storage buckets encrypt with a Cloud KMS key (encryption.default_kms_key_name)',
  resourceTypes: ['google_storage_bucket'],
  check(view) {
    return isKmsKey(block(view.config.encryption)?.default_kms_key_name)
      ? undefined
      : 'objects use Google-managed keys; set encryption.default_kms_key_name and grant the Cloud Storage service agent the key first';
  },
};
