import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { SecureBucket } from './bucket';
import { AwsGpuCluster, podIdentityTrust } from './gpu-cluster';
import { CapacityReservationTarget, GpuNodeGroup, NodeTaint } from './gpu-node-group';
import { awsPartition, CustomerKey } from './kms';
import type { InstanceTypeSpec } from '../catalog/types';
import { AiInfraStack } from '../constructs/stack';

/** The EC2 events a termination handler acts on, one EventBridge rule each. */
export const INTERRUPTION_EVENTS: ReadonlyArray<{ readonly id: string; readonly pattern: Record<string, unknown> }> = [
  { id: 'SpotInterruption', pattern: { 'source': ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] } },
  { id: 'Rebalance', pattern: { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance Rebalance Recommendation'] } },
  { id: 'StateChange', pattern: { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] } },
  { id: 'ScheduledChange', pattern: { 'source': ['aws.health'], 'detail-type': ['AWS Health Event'], 'detail': { service: ['EC2'], eventTypeCategory: ['scheduledChange'] } } },
];

export interface AwsSpotTrainingPoolProps {
  readonly where: string;
  readonly nameSuffix: string;
  readonly cluster: AwsGpuCluster;
  readonly types: ReadonlyArray<InstanceTypeSpec>;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly zones: ReadonlyArray<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: ReadonlyArray<NodeTaint>;
  readonly efa: boolean;
  readonly placementGroup: boolean;
  readonly rootVolumeGiB: number;
  readonly onDemandFallback: boolean;
  readonly checkpointNoncurrentDays: number;
  readonly preventDestroy: boolean;
  /** Service account of the termination handler (kube-system). */
  readonly terminationHandlerServiceAccount?: string;
  /** Service account training pods use to reach the checkpoint bucket. */
  readonly trainerServiceAccount: { readonly namespace: string; readonly name: string };
  /** Reserved capacity for the fallback group (ODCR or Capacity Block). */
  readonly fallbackCapacity?: {
    readonly reservation: CapacityReservationTarget;
    readonly capacityBlock: boolean;
    readonly targetsPlacementGroup: boolean;
  };
}

/**
 * The AWS side of SpotTrainingPool: the spot node group (and an on-demand
 * fallback at zero) through the shared GPU node-group mechanism, the
 * interruption queue (SQS, KMS) fed by EventBridge, the termination handler's
 * and the trainers' Pod Identity roles, and the checkpoint bucket.
 */
export class AwsSpotTrainingPool extends Construct {
  public readonly spotNodes: GpuNodeGroup;
  public readonly fallbackNodes?: GpuNodeGroup;
  public readonly key: CustomerKey;
  public readonly queue: SqsQueue;
  public readonly queuePolicy: SqsQueuePolicy;
  public readonly eventRules: CloudwatchEventRule[] = [];
  public readonly checkpoints: SecureBucket;
  public readonly terminationHandlerRole?: IamRole;
  public readonly trainerRole: IamRole;

  constructor(scope: Construct, id: string, props: AwsSpotTrainingPoolProps) {
    super(scope, id);
    const stack = AiInfraStack.of(this);
    const partition = awsPartition(stack.region);
    const refs = props.cluster.nodeGroupRefs();
    const reserved = props.fallbackCapacity;
    const nodeGroup = (gid: string, capacityType: 'SPOT' | 'ON_DEMAND' | 'CAPACITY_BLOCK', min: number, labels: Record<string, string>, shareWith?: GpuNodeGroup) =>
      new GpuNodeGroup(this, gid, {
        cluster: refs,
        where: props.where,
        instanceTypes: props.types,
        capacityType,
        minSize: min,
        desiredSize: min,
        maxSize: props.maxNodes,
        zones: props.zones,
        labels,
        taints: props.taints,
        rootVolumeGiB: props.rootVolumeGiB,
        efa: props.efa,
        placementGroup: props.placementGroup,
        imdsHopLimit: props.cluster.imdsHopLimit,
        nameSuffix: `${props.nameSuffix}-${capacityType === 'SPOT' ? 'spot' : 'od'}`,
        shareWith,
        ...(capacityType !== 'SPOT' && reserved
          ? {
            capacityReservation: reserved.reservation,
            reservationTargetsPlacementGroup: reserved.targetsPlacementGroup,
            fields: { capacityReservation: 'aws.fallbackCapacityReservation' },
          }
          : {}),
      });
    this.spotNodes = nodeGroup('SpotNodes', 'SPOT', props.minNodes, { ...props.labels, 'ai-infra/capacity': 'spot' });
    if (props.onDemandFallback) {
      const fallbackType = reserved?.capacityBlock ? 'CAPACITY_BLOCK' : 'ON_DEMAND';
      const capacityLabel = reserved ? (reserved.capacityBlock ? 'capacity-block' : 'reserved') : 'on-demand';
      this.fallbackNodes = nodeGroup('OnDemandFallback', fallbackType, 0, { ...props.labels, 'ai-infra/capacity': capacityLabel }, this.spotNodes);
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
    if (props.terminationHandlerServiceAccount) {
      this.terminationHandlerRole = new IamRole(this, 'TerminationHandlerRole', {
        name: stack.physicalName(`${props.nameSuffix}-nth`, { maxLength: 64 }),
        assumeRolePolicy: podIdentityTrust(this, 'TerminationHandlerTrust', {
          account: stack.awsAccountId!,
          clusterArn: props.cluster.cluster.arn,
          namespace: 'kube-system',
          serviceAccount: props.terminationHandlerServiceAccount,
        }).json,
      });
      const nth = new DataAwsIamPolicyDocument(this, 'TerminationHandlerPolicyDocument', {
        statement: [
          { sid: 'ReadQueue', actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], resources: [this.queue.arn] },
          { sid: 'DecryptQueue', actions: ['kms:Decrypt'], resources: [this.key.arn] },
          { sid: 'Describe', actions: ['ec2:DescribeInstances', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeTags'], resources: ['*'] },
          {
            sid: 'CompleteLifecycleOfNodeGroups',
            actions: ['autoscaling:CompleteLifecycleAction'],
            resources: [`arn:${partition}:autoscaling:${stack.region}:${stack.awsAccountId}:autoScalingGroup:*:autoScalingGroupName/eks-*`],
          },
        ],
      });
      new IamRolePolicy(this, 'TerminationHandlerPolicy', { role: this.terminationHandlerRole.id, name: 'termination-handler', policy: nth.json });
      props.cluster.addPodIdentity(`-${props.nameSuffix}-TerminationHandler`, {
        namespace: 'kube-system',
        serviceAccount: props.terminationHandlerServiceAccount,
        roleArn: this.terminationHandlerRole.arn,
      });
    }

    // Checkpoints: versioned, SSE-KMS, public access blocked, TLS only, old versions expire.
    this.checkpoints = new SecureBucket(this, 'Checkpoints', {
      nameSuffix: `${props.nameSuffix}-ckpt`,
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpirationDays: props.checkpointNoncurrentDays,
      preventDestroy: props.preventDestroy,
    });

    this.trainerRole = new IamRole(this, 'TrainerRole', {
      name: stack.physicalName(`${props.nameSuffix}-trainer`, { maxLength: 64 }),
      assumeRolePolicy: podIdentityTrust(this, 'TrainerTrust', {
        account: stack.awsAccountId!,
        clusterArn: props.cluster.cluster.arn,
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
    props.cluster.addPodIdentity(`-${props.nameSuffix}-Trainer`, {
      namespace: props.trainerServiceAccount.namespace,
      serviceAccount: props.trainerServiceAccount.name,
      roleArn: this.trainerRole.arn,
    });
  }
}
