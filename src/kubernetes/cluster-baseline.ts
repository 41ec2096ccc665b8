import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { PriorityClassV1 } from '@cdktf/provider-kubernetes/lib/priority-class-v1';
import { Construct } from 'constructs';

/** Namespaces the library's workloads go into. */
export const NAMESPACES = { training: 'ai-training', inference: 'ai-inference', system: 'ai-system' } as const;

/**
 * Priority classes: serving outranks training, and training never preempts
 * (a preempted inference replica drops live requests; a training job resumes
 * from its checkpoint).
 */
export const PRIORITY_CLASSES = {
  inference: { name: 'ai-inference', value: 1_000_000, preemptionPolicy: 'PreemptLowerPriority' },
  training: { name: 'ai-training', value: 100_000, preemptionPolicy: 'Never' },
} as const;

/** What every cluster gets in its workload stack: the namespaces and priority classes. */
export class ClusterBaseline extends Construct {
  public readonly namespaces: Record<keyof typeof NAMESPACES, NamespaceV1>;
  public readonly priorityClasses: Record<keyof typeof PRIORITY_CLASSES, PriorityClassV1>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = (key: keyof typeof NAMESPACES) =>
      new NamespaceV1(this, `Namespace-${key}`, {
        metadata: { name: NAMESPACES[key], labels: { 'app.kubernetes.io/managed-by': 'cdktf-ai-infra', 'pod-security.kubernetes.io/warn': 'restricted' } },
      });
    this.namespaces = { training: ns('training'), inference: ns('inference'), system: ns('system') };
    const pc = (key: keyof typeof PRIORITY_CLASSES) =>
      new PriorityClassV1(this, `PriorityClass-${key}`, {
        metadata: { name: PRIORITY_CLASSES[key].name },
        value: PRIORITY_CLASSES[key].value,
        preemptionPolicy: PRIORITY_CLASSES[key].preemptionPolicy,
        globalDefault: false,
        description: `cdktf-ai-infra ${key} workloads`,
      });
    this.priorityClasses = { inference: pc('inference'), training: pc('training') };
  }
}
