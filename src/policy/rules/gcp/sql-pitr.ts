import { PolicyRule } from '../../types';
import { block, isTrue } from '../util';

/** Point-in-time recovery on PostgreSQL instances. */
export const SqlPointInTimeRecovery: PolicyRule = {
  id: 'AiInfra-SQL-4',
  description: 'Cloud SQL for PostgreSQL instances enable point-in-time recovery',
  resourceTypes: ['google_sql_database_instance'],
  check(view) {
    if (!String(view.config.database_version ?? '').startsWith('POSTGRES')) return undefined;
    return isTrue(block(block(view.config.settings)?.backup_configuration)?.point_in_time_recovery_enabled)
      ? undefined
      : 'point-in-time recovery is off; set settings.backup_configuration.point_in_time_recovery_enabled = true';
  },
};
