import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { requireAwsAccountId, stackContextOf } from '../core/context';

/** AWS partition of a region, derived locally (no API call). */
export function awsPartition(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** DNS suffix of the partition, for service principals that are region-scoped. */
export function awsDnsSuffix(region: string): string {
  if (region.startsWith('eusc-')) return 'amazonaws.eu';
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  return 'amazonaws.com';
}

export interface CustomerKeyProps {
  /** What the key protects; shown in the console. */
  readonly description: string;
  /** Alias suffix: `alias/<namePrefix>-<aliasSuffix>`. */
  readonly aliasSuffix: string;
  /**
   * AWS service principals allowed to use the key on behalf of this account
   * (e.g. `sns.amazonaws.com`, `budgets.amazonaws.com`). Scoped with
   * `aws:SourceAccount`.
   * @default - none
   */
  readonly servicePrincipals?: string[];
  /**
   * Allow CloudWatch Logs in this region to use the key for log groups of this account.
   * @default false
   */
  readonly allowCloudWatchLogs?: boolean;
  /**
   * More key-policy statements (aws_iam_policy_document statement blocks), for
   * principals the options above do not cover.
   * @default - none
   */
  readonly extraStatements?: ReadonlyArray<Record<string, unknown>>;
  /**
   * The key encrypts data the stack keeps (buckets, databases, file systems,
   * logs): it gets `lifecycle.prevent_destroy`, since a destroyed key makes
   * that data unreadable once the deletion window passes (AiInfra-STATE-1).
   * False only for keys of transient data (alert topics, queues).
   * @default true
   */
  readonly retainsData?: boolean;
}

/**
 * A customer-managed KMS key with rotation on, a 30-day deletion window,
 * `prevent_destroy` when it encrypts retained data, an alias, and a key policy that gives the account root full control (so IAM
 * policies decide who uses it) plus the named services, each scoped to this
 * account.
 */
export class CustomerKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: CustomerKeyProps) {
    super(scope, id);
    const stack = stackContextOf(this);
    const account = requireAwsAccountId(stack, scope.node.path);
    const partition = awsPartition(stack.region);
    const statements: object[] = [
      {
        sid: 'AccountRootFullAccess',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [`arn:${partition}:iam::${account}:root`] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
    ];
    const services = props.servicePrincipals ?? [];
    if (services.length > 0) {
      statements.push({
        sid: 'AllowServicesOfThisAccount',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: services }],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
      });
    }
    if (props.allowCloudWatchLogs) {
      statements.push({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [`logs.${stack.region}.${awsDnsSuffix(stack.region)}`] }],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        condition: [
          {
            test: 'ArnLike',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: [`arn:${partition}:logs:${stack.region}:${account}:log-group:*`],
          },
        ],
      });
    }
    statements.push(...(props.extraStatements ?? []));
    const policy = new DataAwsIamPolicyDocument(this, 'Policy', { statement: statements as never });
    this.key = new KmsKey(this, 'Resource', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy.json,
      lifecycle: { preventDestroy: props.retainsData ?? true },
    });
    const aliasName = `alias/${stack.physicalName(props.aliasSuffix, { maxLength: 200 })}`;
    stack.claimPhysicalName('KMS alias', aliasName, scope.node.path);
    this.alias = new KmsAlias(this, 'Alias', {
      name: aliasName,
      targetKeyId: this.key.keyId,
    });
  }

  public get arn(): string {
    return this.key.arn;
  }
}
