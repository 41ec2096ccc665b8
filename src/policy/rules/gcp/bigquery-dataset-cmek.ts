import { PolicyRule } from '../../types';
import { block } from '../util';
import { isKmsKey } from './util';

/** Dataset default key (Checkov CKV_GCP_81). */
export const BigQueryDatasetCmek: PolicyRule = {
  id: 'AiInfra-BQ-1',
  description: 'BigQuery datasets set a Cloud KMS default key (default_encryption_configuration.kms_key_name)',
  resourceTypes: ['google_bigquery_dataset'],
  check(view) {
    return isKmsKey(block(view.config.default_encryption_configuration)?.kms_key_name)
      ? undefined
      : 'tables use Google-managed keys; set default_encryption_configuration.kms_key_name and grant bq-<N>@bigquery-encryption the key';
  },
};
