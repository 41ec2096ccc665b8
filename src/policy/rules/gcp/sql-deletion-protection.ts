import { PolicyRule } from '../../types';
import { block, isTrue } from '../util';

/** Deletion protection in Terraform and in the API. */
export const SqlDeletionProtection: PolicyRule = {
  id: 'AiInfra-SQL-5',
  description: 'Cloud SQL instances keep deletion_protection (Terraform) and settings.deletion_protection_enabled (API) on',
  resourceTypes: ['google_sql_database_instance'],
  check(view) {
    const tf = view.config.deletion_protection;
    if (tf === false || tf === 'false') return 'deletion_protection = false lets terraform destroy the database; remove it';
    return isTrue(block(view.config.settings)?.deletion_protection_enabled)
      ? undefined
      : 'settings.deletion_protection_enabled is off: the console or API can delete the instance; set it to true';
  },
};
