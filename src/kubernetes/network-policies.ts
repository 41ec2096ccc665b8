import { NetworkPolicyV1, NetworkPolicyV1SpecIngressFrom } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/** Who may connect: pods of named namespaces, pods with labels (in the policy's namespace), or address ranges. */
export interface IngressPeers {
  /** Namespaces (by name) whose pods may connect. @default - none */
  readonly namespaces?: ReadonlyArray<string>;
  /** Labels of pods in the policy's own namespace that may connect. @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** CIDRs that may connect (the VPC, for the managed scraper and the EKS control plane). @default - none */
  readonly cidrs?: ReadonlyArray<string>;
}

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' };

/**
 * Denies all ingress to the pods of `namespace` not allowed by another policy
 * (NetworkPolicies add up: a pod is reachable by the union of the policies
 * that select it).
 */
export function denyIngress(scope: Construct, id: string, namespace: string, dependsOn: ITerraformDependable[] = []): NetworkPolicyV1 {
  return new NetworkPolicyV1(scope, id, {
    metadata: { name: 'deny-ingress', namespace, labels: MANAGED_BY },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
    dependsOn,
  });
}

/** Allows `peers` to reach the pods of `namespace` that carry `podLabels` (all pods when empty), on `ports` (all when absent). */
export function allowIngress(
  scope: Construct,
  id: string,
  opts: {
    readonly name: string;
    readonly namespace: string;
    readonly podLabels: Readonly<Record<string, string>>;
    readonly peers: IngressPeers;
    readonly ports?: ReadonlyArray<number | string>;
    readonly dependsOn?: ITerraformDependable[];
  },
): NetworkPolicyV1 {
  const from: NetworkPolicyV1SpecIngressFrom[] = [
    ...(opts.peers.namespaces?.length
      ? [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...opts.peers.namespaces] }] } }]
      : []),
    ...(opts.peers.podLabels ? [{ podSelector: { matchLabels: { ...opts.peers.podLabels } } }] : []),
    ...(opts.peers.cidrs ?? []).map((cidr) => ({ ipBlock: { cidr } })),
  ];
  // An ingress rule without peers admits every source: never write one.
  if (from.length === 0) throw new Error(`${scope.node.path}/${id}: an ingress rule needs at least one peer`);
  return new NetworkPolicyV1(scope, id, {
    metadata: { name: opts.name, namespace: opts.namespace, labels: MANAGED_BY },
    spec: {
      podSelector: Object.keys(opts.podLabels).length ? { matchLabels: { ...opts.podLabels } } : {},
      policyTypes: ['Ingress'],
      ingress: [{ from, ...(opts.ports ? { ports: opts.ports.map((p) => ({ port: String(p), protocol: 'TCP' })) } : {}) }],
    },
    dependsOn: opts.dependsOn ?? [],
  });
}

/** Pods of the monitoring namespace that others must reach, with the ports they serve (chart defaults). */
export const MONITORING_TARGETS = {
  dcgmExporter: { labels: { 'app.kubernetes.io/name': 'dcgm-exporter' }, ports: [9400] },
  kubeStateMetrics: { labels: { 'app.kubernetes.io/name': 'kube-state-metrics' }, ports: [8080] },
  // The API server (EKS control-plane ENIs in the cluster's subnets) calls the adapter for custom.metrics.k8s.io.
  prometheusAdapter: { labels: { 'app.kubernetes.io/name': 'prometheus-adapter' }, ports: [6443] },
} as const;

/**
 * The monitoring namespace's policies: deny ingress; the exporters reachable
 * from the namespace's own pods (a collector you run there) and from the VPC
 * (the managed scraper's and the control plane's ENIs); the adapter from the
 * VPC. The SigV4 proxy gets its own policy from CustomMetricsAdapter.
 */
export function monitoringNetworkPolicies(
  scope: Construct,
  opts: { readonly namespace: string; readonly vpcCidr: string; readonly dependsOn: ITerraformDependable[] },
): NetworkPolicyV1[] {
  const { namespace, vpcCidr, dependsOn } = opts;
  return [
    denyIngress(scope, 'DenyIngress', namespace, dependsOn),
    ...Object.entries(MONITORING_TARGETS).map(([key, t]) =>
      allowIngress(scope, `Allow-${key}`, {
        name: `allow-${t.labels['app.kubernetes.io/name']}`,
        namespace,
        podLabels: t.labels,
        peers: key === 'prometheusAdapter' ? { cidrs: [vpcCidr] } : { podLabels: {}, cidrs: [vpcCidr] },
        ports: t.ports,
        dependsOn,
      }),
    ),
  ];
}
