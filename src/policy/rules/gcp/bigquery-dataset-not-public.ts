import { PolicyRule } from '../../types';
import { blocks } from '../util';
import { PUBLIC_MEMBERS, publicIamFinding } from './util';

/** Not readable by everyone (Checkov CKV_GCP_15). */
export const BigQueryDatasetNotPublic: PolicyRule = {
  id: 'AiInfra-BQ-2',
  description: 'BigQuery datasets grant nothing to allUsers or allAuthenticatedUsers (access blocks and dataset IAM)',
  resourceTypes: ['google_bigquery_dataset', 'google_bigquery_dataset_access', 'google_bigquery_dataset_iam_member', 'google_bigquery_dataset_iam_binding', 'google_bigquery_dataset_iam_policy'],
  check(view) {
    if (view.type === 'google_bigquery_dataset' || view.type === 'google_bigquery_dataset_access') {
      const entries = view.type === 'google_bigquery_dataset' ? blocks(view.config.access) : [view.config];
      const open = entries.filter((a) => PUBLIC_MEMBERS.includes(String(a.special_group ?? '')) || PUBLIC_MEMBERS.includes(String(a.iam_member ?? '')));
      return open.length === 0 ? undefined : 'an access entry grants the dataset to allUsers or allAuthenticatedUsers; grant named principals';
    }
    return publicIamFinding(view, 'dataset');
  },
};
