import { PolicyRule } from '../../types';
import { block } from '../util';

const TLS_MODES = ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'];

/**
 * Connections must use TLS. Checkov CKV_GCP_6 accepts only TRUSTED_CLIENT_CERTIFICATE_REQUIRED for
 * PostgreSQL; ENCRYPTED_ONLY (TLS without client certificates, as with the Cloud SQL connectors
 * and IAM database authentication) also passes here.
 */
export const SqlSslEnforced: PolicyRule = {
  id: 'AiInfra-SQL-1',
  description: 'Cloud SQL instances refuse unencrypted connections (ip_configuration.ssl_mode ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED)',
  resourceTypes: ['google_sql_database_instance'],
  check(view) {
    const mode = block(block(view.config.settings)?.ip_configuration)?.ssl_mode;
    return typeof mode === 'string' && TLS_MODES.includes(mode)
      ? undefined
      : `ssl_mode is ${mode === undefined ? 'not set (unencrypted connections allowed)' : String(mode)}; set settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY"`;
  },
};
