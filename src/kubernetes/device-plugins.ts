import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';

/**
 * Helm charts of the device plugins, with the versions we checked the values against.
 * The EFA chart is published in eks-charts with a `v` prefix (`v0.5.7`), so the version is pinned as published.
 */
export const DEVICE_PLUGIN_CHARTS = {
  nvidia: { repository: 'https://nvidia.github.io/k8s-device-plugin', chart: 'nvidia-device-plugin', version: '0.17.1', namespace: 'kube-system' },
  efa: { repository: 'https://aws.github.io/eks-charts', chart: 'aws-efa-k8s-device-plugin', version: 'v0.5.7', namespace: 'kube-system' },
  neuron: { repository: 'oci://public.ecr.aws/neuron', chart: 'neuron-helm-chart', version: '1.1.1', namespace: 'kube-system' },
} as const;

export type DevicePluginKind = keyof typeof DEVICE_PLUGIN_CHARTS;

/** Runs the plugin on every node that carries the label, whatever the node's taints. */
const tolerateAll = [{ operator: 'Exists' }];

/** Node labels GPU node groups carry (see acceleratorLabels in the AWS node-group mechanism). */
export const DEVICE_NODE_LABELS: Readonly<Record<DevicePluginKind, string>> = {
  nvidia: 'nvidia.com/gpu.present',
  efa: 'vpc.amazonaws.com/efa.present',
  neuron: 'aws.amazon.com/neuron.present',
};

function valuesFor(kind: DevicePluginKind): Record<string, unknown> {
  const nodeSelector = { [DEVICE_NODE_LABELS[kind]]: 'true' };
  switch (kind) {
    case 'nvidia':
      // The chart's default affinity already matches `nvidia.com/gpu.present=true`; GPU feature discovery stays off.
      return { tolerations: tolerateAll, nodeSelector, gfd: { enabled: false }, nfd: { enabled: false } };
    case 'efa':
      // The chart has no `affinity` value: its DaemonSet always requires `supportedInstanceLabels.keys` In
      // `supportedInstanceLabels.values`, by default a fixed list of instance types that lags new EFA types.
      // Pointing it at our own node label makes it follow the pools instead (lists replace, not merge).
      return {
        tolerations: tolerateAll,
        nodeSelector,
        supportedInstanceLabels: { keys: [DEVICE_NODE_LABELS.efa], values: ['true'] },
      };
    case 'neuron':
      return { devicePlugin: { enabled: true, tolerations: tolerateAll, nodeSelector }, npd: { enabled: false }, scheduler: { enabled: false } };
  }
}

/**
 * Device plugins, installed once per cluster through Helm when a pool needs
 * them: NVIDIA (GPUs: `nvidia.com/gpu`), EFA (`vpc.amazonaws.com/efa`) and
 * Neuron (`aws.amazon.com/neuron`). Each runs only on nodes with the matching
 * label and tolerates every taint, so tainted GPU pools still get it.
 */
export class DevicePlugins extends Construct {
  private readonly releases: Partial<Record<DevicePluginKind, Release>> = {};

  /** Installs a plugin (once; later calls return the same release). */
  public enable(kind: DevicePluginKind): Release {
    const existing = this.releases[kind];
    if (existing) return existing;
    const c = DEVICE_PLUGIN_CHARTS[kind];
    const release = new Release(this, kind, {
      name: `${kind}-device-plugin`,
      repository: c.repository,
      chart: c.chart,
      version: c.version,
      namespace: c.namespace,
      values: [JSON.stringify(valuesFor(kind))],
      atomic: true,
      cleanupOnFail: true,
    });
    this.releases[kind] = release;
    return release;
  }

  /** The release of a plugin, if enabled. */
  public release(kind: DevicePluginKind): Release | undefined {
    return this.releases[kind];
  }
}
