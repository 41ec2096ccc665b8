import { Testing } from 'cdktf';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { LustreTier } from '../../src/constructs/lustre-tier';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { SpotTrainingPool } from '../../src/constructs/spot-training-pool';
import { WarmInferencePool } from '../../src/constructs/warm-inference-pool';
import { gkeFabricPodSpec } from '../../src/kubernetes/gke-fabric';
import { DWS_AUTO_REPAIR_SUPPRESSION, ROCE_SUBNET_FLOW_LOGS_SUPPRESSION } from '../../src/policy/rules/gcp';
import type { PolicyRule } from '../../src/policy/types';
import { awsStack, gcpStack, resourcesOf, synthJson } from '../helpers/stack';

const SMALL_MODEL = { id: 'meta-llama/Llama-3.2-3B-Instruct', paramsBillions: 3, kvHeads: 8, attentionHeads: 24, concurrency: 8 };

function trainingStack(pool: Record<string, unknown> = {}, cluster: Record<string, unknown> = {}, stackProps: Record<string, unknown> = {}) {
  const app = Testing.app();
  const stack = gcpStack(stackProps, app);
  const c = new GpuCluster(stack, 'Cluster', { accelerators: ['H100'], ...cluster });
  const p = new SpotTrainingPool(stack, 'Pretrain', { cluster: c, instanceTypes: ['a3-megagpu-8g'], totalGpus: 128, ...pool });
  return { app, stack, cluster: c, pool: p };
}

const nodePools = (json: any, prefix: string) => resourcesOf(json, 'google_container_node_pool').filter(([id]) => id.startsWith(prefix)).map(([, v]) => v);

describe('GpuCluster on GCP: bad input first', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['aws settings on a GCP stack', { aws: { natGateways: 'one' } }, /test\/Cluster: aws must be unset on a GCP stack \(use gcp: \{ \.\.\. \}\), got \["natGateways"\]/],
    ['systemNodeCount on GCP', { systemNodeCount: 2 }, /systemNodeCount must be unset on a GCP stack \(the GKE system pool autoscales per zone: gcp.systemNodesPerZone\)/],
    ['logRetentionDays on GCP', { logRetentionDays: 90 }, /logRetentionDays must be unset on a GCP stack/],
    ['an unknown release channel', { gcp: { releaseChannel: 'NIGHTLY' } }, /gcp.releaseChannel must be one of "RAPID", "REGULAR", "STABLE", "EXTENDED", got "NIGHTLY"/],
    ['a master range that is not a /28', { gcp: { masterCidr: '172.16.0.0/24' } }, /gcp.masterCidr must be an IPv4 CIDR in network form .* \/28 to \/28/],
    ['an MTU above the RoCE maximum', { gcp: { networkMtu: 9000 } }, /gcp.networkMtu must be <= 8896/],
    ['overlapping pods and subnet ranges', { gcp: { networkRanges: { subnet: '10.0.0.0/16', pods: '10.0.128.0/17', services: '10.8.0.0/20' } } }, /gcp.networkRanges.pods must be a range that does not overlap subnet \(10.0.0.0\/16\)/],
    ['a system pool with min above max', { gcp: { systemNodesPerZone: { min: 4, max: 2 } } }, /gcp.systemNodesPerZone must be min at most max/],
  ])('%s is refused with the field named', (_name, props, message) => {
    expect(() => new GpuCluster(gcpStack(), 'Cluster', props)).toThrow(message);
  });

  test('gcp settings on an AWS stack are refused', () => {
    expect(() => new GpuCluster(awsStack(), 'Cluster', { gcp: { releaseChannel: 'STABLE' } })).toThrow(/test\/Cluster: gcp must be unset on an AWS stack/);
  });

  test('a GCP stack without the project number cannot name the service agents', () => {
    const stack = gcpStack({ gcp: { projectId: 'my-project-1' } });
    expect(() => new GpuCluster(stack, 'Cluster')).toThrow(/test\/Cluster: gcp.projectNumber must be the stack's GCP project number/);
  });
});

describe('GpuCluster on GCP', () => {
  test('regional GKE: private nodes and endpoint, Workload Identity, CMEK, DCGM, Dataplane V2; zones from the catalog', () => {
    const stack = gcpStack();
    const c = new GpuCluster(stack, 'Cluster', { accelerators: ['H100'] });
    const json = synthJson(stack);
    const gke = Object.values(json.resource.google_container_cluster)[0] as any;
    expect(c.gcp).toBeDefined();
    expect(c.zones).toEqual(['us-central1-a', 'us-central1-b', 'us-central1-c']);
    expect(gke.node_locations).toEqual(c.zones);
    expect(gke.name).toBe('test-cluster');
    expect(gke.private_cluster_config).toMatchObject({ enable_private_nodes: true, enable_private_endpoint: true });
    expect(gke.workload_identity_config.workload_pool).toBe('my-project-1.svc.id.goog');
    expect(gke.database_encryption.state).toBe('ENCRYPTED');
    expect(gke.monitoring_config.enable_components).toContain('DCGM');
    expect(gke.datapath_provider).toBe('ADVANCED_DATAPATH');
    expect(gke.release_channel.channel).toBe('REGULAR');
    expect(gke.min_master_version).toBe('1.33');
    expect(gke.resource_labels).toEqual({ 'project': 'llm', 'environment': 'test', 'cost-center': 'cc-42', 'component': 'test', 'managed-by': 'cdktf-ai-infra' });
    expect(gke.enable_multi_networking).toBe(false);
  });

  test('publicAccessCidrs open a public endpoint restricted to them; gcp.authorizedNetworks add internal ranges', () => {
    const stack = gcpStack();
    new GpuCluster(stack, 'Cluster', { publicAccessCidrs: ['203.0.113.0/24'], gcp: { authorizedNetworks: [{ cidrBlock: '10.200.0.0/16', displayName: 'vpn' }] } });
    const gke = Object.values(synthJson(stack).resource.google_container_cluster)[0] as any;
    expect(gke.private_cluster_config.enable_private_endpoint).toBe(false);
    expect(gke.master_authorized_networks_config.cidr_blocks).toEqual([
      { cidr_block: '203.0.113.0/24', display_name: 'public-1' },
      { cidr_block: '10.200.0.0/16', display_name: 'vpn' },
    ]);
  });

  test('bring your own network: no VPC, NAT or PSA made; the secondary range names go to ip_allocation_policy', () => {
    const stack = gcpStack();
    new GpuCluster(stack, 'Cluster', {
      gcp: { network: { network: 'projects/host/global/networks/shared', subnetwork: 'projects/host/regions/us-central1/subnetworks/gke', podsRangeName: 'gke-pods', servicesRangeName: 'gke-svc' } },
    });
    const json = synthJson(stack);
    expect(json.resource.google_compute_network).toBeUndefined();
    expect(json.resource.google_compute_router_nat).toBeUndefined();
    const gke = Object.values(json.resource.google_container_cluster)[0] as any;
    expect(gke.network).toBe('projects/host/global/networks/shared');
    expect(gke.ip_allocation_policy).toMatchObject({ cluster_secondary_range_name: 'gke-pods', services_secondary_range_name: 'gke-svc' });
    expect(stack.manifest().cost.lines.filter((l) => l.item.startsWith('Cloud NAT'))).toEqual([]);
  });

  test('cost: usage given replaces the assumption and the line says so', () => {
    const stack = gcpStack();
    new GpuCluster(stack, 'Cluster', { usage: { natDataGBPerMonth: 0, flowLogsGBPerMonth: 1.073741824, clusterLogsGBPerMonth: 0 } });
    const lines = stack.manifest().cost.lines;
    expect(lines.find((l) => l.item === 'Cloud NAT data processed')).toMatchObject({ quantity: 0, monthlyUsd: 0, note: expect.stringMatching(/^usage given/) });
    expect(lines.find((l) => l.item.startsWith('VPC flow logs'))).toMatchObject({ quantity: 1, monthlyUsd: 0.25 });
  });

  test('cost: the GKE fee, NAT and the e2-standard-4 system nodes priced; nothing unpriced', () => {
    const stack = gcpStack();
    new GpuCluster(stack, 'Cluster');
    const lines = stack.manifest().cost.lines;
    expect(lines[0]).toMatchObject({ item: 'GKE cluster management fee (regional)', monthlyUsd: 73 });
    // Per-VM charge, the NAT IP, and the data processed: 500 GB assumed = 465.66 GiB × $0.045 (issue 10, item 10)
    expect(lines.filter((l) => l.item.startsWith('Cloud NAT')).map((l) => [l.item, l.monthlyUsd])).toEqual([
      ['Cloud NAT (3 always-on system nodes; each GPU node adds $0.0014/h up to the per-gateway cap)', 3.07],
      ['Cloud NAT external IPs (1)', 3.65],
      ['Cloud NAT data processed', 20.95],
    ]);
    expect(lines.find((l) => l.item === 'Cloud NAT data processed')).toMatchObject({ quantity: 465.66, basis: 'usage-estimate', note: expect.stringMatching(/^assumed 500 GB\/month: .*set GpuCluster usage.natDataGBPerMonth/) });
    // AND the flow logs (vended network logs, $0.25/GiB) and the GKE logs ($0.50/GiB) from the assumed volumes
    expect(lines.find((l) => l.item.startsWith('VPC flow logs'))).toMatchObject({ quantity: 13.97, monthlyUsd: 3.49 });
    expect(lines.find((l) => l.item.startsWith('Cloud Logging ingestion: GKE logs'))).toMatchObject({ quantity: 27.94, monthlyUsd: 13.97 });
    expect(lines.filter((l) => l.basis === 'no-sourced-price')).toEqual([]);
    expect(lines.find((l) => l.item === 'system nodes (3 × e2-standard-4, on-demand)')).toMatchObject({ unitUsd: 0.134012, monthlyUsd: 293.49 });
    expect(lines.find((l) => l.item.startsWith('system node boot disks'))).toMatchObject({ item: 'system node boot disks (3 × 50 GiB pd-balanced)', quantity: 150, monthlyUsd: 15 });
  });
});

describe('SpotTrainingPool on GCP: bad input first', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['AWS fallback settings', { aws: { fallbackCapacityBlock: true } }, /test\/Pretrain: aws must be unset on a GCP stack/],
    ['a reservation fallback without a reservation', { gcp: { fallback: 'reservation' } }, /gcp.fallbackReservation must be a reservation/],
    ['a reservation with a flex-start fallback', { gcp: { fallback: 'flex-start', fallbackReservation: 'any' } }, /gcp.fallbackReservation must be unset when gcp.fallback is "flex-start"/],
    ['a max run duration without flex-start', { gcp: { maxRunDurationSeconds: 3600 } }, /gcp.maxRunDurationSeconds must be unset unless gcp.fallback is "flex-start"/],
    ['a max run duration over 7 days', { gcp: { fallback: 'flex-start', maxRunDurationSeconds: 700_000 } }, /gcp.maxRunDurationSeconds must be <= 604800/],
    ['fallback settings without a fallback', { onDemandFallback: false, gcp: { fallback: 'flex-start' } }, /gcp must be unset when onDemandFallback is false/],
    ['a bad reservation name', { gcp: { fallbackReservation: { name: 'Bad_Name' } } }, /gcp.fallbackReservation/],
  ])('%s is refused', (_name, pool, message) => {
    expect(() => trainingStack(pool)).toThrow(message);
  });

  test('compact placement with a flex-start fallback is refused on A3 Mega (only A3 Ultra and A4)', () => {
    expect(() => trainingStack({ gcp: { fallback: 'flex-start' } })).toThrow(/test\/Pretrain: gcp.fallback must be compact placement with flex-start only on a3-ultra, a4 machines/);
  });
});

describe('SpotTrainingPool on GCP: 16 × a3-megagpu-8g, TCPXO, compact, spot with a fallback', () => {
  test('spot pool: 8 additional NICs on 8 VPCs with MTU 8244, compact placement in one zone, multi-networking on', () => {
    const { stack, pool } = trainingStack();
    const json = synthJson(stack);
    const [spot] = nodePools(json, 'Pretrain_Gcp_SpotNodes');
    expect(spot.node_config).toMatchObject({ machine_type: 'a3-megagpu-8g', spot: true });
    expect(spot.network_config.additional_node_network_configs).toHaveLength(8);
    expect(spot.node_locations).toEqual(['us-central1-a']);
    expect(spot.placement_policy.type).toBe('COMPACT');
    expect(spot.autoscaling).toMatchObject({ total_min_node_count: 0, total_max_node_count: 16 });
    const fabricVpcs = resourcesOf(json, 'google_compute_network').filter(([id]) => id.includes('Fabric-tcpxo')).map(([, v]) => v);
    expect(fabricVpcs).toHaveLength(8);
    expect(fabricVpcs.every((v) => v.mtu === 8244)).toBe(true);
    expect((Object.values(json.resource.google_container_cluster)[0] as any).enable_multi_networking).toBe(true);
    expect(pool.zones).toEqual(['us-central1-a']);
    expect(pool.instanceTypes).toEqual(['a3-megagpu-8g']);
  });

  test('taints: the GKE GPU taint, the training taint and a distinct capacity taint per pool; CMEK boot disks', () => {
    const { stack, pool } = trainingStack();
    const json = synthJson(stack);
    const [spot] = nodePools(json, 'Pretrain_Gcp_SpotNodes');
    const [fallback] = nodePools(json, 'Pretrain_Gcp_Fallback');
    expect(spot.node_config.taint).toEqual([
      { key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' },
      { key: 'ai-infra/workload', value: 'training', effect: 'NO_SCHEDULE' },
      { key: 'ai-infra/capacity', value: 'spot', effect: 'NO_SCHEDULE' },
    ]);
    expect(fallback.node_config.taint[2]).toEqual({ key: 'ai-infra/capacity', value: 'on-demand', effect: 'NO_SCHEDULE' });
    expect(pool.capacityTaints).toEqual({
      spot: { key: 'ai-infra/capacity', value: 'spot', effect: 'NoSchedule' },
      fallback: { key: 'ai-infra/capacity', value: 'on-demand', effect: 'NoSchedule' },
    });
    expect(spot.node_config.boot_disk_kms_key).toMatch(/google_kms_crypto_key\.Cluster_Gcp_KeyRing_BootDiskKey_[A-F0-9]+\.id/);
    expect(fallback.node_config.spot).toBeUndefined();
    expect(fallback.autoscaling.total_min_node_count).toBe(0);
    expect(fallback.node_locations).toEqual(['us-central1-a']);
    expect(fallback.network_config.additional_node_network_configs).toHaveLength(8);
  });

  test('reservation fallback by name; flex-start fallback on A3 Ultra with compact placement', () => {
    const reserved = trainingStack({ gcp: { fallbackReservation: { name: 'h100-res', project: 'capacity-prj' } } });
    const [fb] = nodePools(synthJson(reserved.stack), 'Pretrain_Gcp_Fallback');
    expect(fb.node_config.reservation_affinity).toEqual({
      consume_reservation_type: 'SPECIFIC_RESERVATION',
      key: 'compute.googleapis.com/reservation-name',
      values: ['projects/capacity-prj/reservations/h100-res'],
    });
    expect(fb.node_config.taint[2].value).toBe('reserved');

    const flex = trainingStack({ instanceTypes: ['a3-ultragpu-8g'], gcp: { fallback: 'flex-start', maxRunDurationSeconds: 86_400 } }, { accelerators: ['H200'] });
    const json = synthJson(flex.stack);
    const [flexPool] = nodePools(json, 'Pretrain_Gcp_Fallback');
    expect(flexPool.node_config).toMatchObject({ flex_start: true, max_run_duration: '86400s' });
    expect(flexPool.management.auto_repair).toBe(false);
    expect(flexPool.network_config.additional_node_network_configs).toHaveLength(9);
    expect(resourcesOf(json, 'google_compute_network').find(([, v]) => v.network_profile)![1].network_profile)
      .toBe('projects/my-project-1/global/networkProfiles/us-central1-b-vpc-roce');
    const decisions = flex.stack.manifest().decisions;
    expect(decisions.find((d) => d.topic === 'roce-network-firewall')!.reason).toMatch(/^OPT-OUT \(scanner checks CKV2_GCP_18, CKV_GCP_26, CKV_GCP_74\): AiInfra-NET-3: RoCE network/);
    expect(decisions.find((d) => d.topic === 'node-auto-repair')!.reason).toMatch(/^OPT-OUT \(scanner checks CKV_GCP_9\): DWS flex-start node pool: GKE requires management.auto_repair = false/);
  });

  test('workload stack: TCPXO installer and NRI injector once, network objects, no device-plugin chart; pod spec helper from the pool', () => {
    const { app, stack, pool } = trainingStack();
    synthJson(stack);
    const workloads = app.node.findChild('test-workloads') as any;
    const wjson = JSON.parse(Testing.synth(workloads));
    const sets = Object.values(wjson.resource.kubernetes_daemon_set_v1).map((d: any) => d.metadata.name).sort();
    expect(sets).toEqual(['device-injector', 'nccl-tcpxo-installer']);
    const releases = Object.values(wjson.resource.helm_release).map((r: any) => r.name);
    expect(releases).toEqual(['gke-networks-tcpxo']);
    const provider = wjson.provider.kubernetes[0];
    expect(provider.exec[0].command).toBe('gke-gcloud-auth-plugin');
    expect(provider.host).toMatch(/^https:\/\//);
    const podSpec = gkeFabricPodSpec(pool.gcp!.fabricSpec!);
    expect(JSON.parse(podSpec.annotations['networking.gke.io/interfaces'])).toHaveLength(9);
    expect(podSpec.sidecars[0].name).toBe('tcpxo-daemon');
  });

  test('decisions: GKE graceful shutdown (pods get 15 s), one machine type per pool; cost at the on-demand ceiling for spot', () => {
    const { stack } = trainingStack();
    const m = stack.manifest();
    const notice = m.decisions.find((d) => d.topic === 'preemption-notice')!;
    expect(notice.chosen).toBe('GKE graceful node shutdown (no handler to install); training pods set terminationGracePeriodSeconds <= 15');
    const pool = m.decisions.find((d) => d.topic === 'node-pool' && d.construct === 'test/Pretrain')!;
    expect(pool.chosen).toBe('spot 0..16 × a3-megagpu-8g in us-central1-a (compact placement, one zone), on-demand fallback at 0');
    const fabric = m.decisions.find((d) => d.topic === 'gpu-fabric-tcpxo')!;
    expect(fabric.chosen).toMatch(/^gpudirect-tcpxo for a3-megagpu-8g: 8 gVNIC VPC\(s\), MTU 8244, 8 NICs per node \(192\.168\.0\.0\/20, .*192\.168\.112\.0\/20\); GKE multi-networking on$/);
    expect(m.decisions.find((d) => d.topic === 'cluster-keys')!.chosen).toMatch(/gke-secrets .* node-boot-disks/);
    const line = m.cost.lines.find((l) => l.component === 'test/Pretrain')!;
    expect(line).toMatchObject({ item: 'a3-megagpu-8g (spot)', unitUsd: 93.4, quantity: 16, basis: 'spot-ceiling' });
  });
});

describe('GCP backends suppress the findings GPU facts make unavoidable, with the written reason', () => {
  // A stand-in rule with a real rule's id, to show a suppression is scoped to the resources a GPU fact forces.
  const rule = (id: string, type: string, bad: (c: any) => boolean): PolicyRule => ({
    id, description: id, resourceTypes: [type], check: (v) => (bad(v.config) ? `${id} finding` : undefined),
  });

  test('RoCE fabric and a DWS fallback: the GCP pack\'s findings suppressed on exactly those resources, none left', () => {
    const stack = gcpStack();
    const c = new GpuCluster(stack, 'Cluster', { accelerators: ['H200'] });
    new SpotTrainingPool(stack, 'Pretrain', { cluster: c, instanceTypes: ['a3-ultragpu-8g'], totalGpus: 16, gcp: { fallback: 'flex-start' } });
    synthJson(stack);
    const report = stack.manifest().policy;
    expect(report.findings).toEqual([]);
    const byRule = (id: string) => report.suppressed.filter((f) => f.ruleId === id);
    expect(byRule('AiInfra-GKE-19').map((f) => f.path)).toEqual(['test/Pretrain/Gcp/Fallback/Resource']);
    expect(byRule('AiInfra-GKE-19')[0].reason).toBe(DWS_AUTO_REPAIR_SUPPRESSION.reason);
    expect(byRule('AiInfra-NET-1')).toHaveLength(8);
    expect(byRule('AiInfra-NET-1').every((f) => f.path.startsWith('test/Cluster/Gcp/Fabric-rdma/Rdma'))).toBe(true);
    expect(byRule('AiInfra-NET-3').map((f) => f.path)).toEqual(['test/Cluster/Gcp/Fabric-rdma/Rdma']);
  });

  test('the same rules still find a subnet without flow logs outside the RoCE fabric', () => {
    const stack = gcpStack({ policy: { extraRules: [rule('AiInfra-NET-1', 'google_compute_subnetwork', (c) => c.ip_cidr_range === '192.168.0.0/20')], level: 'warn' } });
    const c = new GpuCluster(stack, 'Cluster', { accelerators: ['H200'] });
    new SpotTrainingPool(stack, 'Pretrain', { cluster: c, instanceTypes: ['a3-ultragpu-8g'], totalGpus: 16 });
    synthJson(stack);
    expect(stack.manifest().policy.findings.map((f) => f.path)).toEqual(['test/Cluster/Gcp/Fabric-rdma/Gvnic1Subnet']);
  });
});

describe('SpotTrainingPool on GCP: checkpoint bucket and trainer identity', () => {
  test('bad input first: a negative checkpointStorageGiB is refused with the field named', () => {
    expect(() => trainingStack({ checkpointStorageGiB: -1 })).toThrow(/test\/Pretrain: checkpointStorageGiB must be >= 0/);
  });

  test('checkpoint bucket: CMEK from the pool key granted to the Cloud Storage agent, versioning, uniform access, PAP, soft delete, lifecycle, prevent_destroy', () => {
    const { stack } = trainingStack({ checkpointNoncurrentDays: 14 });
    const json = synthJson(stack);
    const buckets = resourcesOf(json, 'google_storage_bucket');
    expect(buckets.map(([id]) => id)).toEqual([expect.stringMatching(/^Pretrain_Gcp_Checkpoints_[A-F0-9]{8}$/)]);
    const [[bucketId, bucket]] = buckets;
    expect(bucket.name).toBe('test-pretrain-ckpt-my-project-1');
    expect(bucket.location).toBe('us-central1');
    expect(bucket.uniform_bucket_level_access).toBe(true);
    expect(bucket.public_access_prevention).toBe('enforced');
    expect(bucket.versioning).toEqual({ enabled: true });
    expect(bucket.soft_delete_policy).toEqual({ retention_duration_seconds: 604800 });
    expect(bucket.force_destroy).toBe(false);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.lifecycle_rule).toEqual([
      { action: { type: 'Delete' }, condition: { days_since_noncurrent_time: 14, with_state: 'ARCHIVED' } },
      { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 7 } },
    ]);
    const [[keyId, key]] = resourcesOf(json, 'google_kms_crypto_key').filter(([id]) => id.startsWith('Pretrain_'));
    expect(key).toMatchObject({ name: 'checkpoints', rotation_period: '7776000s', lifecycle: { prevent_destroy: true } });
    expect(bucket.encryption.default_kms_key_name).toBe(`\${google_kms_crypto_key.${keyId}.id}`);
    const [[ringId, ring]] = resourcesOf(json, 'google_kms_key_ring').filter(([id]) => id.startsWith('Pretrain_'));
    expect(ring).toMatchObject({ name: 'test-pretrain-ckpt', location: 'us-central1' });
    expect(key.key_ring).toBe(`\${google_kms_key_ring.${ringId}.id}`);
    const grants = resourcesOf(json, 'google_kms_crypto_key_iam_member').filter(([id]) => id.startsWith('Pretrain_'));
    expect(grants).toHaveLength(1);
    const [[grantId, grant]] = grants;
    expect(grant).toMatchObject({ role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', member: 'serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com' });
    expect(bucket.depends_on).toEqual([`google_kms_crypto_key_iam_member.${grantId}`]);
    expect(bucketId).toMatch(/^Pretrain_Gcp_Checkpoints_/);
  });

  test('trainer identity: a Google SA bound by Workload Identity to ai-training/pretrain-trainer, objectUser on this bucket only, annotated KSA', () => {
    const { app, stack, pool } = trainingStack();
    const json = synthJson(stack);
    const [[saId, sa]] = resourcesOf(json, 'google_service_account').filter(([id]) => id.startsWith('Pretrain_'));
    expect(sa).toMatchObject({ account_id: 'test-pretrain-trainer', project: 'my-project-1' });
    const wi = resourcesOf(json, 'google_service_account_iam_member').filter(([id]) => id.startsWith('Pretrain_')).map(([, v]) => v);
    expect(wi).toEqual([{
      service_account_id: `\${google_service_account.${saId}.name}`,
      role: 'roles/iam.workloadIdentityUser',
      member: 'serviceAccount:my-project-1.svc.id.goog[ai-training/pretrain-trainer]',
    }]);
    const [[bucketId]] = resourcesOf(json, 'google_storage_bucket');
    const access = resourcesOf(json, 'google_storage_bucket_iam_member').map(([, v]) => v);
    expect(access).toEqual([{ bucket: `\${google_storage_bucket.${bucketId}.name}`, role: 'roles/storage.objectUser', member: `\${google_service_account.${saId}.member}` }]);
    expect(resourcesOf(json, 'google_project_iam_member').filter(([id]) => id.startsWith('Pretrain_'))).toEqual([]);
    expect(pool.trainerServiceAccount).toEqual({ namespace: 'ai-training', name: 'pretrain-trainer' });
    const workloads = app.node.findChild('test-workloads') as any;
    const wjson = JSON.parse(Testing.synth(workloads));
    const ksa = Object.values(wjson.resource.kubernetes_service_account_v1).map((k: any) => k.metadata).find((m: any) => m.name === 'pretrain-trainer');
    expect(ksa).toEqual({
      name: 'pretrain-trainer',
      namespace: 'ai-training',
      labels: { 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' },
      annotations: { 'iam.gke.io/gcp-service-account': 'test-pretrain-trainer@my-project-1.iam.gserviceaccount.com' },
    });
  });

  test('no missing-bucket warning; trainer and access-log decisions; bucket and key cost lines', () => {
    const { stack } = trainingStack({ checkpointStorageGiB: 2048 });
    const m = stack.manifest();
    expect(m.warnings.filter((w) => /checkpoint/.test(w))).toEqual([]);
    expect(m.decisions.find((d) => d.topic === 'checkpoint-bucket')).toBeUndefined();
    expect(m.decisions.find((d) => d.topic === 'trainer-identity')!.chosen)
      .toBe('Google service account test-pretrain-trainer@my-project-1.iam.gserviceaccount.com for ai-training/pretrain-trainer (Workload Identity), roles/storage.objectUser on the checkpoint bucket only');
    expect(m.decisions.find((d) => d.topic === 'gcs-access-logging')!.construct).toBe('test/Pretrain/Gcp/Checkpoints');
    const lines = m.cost.lines.filter((l) => l.component === 'test/Pretrain');
    const gcs = lines.find((l) => l.item.endsWith('(checkpoints)'))!;
    expect(gcs).toMatchObject({ quantity: 2048, unitUsd: 0.02, monthlyUsd: 40.96 });
    // AND the boot disks: 16 nodes × 300 GiB pd-balanced at $0.10 (the a3-mega family takes pd-balanced)
    const disks = lines.find((l) => l.item.startsWith('node boot disks'))!;
    expect(disks).toMatchObject({ item: 'node boot disks (300 GiB pd-balanced each)', quantity: 4800, unitUsd: 0.1, monthlyUsd: 480 });
    expect(gcs.note).toMatch(/^checkpoint bucket, 2048 GiB on average/);
    expect(lines.find((l) => /KMS/.test(l.item))).toMatchObject({ quantity: 1, monthlyUsd: 0.06 });
  });

  test('retainCheckpoints false turns prevent_destroy off on the bucket (the key keeps it)', () => {
    const { stack } = trainingStack({ retainCheckpoints: false }, {}, { policy: { suppressions: [{ ruleId: 'AiInfra-STATE-2', reason: 'throwaway dev environment in this test' }] } });
    const json = synthJson(stack);
    const [[, bucket]] = resourcesOf(json, 'google_storage_bucket');
    expect(bucket.lifecycle).toEqual({ prevent_destroy: false });
    const [[, key]] = resourcesOf(json, 'google_kms_crypto_key').filter(([id]) => id.startsWith('Pretrain_'));
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe('GCP policy rules on the GPU backends', () => {
  test('defaults give no finding; a RoCE fabric and a DWS flex-start pool are suppressed by the backends with the pack\'s written reasons', () => {
    const plain = gcpStack();
    const c1 = new GpuCluster(plain, 'Cluster', { accelerators: ['H100'] });
    const t1 = new SpotTrainingPool(plain, 'Pretrain', { cluster: c1, instanceTypes: ['a3-megagpu-8g'], totalGpus: 16 });
    new LustreTier(plain, 'Scratch', { cluster: c1, throughputGBps: 10, zone: t1.zones[0] });
    synthJson(plain);
    expect(plain.policyReport.findings).toEqual([]);
    expect(plain.policyReport.suppressed).toEqual([]);

    const rdma = gcpStack();
    const c2 = new GpuCluster(rdma, 'Cluster', { accelerators: ['H200'] });
    new SpotTrainingPool(rdma, 'Pretrain', { cluster: c2, instanceTypes: ['a3-ultragpu-8g'], totalGpus: 16, gcp: { fallback: 'flex-start' } });
    synthJson(rdma);
    expect(rdma.policyReport.findings).toEqual([]);
    const byRule = (id: string) => rdma.policyReport.suppressed.filter((f) => f.ruleId === id);
    expect(byRule('AiInfra-NET-3').map((f) => f.path)).toEqual(['test/Cluster/Gcp/Fabric-rdma/Rdma']);
    expect(byRule('AiInfra-NET-1')).toHaveLength(8);
    expect(byRule('AiInfra-NET-2')).toHaveLength(8);
    expect(byRule('AiInfra-NET-1')[0].reason).toBe(ROCE_SUBNET_FLOW_LOGS_SUPPRESSION.reason);
    expect(byRule('AiInfra-GKE-19').map((f) => [f.path, f.reason])).toEqual([['test/Pretrain/Gcp/Fallback/Resource', DWS_AUTO_REPAIR_SUPPRESSION.reason]]);
  });
});

describe('LustreTier on a GKE cluster: one consistent LNet port', () => {
  function lustreStack(tier: Record<string, unknown> = {}, cluster: Record<string, unknown> = {}) {
    const { stack, cluster: c, pool } = trainingStack({ totalGpus: 16 }, cluster);
    const lustre = new LustreTier(stack, 'Scratch', { cluster: c, throughputGBps: 10, zone: pool.zones[0], ...tier });
    return { stack, cluster: c, pool, lustre };
  }
  const parts = (json: any) => ({
    addon: (Object.values(json.resource.google_container_cluster)[0] as any).addons_config.lustre_csi_driver_config,
    instance: (Object.values(json.resource.google_lustre_instance)[0] as any),
    firewall: resourcesOf(json, 'google_compute_firewall').find(([id]) => id.includes('LnetFromPrivateServiceAccess'))![1],
  });

  test('bad input first: the default port on a cluster pinned below 1.33; two instances asking for different ports', () => {
    expect(() => lustreStack({}, { kubernetesVersion: '1.32' }))
      .toThrow(/^test\/Scratch: gcp\.legacyLnetPort must be true on a cluster at Kubernetes 1\.32: GKE nodes older than 1\.33\.2-gke\.4655000 reach Managed Lustre only on the legacy LNet port 6988/);
    const { stack, cluster, pool } = lustreStack();
    expect(() => new LustreTier(stack, 'Old', { cluster, throughputGBps: 10, zone: pool.zones[0], gcp: { legacyLnetPort: true } }))
      .toThrow(/^test\/Old: gcp\.legacyLnetPort must be false \(the cluster's Lustre CSI driver already uses the default port 988 for another instance/);
  });

  test('default: instance gke_support_enabled false, CSI driver without the legacy port (explicit false), firewall on TCP 988, in the pool zone; decision recorded', () => {
    const { stack, pool, lustre } = lustreStack();
    const { addon, instance, firewall } = parts(synthJson(stack));
    expect(addon).toEqual({ enabled: true, enable_legacy_lustre_port: false });
    expect(instance).toMatchObject({ gke_support_enabled: false, location: pool.zones[0], capacity_gib: '18000', per_unit_storage_throughput: '1000' });
    expect(firewall.allow).toEqual([{ protocol: 'tcp', ports: ['988'] }]);
    expect(lustre.zone).toBe('us-central1-a');
    const d = stack.manifest().decisions.find((x) => x.topic === 'lustre-lnet-port')!;
    expect(d.chosen).toBe('default LNet port 988: instance gke_support_enabled = false, cluster lustre_csi_driver_config.enable_legacy_lustre_port = false, firewall TCP 988');
    expect(d.reason).toMatch(/GKE nodes from 1\.33\.2-gke\.4655000 reach it with the CSI driver's default/);
  });

  test('legacy: instance gke_support_enabled true, CSI driver on the legacy port, firewall on TCP 6988; accepted on a cluster pinned at 1.32', () => {
    const { stack } = lustreStack({ gcp: { legacyLnetPort: true } }, { kubernetesVersion: '1.32' });
    const { addon, instance, firewall } = parts(synthJson(stack));
    expect(addon).toEqual({ enabled: true, enable_legacy_lustre_port: true });
    expect(instance.gke_support_enabled).toBe(true);
    expect(firewall.allow).toEqual([{ protocol: 'tcp', ports: ['6988'] }]);
    expect(stack.manifest().decisions.find((x) => x.topic === 'lustre-lnet-port')!.chosen).toMatch(/^legacy LNet port 6988: instance gke_support_enabled = true/);
  });
});

describe('WarmInferencePool on GCP', () => {
  function servingStack(pool: Record<string, unknown> = {}) {
    const stack = gcpStack({ region: 'europe-west4' });
    const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['L4'] });
    const p = new WarmInferencePool(stack, 'Chat', { cluster, instanceType: 'g2-standard-8', model: SMALL_MODEL, minNodes: 1, maxNodes: 3, ...pool });
    return { stack, pool: p };
  }

  test('bad input first: AWS settings, and a specific reservation over several zones', () => {
    expect(() => servingStack({ aws: { placementGroup: true } })).toThrow(/test\/Chat: aws must be unset on a GCP stack/);
    expect(() => servingStack({ gcp: { reservation: { name: 'l4-res' } } })).toThrow(/test\/Chat: zones must be exactly one zone, the reservation's, with a specific reservation/);
  });

  test('on-demand L4 pool with a warm floor of 1 and a ceiling of 3; the model server tolerates the GKE GPU taint', () => {
    const { stack, pool } = servingStack();
    const json = synthJson(stack);
    const [np] = nodePools(json, 'Chat_Gcp_Nodes');
    expect(np.autoscaling).toEqual({ total_min_node_count: 1, total_max_node_count: 3, location_policy: 'BALANCED' });
    expect(np.node_config.guest_accelerator[0]).toMatchObject({ type: 'nvidia-l4', count: 1 });
    expect(np.node_config.reservation_affinity).toEqual({ consume_reservation_type: 'NO_RESERVATION' });
    expect(np.network_config).toBeUndefined();
    expect(pool.taints[0]).toEqual({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
    expect(pool.gcp!.nodes.fabricInterfaces).toBe(0);
  });

  test('specific reservation in one zone; any reservation anywhere', () => {
    const named = servingStack({ zones: ['europe-west4-a'], gcp: { reservation: { name: 'l4-res' } } });
    const [np] = nodePools(synthJson(named.stack), 'Chat_Gcp_Nodes');
    expect(np.node_config.reservation_affinity.values).toEqual(['l4-res']);
    expect(np.node_locations).toEqual(['europe-west4-a']);
    const any = servingStack({ gcp: { reservation: 'any' } });
    const [np2] = nodePools(synthJson(any.stack), 'Chat_Gcp_Nodes');
    expect(np2.node_config.reservation_affinity).toEqual({ consume_reservation_type: 'ANY_RESERVATION' });
  });

  describe('HPA on waiting requests: the GCP ObservabilityStack installs the GMP adapter', () => {
    function observed(order: 'pool-first' | 'observability-first', obsProps: { customMetricsAdapter?: boolean } = {}) {
      const app = Testing.app();
      const stack = gcpStack({ region: 'europe-west4' }, app);
      const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['L4'] });
      const pool = () => new WarmInferencePool(stack, 'Chat', { cluster, instanceType: 'g2-standard-8', model: SMALL_MODEL, minNodes: 1, maxNodes: 3 });
      const obs = () => new ObservabilityStack(stack, 'Observability', { cluster, alertEmails: ['oncall@example.com'], ...obsProps });
      const [first, second] = order === 'pool-first' ? [pool, obs] : [obs, pool];
      first();
      second();
      const o = stack.node.findChild('Observability') as ObservabilityStack;
      return { app, stack, obs: o, json: synthJson(stack), workloads: JSON.parse(Testing.synth(app.node.findChild('test-workloads') as any)) };
    }

    test.each(['pool-first', 'observability-first'] as const)('%s: the pool records the signal and warns of nothing', (order) => {
      const { stack } = observed(order);
      const m = stack.manifest();
      expect(m.warnings.filter((w) => /custom-metrics adapter/.test(w))).toEqual([]);
      const decisions = m.decisions.filter((d) => d.construct === 'test/Chat' && d.topic === 'autoscaling-signal');
      expect(decisions.map((d) => d.chosen)).toEqual(['HPA on the Pods metric vllm_num_requests_waiting (vllm:num_requests_waiting per pod), served by the custom-metrics adapter of test/Observability']);
    });

    test('query identity: monitoring.viewer only, Workload Identity for ai-infra-monitoring/gmp-frontend; the frontend KSA carries its email', () => {
      const { json, workloads, obs } = observed('pool-first');
      const [[saId, sa]] = resourcesOf(json, 'google_service_account').filter(([id]) => id.startsWith('Observability_'));
      expect(sa.account_id).toBe('test-observability-metrics');
      expect(resourcesOf(json, 'google_project_iam_member').filter(([id]) => id.startsWith('Observability_')).map(([, v]) => v)).toEqual([
        { project: 'my-project-1', role: 'roles/monitoring.viewer', member: `\${google_service_account.${saId}.member}` },
      ]);
      expect(resourcesOf(json, 'google_service_account_iam_member').filter(([id]) => id.startsWith('Observability_')).map(([, v]) => v)).toEqual([
        { service_account_id: `\${google_service_account.${saId}.name}`, role: 'roles/iam.workloadIdentityUser', member: 'serviceAccount:my-project-1.svc.id.goog[ai-infra-monitoring/gmp-frontend]' },
      ]);
      expect(obs.gcp!.metricsQuery!.email).toBe('test-observability-metrics@my-project-1.iam.gserviceaccount.com');
      const ksa = Object.values(workloads.resource.kubernetes_service_account_v1).map((k: any) => k.metadata).find((m: any) => m.name === 'gmp-frontend');
      expect(ksa).toMatchObject({ namespace: 'ai-infra-monitoring', annotations: { 'iam.gke.io/gcp-service-account': 'test-observability-metrics@my-project-1.iam.gserviceaccount.com' } });
      const ns = Object.values(workloads.resource.kubernetes_namespace_v1).map((n: any) => n.metadata.name);
      expect(ns).toEqual(expect.arrayContaining(['ai-infra-monitoring', 'ai-inference']));
      const adapter = Object.values(workloads.resource.helm_release).find((r: any) => r.name === 'prometheus-adapter') as any;
      expect(adapter).toMatchObject({ namespace: 'ai-infra-monitoring', chart: 'prometheus-adapter', version: '5.3.0' });
      const values = JSON.parse(adapter.values[0]);
      expect(values.prometheus).toEqual({ url: 'http://gmp-frontend.ai-infra-monitoring.svc', port: 9090, path: '' });
      expect(values.nodeSelector).toEqual({ 'ai-infra/pool': 'system' });
      expect(values.rules.custom[0].name.as).toBe('vllm_num_requests_waiting');
      const frontend = Object.values(workloads.resource.kubernetes_deployment_v1).find((d: any) => d.metadata.name === 'gmp-frontend') as any;
      expect(frontend.spec.template.spec.container[0].args).toEqual(['--web.listen-address=:9090', '--query.project-id=my-project-1']);
      expect(frontend.spec.template.spec.node_selector).toEqual({ 'ai-infra/pool': 'system' });
    });

    test('the ObservabilityStack decision names the adapter; customMetricsAdapter: false installs nothing, and the pool warns', () => {
      const on = observed('pool-first');
      const d = on.stack.manifest().decisions.find((x) => x.topic === 'custom-metrics-adapter')!;
      expect(d.chosen).toBe('prometheus-adapter over GMP\'s query frontend (gke.gcr.io/prometheus-engine/frontend:v0.15.3-gke.0) in ai-infra-monitoring, serving vllm_num_requests_waiting');
      expect(d.reason).toMatch(/^a PodMonitoring scrapes the model servers every 15s; the frontend reads Managed Prometheus as test-observability-metrics@my-project-1\.iam\.gserviceaccount\.com \(roles\/monitoring\.viewer only/);
      expect(on.obs.customMetricsAdapter).toBe(on.obs.gcp!.customMetricsAdapter);

      const off = observed('pool-first', { customMetricsAdapter: false });
      expect(off.obs.customMetricsAdapter).toBeUndefined();
      expect(resourcesOf(off.json, 'google_service_account').filter(([id]) => id.startsWith('Observability_'))).toEqual([]);
      expect(Object.values(off.workloads.resource.helm_release ?? {}).map((r: any) => r.name)).not.toContain('prometheus-adapter');
      const m = off.stack.manifest();
      expect(m.decisions.find((x) => x.topic === 'custom-metrics-adapter')!.reason).toMatch(/^OPT-OUT: customMetricsAdapter is false/);
      expect(m.warnings.filter((w) => /^test\/Chat: the model server's HPA/.test(w))).toHaveLength(1);
    });
  });

  test('cost: the warm floor at the us-central1 price × the EU uplift, flagged as a regional estimate (no sourced europe-west4 price)', () => {
    const { stack } = servingStack();
    const line = stack.manifest().cost.lines.find((l) => l.component === 'test/Chat')!;
    // $0.85362/h (us-central1, sourced) × 1.1 (EU uplift); the floor line's ceiling is its 1 node,
    // the burst line carries the other 2 of the 3-node ceiling (no node counted twice).
    expect(line).toMatchObject({ item: 'g2-standard-8 (on-demand), warm floor (always on)', quantity: 1, basis: 'regional-estimate', monthlyUsd: 685.46, monthlyCeilingUsd: 685.46 });
    const pool = stack.manifest().cost.lines.filter((l) => l.component === 'test/Chat' && l.item.startsWith('g2-standard-8'));
    expect(pool.map((l) => l.item)).toEqual(['g2-standard-8 (on-demand), warm floor (always on)', 'g2-standard-8 (on-demand), expected above the floor']);
    expect(pool.reduce((sum, l) => sum + (l.monthlyCeilingUsd ?? 0), 0)).toBeCloseTo(3 * 0.85362 * 1.1 * 730, 0);
    expect(line.unitUsd).toBeCloseTo(0.85362 * 1.1, 6);
    expect(line.note).toMatch(/no sourced on-demand price for g2-standard-8 in europe-west4: the us-central1 price \$0\.85362 × 1\.1 \(EU regional uplift/);
  });
});
