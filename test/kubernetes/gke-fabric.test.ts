import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { CUSTOM_RESOURCES_CHART_DIR } from '../../src/kubernetes/custom-resources';
import { GkeFabricSpec, GkeFabricWorkloads, gkeFabricPodSpec, NCCL_INSTALLERS, RXDM_IMAGES } from '../../src/kubernetes/gke-fabric';
import { bareStack, fabric } from '../gcp/helpers';

const specOf = (typeName: string, accel: string) => fabric(bareStack(), typeName).workloadSpec(accel, 8);

function workloads(spec: GkeFabricSpec) {
  const stack = new TerraformStack(Testing.app(), 'workloads');
  const w = new GkeFabricWorkloads(stack, 'Fabric', { spec });
  return { w, json: JSON.parse(Testing.synth(stack)) };
}

describe('gkeFabricPodSpec: what a multi-node pod adds', () => {
  test('TCPXO: eth0 default + eth1..eth8 on vpc1..vpc8, RxDM sidecar for 8 NICs, device annotation with 8 GPUs and the DMA-buf helper', () => {
    const pod = gkeFabricPodSpec(specOf('a3-megagpu-8g', 'nvidia-h100-mega-80gb'));
    expect(pod.annotations['networking.gke.io/default-interface']).toBe('eth0');
    expect(JSON.parse(pod.annotations['networking.gke.io/interfaces'])).toEqual([
      { interfaceName: 'eth0', network: 'default' },
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => ({ interfaceName: `eth${i}`, network: `vpc${i}` })),
    ]);
    const devices = pod.annotations['devices.gke.io/container.tcpxo-daemon'].split('\n');
    expect(devices).toHaveLength(11);
    expect(devices[7]).toBe('- path: /dev/nvidia7');
    expect(devices[10]).toBe('- path: /dev/dmabuf_import_helper');
    expect(pod.sidecars).toHaveLength(1);
    expect(pod.sidecars[0]).toMatchObject({ name: 'tcpxo-daemon', image: RXDM_IMAGES['gpudirect-tcpxo'], securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_BIND_SERVICE'] } } });
    expect(pod.sidecars[0].args![0]).toContain('--num_nics=8');
    expect(pod.env).toContainEqual({ name: 'NCCL_FASTRAK_LLCM_DEVICE_DIRECTORY', value: '/dev/aperture_devices' });
    expect(pod.volumes.map((v) => v.name)).toEqual(['nvidia-install-dir-host', 'sys', 'proc-sys', 'aperture-devices']);
  });

  test('TCPX: 4 interfaces, tcpx-daemon sidecar with the socket volume', () => {
    const pod = gkeFabricPodSpec(specOf('a3-highgpu-8g', 'nvidia-h100-80gb'));
    expect(JSON.parse(pod.annotations['networking.gke.io/interfaces'])).toHaveLength(5);
    expect(pod.sidecars[0].name).toBe('tcpx-daemon');
    expect(pod.sidecars[0].image).toBe(RXDM_IMAGES['gpudirect-tcpx']);
    expect(pod.volumeMounts).toEqual([{ name: 'tcpx-socket', mountPath: '/tmp' }, { name: 'libraries', mountPath: '/usr/local/nvidia/lib64' }]);
  });

  test('RDMA (gIB): eth2..eth9 on rdma-0..rdma-7, NCCL_NET=gIB, gib mounted, no sidecar', () => {
    const pod = gkeFabricPodSpec(specOf('a3-ultragpu-8g', 'nvidia-h200-141gb'));
    const ifaces = JSON.parse(pod.annotations['networking.gke.io/interfaces']);
    expect(ifaces.slice(1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ interfaceName: `eth${i + 2}`, network: `rdma-${i}` })));
    expect(pod.env).toContainEqual({ name: 'NCCL_NET', value: 'gIB' });
    expect(pod.volumeMounts).toEqual([{ name: 'gib', mountPath: '/usr/local/gib' }]);
    expect(pod.sidecars).toEqual([]);
    expect(pod.annotations['devices.gke.io/container.tcpxo-daemon']).toBeUndefined();
  });
});

describe('GkeFabricWorkloads: installer, NRI injector and network objects', () => {
  test('TCPXO: typed installer DaemonSet on nvidia-h100-mega-80gb nodes (pinned image, privileged init, tolerates all) + NRI injector', () => {
    const { json } = workloads(specOf('a3-megagpu-8g', 'nvidia-h100-mega-80gb'));
    const sets = Object.values(json.resource.kubernetes_daemon_set_v1) as any[];
    expect(sets.map((d) => d.metadata.name).sort()).toEqual(['device-injector', 'nccl-tcpxo-installer']);
    const installer = sets.find((d) => d.metadata.name === 'nccl-tcpxo-installer');
    const pod = installer.spec.template.spec;
    expect(installer.metadata.namespace).toBe('kube-system');
    expect(pod.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_term[0].match_expressions[0])
      .toEqual({ key: 'cloud.google.com/gke-accelerator', operator: 'In', values: ['nvidia-h100-mega-80gb'] });
    expect(pod.toleration).toEqual([{ operator: 'Exists' }]);
    expect(pod.host_network).toBe(true);
    expect(pod.init_container.map((c: any) => c.name)).toEqual(['pre-installation', 'nccl-tcpxo-installer']);
    expect(pod.init_container[1].image).toBe(NCCL_INSTALLERS['gpudirect-tcpxo'].image);
    expect(pod.init_container[1].image).toMatch(/:v1\.0\.14$/);
    expect(Object.keys(json.resource)).not.toContain('kubernetes_manifest');
  });

  test('RDMA: gIB installer with log_martians off for 8 GPU NICs, no NRI injector', () => {
    const { json } = workloads(specOf('a4-highgpu-8g', 'nvidia-b200'));
    const sets = Object.values(json.resource.kubernetes_daemon_set_v1) as any[];
    expect(sets.map((d) => d.metadata.name)).toEqual(['nccl-rdma-installer']);
    const init = sets[0].spec.template.spec.init_container;
    expect(init[0].args[1].split('\n')).toHaveLength(8);
    expect(init[1].image).toBe('us-docker.pkg.dev/gce-ai-infra/gpudirect-gib/nccl-plugin-gib:v1.1.0');
  });

  test('network objects: one local-chart Helm release with a GKENetworkParamSet/Network pair per NIC (RDMA device mode on RoCE NICs)', () => {
    const { json } = workloads(specOf('a3-ultragpu-8g', 'nvidia-h200-141gb'));
    const release = Object.values(json.resource.helm_release)[0] as any;
    expect(release.chart).toMatch(/^assets\/Fabric_NetworkObjects_Chart_[A-F0-9]+\/[A-F0-9]+$/);
    expect(release.namespace).toBe('kube-system');
    const objects = JSON.parse(release.values[0]).objects;
    expect(objects).toHaveLength(18);
    expect(objects[0]).toEqual({
      apiVersion: 'networking.gke.io/v1',
      kind: 'GKENetworkParamSet',
      metadata: { name: 'gvnic-1' },
      spec: { vpc: 't-cluster-gvnic-1', vpcSubnet: 't-cluster-gvnic-1', deviceMode: 'NetDevice' },
    });
    expect(objects[1]).toEqual({
      apiVersion: 'networking.gke.io/v1',
      kind: 'Network',
      metadata: { name: 'gvnic-1' },
      spec: { type: 'Device', parametersRef: { group: 'networking.gke.io', kind: 'GKENetworkParamSet', name: 'gvnic-1' } },
    });
    expect(objects[16].spec).toEqual({ vpc: 't-cluster-rdma', vpcSubnet: 't-cluster-rdma-7', deviceMode: 'RDMA' });
  });

  test('the shipped chart renders each object of .Values.objects as it is', () => {
    const template = fs.readFileSync(path.join(CUSTOM_RESOURCES_CHART_DIR, 'templates', 'objects.yaml'), 'utf8');
    expect(template).toContain('range .Values.objects');
    expect(template).toContain('toYaml .');
    expect(fs.readFileSync(path.join(CUSTOM_RESOURCES_CHART_DIR, 'Chart.yaml'), 'utf8')).toMatch(/name: custom-resources/);
  });
});
