import { PolicyRule } from '../../types';
import { block, isTrue } from '../util';

/** Object versioning (Checkov CKV_GCP_78). */
export const GcsVersioning: PolicyRule = {
  id: 'AiInfra-GCS-3',
  description: 'Cloud Storage buckets keep object versions (versioning.enabled = true)',
  resourceTypes: ['google_storage_bucket'],
  check(view) {
    return isTrue(block(view.config.versioning)?.enabled) ? undefined : 'an overwritten or deleted object is gone; set versioning { enabled = true } with a noncurrent-version lifecycle rule';
  },
};
