import { PolicyRule } from '../../types';
import { block } from '../util';
import { databaseFlags } from './util';

/** Flags that must be explicitly "on" (Checkov CKV_GCP_51, 52, 53, 54, 108 and CKV2_GCP_13). */
export const POSTGRES_REQUIRED_ON_FLAGS: ReadonlyArray<string> = [
  'log_checkpoints', 'log_connections', 'log_disconnections', 'log_lock_waits', 'log_hostname', 'log_duration',
];
/** Flags that, when set, must hold one of these values (Checkov CKV_GCP_55, 56, 57, 109, 111, CKV2_GCP_14-17). */
export const POSTGRES_FLAG_VALUES: Readonly<Record<string, ReadonlyArray<string>>> = {
  log_min_messages: ['fatal', 'panic', 'log', 'error', 'warning', 'notice', 'info', 'debug1', 'debug2', 'debug3', 'debug4', 'debug5'],
  log_temp_files: ['0'],
  log_min_duration_statement: ['-1'],
  log_min_error_statement: ['error', 'log', 'notice', 'info', 'debug1', 'debug2', 'debug3', 'debug4', 'debug5'],
  log_statement: ['ddl', 'mod', 'all'],
  log_executor_stats: ['off'],
  log_parser_stats: ['off'],
  log_planner_stats: ['off'],
  log_statement_stats: ['off'],
};

/**
 * PostgreSQL audit logging flags (Checkov's Cloud SQL PostgreSQL flag checks). Not
 * enforced here: CKV_GCP_110 `cloudsql.enable_pgaudit` (needs the pgaudit extension
 * created in each database, a workload decision).
 */
export const SqlPostgresLogFlags: PolicyRule = {
  id: 'AiInfra-SQL-7',
  description: 'Cloud SQL for PostgreSQL instances set the audit log flags (log_checkpoints, log_connections, log_disconnections, log_lock_waits, log_hostname, log_duration on; no *_stats; safe values for the rest)',
  resourceTypes: ['google_sql_database_instance'],
  check(view) {
    if (!String(view.config.database_version ?? '').startsWith('POSTGRES')) return undefined;
    const flags = databaseFlags(block(view.config.settings));
    const problems = POSTGRES_REQUIRED_ON_FLAGS.filter((f) => flags.get(f) !== 'on').map((f) => `${f} must be "on"`);
    for (const [flag, allowed] of Object.entries(POSTGRES_FLAG_VALUES)) {
      const v = flags.get(flag);
      if (v !== undefined && !allowed.includes(v)) problems.push(`${flag} = "${v}" must be one of ${allowed.join(', ')}`);
    }
    return problems.length === 0 ? undefined : `settings.database_flags: ${problems.join('; ')}`;
  },
};
