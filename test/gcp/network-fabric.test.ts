import { bareStack, fabric, gcpType, network, only, physicalName, PROJECT, REGION, resources, synth } from './helpers';
import { cidrSubnet, firstOverlap, parseCidr } from '../../src/gcp/cidr';
import { fabricLayout, maxAdditionalNics, RDMA_NETWORK_EXEMPTION } from '../../src/gcp/fabric';
import { GkeNetwork } from '../../src/gcp/network';
import { ROCE_NETWORK_FIREWALL_SUPPRESSION, ROCE_SUBNET_FLOW_LOGS_SUPPRESSION, ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION } from '../../src/policy/rules/gcp/suppressions';

describe('CIDR arithmetic', () => {
  test('cidrSubnet carves like Terraform: /16 + 4 bits, slot 9 is 192.168.144.0/20', () => {
    expect(cidrSubnet('192.168.0.0/16', 4, 0)).toBe('192.168.0.0/20');
    expect(cidrSubnet('192.168.0.0/16', 4, 9)).toBe('192.168.144.0/20');
    expect(() => cidrSubnet('192.168.0.0/16', 4, 16)).toThrow(/does not fit/);
  });

  test('parseCidr rejects host bits and bad octets; firstOverlap names the clashing pair', () => {
    expect(parseCidr('10.0.0.1/16')).toBeUndefined();
    expect(parseCidr('300.0.0.0/8')).toBeUndefined();
    expect(firstOverlap({ a: '10.0.0.0/20', b: '10.0.8.0/24', c: '10.1.0.0/16' })).toEqual(['a', 'b']);
    expect(firstOverlap({ a: '10.0.0.0/20', c: '10.1.0.0/16' })).toBeUndefined();
  });
});

describe('GkeNetwork (primary network)', () => {
  test('bad input first: overlapping pods and subnet ranges name the field and the range they clash with', () => {
    const stack = bareStack();
    expect(() => new GkeNetwork(stack, 'Net', {
      where: 'gcp/Cluster',
      region: REGION,
      physicalName,
      nameSuffix: 'c',
      mtu: 1460,
      flowLogSampling: 0.5,
      ranges: { subnet: '10.0.0.0/20', pods: '10.0.0.0/14', services: '10.8.0.0/20' },
    })).toThrow(/gcp\/Cluster: gcp.networkRanges.pods must be a range that does not overlap subnet \(10.0.0.0\/20\), got "10.0.0.0\/14"/);
    expect(() => new GkeNetwork(stack, 'Net2', {
      where: 'gcp/Cluster',
      region: REGION,
      physicalName,
      nameSuffix: 'c',
      mtu: 1460,
      flowLogSampling: 0.5,
      ranges: { subnet: '10.0.0.1/20', pods: '10.4.0.0/14', services: '10.0.32.0/20' },
    })).toThrow(/gcp.networkRanges.subnet must be an IPv4 CIDR in network form/);
  });

  test('custom-mode VPC with regional routing; subnet with pods/services ranges, flow logs and Private Google Access', () => {
    const stack = bareStack();
    network(stack);
    const json = synth(stack);
    const vpc = only(json, 'google_compute_network');
    expect(vpc).toMatchObject({ name: 't-cluster-vpc', auto_create_subnetworks: false, routing_mode: 'REGIONAL', mtu: 8244 });
    const subnet = only(json, 'google_compute_subnetwork');
    expect(subnet).toMatchObject({
      ip_cidr_range: '10.0.0.0/20',
      region: 'us-central1',
      private_ip_google_access: true,
      secondary_ip_range: [
        { range_name: 'pods', ip_cidr_range: '10.4.0.0/14' },
        { range_name: 'services', ip_cidr_range: '10.0.32.0/20' },
      ],
      log_config: { aggregation_interval: 'INTERVAL_5_SEC', flow_sampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
    });
  });

  test('Cloud NAT for the subnet only, logging errors; PSA range (VPC_PEERING /20) peered with servicenetworking', () => {
    const stack = bareStack();
    network(stack);
    const json = synth(stack);
    const nat = only(json, 'google_compute_router_nat');
    expect(nat).toMatchObject({
      nat_ip_allocate_option: 'AUTO_ONLY',
      source_subnetwork_ip_ranges_to_nat: 'LIST_OF_SUBNETWORKS',
      log_config: { enable: true, filter: 'ERRORS_ONLY' },
    });
    expect(nat.subnetwork[0].source_ip_ranges_to_nat).toEqual(['ALL_IP_RANGES']);
    expect(only(json, 'google_compute_global_address')).toMatchObject({ purpose: 'VPC_PEERING', address_type: 'INTERNAL', prefix_length: 20 });
    const psa = only(json, 'google_service_networking_connection');
    expect(psa.service).toBe('servicenetworking.googleapis.com');
    expect(psa.deletion_policy).toBe('ABANDON');
    expect(psa.reserved_peering_ranges[0]).toMatch(/google_compute_global_address\.Network_PrivateServiceRange_[A-F0-9]+\.name/);
  });

  test('internal firewall: ingress from the node and pod ranges only, no 0.0.0.0/0, no protocol "all"', () => {
    const stack = bareStack();
    network(stack);
    const fw = only(synth(stack), 'google_compute_firewall');
    expect(fw.direction).toBe('INGRESS');
    expect(fw.source_ranges).toEqual(['10.0.0.0/20', '10.4.0.0/14']);
    expect(fw.allow.map((a: any) => a.protocol)).toEqual(['tcp', 'udp', 'icmp']);
  });

  test('bring your own network: nothing created, names and ranges passed through', () => {
    const stack = bareStack();
    const net = new GkeNetwork(stack, 'Net', {
      where: 'gcp/Cluster',
      region: REGION,
      physicalName,
      nameSuffix: 'c',
      mtu: 1460,
      flowLogSampling: 0.5,
      ranges: { subnet: '10.0.0.0/20', pods: '10.4.0.0/14', services: '10.0.32.0/20' },
      existing: { network: 'projects/host/global/networks/shared', subnetwork: 'projects/host/regions/us-central1/subnetworks/gke', podsRangeName: 'gke-pods', servicesRangeName: 'gke-svc' },
    });
    expect(net.networkId).toBe('projects/host/global/networks/shared');
    expect(net.podsRangeName).toBe('gke-pods');
    expect(net.knownRanges).toEqual({});
    expect(synth(stack).resource).toBeUndefined();
  });
});

describe('GPU fabric per catalog fabric', () => {
  test('layouts come from the catalog: TCPXO 8 gVNIC VPCs, TCPX 4, RDMA 1 gVNIC + 8 RoCE subnets; Ethernet none', () => {
    expect(fabricLayout(gcpType('a3-megagpu-8g'))).toEqual({ fabric: 'gpudirect-tcpxo', gvnicNetworks: 8, rdmaSubnets: 0, mtu: 8244, additionalNics: 8 });
    expect(fabricLayout(gcpType('a3-highgpu-8g'))).toEqual({ fabric: 'gpudirect-tcpx', gvnicNetworks: 4, rdmaSubnets: 0, mtu: 8244, additionalNics: 4 });
    expect(fabricLayout(gcpType('a3-ultragpu-8g'))).toEqual({ fabric: 'gpudirect-rdma', gvnicNetworks: 1, rdmaSubnets: 8, mtu: 8896, additionalNics: 9 });
    expect(fabricLayout(gcpType('a4-highgpu-8g'))?.additionalNics).toBe(9);
    expect(fabricLayout(gcpType('g2-standard-24'))).toBeUndefined();
    expect(maxAdditionalNics(gcpType('a3-megagpu-8g'))).toBe(8);
  });

  test('bad input first: a fabric range overlapping the pods range is refused, naming both ranges', () => {
    expect(() => fabric(bareStack(), 'a3-megagpu-8g', 'us-central1-b', '10.4.0.0/16'))
      .toThrow(/gcp\/Cluster: gcp.fabricCidr must be a range whose fabric subnets do not overlap the cluster's ranges \(fabric vpc1 10.4.0.0\/20 overlaps pods 10.4.0.0\/14\), got "10.4.0.0\/16"/);
    expect(() => fabric(bareStack(), 'a3-megagpu-8g', 'us-central1-b', '192.168.0.0/24')).toThrow(/gcp.fabricCidr must be an IPv4 CIDR in network form with a prefix of \/8 to \/20/);
    expect(() => fabric(bareStack(), 'g2-standard-8')).toThrow(/instanceTypes must be a machine type with a GPUDirect fabric/);
  });

  test('a3-megagpu-8g (TCPXO): 8 VPCs with MTU 8244, one /20 subnet each, flow logs, own-subnet firewall; NICs vpc1..vpc8 on eth1..eth8', () => {
    const stack = bareStack();
    const f = fabric(stack, 'a3-megagpu-8g');
    expect(f.policyExemptions).toEqual([]);
    const json = synth(stack);
    const vpcs = resources(json, 'google_compute_network').map(([, v]) => v);
    expect(vpcs).toHaveLength(8);
    expect(vpcs.every((v) => v.mtu === 8244 && v.auto_create_subnetworks === false && v.network_profile === undefined)).toBe(true);
    const subnets = resources(json, 'google_compute_subnetwork').map(([, v]) => v);
    expect(subnets.map((s) => s.ip_cidr_range)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `192.168.${i * 16}.0/20`));
    expect(subnets.every((s) => s.log_config?.flow_sampling === 0.5 && s.private_ip_google_access === true)).toBe(true);
    const firewalls = resources(json, 'google_compute_firewall').map(([, v]) => v);
    expect(firewalls).toHaveLength(8);
    expect(firewalls[3].source_ranges).toEqual(['192.168.48.0/20']);
    expect(f.nics.map((n) => `${n.interfaceName}:${n.k8sNetwork}:${n.deviceMode}`)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `eth${i}:vpc${i}:NetDevice`),
    );
  });

  test('a3-highgpu-8g (TCPX): 4 VPCs with MTU 8244', () => {
    const stack = bareStack();
    const f = fabric(stack, 'a3-highgpu-8g');
    const json = synth(stack);
    expect(resources(json, 'google_compute_network').map(([, v]) => v.mtu)).toEqual([8244, 8244, 8244, 8244]);
    expect(f.nics).toHaveLength(4);
  });

  test('a3-ultragpu-8g (RDMA): 1 gVNIC VPC + a RoCE VPC with the zone\'s vpc-roce profile, 8 subnets, MTU 8896, no firewall or flow logs on it', () => {
    const stack = bareStack();
    const f = fabric(stack, 'a3-ultragpu-8g', 'us-central1-b');
    const json = synth(stack);
    const vpcs = resources(json, 'google_compute_network').map(([, v]) => v);
    expect(vpcs).toHaveLength(2);
    const roce = vpcs.find((v) => v.network_profile);
    expect(roce).toMatchObject({ mtu: 8896, network_profile: `projects/${PROJECT}/global/networkProfiles/us-central1-b-vpc-roce` });
    const rdmaSubnets = resources(json, 'google_compute_subnetwork').filter(([id]) => id.includes('Rdma')).map(([, v]) => v);
    expect(rdmaSubnets).toHaveLength(8);
    expect(rdmaSubnets.every((s) => s.log_config === undefined)).toBe(true);
    expect(rdmaSubnets[0].ip_cidr_range).toBe('192.168.128.0/20');
    // one firewall only: the gVNIC VPC's; none on the RoCE VPC
    expect(resources(json, 'google_compute_firewall')).toHaveLength(1);
    expect(f.nics.map((n) => n.k8sNetwork)).toEqual(['gvnic-1', ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `rdma-${i}`)]);
    expect(f.podNics().map((n) => n.interfaceName)).toEqual(['eth2', 'eth3', 'eth4', 'eth5', 'eth6', 'eth7', 'eth8', 'eth9']);
    expect(f.nics.filter((n) => n.deviceMode === 'RDMA')).toHaveLength(8);
    expect(RDMA_NETWORK_EXEMPTION.checks).toEqual(['CKV2_GCP_18', 'CKV_GCP_26', 'CKV_GCP_74']);
    expect(f.policyExemptions.map((e) => [e.ruleId, e.pathPrefix])).toEqual([
      ['AiInfra-NET-3', `${f.node.path}/Rdma`],
      ['AiInfra-NET-1', `${f.node.path}/Rdma`],
      ['AiInfra-NET-2', `${f.node.path}/Rdma`],
    ]);
    expect(f.policyExemptions.map((e) => e.reason)).toEqual([
      ROCE_NETWORK_FIREWALL_SUPPRESSION.reason,
      ROCE_SUBNET_FLOW_LOGS_SUPPRESSION.reason,
      ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION.reason,
    ]);
  });
});
