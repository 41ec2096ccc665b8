import { PolicyRule } from '../../types';
import { block } from '../util';

/** Automated and continuous (PITR) backups on. */
export const AlloyDbBackups: PolicyRule = {
  id: 'AiInfra-ALLOYDB-2',
  description: 'AlloyDB clusters enable automated backups and continuous backup',
  resourceTypes: ['google_alloydb_cluster'],
  check(view) {
    const on = (v: unknown) => v === true || v === 'true';
    const missing = [
      on(block(view.config.automated_backup_policy)?.enabled) ? undefined : 'automated_backup_policy { enabled = true }',
      on(block(view.config.continuous_backup_config)?.enabled) ? undefined : 'continuous_backup_config { enabled = true }',
    ].filter((m): m is string => m !== undefined);
    return missing.length === 0 ? undefined : `set ${missing.join(' and ')}`;
  },
};
