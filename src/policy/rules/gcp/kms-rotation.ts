import { PolicyRule } from '../../types';

const MIN = 86_400;
const MAX = 7_776_000;

/** Automatic rotation at most every 90 days (Checkov CKV_GCP_43; CIS GCP 1.10). */
export const KmsRotation: PolicyRule = {
  id: 'AiInfra-KMS-1',
  description: 'Cloud KMS symmetric keys rotate automatically, at most every 90 days (rotation_period between 86400s and 7776000s)',
  resourceTypes: ['google_kms_crypto_key'],
  check(view) {
    const purpose = view.config.purpose ?? 'ENCRYPT_DECRYPT';
    if (purpose !== 'ENCRYPT_DECRYPT') return undefined;
    const raw = view.config.rotation_period;
    const seconds = typeof raw === 'string' ? Number(raw.replace(/s$/, '')) : NaN;
    if (raw === undefined) return 'no rotation_period: the key never rotates; set rotation_period = "7776000s" (90 days)';
    return Number.isFinite(seconds) && seconds > MIN && seconds <= MAX
      ? undefined
      : `rotation_period ${String(raw)} is outside (86400s, 7776000s]; rotate at most every 90 days`;
  },
};
