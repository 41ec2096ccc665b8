import { PolicyRule } from '../../types';
import { preventsDestroy } from '../util';

/** A destroyed key loses every object encrypted with it (Checkov CKV_GCP_82). */
export const KmsPreventDestroy: PolicyRule = {
  id: 'AiInfra-KMS-2',
  description: 'Cloud KMS keys carry lifecycle.prevent_destroy',
  resourceTypes: ['google_kms_crypto_key'],
  check(view) {
    return preventsDestroy(view) ? undefined : 'no lifecycle.prevent_destroy: destroying the key makes everything encrypted with it unreadable after 30 days';
  },
};
