import { isKmsKey } from './util';
import { PolicyRule } from '../../types';

/** Customer-managed encryption (rule 4). */
export const SqlCmek: PolicyRule = {
  id: 'AiInfra-SQL-6',
  description: 'Cloud SQL instances encrypt with a Cloud KMS key (encryption_key_name)',
  resourceTypes: ['google_sql_database_instance'],
  check(view) {
    return isKmsKey(view.config.encryption_key_name)
      ? undefined
      : 'data uses Google-managed keys; set encryption_key_name and grant the Cloud SQL service agent (service-<N>@gcp-sa-cloud-sql) the key';
  },
};
