import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PriorityClassV1 } from '@cdktf/provider-kubernetes/lib/priority-class-v1';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { allowIngress, denyIngress } from './network-policies';

/** Namespace of the ObservabilityStack's in-cluster parts (exporters, custom-metrics adapter, a collector you run). */
export const MONITORING_NAMESPACE = 'ai-infra-monitoring';

/** Namespaces the library's workloads go into. */
export const NAMESPACES = { training: 'ai-training', inference: 'ai-inference', system: 'ai-system' } as const;

/** Pod Security Standard levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** Annotation that records why a namespace enforces less than `restricted`. */
export const POD_SECURITY_REASON_ANNOTATION = 'ai-infra/pod-security-reason';

/**
 * What each namespace enforces by default, and why where it is less than
 * `restricted`. Every namespace warns and audits at `restricted`, so a pod
 * that could be tightened shows up in `kubectl` output and the audit log.
 */
export const POD_SECURITY: Readonly<Record<keyof typeof NAMESPACES, { readonly enforce: PodSecurityLevel; readonly reason?: string }>> = {
  inference: { enforce: 'restricted' },
  system: { enforce: 'restricted' },
  training: {
    enforce: 'baseline',
    reason: 'training images (PyTorch, NeMo, Megatron) commonly run as root and NCCL over EFA needs IPC_LOCK, which restricted forbids; baseline still refuses privileged pods, host namespaces and hostPath',
  },
};

/** Labels of a namespace that enforces `level` and warns and audits at `restricted`. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
  };
}

/**
 * Priority classes: serving outranks training, and training never preempts
 * (a preempted inference replica drops live requests; a training job resumes
 * from its checkpoint).
 */
export const PRIORITY_CLASSES = {
  inference: { name: 'ai-inference', value: 1_000_000, preemptionPolicy: 'PreemptLowerPriority' },
  training: { name: 'ai-training', value: 100_000, preemptionPolicy: 'Never' },
} as const;

/** The two policies every library namespace gets. */
export interface NamespacePolicies {
  readonly denyIngress: NetworkPolicyV1;
  readonly allowSameNamespace: NetworkPolicyV1;
}

/**
 * What every cluster gets in its workload stack: the namespaces (Pod Security
 * labels, and NetworkPolicies that deny ingress from other namespaces), and
 * the priority classes.
 */
export class ClusterBaseline extends Construct {
  public readonly namespaces: Record<keyof typeof NAMESPACES, NamespaceV1>;
  public readonly priorityClasses: Record<keyof typeof PRIORITY_CLASSES, PriorityClassV1>;
  /** Per namespace: `deny-ingress` (everything) and `allow-same-namespace` (pods of the namespace itself). */
  public readonly networkPolicies: Record<keyof typeof NAMESPACES, NamespacePolicies>;

  private readonly podSecurity: Record<keyof typeof NAMESPACES, { enforce: PodSecurityLevel; reason?: string }> = {
    inference: { ...POD_SECURITY.inference },
    system: { ...POD_SECURITY.system },
    training: { ...POD_SECURITY.training },
  };

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = (key: keyof typeof NAMESPACES) =>
      new NamespaceV1(this, `Namespace-${key}`, {
        metadata: {
          name: NAMESPACES[key],
          // Read at synth, so a pool that needs a weaker level (a root model server) can relax it with a reason.
          labels: Lazy.anyValue({ produce: () => ({ 'app.kubernetes.io/managed-by': 'cdktf-ai-infra', ...podSecurityLabels(this.podSecurity[key].enforce) }) }) as unknown as Record<string, string>,
          annotations: Lazy.anyValue({
            produce: () => (this.podSecurity[key].reason ? { [POD_SECURITY_REASON_ANNOTATION]: this.podSecurity[key].reason } : undefined),
          }) as unknown as Record<string, string>,
        },
      });
    this.namespaces = { training: ns('training'), inference: ns('inference'), system: ns('system') };
    const policies = (key: keyof typeof NAMESPACES) => ({
      denyIngress: denyIngress(this, `DenyIngress-${key}`, NAMESPACES[key], [this.namespaces[key]]),
      allowSameNamespace: allowIngress(this, `AllowSameNamespace-${key}`, {
        name: 'allow-same-namespace',
        namespace: NAMESPACES[key],
        podLabels: {},
        peers: { namespaces: [NAMESPACES[key]] },
        dependsOn: [this.namespaces[key]],
      }),
    });
    this.networkPolicies = { training: policies('training'), inference: policies('inference'), system: policies('system') };
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

  /** The level a namespace enforces, and why when it is less than `restricted`. */
  public podSecurityOf(key: keyof typeof NAMESPACES): { readonly enforce: PodSecurityLevel; readonly reason?: string } {
    return { ...this.podSecurity[key] };
  }

  /**
   * Lowers what a namespace enforces (never raises it back), for a workload
   * that cannot meet the current level; the reason is written on the namespace.
   */
  public relaxPodSecurity(key: keyof typeof NAMESPACES, level: PodSecurityLevel, reason: string): void {
    const order: PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];
    if (order.indexOf(level) <= order.indexOf(this.podSecurity[key].enforce)) return;
    this.podSecurity[key] = { enforce: level, reason };
  }
}
