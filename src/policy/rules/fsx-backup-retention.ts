import { PolicyRule } from '../types';
import { numberOf } from './util';

export const MIN_FSX_BACKUP_DAYS = 7;

/** Persistent Lustre file systems keep daily automatic backups at least a week. */
export const FsxBackupRetention: PolicyRule = {
  id: 'AiInfra-FSX-2',
  description: `FSx for Lustre PERSISTENT file systems keep automatic backups >= ${MIN_FSX_BACKUP_DAYS} days`,
  resourceTypes: ['aws_fsx_lustre_file_system'],
  check(view) {
    if (!String(view.config.deployment_type ?? 'SCRATCH_1').startsWith('PERSISTENT')) return undefined;
    const raw = view.config.automatic_backup_retention_days;
    const days = numberOf(raw);
    if (raw !== undefined && days === undefined) return undefined;
    return days !== undefined && days >= MIN_FSX_BACKUP_DAYS
      ? undefined
      : `automatic_backup_retention_days must be >= ${MIN_FSX_BACKUP_DAYS}, got ${days ?? 'the provider default (0: no backups)'}`;
  },
};
