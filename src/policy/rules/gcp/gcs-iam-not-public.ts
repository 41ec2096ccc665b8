import { publicIamFinding } from './util';
import { PolicyRule } from '../../types';

/** No bucket IAM grant to allUsers / allAuthenticatedUsers (Checkov CKV_GCP_28). */
export const GcsIamNotPublic: PolicyRule = {
  id: 'AiInfra-GCS-5',
  description: 'Cloud Storage bucket IAM grants nothing to allUsers or allAuthenticatedUsers',
  resourceTypes: ['google_storage_bucket_iam_member', 'google_storage_bucket_iam_binding', 'google_storage_bucket_iam_policy'],
  check(view) {
    return publicIamFinding(view, 'bucket');
  },
};
