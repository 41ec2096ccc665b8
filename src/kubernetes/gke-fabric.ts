import { DaemonSetV1, DaemonSetV1SpecTemplateSpecInitContainer } from '@cdktf/provider-kubernetes/lib/daemon-set-v1';
import { Construct } from 'constructs';
import { CustomResources, KubernetesObject } from './custom-resources';

/**
 * The in-cluster half of a GKE GPUDirect fabric: the NCCL plugin installer
 * DaemonSet (TCPX, TCPXO or gIB), the NRI device injector where
 * cluster-toolkit uses one (TCPX, TCPXO), and the GKE multi-networking
 * objects (one GKENetworkParamSet + Network per additional NIC); and
 * `gkeFabricPodSpec`, what a multi-node pod adds to use the fabric.
 *
 * Images and versions: gcp-facts §2.2-2.4, from cluster-toolkit
 * `modules/compute/gke-node-pool/gpu_direct.tf`, `examples/gke-a3-megagpu`,
 * `examples/gke-a3-highgpu`, `examples/gke-a3-ultragpu` and
 * `modules/management/kubectl-apply` at 1047080, which pin
 * GoogleCloudPlatform/container-engine-accelerators manifests.
 */

export type GkeGpuDirectFabric = 'gpudirect-tcpx' | 'gpudirect-tcpxo' | 'gpudirect-rdma';

const CT = 'GoogleCloudPlatform/cluster-toolkit@1047080';

/** NCCL plugin installers by fabric: image (pinned tag) and where the pin comes from. */
export const NCCL_INSTALLERS: Readonly<Record<GkeGpuDirectFabric, { readonly name: string; readonly image: string; readonly source: string }>> = {
  'gpudirect-tcpxo': {
    name: 'nccl-tcpxo-installer',
    image: 'us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/nccl-plugin-gpudirecttcpx-dev:v1.0.14',
    source: `${CT} modules/compute/gke-node-pool/gpu_direct.tf (nccl_plugin v1.0.14); container-engine-accelerators gpudirect-tcpxo/nccl-tcpxo-installer.yaml`,
  },
  'gpudirect-tcpx': {
    name: 'nccl-tcpx-installer',
    image: 'us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/nccl-plugin-gpudirecttcpx-dev:v3.1.9',
    source: `${CT} modules/compute/gke-node-pool/gpu_direct.tf (nccl_plugin v3.1.9 for tcpx); container-engine-accelerators gpudirect-tcpx/nccl-tcpx-installer.yaml`,
  },
  'gpudirect-rdma': {
    name: 'nccl-rdma-installer',
    image: 'us-docker.pkg.dev/gce-ai-infra/gpudirect-gib/nccl-plugin-gib:v1.1.0',
    source: `${CT} examples/gke-a3-ultragpu/nccl-installer.yaml.tftpl; modules/management/kubectl-apply/variables.tf (gIB v1.1.0)`,
  },
};

/** RxDM (receive-datapath manager) sidecars, version-matched to the installers above. */
export const RXDM_IMAGES = {
  'gpudirect-tcpxo': 'us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/tcpgpudmarxd-dev:v1.0.20',
  'gpudirect-tcpx': 'us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/tcpgpudmarxd-dev:v2.0.12',
} as const;

/** NRI device injector (exposes the GPU and DMA-buf devices to the RxDM sidecar), pinned by digest as cluster-toolkit pins it. */
export const NRI_DEVICE_INJECTOR_IMAGE = 'gcr.io/gke-release/nri-device-injector@sha256:6e79483d52abdc28454bf186320b10a56b0f117a10e8d65d5c74dbb821a76970';

/** The installers' idle container (they do their work in init containers). */
export const PAUSE_IMAGE = 'gke.gcr.io/pause:3.8@sha256:880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830';

/**
 * Host-side helper images of the init steps. Upstream uses `ubuntu` and
 * `alpine:latest`; they are pinned to a release here so a rebuilt tag never
 * changes what runs privileged on the nodes.
 */
export const HOST_HELPER_IMAGES = { ubuntu: 'ubuntu:24.04', alpine: 'alpine:3.20' } as const;

/** One additional NIC as GKE multi-networking sees it. */
export interface GkeFabricNetwork {
  /** GKENetworkParamSet / Network name (`vpc1`, `rdma-0`). */
  readonly name: string;
  /** VPC name. */
  readonly vpc: string;
  /** Subnet name. */
  readonly subnet: string;
  readonly deviceMode: 'NetDevice' | 'RDMA';
  /** Interface name in the pod (`eth1`). */
  readonly interfaceName: string;
  /** Whether multi-node pods attach it. */
  readonly podAttached: boolean;
}

/** What the workload side needs to know about a cluster's GPU fabric. */
export interface GkeFabricSpec {
  readonly fabric: GkeGpuDirectFabric;
  /** GKE accelerator name of the nodes (`nvidia-h100-mega-80gb`), which the DaemonSets select on. */
  readonly acceleratorType: string;
  /** GPUs per node (the RxDM sidecar's device list). */
  readonly gpusPerNode: number;
  readonly networks: ReadonlyArray<GkeFabricNetwork>;
}

/** A volume in the Kubernetes provider's spelling. */
export interface FabricVolume {
  readonly name: string;
  readonly hostPath?: { readonly path: string };
  readonly emptyDir?: Record<string, never>;
}

/** A container in the Kubernetes provider's spelling (the fields the sidecars use). */
export interface FabricContainer {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly env: { readonly name: string; readonly value: string }[];
  readonly securityContext: { readonly capabilities: { readonly add: string[] } };
  readonly volumeMount: { readonly name: string; readonly mountPath: string }[];
}

/** What a multi-node pod adds to use the fabric. */
export interface GkeFabricPodSpec {
  /** Pod annotations: the interfaces (and, for TCPX/TCPXO, the devices of the RxDM sidecar). */
  readonly annotations: Record<string, string>;
  /** Environment of every GPU container. */
  readonly env: { readonly name: string; readonly value: string }[];
  /** Volume mounts of every GPU container. */
  readonly volumeMounts: { readonly name: string; readonly mountPath: string }[];
  /** Pod volumes. */
  readonly volumes: FabricVolume[];
  /** Containers to add beside the workload (the RxDM sidecar for TCPX/TCPXO; none for RDMA). */
  readonly sidecars: FabricContainer[];
}

/**
 * What a multi-node training or inference pod on a GPUDirect fabric needs,
 * as cluster-toolkit's `enable-tcpx(o)-in-workload.py` and its RDMA job
 * examples add it: the `networking.gke.io` interface annotations (eth0 the
 * default network, then the fabric's pod NICs), the RxDM sidecar with its
 * device annotation (TCPX/TCPXO), and the env and mounts of the GPU
 * containers (`NCCL_NET=gIB` for RDMA; source
 * `/usr/local/gib/scripts/set_nccl_env.sh` in the job for the tuned NCCL
 * settings).
 */
export function gkeFabricPodSpec(spec: GkeFabricSpec): GkeFabricPodSpec {
  const podNics = spec.networks.filter((n) => n.podAttached);
  const interfaces = [
    { interfaceName: 'eth0', network: 'default' },
    ...podNics.map((n) => ({ interfaceName: n.interfaceName, network: n.name })),
  ];
  const annotations: Record<string, string> = {
    'networking.gke.io/default-interface': 'eth0',
    'networking.gke.io/interfaces': JSON.stringify(interfaces),
  };
  const gpus = Array.from({ length: spec.gpusPerNode }, (_, i) => `/dev/nvidia${i}`);
  const ld = { name: 'LD_LIBRARY_PATH', value: '/usr/local/nvidia/lib64' };
  const deviceList = (devices: string[]) => devices.map((d) => `- path: ${d}`).join('\n');

  switch (spec.fabric) {
    case 'gpudirect-tcpxo':
      return {
        annotations: {
          ...annotations,
          'devices.gke.io/container.tcpxo-daemon': deviceList([...gpus, '/dev/nvidiactl', '/dev/nvidia-uvm', '/dev/dmabuf_import_helper']),
        },
        env: [ld, { name: 'NCCL_FASTRAK_LLCM_DEVICE_DIRECTORY', value: '/dev/aperture_devices' }],
        volumeMounts: [{ name: 'aperture-devices', mountPath: '/dev/aperture_devices' }],
        volumes: [
          { name: 'nvidia-install-dir-host', hostPath: { path: '/home/kubernetes/bin/nvidia' } },
          { name: 'sys', hostPath: { path: '/sys' } },
          { name: 'proc-sys', hostPath: { path: '/proc/sys' } },
          { name: 'aperture-devices', hostPath: { path: '/dev/aperture_devices' } },
        ],
        sidecars: [
          {
            name: 'tcpxo-daemon',
            image: RXDM_IMAGES['gpudirect-tcpxo'],
            imagePullPolicy: 'IfNotPresent',
            command: ['/bin/sh', '-c'],
            args: [`set -ex\nchmod 755 /fts/entrypoint_rxdm_container.sh\n/fts/entrypoint_rxdm_container.sh --num_hops=2 --num_nics=${podNics.length} --uid= --alsologtostderr`],
            env: [ld],
            securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_BIND_SERVICE'] } },
            volumeMount: [
              { name: 'nvidia-install-dir-host', mountPath: '/usr/local/nvidia' },
              { name: 'sys', mountPath: '/hostsysfs' },
              { name: 'proc-sys', mountPath: '/hostprocsysfs' },
            ],
          },
        ],
      };
    case 'gpudirect-tcpx':
      return {
        annotations: { ...annotations, 'devices.gke.io/container.tcpx-daemon': deviceList([...gpus, '/dev/nvidiactl', '/dev/nvidia-uvm']) },
        env: [ld],
        volumeMounts: [
          { name: 'tcpx-socket', mountPath: '/tmp' },
          { name: 'libraries', mountPath: '/usr/local/nvidia/lib64' },
        ],
        volumes: [
          { name: 'libraries', hostPath: { path: '/home/kubernetes/bin/nvidia/lib64' } },
          { name: 'tcpx-socket', emptyDir: {} },
          { name: 'sys', hostPath: { path: '/sys' } },
          { name: 'proc-sys', hostPath: { path: '/proc/sys' } },
        ],
        sidecars: [
          {
            name: 'tcpx-daemon',
            image: RXDM_IMAGES['gpudirect-tcpx'],
            imagePullPolicy: 'IfNotPresent',
            command: ['/tcpgpudmarxd/build/app/tcpgpudmarxd', '--gpu_nic_preset', 'a3vm', '--gpu_shmem_type', 'fd', '--uds_path', '/run/tcpx', '--setup_param', '--verbose 128 2 0 '],
            env: [ld],
            securityContext: { capabilities: { add: ['NET_ADMIN'] } },
            volumeMount: [
              { name: 'libraries', mountPath: '/usr/local/nvidia/lib64' },
              { name: 'tcpx-socket', mountPath: '/run/tcpx' },
              { name: 'sys', mountPath: '/hostsysfs' },
              { name: 'proc-sys', mountPath: '/hostprocsysfs' },
            ],
          },
        ],
      };
    case 'gpudirect-rdma':
      return {
        annotations,
        env: [ld, { name: 'NCCL_NET', value: 'gIB' }],
        volumeMounts: [{ name: 'gib', mountPath: '/usr/local/gib' }],
        volumes: [{ name: 'gib', hostPath: { path: '/home/kubernetes/bin/gib' } }],
        sidecars: [],
      };
  }
}

/**
 * The GKE multi-networking objects of one NIC, as cluster-toolkit's
 * gke-cluster module templates them (`gke-network-paramset.yaml.tftpl`,
 * `network-object.yaml.tftpl`).
 */
export function gkeNetworkObjects(n: GkeFabricNetwork): KubernetesObject[] {
  return [
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'GKENetworkParamSet',
      metadata: { name: n.name },
      spec: { vpc: n.vpc, vpcSubnet: n.subnet, deviceMode: n.deviceMode },
    },
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'Network',
      metadata: { name: n.name },
      spec: { type: 'Device', parametersRef: { group: 'networking.gke.io', kind: 'GKENetworkParamSet', name: n.name } },
    },
  ];
}

export interface GkeFabricWorkloadsProps {
  readonly spec: GkeFabricSpec;
}

const tolerateAll = [{ operator: 'Exists' }];

/**
 * The fabric's in-cluster pieces, in the cluster's workload stack:
 *
 * - the NCCL plugin installer DaemonSet of the fabric (typed
 *   `kubernetes_daemon_set_v1`, so the plan needs no live cluster), on the
 *   nodes with the fabric's accelerator, tolerating every taint;
 * - the NRI device injector DaemonSet for TCPX/TCPXO (none for RDMA, as in
 *   cluster-toolkit);
 * - the GKENetworkParamSet + Network objects, one pair per NIC: custom
 *   resources, applied through `CustomResources` (a local Helm chart; see
 *   there why not `kubernetes_manifest`).
 */
export class GkeFabricWorkloads extends Construct {
  public readonly installer: DaemonSetV1;
  public readonly nriDeviceInjector?: DaemonSetV1;
  /** The fabric these pieces serve (what `gkeFabricPodSpec` takes). */
  public readonly spec: GkeFabricSpec;
  public readonly networkObjects: CustomResources;

  constructor(scope: Construct, id: string, props: GkeFabricWorkloadsProps) {
    super(scope, id);
    const s = props.spec;
    this.spec = s;
    const installer = NCCL_INSTALLERS[s.fabric];
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerm: [{ matchExpressions: [{ key: 'cloud.google.com/gke-accelerator', operator: 'In', values: [s.acceleratorType] }] }],
        },
      },
    };
    const labels = (name: string) => ({ 'k8s-app': name, 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' });
    const metadata = (name: string) => ({ name, namespace: 'kube-system', labels: labels(name) });

    this.installer = new DaemonSetV1(this, 'NcclInstaller', {
      metadata: metadata(installer.name),
      waitForRollout: false,
      spec: {
        selector: { matchLabels: { 'k8s-app': installer.name } },
        strategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: labels(installer.name) },
          spec: {
            priorityClassName: 'system-node-critical',
            affinity,
            toleration: tolerateAll,
            hostNetwork: true,
            hostPid: true,
            volume: installerVolumes(s.fabric),
            initContainer: installerInitContainers(s),
            container: [{ name: 'pause', image: PAUSE_IMAGE }],
          },
        },
      },
    });

    if (s.fabric !== 'gpudirect-rdma') {
      this.nriDeviceInjector = new DaemonSetV1(this, 'NriDeviceInjector', {
        metadata: metadata('device-injector'),
        waitForRollout: false,
        spec: {
          selector: { matchLabels: { 'k8s-app': 'device-injector' } },
          strategy: { type: 'RollingUpdate' },
          template: {
            metadata: { labels: labels('device-injector') },
            spec: {
              priorityClassName: 'system-node-critical',
              affinity,
              toleration: tolerateAll,
              hostNetwork: true,
              hostPid: true,
              volume: [
                { name: 'nri', hostPath: { path: '/var/run/nri' } },
                { name: 'dev', hostPath: { path: '/dev' } },
              ],
              container: [
                {
                  name: 'device-injector',
                  image: NRI_DEVICE_INJECTOR_IMAGE,
                  resources: { requests: { cpu: '150m' } },
                  securityContext: { privileged: true },
                  volumeMount: [
                    { name: 'dev', mountPath: '/dev' },
                    { name: 'nri', mountPath: '/var/run/nri' },
                  ],
                },
              ],
            },
          },
        },
      });
    }

    this.networkObjects = new CustomResources(this, 'NetworkObjects', {
      releaseName: `gke-networks-${s.fabric.replace('gpudirect-', '')}`,
      namespace: 'kube-system',
      objects: s.networks.flatMap(gkeNetworkObjects),
    });
  }
}

function installerVolumes(fabric: GkeGpuDirectFabric) {
  if (fabric === 'gpudirect-rdma') {
    return [
      { name: 'library-dir-host', hostPath: { path: '/home/kubernetes/bin/nvidia/lib64', type: 'DirectoryOrCreate' } },
      { name: 'gib', hostPath: { path: '/home/kubernetes/bin/gib' } },
    ];
  }
  const dir = fabric === 'gpudirect-tcpxo' ? 'tcpxo' : 'tcpx';
  return [
    { name: 'var-lib', hostPath: { path: '/var/lib' } },
    { name: dir, hostPath: { path: `/var/lib/${dir}` } },
    { name: 'library-dir-host', hostPath: { path: '/home/kubernetes/bin' } },
  ];
}

function installerInitContainers(s: GkeFabricSpec): DaemonSetV1SpecTemplateSpecInitContainer[] {
  const installer = NCCL_INSTALLERS[s.fabric];
  const privileged = { privileged: true };
  const requests = { requests: { cpu: '150m' } };
  if (s.fabric === 'gpudirect-rdma') {
    const martians = Array.from({ length: s.gpusPerNode }, (_, i) => `sysctl -w net.ipv4.conf.gpu${i}rdma0.log_martians=0`).join('\n');
    return [
      { name: 'disable-log-martian', image: HOST_HELPER_IMAGES.alpine, command: ['/bin/sh'], args: ['-c', martians], securityContext: privileged },
      {
        name: installer.name,
        image: installer.image,
        resources: requests,
        securityContext: privileged,
        volumeMount: [
          { name: 'library-dir-host', mountPath: '/usr/local/home/kubernetes/bin/nvidia/lib64' },
          { name: 'gib', mountPath: '/usr/local/home/kubernetes/bin/gib' },
        ],
        command: ['/bin/sh', '-c'],
        args: [
          'set -ex\n/scripts/container_entry.sh install --install-nccl\n'
            + 'cp -r /var/lib/gib/lib64/. /usr/local/home/kubernetes/bin/nvidia/lib64\ncp -r /var/lib/gib/. /usr/local/home/kubernetes/bin/gib\necho "installation finishes"',
        ],
      },
    ];
  }
  const dir = s.fabric === 'gpudirect-tcpxo' ? 'tcpxo' : 'tcpx';
  const install = {
    name: installer.name,
    image: installer.image,
    resources: requests,
    securityContext: privileged,
    volumeMount: [
      { name: 'var-lib', mountPath: '/var/lib' },
      { name: 'library-dir-host', mountPath: '/usr/local' },
    ],
    command: ['/bin/sh', '-c'],
    args: [`set -ex\n/scripts/container_entry.sh install --install-nccl\nmkdir -p /usr/local/nvidia/lib64\ncp -r /var/lib/${dir}/lib64/. /usr/local/nvidia/lib64\necho "installation finishes"`],
  };
  if (s.fabric === 'gpudirect-tcpx') return [install];
  // TCPXO: bind the NIC aperture devices into /dev/aperture_devices for the workload (host namespace, as upstream).
  const aperture = [
    '/sbin/iptables -I INPUT -p tcp -m tcp -j ACCEPT && modprobe import-helper',
    'mkdir -p /dev/aperture_devices',
    'while IFS= read -r line; do',
    '  BDF=$(echo "$line" | awk \'{print $1}\')',
    '  target="/dev/aperture_devices/$BDF"',
    '  host_device=$(readlink -f "/sys/bus/pci/devices/$BDF")',
    '  mkdir -p "$target"; umount -R "$target" || true; mount --bind "$host_device" "$target"',
    'done < <(lspci -nn -D | grep \'1ae0:0084\')',
    'if [ -d /dev/aperture_devices ]; then chmod -R a+r /dev/aperture_devices/; chmod a+rw /dev/aperture_devices/*/resource*; fi',
  ].join('\n');
  return [
    { name: 'pre-installation', image: HOST_HELPER_IMAGES.ubuntu, securityContext: privileged, command: ['nsenter', '-at', '1', '--', 'bash', '-c', aperture] },
    install,
  ];
}
