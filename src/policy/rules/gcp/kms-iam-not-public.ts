import { publicIamFinding } from './util';
import { PolicyRule } from '../../types';

/** No key or key-ring IAM grant to allUsers / allAuthenticatedUsers (Checkov CKV_GCP_112, CKV2_GCP_6, CKV2_GCP_8). */
export const KmsIamNotPublic: PolicyRule = {
  id: 'AiInfra-KMS-3',
  description: 'Cloud KMS key and key-ring IAM grants nothing to allUsers or allAuthenticatedUsers',
  resourceTypes: [
    'google_kms_crypto_key_iam_member',
    'google_kms_crypto_key_iam_binding',
    'google_kms_crypto_key_iam_policy',
    'google_kms_key_ring_iam_member',
    'google_kms_key_ring_iam_binding',
    'google_kms_key_ring_iam_policy',
  ],
  check(view) {
    return publicIamFinding(view, view.type.startsWith('google_kms_key_ring') ? 'key ring' : 'key');
  },
};
