import { PolicyRule } from '../../types';
import { isTrue } from '../util';

/** IAM only, no object ACLs (Checkov CKV_GCP_29). */
export const GcsUniformAccess: PolicyRule = {
  id: 'AiInfra-GCS-1',
  description: 'Cloud Storage buckets use uniform bucket-level access',
  resourceTypes: ['google_storage_bucket'],
  check(view) {
    return isTrue(view.config.uniform_bucket_level_access) ? undefined : 'object ACLs are possible; set uniform_bucket_level_access = true';
  },
};
