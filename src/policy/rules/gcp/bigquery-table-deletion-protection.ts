import { PolicyRule } from '../../types';

/** Tables keep Terraform deletion protection (Checkov CKV_GCP_121; the provider default is true). */
export const BigQueryTableDeletionProtection: PolicyRule = {
  id: 'AiInfra-BQ-3',
  description: 'BigQuery tables do not turn deletion_protection off',
  resourceTypes: ['google_bigquery_table'],
  check(view) {
    const v = view.config.deletion_protection;
    return v === false || v === 'false' ? 'deletion_protection = false lets terraform destroy the table and its data; remove it' : undefined;
  },
};
