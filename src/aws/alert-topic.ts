import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { awsPartition } from './kms';
import { requireAwsAccountId, stackContextOf } from '../core/context';
import { stableHash } from '../core/naming';

/** What an alert topic is for and who may publish to it. */
export interface AlertTopicProps {
  /** Physical-name suffix: the topic is `<namePrefix>-<nameSuffix>-alerts`. */
  readonly nameSuffix: string;
  /** ARN of the customer key the topic is encrypted with. */
  readonly kmsKeyArn: string;
  /** Statements letting the publishing services in, each scoped to this account (and source). */
  readonly publishers: ReadonlyArray<DataAwsIamPolicyDocumentStatement>;
  /**
   * E-mail addresses to subscribe (each must confirm).
   * @default - none
   */
  readonly emails?: ReadonlyArray<string>;
  /**
   * HTTPS endpoints to subscribe.
   * @default - none
   */
  readonly httpsEndpoints?: ReadonlyArray<string>;
}

/** The topic, its policy and its subscriptions. */
export interface AlertTopic {
  readonly topic: SnsTopic;
  readonly policy: SnsTopicPolicy;
  readonly subscriptions: ReadonlyArray<SnsTopicSubscription>;
}

/**
 * An SNS alert topic encrypted with a customer key, in `scope` (ids
 * `AlertTopic`, `AlertTopicPolicyDocument`, `AlertTopicPolicy`,
 * `Email<hash>`, `Https<hash>`): the account root manages it, the given
 * services publish, non-TLS publishing is denied. Subscription ids come from
 * the address, not the list position, so removing one leaves the others.
 */
export function alertTopic(scope: Construct, props: AlertTopicProps): AlertTopic {
  const stack = stackContextOf(scope);
  const account = requireAwsAccountId(stack, scope.node.path);
  const partition = awsPartition(stack.region);
  const name = stack.claimPhysicalName('SNS topic', stack.physicalName(`${props.nameSuffix}-alerts`, { maxLength: 256 }), scope.node.path);
  const topic = new SnsTopic(scope, 'AlertTopic', { name, kmsMasterKeyId: props.kmsKeyArn });
  const doc = new DataAwsIamPolicyDocument(scope, 'AlertTopicPolicyDocument', {
    statement: [
      {
        sid: 'AccountOwnerManagesTopic',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [`arn:${partition}:iam::${account}:root`] }],
        actions: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:AddPermission', 'sns:RemovePermission', 'sns:DeleteTopic', 'sns:Subscribe', 'sns:ListSubscriptionsByTopic', 'sns:Publish'],
        resources: [topic.arn],
      },
      ...props.publishers.map((s) => ({ ...s, resources: [topic.arn] })),
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principals: [{ type: 'AWS', identifiers: ['*'] }],
        actions: ['sns:Publish'],
        resources: [topic.arn],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ],
  });
  const policy = new SnsTopicPolicy(scope, 'AlertTopicPolicy', { arn: topic.arn, policy: doc.json });
  const subscriptions = [
    ...(props.emails ?? []).map((e) => new SnsTopicSubscription(scope, `Email${stableHash(e)}`, { topicArn: topic.arn, protocol: 'email', endpoint: e })),
    ...(props.httpsEndpoints ?? []).map(
      (u) => new SnsTopicSubscription(scope, `Https${stableHash(u)}`, { topicArn: topic.arn, protocol: 'https', endpoint: u, endpointAutoConfirms: false }),
    ),
  ];
  return { topic, policy, subscriptions };
}
