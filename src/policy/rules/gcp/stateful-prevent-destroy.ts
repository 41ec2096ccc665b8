import { PolicyRule } from '../../types';
import { preventsDestroy } from '../util';

/** GCP resources that hold data; each carries lifecycle.prevent_destroy (rule 5). */
export const GCP_STATEFUL_TYPES: ReadonlyArray<string> = [
  'google_lustre_instance',
  'google_alloydb_cluster',
  'google_sql_database_instance',
  'google_storage_bucket',
  'google_bigquery_dataset',
  'google_vertex_ai_index',
  'google_vertex_ai_feature_online_store',
];

/** Stateful GCP resources carry `lifecycle { prevent_destroy = true }`. */
export const GcpStatefulPreventDestroy: PolicyRule = {
  id: 'AiInfra-STATE-2',
  description: 'Stateful GCP resources (Managed Lustre, AlloyDB clusters, Cloud SQL, buckets, BigQuery datasets, Vertex indexes and online stores) have lifecycle.prevent_destroy',
  resourceTypes: GCP_STATEFUL_TYPES,
  check(view) {
    return preventsDestroy(view)
      ? undefined
      : 'stateful resource without lifecycle.prevent_destroy; keep the construct default or suppress with a reason for a throwaway environment';
  },
};
