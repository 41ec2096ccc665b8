import { DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import { bareStack, gcpType, physicalName, PROJECT, REGION, resources, synth } from './helpers';
import type { NodePoolPlan } from '../../src/core/plans';
import { DEFAULT_FABRIC_CIDR } from '../../src/gcp/fabric';
import { DEFAULT_MASTER_CIDR, GcpGpuCluster, GcpGpuClusterProps } from '../../src/gcp/gpu-cluster';
import { DEFAULT_NETWORK_RANGES } from '../../src/gcp/network';
import { gkeBootDiskCost, gkeClusterCost, gkeNodePoolCost } from '../../src/planning/gke-cost';

const ZONES = ['us-central1-a', 'us-central1-b', 'us-central1-c'];
const TRAINING = { key: 'ai-infra/workload', value: 'training', effect: 'NoSchedule' as const };

function gcpCluster(stack: TerraformStack): GcpGpuCluster {
  return new GcpGpuCluster(stack, 'Cluster', clusterProps());
}

function clusterProps(): GcpGpuClusterProps {
  return {
    where: 'gcp/Cluster',
    clusterName: 't-cluster',
    nameSuffix: 'cluster',
    physicalName,
    projectId: PROJECT,
    region: REGION,
    zones: ZONES,
    releaseChannel: 'REGULAR',
    authorizedNetworks: [],
    publicEndpoint: false,
    masterCidr: DEFAULT_MASTER_CIDR,
    networkRanges: DEFAULT_NETWORK_RANGES,
    networkMtu: 8244,
    fabricCidr: DEFAULT_FABRIC_CIDR,
    systemPool: { machineType: 'e2-standard-4', minNodesPerZone: 1, maxNodesPerZone: 3, diskSizeGb: 100 },
    labels: { project: 'llm' },
    projectNumber: '123456789012',
  };
}

function request(over: Partial<NodePoolPlan> = {}): NodePoolPlan {
  return {
    where: 'gcp/Pretrain',
    nameSuffix: 'pretrain-spot',
    types: [gcpType('a3-megagpu-8g')],
    purchase: 'spot',
    minNodes: 0,
    desiredNodes: 0,
    maxNodes: 16,
    zones: ['us-central1-b', 'us-central1-c'],
    labels: { 'ai-infra/pool': 'pretrain', 'ai-infra/capacity': 'spot' },
    taints: [TRAINING, { key: 'ai-infra/capacity', value: 'spot', effect: 'NoSchedule' }],
    rootVolumeGiB: 300,
    fabric: true,
    compactPlacement: true,
    ...over,
  };
}

describe('GcpGpuCluster keys (CMEK)', () => {
  test('bad input first: a project id where the number belongs is refused', () => {
    expect(() => new GcpGpuCluster(bareStack(), 'C', { ...clusterProps(), projectNumber: 'acme-ml-prod' })).toThrow(/gcp\/Cluster: gcp.projectNumber must be the project NUMBER/);
  });

  test('key ring + secrets and boot-disk keys (90-day rotation, prevent_destroy), each granted to its one agent; cluster and pools wait for the grants', () => {
    const stack = bareStack();
    const c = new GcpGpuCluster(stack, 'Cluster', clusterProps());
    c.addNodePool(stack, 'P', request());
    const json = synth(stack);
    const keys = resources(json, 'google_kms_crypto_key').map(([, v]) => v);
    expect(keys.map((k) => k.name).sort()).toEqual(['gke-secrets', 'node-boot-disks']);
    expect(keys.every((k) => k.rotation_period === '7776000s' && k.lifecycle.prevent_destroy === true)).toBe(true);
    const grants = resources(json, 'google_kms_crypto_key_iam_member').map(([, v]) => v.member).sort();
    expect(grants).toEqual([
      'serviceAccount:service-123456789012@compute-system.iam.gserviceaccount.com',
      'serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com',
    ]);
    const gke = Object.values(json.resource.google_container_cluster)[0] as any;
    expect(gke.database_encryption.key_name).toMatch(/google_kms_crypto_key\.Cluster_KeyRing_SecretsKey_[A-F0-9]+\.id/);
    expect(gke.depends_on.filter((d: string) => d.startsWith('google_kms_crypto_key_iam_member'))).toHaveLength(2);
    const gpuPool = resources(json, 'google_container_node_pool').find(([id]) => id.startsWith('P_'))![1];
    expect(gpuPool.node_config.boot_disk_kms_key).toMatch(/google_kms_crypto_key\.Cluster_KeyRing_BootDiskKey_[A-F0-9]+\.id/);
    expect(gpuPool.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\.Cluster_KeyRing_BootDiskKey_EncryptDecrypt-computeEngine_/)]);
  });
});

describe('GcpGpuCluster.addNodePool', () => {
  test('bad input first: a zone outside the cluster is refused', () => {
    const stack = bareStack();
    const c = gcpCluster(stack);
    expect(() => c.addNodePool(stack, 'P', request({ zones: ['us-east1-b'] }))).toThrow(/gcp\/Pretrain: zones must be a zone of the cluster \(us-central1-a, us-central1-b, us-central1-c\), got "us-east1-b"/);
  });

  test('a second RDMA pool in another zone is refused: the RoCE fabric is zonal', () => {
    const stack = bareStack();
    const c = gcpCluster(stack);
    const ultra = { types: [gcpType('a3-ultragpu-8g')], purchase: 'reservation' as const, taints: [TRAINING] };
    c.addNodePool(stack, 'A', request({ ...ultra, zones: ['us-central1-b'] }));
    expect(() => c.addNodePool(stack, 'B', request({ ...ultra, nameSuffix: 'b', zones: ['us-central1-c'] })))
      .toThrow(/zones must be us-central1-b: the cluster's RoCE fabric is in us-central1-b/);
  });

  test('compact placement pins the pool to the first zone; a fabric pool turns multi-networking on and attaches all 8 NICs', () => {
    const stack = bareStack();
    const c = gcpCluster(stack);
    const handle = c.addNodePool(stack, 'P', request());
    expect(handle.zones).toEqual(['us-central1-b']);
    expect(handle.fabricInterfaces).toBe(8);
    const json = synth(stack);
    expect(Object.values(json.resource.google_container_cluster)[0]).toMatchObject({ enable_multi_networking: true });
    const gpuPool = resources(json, 'google_container_node_pool').find(([id]) => id.startsWith('P_'))![1];
    expect(gpuPool.node_locations).toEqual(['us-central1-b']);
    expect(gpuPool.node_config.taint).toEqual([
      { key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' },
      { key: 'ai-infra/workload', value: 'training', effect: 'NO_SCHEDULE' },
      { key: 'ai-infra/capacity', value: 'spot', effect: 'NO_SCHEDULE' },
    ]);
    // 1 primary VPC + 8 fabric VPCs
    expect(resources(json, 'google_compute_network')).toHaveLength(9);
  });

  test('bad input first: AWS reservations, Capacity Blocks and a max run duration without flex-start are refused on GCP', () => {
    const stack = bareStack();
    const c = gcpCluster(stack);
    expect(() => c.addNodePool(stack, 'A', request({ purchase: 'reservation', reservation: { targetsPlacement: false, aws: { id: 'cr-0123456789abcdef0' } } })))
      .toThrow(/purchase must be a GCP reservation \(gcp.name\) on a GCP cluster/);
    expect(() => c.addNodePool(stack, 'B', request({ purchase: 'capacity-block' }))).toThrow(/Capacity Blocks are an AWS purchase option/);
    expect(() => c.addNodePool(stack, 'C', request({ gcp: { maxRunDurationSeconds: 3600 } }))).toThrow(/gcp.maxRunDurationSeconds must be unset unless the pool buys by DWS flex-start/);
  });

  test('purchases map to the node pool API: reservation by name (or any), flex-start with its max run duration, queued provisioning', () => {
    const stack = bareStack();
    const c = gcpCluster(stack);
    const named = c.addNodePool(stack, 'A', request({ nameSuffix: 'a', purchase: 'reservation', reservation: { targetsPlacement: true, gcp: { name: 'h100-block', project: 'capacity' } } }));
    const any = c.addNodePool(stack, 'B', request({ nameSuffix: 'b', purchase: 'reservation', reservation: { targetsPlacement: false } }));
    const flex = c.addNodePool(stack, 'C', request({ nameSuffix: 'c', purchase: 'flex-start', compactPlacement: false, gcp: { maxRunDurationSeconds: 7200 } }));
    const queued = c.addNodePool(stack, 'D', request({ nameSuffix: 'd', purchase: 'queued', compactPlacement: false }));
    const json = synth(stack);
    const cfg = (h: { pool: { nodePool: { friendlyUniqueId: string } } }) =>
      json.resource.google_container_node_pool[h.pool.nodePool.friendlyUniqueId];
    expect(cfg(named).node_config.reservation_affinity.values).toEqual(['projects/capacity/reservations/h100-block']);
    expect(cfg(any).node_config.reservation_affinity).toEqual({ consume_reservation_type: 'ANY_RESERVATION' });
    expect(cfg(flex).node_config).toMatchObject({ flex_start: true, max_run_duration: '7200s' });
    expect(cfg(queued).queued_provisioning).toEqual({ enabled: true });
  });

  test('a pool without fabric (L4 inference) leaves multi-networking off', () => {
    const stack = bareStack();
    const c = gcpCluster(stack);
    const h = c.addNodePool(stack, 'P', request({ types: [gcpType('g2-standard-8')], purchase: 'on-demand', fabric: false, compactPlacement: false, zones: ['us-central1-a'] }));
    expect(h.fabricInterfaces).toBe(0);
    const gke = Object.values(synth(stack).resource.google_container_cluster)[0] as any;
    expect(gke.enable_multi_networking).toBe(false);
  });

  test('connection: https endpoint and CA by reference, tokens from gke-gcloud-auth-plugin', () => {
    const stack = bareStack();
    const conn = gcpCluster(stack).connection();
    expect(conn.exec).toEqual({ command: 'gke-gcloud-auth-plugin', args: [] });
    const resolver = new DefaultTokenResolver(new StringConcat());
    const resolve = (v: string) => Tokenization.resolve(v, { scope: stack, preparing: false, resolver });
    expect(resolve(conn.host)).toMatch(/^https:\/\/\$\{google_container_cluster\.Cluster_Gke_[A-F0-9]+\.endpoint\}$/);
    expect(resolve(conn.clusterCaCertificateBase64)).toMatch(/master_auth\[0\]\.cluster_ca_certificate/);
  });
});

describe('GCP compute costs', () => {
  test('cluster: $0.10/h GKE fee = $73/month; NAT per system VM and per IP priced; the e2-standard-4 system pool at $0.134012/h; an unpriced machine stated, not guessed', () => {
    const lines = gkeClusterCost({ component: 'c', region: 'us-central1', natGateways: 1, systemMachineType: 'e2-standard-4', systemNodes: 3 }, 'c');
    expect(lines[0]).toMatchObject({ item: 'GKE cluster management fee (regional)', unitUsd: 0.1, monthlyUsd: 73 });
    // 3 system VMs × $0.0014 per VM-hour × 730 h; one NAT IP × $0.005/h × 730 h.
    expect(lines[1]).toMatchObject({ item: expect.stringMatching(/^Cloud NAT \(3 always-on system nodes/), quantity: 3, unitUsd: 0.0014, monthlyUsd: 3.07 });
    expect(lines[2]).toMatchObject({ item: 'Cloud NAT external IPs (1)', quantity: 1, unitUsd: 0.005, monthlyUsd: 3.65 });
    // 3 × $0.134012 (E2 4 vCPU × $0.021811 + 16 GiB × $0.002923) × 730 h (was a $0 "no sourced price" line)
    expect(lines[3]).toMatchObject({ item: 'system nodes (3 × e2-standard-4, on-demand)', unitUsd: 0.134012, monthlyUsd: 293.49, basis: 'on-demand' });
    expect(lines).toHaveLength(4);
    const other = gkeClusterCost({ component: 'c', region: 'us-central1', natGateways: 1, systemMachineType: 'n2-standard-8', systemNodes: 3 }, 'c');
    expect(other[3]).toMatchObject({ monthlyUsd: 0, basis: 'no-sourced-price', note: expect.stringMatching(/no price for n2-standard-8/) });
  });

  test('boot disks: pd-balanced priced at $0.10/GiB-month with the ceiling at max nodes; Hyperdisk Balanced said unpriced', () => {
    const pd = gkeBootDiskCost({ component: 'c', region: 'us-central1', machineType: 'g2-standard-8', gibPerNode: 200, expectedNodes: 2, maxNodes: 4 }, 'c');
    expect(pd).toMatchObject({ item: 'node boot disks (200 GiB pd-balanced each)', quantity: 400, unitUsd: 0.1, monthlyUsd: 40, monthlyCeilingUsd: 80 });
    const hd = gkeBootDiskCost({ component: 'c', region: 'us-central1', machineType: 'a4-highgpu-8g', gibPerNode: 300, expectedNodes: 2, maxNodes: 2 }, 'c');
    expect(hd).toMatchObject({ item: 'node boot disks (300 GiB hyperdisk-balanced each)', quantity: 600, monthlyUsd: 0, basis: 'no-sourced-price' });
    expect(hd.note).toMatch(/^no sourced price: hyperdisk-balanced bills capacity plus provisioned IOPS and throughput/);
  });

  test('pools: 16 × a3-megagpu-8g on demand at $93.40/h; spot shows the on-demand ceiling; flex-start is unpriced', () => {
    const od = gkeNodePoolCost({ component: 'p', machineType: 'a3-megagpu-8g', region: 'us-central1', floorNodes: 0, expectedNodes: 16, maxNodes: 16, purchase: 'on-demand' }, 'p');
    expect(od[0]).toMatchObject({ unitUsd: 93.4, hourlyUsd: 1494.4, monthlyUsd: 1_090_912, basis: 'on-demand' });
    const spot = gkeNodePoolCost({ component: 'p', machineType: 'a3-megagpu-8g', region: 'us-central1', floorNodes: 0, expectedNodes: 16, maxNodes: 16, purchase: 'spot' }, 'p');
    expect(spot[0]).toMatchObject({ basis: 'spot-ceiling', note: expect.stringMatching(/no sourced spot price/) });
    const flex = gkeNodePoolCost({ component: 'p', machineType: 'a3-ultragpu-8g', region: 'us-central1', floorNodes: 0, expectedNodes: 2, maxNodes: 2, purchase: 'flex-start' }, 'p');
    expect(flex[0]).toMatchObject({ unitUsd: 0, monthlyUsd: 0, basis: 'no-sourced-price', source: 'none', note: expect.stringMatching(/^no sourced price: DWS \(flex-start \/ queued provisioning\) is billed at DWS prices/) });
  });

  test('a type with no on-demand price (a4-highgpu-8g) says so rather than borrowing one', () => {
    const lines = gkeNodePoolCost({ component: 'p', machineType: 'a4-highgpu-8g', region: 'us-central1', floorNodes: 0, expectedNodes: 2, maxNodes: 2, purchase: 'on-demand' }, 'p');
    expect(lines[0]).toMatchObject({ quantity: 2, unit: 'hour', monthlyUsd: 0, basis: 'no-sourced-price', note: 'no sourced price: the catalog has no on-demand price for a4-highgpu-8g; not included in the total' });
  });
});
