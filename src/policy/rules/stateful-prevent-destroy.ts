import { PolicyRule, ResourceView, RuleContext } from '../types';
import { isTrue, preventsDestroy } from './util';

/** Resource types that hold data a stack must not lose with a destroy. */
const STATEFUL_TYPES: ReadonlyArray<string> = [
  'aws_s3_bucket',
  'aws_rds_cluster',
  'aws_db_instance',
  'aws_fsx_lustre_file_system',
  'aws_sagemaker_feature_group',
  'aws_opensearchserverless_collection',
  // the cluster (its etcd holds every Kubernetes object) and the metrics history
  'aws_eks_cluster',
  'aws_prometheus_workspace',
];

/**
 * Resources whose reference to a key means the key encrypts retained data:
 * the stateful types, the resources that encrypt their data (a bucket's SSE
 * configuration, an OpenSearch Serverless encryption policy), and anything the
 * stack itself keeps past a destroy (prevent_destroy or skip_destroy).
 */
const KEY_USERS_OF_RETAINED_DATA: ReadonlyArray<string> = [
  ...STATEFUL_TYPES,
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_opensearchserverless_security_policy',
];

/** A resource the stack keeps: a stateful type, or one that prevents or skips its destroy. */
function isRetained(view: ResourceView): boolean {
  return KEY_USERS_OF_RETAINED_DATA.includes(view.type) || preventsDestroy(view) || isTrue(view.config.skip_destroy);
}

/** Resources of the stack that encrypt retained data with `key` (referenced directly or through one of its aliases). */
function retainedDataEncryptedBy(key: ResourceView, ctx: RuleContext): ResourceView[] {
  const aliases = ctx.resources.filter((r) => r.type === 'aws_kms_alias' && String(r.config.target_key_id ?? '').includes(`aws_kms_key.${key.logicalId}.`));
  const markers = [`aws_kms_key.${key.logicalId}.`, ...aliases.map((a) => `aws_kms_alias.${a.logicalId}.`)];
  return ctx.resources.filter((r) => r !== key && r.type !== 'aws_kms_alias' && isRetained(r) && markers.some((m) => JSON.stringify(r.config).includes(m)));
}

/**
 * Stateful resources carry `lifecycle { prevent_destroy = true }` (FSx:
 * PERSISTENT deployments; SCRATCH is disposable by design), and so do the
 * keys that encrypt them: a destroyed key makes the data unreadable once its
 * deletion window passes, whatever protects the data itself.
 */
export const StatefulPreventDestroy: PolicyRule = {
  id: 'AiInfra-STATE-1',
  description: 'Stateful resources (S3 buckets, RDS/Aurora, FSx PERSISTENT, SageMaker feature groups, OpenSearch Serverless collections, EKS clusters, Prometheus workspaces) and the KMS keys that encrypt retained data have lifecycle.prevent_destroy',
  resourceTypes: [...STATEFUL_TYPES, 'aws_kms_key', 'google_kms_crypto_key'],
  check(view, ctx) {
    if (view.type === 'aws_fsx_lustre_file_system' && !String(view.config.deployment_type ?? 'SCRATCH_1').startsWith('PERSISTENT')) return undefined;
    if (preventsDestroy(view)) return undefined;
    if (view.type === 'google_kms_crypto_key') {
      return 'crypto key without lifecycle.prevent_destroy: destroying it destroys every key version and the data they encrypt becomes unreadable';
    }
    if (view.type === 'aws_kms_key') {
      const users = retainedDataEncryptedBy(view, ctx);
      if (users.length === 0) return undefined;
      return `key without lifecycle.prevent_destroy encrypts retained data (${users.map((u) => u.path).join(', ')}): a targeted destroy schedules its deletion and the data is unreadable after the deletion window`;
    }
    return 'stateful resource without lifecycle.prevent_destroy; keep the construct default (preventDestroy: true) or suppress with a reason for a throwaway environment';
  },
};
