import { PolicyRule } from '../../types';
import { block, isTrue } from '../util';

/** Automated backups (Checkov CKV_GCP_14). */
export const SqlBackups: PolicyRule = {
  id: 'AiInfra-SQL-3',
  description: 'Cloud SQL instances take automated backups (backup_configuration.enabled = true)',
  resourceTypes: ['google_sql_database_instance'],
  check(view) {
    return isTrue(block(block(view.config.settings)?.backup_configuration)?.enabled)
      ? undefined
      : 'no automated backups; set settings.backup_configuration { enabled = true }';
  },
};
