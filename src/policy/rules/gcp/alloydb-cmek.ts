import { PolicyRule } from '../../types';
import { block } from '../util';
import { isKmsKey } from './util';

/** The cluster and both backup kinds use a customer key (three separate settings; no Checkov check for AlloyDB). */
export const AlloyDbCmek: PolicyRule = {
  id: 'AiInfra-ALLOYDB-1',
  description: 'AlloyDB clusters encrypt data, automated backups and continuous backups with Cloud KMS keys',
  resourceTypes: ['google_alloydb_cluster'],
  check(view) {
    const c = view.config;
    const missing = [
      isKmsKey(block(c.encryption_config)?.kms_key_name) ? undefined : 'encryption_config.kms_key_name',
      isKmsKey(block(block(c.automated_backup_policy)?.encryption_config)?.kms_key_name) ? undefined : 'automated_backup_policy.encryption_config.kms_key_name',
      isKmsKey(block(block(c.continuous_backup_config)?.encryption_config)?.kms_key_name) ? undefined : 'continuous_backup_config.encryption_config.kms_key_name',
    ].filter((m): m is string => m !== undefined);
    return missing.length === 0 ? undefined : `Google-managed keys where ${missing.join(', ')} is not set; set all three and grant the AlloyDB service agent the key`;
  },
};
