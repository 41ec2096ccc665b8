import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { SecureBucket } from './bucket';
import { awsClusterOf, podIdentityTrust } from './gpu-cluster';
import { GpuNodeGroup } from './gpu-node-group';
import { awsPartition, CustomerKey } from './kms';
import { requireAwsAccountId, stackContextOf } from '../core/context';
import type { SpotTrainingPoolBackend, SpotTrainingPoolPlan } from '../core/plans';
import { TerminationHandler } from '../kubernetes/termination-handler';
import { workloadStackOf } from '../kubernetes/workload-stack';

/** The EC2 events a termination handler acts on, one EventBridge rule each. */
export const INTERRUPTION_EVENTS: ReadonlyArray<{ readonly id: string; readonly pattern: Record<string, unknown> }> = [
  { id: 'SpotInterruption', pattern: { 'source': ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] } },
  { id: 'Rebalance', pattern: { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance Rebalance Recommendation'] } },
  { id: 'StateChange', pattern: { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] } },
  { id: 'ScheduledChange', pattern: { 'source': ['aws.health'], 'detail-type': ['AWS Health Event'], 'detail': { service: ['EC2'], eventTypeCategory: ['scheduledChange'] } } },
];

/**
 * The AWS side of SpotTrainingPool: the spot node group (and an on-demand
 * fallback at zero) through the shared GPU node-group mechanism, the
 * interruption queue (SQS, KMS) fed by EventBridge, the termination handler's
 * and the trainers' Pod Identity roles, and the checkpoint bucket.
 */
export class AwsSpotTrainingPool extends Construct implements SpotTrainingPoolBackend {
  public readonly spotNodes: GpuNodeGroup;
  public readonly fallbackNodes?: GpuNodeGroup;
  public readonly key: CustomerKey;
  public readonly queue: SqsQueue;
  public readonly queuePolicy: SqsQueuePolicy;
  public readonly eventRules: CloudwatchEventRule[] = [];
  public readonly checkpoints: SecureBucket;
  public readonly terminationHandlerRole?: IamRole;
  public readonly trainerRole: IamRole;
  /** aws-node-termination-handler (queue mode) in the cluster's workload stack, when the plan asks for an interruption handler. */
  public readonly terminationHandler?: TerminationHandler;

  constructor(scope: Construct, id: string, props: SpotTrainingPoolPlan) {
    super(scope, id);
    const stack = stackContextOf(this);
    const account = requireAwsAccountId(stack, props.where);
    const partition = awsPartition(stack.region);
    const cluster = awsClusterOf(props.cluster, props.where);
    // The pool's own tag key on its instances: its termination handler drains only nodes that carry it, so one
    // pool's handler never drains another's (EventBridge cannot filter interruption events by pool).
    const managedTag = `ai-infra/termination-handler/${props.nameSuffix}`;
    const instanceTags = props.interruptionHandler ? { [managedTag]: '1' } : {};
    this.spotNodes = cluster.addNodePool(this, 'SpotNodes', { ...props.spotPool, instanceTags }) as GpuNodeGroup;
    if (props.fallbackPool) {
      this.fallbackNodes = cluster.addNodePool(this, 'OnDemandFallback', { ...props.fallbackPool, instanceTags, shareWith: this.spotNodes }) as GpuNodeGroup;
    }

    this.key = new CustomerKey(this, 'Key', {
      description: `Checkpoints and interruption queue of ${props.where}`,
      aliasSuffix: `${props.nameSuffix}-training`,
      servicePrincipals: ['events.amazonaws.com'],
    });

    // Interruption events → encrypted queue.
    this.queue = new SqsQueue(this, 'InterruptionQueue', {
      name: stack.physicalName(`${props.nameSuffix}-interruptions`, { maxLength: 80 }),
      messageRetentionSeconds: 300,
      kmsMasterKeyId: this.key.arn,
      kmsDataKeyReusePeriodSeconds: 300,
    });
    for (const event of INTERRUPTION_EVENTS) {
      const rule = new CloudwatchEventRule(this, `${event.id}Rule`, {
        name: stack.physicalName(`${props.nameSuffix}-${event.id.toLowerCase()}`, { maxLength: 64 }),
        description: `${event.id} events for the termination handler of ${props.where}`,
        eventPattern: JSON.stringify(event.pattern),
      });
      new CloudwatchEventTarget(this, `${event.id}Target`, { rule: rule.name, arn: this.queue.arn, targetId: 'interruption-queue' });
      this.eventRules.push(rule);
    }
    const queueDoc = new DataAwsIamPolicyDocument(this, 'QueuePolicyDocument', {
      statement: [
        {
          sid: 'EventBridgeSendsInterruptions',
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          actions: ['sqs:SendMessage'],
          resources: [this.queue.arn],
          condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: this.eventRules.map((r) => r.arn) }],
        },
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['sqs:*'],
          resources: [this.queue.arn],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    this.queuePolicy = new SqsQueuePolicy(this, 'QueuePolicy', { queueUrl: this.queue.url, policy: queueDoc.json });

    // Termination handler: receive/delete on this queue, describe and complete lifecycle actions.
    const handlerServiceAccount = props.interruptionHandler?.serviceAccount;
    if (handlerServiceAccount) {
      this.terminationHandlerRole = new IamRole(this, 'TerminationHandlerRole', {
        name: stack.physicalName(`${props.nameSuffix}-nth`, { maxLength: 64 }),
        assumeRolePolicy: podIdentityTrust(this, 'TerminationHandlerTrust', {
          account,
          clusterArn: cluster.clusterArn,
          namespace: 'kube-system',
          serviceAccount: handlerServiceAccount,
        }).json,
      });
      // Node group names (a test double of the cluster backend makes pools without provider node groups).
      const poolGroups = [this.spotNodes, ...(this.fallbackNodes ? [this.fallbackNodes] : [])]
        .flatMap((g) => (g.nodeGroup ? [g.nodeGroup.nodeGroupName] : []));
      const nth = new DataAwsIamPolicyDocument(this, 'TerminationHandlerPolicyDocument', {
        statement: [
          { sid: 'ReadQueue', actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], resources: [this.queue.arn] },
          { sid: 'DecryptQueue', actions: ['kms:Decrypt'], resources: [this.key.arn] },
          { sid: 'Describe', actions: ['ec2:DescribeInstances', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeTags'], resources: ['*'] },
          {
            // Managed node groups name their Auto Scaling group eks-<node group name>-<uuid> and tag it eks:nodegroup-name.
            sid: 'CompleteLifecycleOfThisPool',
            actions: ['autoscaling:CompleteLifecycleAction'],
            resources: poolGroups.map((name) => `arn:${partition}:autoscaling:${stack.region}:${account}:autoScalingGroup:*:autoScalingGroupName/eks-${name}-*`),
            condition: [{ test: 'StringEquals', variable: 'autoscaling:ResourceTag/eks:nodegroup-name', values: poolGroups }],
          },
        ],
      });
      new IamRolePolicy(this, 'TerminationHandlerPolicy', { role: this.terminationHandlerRole.id, name: 'termination-handler', policy: nth.json });
      cluster.addPodIdentity(`-${props.nameSuffix}-TerminationHandler`, {
        namespace: 'kube-system',
        serviceAccount: handlerServiceAccount,
        roleArn: this.terminationHandlerRole.arn,
      });
    }

    // Checkpoints: versioned, SSE-KMS, public access blocked, TLS only, old versions expire.
    this.checkpoints = new SecureBucket(this, 'Checkpoints', {
      nameSuffix: `${props.nameSuffix}-ckpt`,
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpirationDays: props.checkpoints.noncurrentDays,
      preventDestroy: props.checkpoints.preventDestroy,
    });

    this.trainerRole = new IamRole(this, 'TrainerRole', {
      name: stack.physicalName(`${props.nameSuffix}-trainer`, { maxLength: 64 }),
      assumeRolePolicy: podIdentityTrust(this, 'TrainerTrust', {
        account,
        clusterArn: cluster.clusterArn,
        namespace: props.trainerServiceAccount.namespace,
        serviceAccount: props.trainerServiceAccount.name,
      }).json,
    });
    const trainer = new DataAwsIamPolicyDocument(this, 'TrainerPolicyDocument', {
      statement: [
        { sid: 'ListCheckpoints', actions: ['s3:ListBucket'], resources: [this.checkpoints.bucket.arn] },
        {
          sid: 'ReadWriteCheckpoints',
          actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: [`${this.checkpoints.bucket.arn}/*`],
        },
        { sid: 'UseCheckpointKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.key.arn] },
      ],
    });
    new IamRolePolicy(this, 'TrainerPolicy', { role: this.trainerRole.id, name: 'checkpoints', policy: trainer.json });
    cluster.addPodIdentity(`-${props.nameSuffix}-Trainer`, {
      namespace: props.trainerServiceAccount.namespace,
      serviceAccount: props.trainerServiceAccount.name,
      roleArn: this.trainerRole.arn,
    });

    if (handlerServiceAccount) {
      this.terminationHandler = new TerminationHandler(
        workloadStackOf(props.cluster),
        `${stack.scope.node.id}-${props.nameSuffix}-TerminationHandler`.replace(/[^A-Za-z0-9-]/g, '-'),
        { releaseName: handlerServiceAccount, serviceAccount: handlerServiceAccount, queueUrl: this.queue.url, region: stack.region, managedTag },
      );
    }
  }

  public get spotPool(): GpuNodeGroup {
    return this.spotNodes;
  }

  public get fallbackPool(): GpuNodeGroup | undefined {
    return this.fallbackNodes;
  }
}

/** Builds the AWS side of a SpotTrainingPool under the construct (child `Aws`). */
export function createAwsSpotTrainingPool(scope: Construct, plan: SpotTrainingPoolPlan): AwsSpotTrainingPool {
  return new AwsSpotTrainingPool(scope, 'Aws', plan);
}
