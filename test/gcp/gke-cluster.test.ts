import { BOOT_KEY, bareStack, cluster, network, only, physicalName, PROJECT, REGION, resources, SECRETS_KEY, synth } from './helpers';
import { GkeCluster, MONITORING_COMPONENTS, NODE_SERVICE_ACCOUNT_ROLES } from '../../src/gcp/gke-cluster';

function clusterJson(opts: { authorized?: string[]; publicEndpoint?: boolean; multiNetworking?: boolean; lustre?: boolean } = {}) {
  const stack = bareStack();
  const c = cluster(stack, { authorized: opts.authorized, publicEndpoint: opts.publicEndpoint });
  if (opts.multiNetworking) c.enableMultiNetworking();
  if (opts.lustre) c.enableLustreCsiDriver();
  const json = synth(stack);
  return { c, json, gke: only(json, 'google_container_cluster') };
}

describe('GkeCluster', () => {
  test('bad input first: a master range that is not a /28, or overlaps the subnet, is refused', () => {
    const stack = bareStack();
    const base = {
      where: 'gcp/Cluster',
      physicalName,
      nameSuffix: 'c',
      clusterName: 't-c',
      projectId: PROJECT,
      region: REGION,
      zones: ['us-central1-a'],
      network: network(stack),
      releaseChannel: 'REGULAR' as const,
      authorizedNetworks: [],
      publicEndpoint: false,
      secretsKeyId: SECRETS_KEY,
      bootDiskKeyId: BOOT_KEY,
      labels: { project: 'x' },
      systemPool: { machineType: 'e2-standard-4', minNodesPerZone: 1, maxNodesPerZone: 3, diskSizeGb: 100 },
    };
    expect(() => new GkeCluster(stack, 'A', { ...base, masterCidr: '172.16.0.0/24' })).toThrow(/gcp\/Cluster: gcp.masterCidr must be an IPv4 \/28 in network form/);
    expect(() => new GkeCluster(stack, 'B', { ...base, masterCidr: '10.0.0.16/28' })).toThrow(/gcp.masterCidr must be a \/28 that does not overlap the network's subnet range \(10.0.0.0\/20\)/);
  });

  test('private nodes and a private endpoint by default; master authorized networks block present with no CIDRs', () => {
    const { gke } = clusterJson();
    expect(gke.private_cluster_config).toMatchObject({ enable_private_nodes: true, enable_private_endpoint: true, master_ipv4_cidr_block: '172.16.0.32/28' });
    expect(gke.master_authorized_networks_config).toEqual({ cidr_blocks: [], gcp_public_cidrs_access_enabled: false });
  });

  test('a public endpoint is restricted to the authorized networks, and refused without any', () => {
    const { gke } = clusterJson({ authorized: ['203.0.113.0/24'], publicEndpoint: true });
    expect(gke.private_cluster_config.enable_private_endpoint).toBe(false);
    expect(gke.master_authorized_networks_config.cidr_blocks).toEqual([{ cidr_block: '203.0.113.0/24', display_name: 'office' }]);
    expect(() => clusterJson({ publicEndpoint: true })).toThrow(/publicAccessCidrs must be at least one CIDR when the control plane has a public endpoint/);
  });

  test('internal authorized networks (a VPN range) keep the endpoint private', () => {
    const { gke } = clusterJson({ authorized: ['10.200.0.0/16'] });
    expect(gke.private_cluster_config.enable_private_endpoint).toBe(true);
    expect(gke.master_authorized_networks_config.cidr_blocks).toEqual([{ cidr_block: '10.200.0.0/16', display_name: 'office' }]);
  });

  test('Workload Identity, shielded nodes, REGULAR channel, Dataplane V2 with network_policy off, no client cert, no ABAC, deletion protection', () => {
    const { gke } = clusterJson();
    expect(gke.workload_identity_config).toEqual({ workload_pool: `${PROJECT}.svc.id.goog` });
    expect(gke.enable_shielded_nodes).toBe(true);
    expect(gke.release_channel).toEqual({ channel: 'REGULAR' });
    expect(gke.datapath_provider).toBe('ADVANCED_DATAPATH');
    expect(gke.network_policy).toEqual({ enabled: false, provider: 'PROVIDER_UNSPECIFIED' });
    expect(gke.master_auth).toEqual({ client_certificate_config: { issue_client_certificate: false } });
    expect(gke.enable_legacy_abac).toBe(false);
    expect(gke.deletion_protection).toBe(true);
    expect(gke.remove_default_node_pool).toBe(true);
    expect(gke.initial_node_count).toBe(1);
    expect(gke.location).toBe(REGION);
  });

  test('CMEK on etcd secrets and the default pool\'s boot disk; shielded boot and GKE metadata on the cluster node_config (Checkov 68/69/72)', () => {
    const { gke } = clusterJson();
    expect(gke.database_encryption).toEqual({ state: 'ENCRYPTED', key_name: SECRETS_KEY });
    expect(gke.node_config).toMatchObject({
      boot_disk_kms_key: BOOT_KEY,
      shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
      workload_metadata_config: { mode: 'GKE_METADATA' },
      oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'],
    });
    expect(gke.lifecycle.ignore_changes).toEqual(['node_config']);
  });

  test('Managed Prometheus with DCGM, intranode visibility, Binary Authorization, labels, VPC-native secondary ranges', () => {
    const { gke } = clusterJson();
    expect(gke.monitoring_config.managed_prometheus).toEqual({ enabled: true });
    expect(gke.monitoring_config.enable_components).toEqual([...MONITORING_COMPONENTS]);
    expect(gke.monitoring_config.enable_components).toContain('DCGM');
    expect(gke.enable_intranode_visibility).toBe(true);
    expect(gke.binary_authorization).toEqual({ evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' });
    expect(gke.resource_labels).toEqual({ project: 'llm', environment: 'test' });
    expect(gke.ip_allocation_policy).toEqual({ cluster_secondary_range_name: 'pods', services_secondary_range_name: 'services', stack_type: 'IPV4' });
  });

  test('multi-networking is off until a pool needs GPU NICs, then on; the Lustre CSI driver likewise', () => {
    expect(clusterJson().gke.enable_multi_networking).toBe(false);
    expect(clusterJson().gke.addons_config.lustre_csi_driver_config).toBeUndefined();
    const after = clusterJson({ multiNetworking: true, lustre: true }).gke;
    expect(after.enable_multi_networking).toBe(true);
    expect(after.addons_config.lustre_csi_driver_config).toEqual({ enabled: true, enable_legacy_lustre_port: false });
    expect(after.addons_config.gcs_fuse_csi_driver_config).toEqual({ enabled: true });
  });

  test('dedicated node service account with exactly the five least-privilege roles; never the Compute default', () => {
    const { json, gke } = clusterJson();
    const sa = only(json, 'google_service_account');
    expect(sa.account_id).toBe('t-cluster-nodes');
    const roles = resources(json, 'google_project_iam_member').map(([, v]) => v);
    expect(roles.map((r) => r.role).sort()).toEqual([...NODE_SERVICE_ACCOUNT_ROLES].sort());
    expect(roles.every((r) => /google_service_account\.Cluster_NodeServiceAccount_[A-F0-9]+\.member/.test(r.member))).toBe(true);
    expect(gke.node_config.service_account).toMatch(/google_service_account\.Cluster_NodeServiceAccount_[A-F0-9]+\.email/);
    expect(JSON.stringify(json)).not.toMatch(/compute@developer\.gserviceaccount\.com/);
  });

  test('system pool: on-demand e2-standard-4, autoscaled 1..3 per zone over the cluster zones, CMEK boot disk, hardened nodes', () => {
    const { json } = clusterJson();
    const pool = only(json, 'google_container_node_pool');
    expect(pool.node_locations).toEqual(['us-central1-a', 'us-central1-b', 'us-central1-c']);
    expect(pool.autoscaling).toEqual({ min_node_count: 1, max_node_count: 3, location_policy: 'BALANCED' });
    expect(pool.management).toEqual({ auto_repair: true, auto_upgrade: true });
    expect(pool.node_config).toMatchObject({
      machine_type: 'e2-standard-4',
      boot_disk_kms_key: BOOT_KEY,
      shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
      workload_metadata_config: { mode: 'GKE_METADATA' },
      metadata: { 'disable-legacy-endpoints': 'true' },
      labels: { 'ai-infra/pool': 'system' },
    });
    expect(pool.node_config.spot).toBeUndefined();
    expect(pool.lifecycle.ignore_changes).toEqual(['initial_node_count']);
  });
});
