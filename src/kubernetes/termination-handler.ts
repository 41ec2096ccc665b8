import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { z } from 'zod';
import { parseOrThrow } from '../errors';
import { kubernetesName } from './schemas';

/**
 * The chart as the NTH project publishes it since 0.22: an OCI chart in ECR Public. The copy in eks-charts stopped at
 * 0.21.0 and was removed from that repository, so `https://aws.github.io/eks-charts` has no 0.27.x.
 */
export const TERMINATION_HANDLER_CHART = {
  repository: 'oci://public.ecr.aws/aws-ec2/helm',
  chart: 'aws-node-termination-handler',
  version: '0.27.2',
  namespace: 'kube-system',
} as const;

export interface TerminationHandlerProps {
  /** Helm release name (one per pool). */
  readonly releaseName: string;
  /** Service account the pod-identity association names. */
  readonly serviceAccount: string;
  /** URL of the SQS queue the EventBridge rules feed. */
  readonly queueUrl: string;
  readonly region: string;
  /**
   * Tag key the pool's instances carry: the handler drains only instances
   * with it (`checkTagBeforeDraining`), so it never drains another pool's
   * nodes even though every queue receives every interruption event.
   */
  readonly managedTag: string;
}

const terminationHandlerSchema = z
  .object({
    releaseName: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,51}[a-z0-9])?$/, 'a Helm release name (lowercase letters, digits and hyphens, 1-53 chars)'),
    serviceAccount: kubernetesName,
    queueUrl: z.string().min(1),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region ("us-east-1")'),
    managedTag: z.string().regex(/^[\w.:/=+\-@]{1,128}$/, 'an EC2 tag key (1-128 letters, digits, spaces or _.:/=+-@)'),
  })
  .strict();

/**
 * aws-node-termination-handler in queue mode: a Deployment (on the system
 * nodes) that reads spot interruption, rebalance, state-change and scheduled
 * events from the pool's queue and cordons and drains the node before EC2
 * takes it. Credentials come from EKS Pod Identity (no IMDS access needed).
 */
export class TerminationHandler extends Construct {
  public readonly release: Release;

  constructor(scope: Construct, id: string, given: TerminationHandlerProps) {
    super(scope, id);
    const props = parseOrThrow(terminationHandlerSchema, given, this.node.path);
    const values = {
      enableSqsTerminationDraining: true,
      queueURL: props.queueUrl,
      awsRegion: props.region,
      enableRebalanceDraining: true,
      deleteSqsMsgIfNodeNotFound: true,
      checkTagBeforeDraining: true,
      managedTag: props.managedTag,
      serviceAccount: { create: true, name: props.serviceAccount },
      nodeSelector: { 'ai-infra/pool': 'system' },
      securityContext: { runAsNonRoot: true },
    };
    this.release = new Release(this, 'Resource', {
      name: props.releaseName,
      repository: TERMINATION_HANDLER_CHART.repository,
      chart: TERMINATION_HANDLER_CHART.chart,
      version: TERMINATION_HANDLER_CHART.version,
      namespace: TERMINATION_HANDLER_CHART.namespace,
      values: [JSON.stringify(values)],
      atomic: true,
      cleanupOnFail: true,
    });
  }
}
