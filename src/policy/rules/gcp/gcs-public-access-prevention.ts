import { PolicyRule } from '../../types';

/** Public access prevention enforced (Checkov CKV_GCP_114). */
export const GcsPublicAccessPrevention: PolicyRule = {
  id: 'AiInfra-GCS-2',
  description: 'Cloud Storage buckets enforce public access prevention',
  resourceTypes: ['google_storage_bucket'],
  check(view) {
    return view.config.public_access_prevention === 'enforced'
      ? undefined
      : `public_access_prevention is ${String(view.config.public_access_prevention ?? 'inherited')}; set it to "enforced"`;
  },
};
