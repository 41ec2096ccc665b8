import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

/**
 * The stack's AWS provider: region, the account pinned with
 * `allowed_account_ids`, and the cost-allocation tags as `default_tags` so
 * every taggable resource carries them.
 */
export function configureAwsProvider(scope: Construct, region: string, accountId: string, tags: Record<string, string>): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region,
    allowedAccountIds: [accountId],
    defaultTags: [{ tags }],
  });
}
