import { PolicyRule } from '../types';
import { isTrue, names, resourcesOfType } from './util';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

/** Every bucket has a public access block with all four flags on. */
export const S3BucketPublicAccessBlock: PolicyRule = {
  id: 'AiInfra-S3-2',
  description: 'S3 buckets have an aws_s3_bucket_public_access_block with all four settings true',
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, ctx) {
    const pab = resourcesOfType(ctx, 'aws_s3_bucket_public_access_block').find((p) => names(p.config.bucket, bucket, 'bucket'));
    if (!pab) return 'the bucket has no aws_s3_bucket_public_access_block; add one with all four settings true';
    const off = FLAGS.filter((f) => !isTrue(pab.config[f]));
    return off.length === 0 ? undefined : `the bucket's public access block leaves ${off.join(', ')} off; set them to true`;
  },
};
