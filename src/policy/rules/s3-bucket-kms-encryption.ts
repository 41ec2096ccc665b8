import { PolicyRule } from '../types';
import { block, blocks, isCustomerKey, names, resourcesOfType } from './util';

/** A bucket is encrypted with a customer KMS key through its own SSE configuration resource. */
export const S3BucketKmsEncryption: PolicyRule = {
  id: 'AiInfra-S3-1',
  description: 'S3 buckets are encrypted with SSE-KMS under a customer-managed key (aws_s3_bucket_server_side_encryption_configuration)',
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, ctx) {
    const encrypted = resourcesOfType(ctx, 'aws_s3_bucket_server_side_encryption_configuration').some(
      (sse) =>
        names(sse.config.bucket, bucket, 'bucket') &&
        blocks(sse.config.rule).some((rule) => {
          const byDefault = block(rule.apply_server_side_encryption_by_default);
          return byDefault !== undefined && String(byDefault.sse_algorithm).startsWith('aws:kms') && isCustomerKey(byDefault.kms_master_key_id);
        }),
    );
    return encrypted
      ? undefined
      : 'the bucket has no aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms" and a customer kms_master_key_id; add one (CustomerKey from src/aws/kms.ts)';
  },
};
