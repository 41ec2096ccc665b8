import { PolicyRule } from '../../types';
import { block, resourcesOfType } from '../util';
import { isKmsKey, referencing } from './util';

/** A table uses a customer key: its own, or its dataset's default (Checkov CKV_GCP_80 reads only the table's). */
export const BigQueryTableCmek: PolicyRule = {
  id: 'AiInfra-BQ-4',
  description: 'BigQuery tables are encrypted with a Cloud KMS key (encryption_configuration, or the dataset default key)',
  resourceTypes: ['google_bigquery_table'],
  check(view, ctx) {
    if (isKmsKey(block(view.config.encryption_configuration)?.kms_key_name)) return undefined;
    const dataset = resourcesOfType(ctx, 'google_bigquery_dataset').find((d) => referencing(ctx, 'google_bigquery_table', 'dataset_id', d, 'dataset_id').includes(view));
    return dataset && isKmsKey(block(dataset.config.default_encryption_configuration)?.kms_key_name)
      ? undefined
      : 'the table has no Cloud KMS key and its dataset (if in this stack) no default key; set encryption_configuration.kms_key_name or the dataset default';
  },
};
