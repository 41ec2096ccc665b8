import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ClusterBaseline } from './cluster-baseline';
import { DevicePlugins } from './device-plugins';
import type { ClusterConnection, IGpuCluster } from '../core/plans';
import { configureStateBackend, StateBackendSettings } from '../core/state-backend';
import { AiInfraError } from '../errors';


export interface ClusterWorkloadStackProps {
  readonly connection: ClusterConnection;
  /** Name of the cluster, for descriptions. */
  readonly clusterName: string;
  /**
   * Remote state backend (the cluster stack's): this stack keeps its own key in it.
   * @default - local state
   */
  readonly stateBackend?: StateBackendSettings;
}

const WORKLOAD_STACK = Symbol.for('cdktf-ai-infra.ClusterWorkloadStack');

/**
 * The stack in-cluster resources live in: its own TerraformStack (state and
 * plan) beside the cloud stack in the same App, with the Kubernetes and Helm
 * providers configured for one cluster through cross-stack references. The
 * cloud stack plans without a cluster; this one is applied after it.
 *
 * It always carries the cluster baseline (namespaces, priority classes); the
 * device plugins are added by the pools that need them.
 */
export class ClusterWorkloadStack extends TerraformStack {
  /** True when `scope` is (or is inside) a workload stack. */
  public static isWorkloadStack(x: unknown): x is ClusterWorkloadStack {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[WORKLOAD_STACK] === true;
  }

  public readonly kubernetesProvider: KubernetesProvider;
  public readonly helmProvider: HelmProvider;
  public readonly baseline: ClusterBaseline;
  public readonly devicePlugins: DevicePlugins;
  public readonly clusterName: string;

  constructor(scope: Construct, id: string, props: ClusterWorkloadStackProps) {
    super(scope, id);
    Object.defineProperty(this, WORKLOAD_STACK, { value: true });
    this.clusterName = props.clusterName;
    if (props.stateBackend) configureStateBackend(this, props.stateBackend, id);
    const c = props.connection;
    const ca = Fn.base64decode(c.clusterCaCertificateBase64);
    this.kubernetesProvider = new KubernetesProvider(this, 'kubernetes', {
      host: c.host,
      clusterCaCertificate: ca,
      exec: [{ apiVersion: 'client.authentication.k8s.io/v1beta1', command: c.exec.command, args: [...c.exec.args] }],
    });
    this.helmProvider = new HelmProvider(this, 'helm', {
      kubernetes: {
        host: c.host,
        clusterCaCertificate: ca,
        exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: c.exec.command, args: [...c.exec.args] },
      },
    });
    this.baseline = new ClusterBaseline(this, 'Baseline');
    this.devicePlugins = new DevicePlugins(this, 'DevicePlugins');
  }
}

/** The workload stack of a cluster (creating it on first use), or an AiInfraError for a cluster whose scope is not one. */
export function workloadStackOf(cluster: IGpuCluster): ClusterWorkloadStack {
  const scope: IConstruct = cluster.workloadScope();
  if (!ClusterWorkloadStack.isWorkloadStack(scope)) {
    throw new AiInfraError({
      where: cluster.node.path,
      field: 'cluster',
      given: scope.node.path,
      allowed: 'a cluster whose workloadScope() is a ClusterWorkloadStack (a GpuCluster of this library)',
    });
  }
  return scope;
}
