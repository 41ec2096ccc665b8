import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { requireAwsAccountId, StackContext } from '../core/context';

/**
 * The stack's AWS provider: region, the account pinned with
 * `allowed_account_ids`, and the cost-allocation tags as `default_tags` so
 * every taggable resource carries them.
 */
export function configureAwsProvider(ctx: StackContext): AwsProvider {
  return new AwsProvider(ctx.scope as Construct, 'aws', {
    region: ctx.region,
    allowedAccountIds: [requireAwsAccountId(ctx, ctx.scope.node.path)],
    defaultTags: [{ tags: { ...ctx.tags } }],
  });
}
