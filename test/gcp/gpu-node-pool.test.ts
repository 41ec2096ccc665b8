import { TerraformStack } from 'cdktf';
import { BOOT_KEY, bareStack, fabric, gcpType, only, physicalName, PROJECT, REGION, resources, synth } from './helpers';
import { GpuFabric } from '../../src/gcp/fabric';
import { GkeGpuNodePool, GkeGpuNodePoolProps, GkePurchase } from '../../src/gcp/gpu-node-pool';
import { DWS_AUTO_REPAIR_SUPPRESSION } from '../../src/policy/rules/gcp/suppressions';

const TRAINING_TAINT = { key: 'ai-infra/workload', value: 'training', effect: 'NO_SCHEDULE' as const };

function pool(stack: TerraformStack, over: Partial<GkeGpuNodePoolProps> & { purchase?: GkePurchase } = {}, id = 'Pool'): GkeGpuNodePool {
  return new GkeGpuNodePool(stack, id, {
    where: 'gcp/Pool',
    physicalName,
    nameSuffix: 'pretrain',
    projectId: PROJECT,
    region: REGION,
    clusterId: 'projects/acme-ml-prod/locations/us-central1/clusters/t-cluster',
    type: gcpType('a3-megagpu-8g'),
    zones: ['us-central1-b'],
    minNodes: 0,
    maxNodes: 16,
    purchase: {},
    compactPlacement: false,
    serviceAccountEmail: 'nodes@acme-ml-prod.iam.gserviceaccount.com',
    bootDiskKeyId: BOOT_KEY,
    diskSizeGb: 300,
    labels: { 'ai-infra/pool': 'pretrain' },
    taints: [TRAINING_TAINT],
    resourceLabels: { project: 'llm' },
    ...over,
  });
}

const megaFabric = (stack: TerraformStack): GpuFabric => fabric(stack, 'a3-megagpu-8g');

describe('GKE GPU node pool: purchase preconditions (gcp-facts §2.1), one error each', () => {
  test.each<[string, Partial<GkeGpuNodePoolProps>, RegExp]>([
    ['spot + reservation', { purchase: { spot: true, reservation: { affinity: 'any' } } }, /purchase must be spot without a reservation \(spot nodes cannot consume reservations: NO_RESERVATION\), got "spot \+ reservation any"/],
    ['flex-start + spot', { purchase: { spot: true, flexStart: {} } }, /purchase must be flex-start without spot/],
    ['flex-start + reservation', { purchase: { flexStart: {}, reservation: { affinity: 'specific', name: 'r1' } } }, /purchase must be flex-start without a reservation/],
    ['flex-start + auto-repair on', { purchase: { flexStart: {} }, autoRepair: true }, /autoRepair must be false \(or unset\) for DWS pools/],
    ['flex-start + queued', { purchase: { flexStart: {}, queuedProvisioning: true } }, /one DWS mode: flex-start or queued provisioning, not both/],
    ['queued + spot', { purchase: { queuedProvisioning: true, spot: true } }, /queued provisioning without spot/],
    ['queued + reservation', { purchase: { queuedProvisioning: true, reservation: { affinity: 'any' } } }, /queued provisioning without a reservation/],
    ['queued + min 2', { purchase: { queuedProvisioning: true }, minNodes: 2 }, /minNodes must be 0 with queued provisioning/],
    ['queued + compact', { purchase: { queuedProvisioning: true }, compactPlacement: true }, /no compact placement with queued provisioning/],
    ['specific reservation over two zones', { purchase: { reservation: { affinity: 'specific', name: 'r1' } }, zones: ['us-central1-a', 'us-central1-b'] }, /zones must be exactly one zone, the reservation's, with a specific reservation/],
    ['compact over two zones', { compactPlacement: true, zones: ['us-central1-a', 'us-central1-b'] }, /zones must be exactly one zone with compact placement/],
    ['compact + flex-start on A3 Mega', { compactPlacement: true, purchase: { flexStart: {} } }, /compact placement with flex-start only on a3-ultra, a4 machines \(A3 Ultra, A4\), got a3-megagpu-8g/],
    ['max run over 7 days', { purchase: { flexStart: { maxRunDurationSeconds: 700_000 } } }, /purchase.flexStart.maxRunDurationSeconds must be a whole number of seconds up to 604800/],
  ])('%s is refused', (_name, over, message) => {
    expect(() => pool(bareStack(), over)).toThrow(message);
  });

  test('errors name the construct path first', () => {
    expect(() => pool(bareStack(), { purchase: { spot: true, reservation: { affinity: 'any' } } })).toThrow(/^gcp\/Pool: purchase must be/);
  });

  test('a fabric built for another type, or a RoCE fabric in another zone, is refused', () => {
    const stack = bareStack();
    const tcpx = fabric(stack, 'a3-highgpu-8g');
    expect(() => pool(stack, { fabric: tcpx }, 'A')).toThrow(/instanceTypes must be a gpudirect-tcpxo fabric with all 8 additional NICs of a3-megagpu-8g, got "a3-megagpu-8g on a gpudirect-tcpx fabric with 4 NICs \(built for a3-highgpu-8g\)"/);
    const roce = fabric(stack, 'a3-ultragpu-8g', 'us-central1-b');
    expect(() => pool(stack, { type: gcpType('a3-ultragpu-8g'), fabric: roce, zones: ['us-central1-a'] }, 'B')).toThrow(/zones must be \["us-central1-b"\]: the RoCE network of the fabric is zonal/);
  });
});

describe('GKE GPU node pool: what every pool gets', () => {
  test('accelerator with GKE driver install, gVNIC, GKE metadata, secure boot + integrity, CMEK boot disk, legacy endpoints off', () => {
    const stack = bareStack();
    pool(stack);
    const p = only(synth(stack), 'google_container_node_pool');
    expect(p.node_config.guest_accelerator).toEqual([
      { type: 'nvidia-h100-mega-80gb', count: 8, gpu_driver_installation_config: { gpu_driver_version: 'DEFAULT' } },
    ]);
    expect(p.node_config).toMatchObject({
      machine_type: 'a3-megagpu-8g',
      image_type: 'COS_CONTAINERD',
      gvnic: { enabled: true },
      workload_metadata_config: { mode: 'GKE_METADATA' },
      shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
      boot_disk_kms_key: BOOT_KEY,
      disk_type: 'pd-balanced',
      disk_size_gb: 300,
      metadata: { 'disable-legacy-endpoints': 'true' },
      service_account: 'nodes@acme-ml-prod.iam.gserviceaccount.com',
      reservation_affinity: { consume_reservation_type: 'NO_RESERVATION' },
    });
    expect(p.lifecycle.ignore_changes).toEqual(['initial_node_count']);
    expect(p.management).toEqual({ auto_repair: true, auto_upgrade: true });
  });

  test('GPU taint nvidia.com/gpu=present:NO_SCHEDULE first, then the pool\'s; labels with the AWS keys', () => {
    const stack = bareStack();
    pool(stack);
    const p = only(synth(stack), 'google_container_node_pool');
    expect(p.node_config.taint).toEqual([
      { key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' },
      { key: 'ai-infra/workload', value: 'training', effect: 'NO_SCHEDULE' },
    ]);
    expect(p.node_config.labels).toEqual({ 'ai-infra/accelerator': 'H100', 'nvidia.com/gpu.present': 'true', 'ai-infra/pool': 'pretrain' });
  });

  test('A3 Ultra boots from hyperdisk-balanced with nvidia-h200-141gb', () => {
    const stack = bareStack();
    pool(stack, { type: gcpType('a3-ultragpu-8g'), purchase: { reservation: { affinity: 'any' } } });
    const p = only(synth(stack), 'google_container_node_pool');
    expect(p.node_config.disk_type).toBe('hyperdisk-balanced');
    expect(p.node_config.guest_accelerator[0].type).toBe('nvidia-h200-141gb');
  });

  test('autoscaling between the pool totals; the warm floor starts nodes spread over the zones', () => {
    const stack = bareStack();
    pool(stack, { type: gcpType('g2-standard-8'), zones: ['us-central1-a', 'us-central1-b'], minNodes: 3, maxNodes: 8 });
    const p = only(synth(stack), 'google_container_node_pool');
    expect(p.autoscaling).toEqual({ total_min_node_count: 3, total_max_node_count: 8, location_policy: 'BALANCED' });
    expect(p.initial_node_count).toBe(2);
    expect(p.node_locations).toEqual(['us-central1-a', 'us-central1-b']);
  });
});

describe('GKE GPU node pool: fabric and placement', () => {
  test('TCPXO pool: 8 additional node networks, the fabric\'s VPC/subnet names in interface order', () => {
    const stack = bareStack();
    const f = megaFabric(stack);
    const np = pool(stack, { fabric: f });
    const p = resources(synth(stack), 'google_container_node_pool')[0][1];
    const configs = p.network_config.additional_node_network_configs;
    expect(configs).toHaveLength(8);
    expect(np.additionalNics).toBe(8);
    expect(configs[0].network).toMatch(/google_compute_network\.Fabric-a3-megagpu-8g_Gvnic1_[A-F0-9]+\.name/);
    expect(configs[7].subnetwork).toMatch(/google_compute_subnetwork\.Fabric-a3-megagpu-8g_Gvnic8Subnet_[A-F0-9]+\.name/);
  });

  test('RDMA pool: 9 additional node networks (1 gVNIC + 8 RoCE subnets)', () => {
    const stack = bareStack();
    const f = fabric(stack, 'a4-highgpu-8g', 'us-central1-b');
    pool(stack, { type: gcpType('a4-highgpu-8g'), fabric: f, purchase: { reservation: { affinity: 'specific', name: 'a4-block', project: 'shared-capacity' } } });
    const p = resources(synth(stack), 'google_container_node_pool')[0][1];
    expect(p.network_config.additional_node_network_configs).toHaveLength(9);
    expect(p.node_config.reservation_affinity).toEqual({
      consume_reservation_type: 'SPECIFIC_RESERVATION',
      key: 'compute.googleapis.com/reservation-name',
      values: ['projects/shared-capacity/reservations/a4-block'],
    });
  });

  test('compact placement: a COLLOCATED resource policy in the region, named by the pool, one zone', () => {
    const stack = bareStack();
    pool(stack, { compactPlacement: true, purchase: { spot: true } });
    const json = synth(stack);
    const policy = only(json, 'google_compute_resource_policy');
    expect(policy).toMatchObject({ name: 't-pretrain-compact', region: REGION, group_placement_policy: { collocation: 'COLLOCATED' } });
    const p = only(json, 'google_container_node_pool');
    expect(p.placement_policy.type).toBe('COMPACT');
    expect(p.placement_policy.policy_name).toMatch(/google_compute_resource_policy\.Pool_CompactPlacement_[A-F0-9]+\.name/);
    expect(p.node_locations).toEqual(['us-central1-b']);
    expect(p.node_config.spot).toBe(true);
    expect(p.autoscaling.location_policy).toBe('ANY');
  });
});

describe('GKE GPU node pool: purchase options', () => {
  test('DWS flex-start: flex_start, max_run_duration, auto-repair off, recorded as a CKV_GCP_9 exemption with a reason', () => {
    const stack = bareStack();
    const np = pool(stack, { type: gcpType('a3-ultragpu-8g'), compactPlacement: true, purchase: { flexStart: { maxRunDurationSeconds: 86_400 } } });
    const p = resources(synth(stack), 'google_container_node_pool')[0][1];
    expect(p.node_config.flex_start).toBe(true);
    expect(p.node_config.max_run_duration).toBe('86400s');
    expect(p.node_config.reservation_affinity).toEqual({ consume_reservation_type: 'NO_RESERVATION' });
    expect(p.management).toEqual({ auto_repair: false, auto_upgrade: true });
    expect(np.policyExemptions).toEqual([
      {
        ruleId: 'AiInfra-GKE-19',
        pathPrefix: `${np.nodePool.node.path}`,
        resource: expect.stringMatching(/^google_container_node_pool\.Pool_[A-F0-9]+$/),
        checks: ['CKV_GCP_9'],
        reason: DWS_AUTO_REPAIR_SUPPRESSION.reason,
      },
    ]);
  });

  test('queued provisioning: enabled, label cloud.google.com/gke-queued=true, floor 0, auto-repair off', () => {
    const stack = bareStack();
    pool(stack, { purchase: { queuedProvisioning: true } });
    const p = only(synth(stack), 'google_container_node_pool');
    expect(p.queued_provisioning).toEqual({ enabled: true });
    expect(p.node_config.labels['cloud.google.com/gke-queued']).toBe('true');
    expect(p.autoscaling.total_min_node_count).toBe(0);
    expect(p.management.auto_repair).toBe(false);
  });

  test('any reservation: ANY_RESERVATION without key or values; on-demand pools have no exemptions', () => {
    const stack = bareStack();
    const np = pool(stack, { purchase: { reservation: { affinity: 'any' } } });
    const p = only(synth(stack), 'google_container_node_pool');
    expect(p.node_config.reservation_affinity).toEqual({ consume_reservation_type: 'ANY_RESERVATION' });
    expect(np.policyExemptions).toEqual([]);
  });

  test('a user\'s own autoRepair: false is not exempted: it stays a finding for the user to suppress', () => {
    const np = pool(bareStack(), { autoRepair: false });
    expect(only(synth(np.node.scope as TerraformStack), 'google_container_node_pool').management.auto_repair).toBe(false);
    expect(np.policyExemptions).toEqual([]);
  });
});
