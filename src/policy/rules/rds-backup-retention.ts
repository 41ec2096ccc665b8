import { PolicyRule } from '../types';
import { numberOf } from './util';

export const MIN_BACKUP_RETENTION_DAYS = 7;

/** Automated database backups are kept at least a week. */
export const RdsBackupRetention: PolicyRule = {
  id: 'AiInfra-RDS-4',
  description: `RDS instances and Aurora clusters keep automated backups for at least ${MIN_BACKUP_RETENTION_DAYS} days`,
  resourceTypes: ['aws_rds_cluster', 'aws_db_instance'],
  check(view) {
    const raw = view.config.backup_retention_period;
    const days = numberOf(raw);
    if (raw !== undefined && days === undefined) return undefined; // a reference: decided elsewhere
    return days !== undefined && days >= MIN_BACKUP_RETENTION_DAYS
      ? undefined
      : `backup_retention_period must be >= ${MIN_BACKUP_RETENTION_DAYS} days, got ${days ?? 'the provider default (1 or 0)'}`;
  },
};
