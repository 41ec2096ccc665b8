import { PolicyRule } from '../types';
import { preventsDestroy } from './util';

/** Stateful resources carry `lifecycle { prevent_destroy = true }` (FSx: PERSISTENT deployments; SCRATCH is disposable by design). */
export const StatefulPreventDestroy: PolicyRule = {
  id: 'AiInfra-STATE-1',
  description: 'Stateful resources (S3 buckets, RDS/Aurora, FSx PERSISTENT, SageMaker feature groups, OpenSearch Serverless collections) have lifecycle.prevent_destroy',
  resourceTypes: [
    'aws_s3_bucket',
    'aws_rds_cluster',
    'aws_db_instance',
    'aws_fsx_lustre_file_system',
    'aws_sagemaker_feature_group',
    'aws_opensearchserverless_collection',
  ],
  check(view) {
    if (view.type === 'aws_fsx_lustre_file_system' && !String(view.config.deployment_type ?? 'SCRATCH_1').startsWith('PERSISTENT')) return undefined;
    return preventsDestroy(view)
      ? undefined
      : 'stateful resource without lifecycle.prevent_destroy; keep the construct default (preventDestroy: true) or suppress with a reason for a throwaway environment';
  },
};
