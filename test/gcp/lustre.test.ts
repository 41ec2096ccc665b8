import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { lustreCsiDriverAddon, ManagedLustre, ManagedLustreProps } from '../../src/gcp/lustre';
import { bareGoogleStack, synthGcp, TEST_PROJECT_ID } from '../helpers/gcp';

function build(extra: Partial<ManagedLustreProps> = {}, withVolume = false) {
  const stack = bareGoogleStack();
  const network = new ComputeNetwork(stack, 'Vpc', { name: 'llm-vpc', autoCreateSubnetworks: false });
  const psa = new ServiceNetworkingConnection(stack, 'Psa', { network: network.id, service: 'servicenetworking.googleapis.com', reservedPeeringRanges: ['llm-psa'] });
  if (withVolume) new KubernetesProvider(stack, 'k8s', { configPath: '~/.kube/config' });
  const lustre = new ManagedLustre(stack, 'Lustre', {
    instanceId: 'llm-lustre',
    zone: 'europe-west4-b',
    network: network.id,
    privateServiceAccess: psa,
    privateServiceAccessCidrs: ['10.200.0.0/16'],
    throughputMBpsPerTiB: 1000,
    capacityGiB: 18_000,
    filesystem: 'llmfs',
    ...(withVolume ? { volume: { scope: stack, projectId: TEST_PROJECT_ID, volumeName: 'llm-lustre', namespace: 'training', claimName: 'lustre' } } : {}),
    ...extra,
  });
  const json = synthGcp(stack);
  return { lustre, json, instance: Object.values(json.resource.google_lustre_instance as Record<string, any>)[0] };
}

describe('ManagedLustre', () => {
  test('capacity off the tier step, below the minimum, a tier the provider cannot set and bad names are refused', () => {
    expect(() => build({ capacityGiB: 20_000 })).toThrow(
      /gcp\/Lustre: capacityGiB must be a multiple of 9000 up to 1530000, then of 72000, from 9000 to 10008000 GiB at 1000 MB\/s\/TiB, got 20000\. The next valid size is 27000 GiB/,
    );
    expect(() => build({ throughputMBpsPerTiB: 125, capacityGiB: 36_000 })).toThrow(/capacityGiB must be a multiple of 72000, from 72000 to 12240000 GiB at 125 MB\/s\/TiB, got 36000\. The next valid size is 72000/);
    expect(() => build({ capacityGiB: 1_539_000 })).toThrow(/The next valid size is 1584000 GiB/);
    expect(() => build({ throughputMBpsPerTiB: 300 as never })).toThrow(/throughputMBpsPerTiB must be one of 125, 250, 500, 1000, got 300/);
    expect(() => build({ filesystem: 'toolongname' })).toThrow(/filesystem must be 1-8 letters and digits, starting with a letter, got "toolongname"/);
    expect(() => build({ instanceId: 'Bad_Id' })).toThrow(/instanceId must be 1-63 lowercase letters/);
    expect(() => build({ privateServiceAccessCidrs: [] })).toThrow(/privateServiceAccessCidrs must be the CIDR of at least one Private Service Access range/);
  });

  test('instance in the pool zone on the cluster VPC, sizes as strings, after the PSA connection, prevent_destroy', () => {
    const { json, instance, lustre } = build();
    expect(instance).toMatchObject({
      instance_id: 'llm-lustre',
      location: 'europe-west4-b',
      filesystem: 'llmfs',
      capacity_gib: '18000',
      per_unit_storage_throughput: '1000',
      gke_support_enabled: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(instance.network).toMatch(/^\$\{google_compute_network\.Vpc\w*\.id\}$/);
    const psaId = Object.keys(json.resource.google_service_networking_connection)[0];
    const fwId = Object.keys(json.resource.google_compute_firewall)[0];
    expect(instance.depends_on).toEqual([`google_service_networking_connection.${psaId}`, `google_compute_firewall.${fwId}`]);
    expect(lustre.throughputGBps).toBeCloseTo(17.58, 2); // 18000 GiB / 1024 × 1000 MB/s/TiB
    expect(Object.keys(json.resource.google_lustre_instance)).toEqual(['Lustre_F8935BA0']);
  });

  test('firewall admits LNet TCP 988 from the PSA range only; the legacy port option moves it to 6988 and sets gke_support_enabled', () => {
    const modern = build();
    const fw = Object.values(modern.json.resource.google_compute_firewall as Record<string, any>)[0];
    expect(fw).toMatchObject({ name: 'llm-lustre-lnet', direction: 'INGRESS', source_ranges: ['10.200.0.0/16'], allow: [{ protocol: 'tcp', ports: ['988'] }] });
    const legacy = build({ legacyLnetPort: true });
    expect(legacy.instance.gke_support_enabled).toBe(true);
    expect(Object.values(legacy.json.resource.google_compute_firewall as Record<string, any>)[0].allow).toEqual([{ protocol: 'tcp', ports: ['6988'] }]);
    expect(legacy.lustre.lnetPort).toBe(6988);
  });

  test('the missing customer key is a recorded decision naming the provider version and the Lustre agent', () => {
    const { lustre, instance } = build();
    expect(instance.kms_key).toBeUndefined();
    expect(lustre.decisions).toEqual([
      expect.objectContaining({ topic: 'lustre-encryption', chosen: expect.stringMatching(/^Google-managed encryption keys/), reason: expect.stringMatching(/6\.50 has no kms_key.*gcp-sa-lustre/) }),
    ]);
  });

  test('static PV and PVC for the GKE Lustre CSI driver: handle project/zone/instance, ip from mount_point, fsname', () => {
    const { json } = build({}, true);
    const pv = Object.values(json.resource.kubernetes_persistent_volume_v1 as Record<string, any>)[0];
    expect(pv.metadata.name).toBe('llm-lustre');
    const spec = pv.spec[0];
    expect(spec).toMatchObject({ capacity: { storage: '18000Gi' }, access_modes: ['ReadWriteMany'], persistent_volume_reclaim_policy: 'Retain', storage_class_name: '' });
    expect(spec.persistent_volume_source.csi).toEqual({
      driver: 'lustre.csi.storage.gke.io',
      volume_handle: 'llm-train-prod/europe-west4-b/llm-lustre',
      volume_attributes: { ip: '${element(split("@", google_lustre_instance.Lustre_F8935BA0.mount_point), 0)}', filesystem: 'llmfs' },
    });
    const pvc = Object.values(json.resource.kubernetes_persistent_volume_claim_v1 as Record<string, any>)[0];
    expect(pvc.metadata).toEqual({ name: 'lustre', namespace: 'training' });
    expect(pvc.spec).toMatchObject({ access_modes: ['ReadWriteMany'], storage_class_name: '', resources: { requests: { storage: '18000Gi' } } });
    expect(pvc.spec.volume_name).toMatch(/^\$\{kubernetes_persistent_volume_v1\.\S+\.metadata\[0\]\.name\}$/);
  });

  test('the cluster addon helper gives the typed lustre_csi_driver_config', () => {
    const stack = bareGoogleStack();
    new ContainerCluster(stack, 'Gke', { name: 'c', location: 'europe-west4', addonsConfig: { lustreCsiDriverConfig: lustreCsiDriverAddon(true) } });
    const c = Object.values(synthGcp(stack).resource.google_container_cluster as Record<string, any>)[0];
    expect(c.addons_config.lustre_csi_driver_config).toEqual({ enabled: true, enable_legacy_lustre_port: true });
    expect(lustreCsiDriverAddon()).toEqual({ enabled: true, enableLegacyLustrePort: false });
  });
});
