import { efaInterfaceLayout } from '../../src/aws/gpu-node-group';
import { findInstanceType } from '../../src/catalog';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { SpotTrainingPool } from '../../src/constructs/spot-training-pool';
import { WarmInferencePool } from '../../src/constructs/warm-inference-pool';
import { awsStack, resourcesOf, synthJson } from '../helpers/stack';

const type = (name: string) => findInstanceType('aws', name)!;

describe('EFA interface layout (one EFA device per network card)', () => {
  test.each([
    ['p5.48xlarge', 32],
    ['p5en.48xlarge', 16],
    ['p6-b200.48xlarge', 8],
    ['p4d.24xlarge', 4],
    ['trn1.32xlarge', 8],
    ['trn1n.32xlarge', 16],
  ])('%s gets %i interfaces: card 0 device 0 is efa (never efa-only), every other card one efa-only at device 1', (name, count) => {
    const slots = efaInterfaceLayout(type(name));
    expect(slots).toHaveLength(count);
    expect(slots[0]).toEqual({ networkCardIndex: 0, deviceIndex: 0, interfaceType: 'efa' });
    expect(slots.slice(1).every((s) => s.interfaceType === 'efa-only' && s.deviceIndex === 1)).toBe(true);
    expect(new Set(slots.map((s) => s.networkCardIndex)).size).toBe(count);
  });

  test('types without EFA get no interfaces (launch template keeps the default primary ENI)', () => {
    expect(efaInterfaceLayout(type('g6e.xlarge'))).toEqual([]);
  });

  test('a type whose card 0 has no EFA keeps a plain primary interface', () => {
    const t = { ...type('p5.48xlarge'), nics: { networkCards: 17, efaInterfaces: 16, primaryCardSupportsEfa: false } };
    const slots = efaInterfaceLayout(t);
    expect(slots[0].interfaceType).toBe('interface');
    expect(slots.filter((s) => s.interfaceType === 'efa-only')).toHaveLength(16);
  });
});

function trainingApp(opts: { totalGpus?: number; instanceTypes?: string[] } = {}) {
  const stack = awsStack();
  const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] });
  const pool = new SpotTrainingPool(stack, 'Pretrain', {
    cluster,
    ...(opts.instanceTypes ? {} : { accelerator: 'H100' as const }),
    totalGpus: opts.totalGpus ?? 64,
    placementGroup: true,
    ...(opts.instanceTypes ? { instanceTypes: opts.instanceTypes } : {}),
  });
  return { stack, cluster, pool, json: synthJson(stack) };
}

describe('GPU node-group mechanism', () => {
  test('p5.48xlarge launch template: 32 interfaces, primary efa, all in the EFA security group, no public IPs', () => {
    const { json } = trainingApp();
    const lt = resourcesOf(json, 'aws_launch_template').find(([id]) => id.startsWith('Pretrain_Aws_SpotNodes'))![1];
    const nics = lt.network_interfaces;
    expect(nics).toHaveLength(32);
    expect(nics[0]).toMatchObject({ network_card_index: 0, device_index: 0, interface_type: 'efa' });
    expect(nics.filter((n: any) => n.interface_type === 'efa-only')).toHaveLength(31);
    expect(new Set(nics.map((n: any) => n.network_card_index)).size).toBe(32);
    expect(nics.every((n: any) => n.associate_public_ip_address === 'false')).toBe(true);
    expect(nics.every((n: any) => n.security_groups.some((g: string) => g.includes('aws_security_group.Pretrain_Aws_SpotNodes_EfaSecurityGroup')))).toBe(true);
    // security groups are on the interfaces, not on the template, when interfaces are given
    expect(lt.vpc_security_group_ids).toBeUndefined();
  });

  test('EFA security group allows all traffic to and from itself only', () => {
    const { json } = trainingApp();
    const ingress = resourcesOf(json, 'aws_vpc_security_group_ingress_rule').filter(([id]) => id.includes('EfaIngressSelf'));
    const egress = resourcesOf(json, 'aws_vpc_security_group_egress_rule').filter(([id]) => id.includes('EfaEgressSelf'));
    expect(ingress).toHaveLength(1);
    expect(egress).toHaveLength(1);
    for (const [, rule] of [...ingress, ...egress]) {
      expect(rule.ip_protocol).toBe('-1');
      expect(rule.referenced_security_group_id).toBe(rule.security_group_id);
      expect(rule.cidr_ipv4).toBeUndefined();
    }
  });

  test('multi-node training: a cluster placement group on the template and the node group pinned to one zone', () => {
    const { json, cluster } = trainingApp();
    const pg = resourcesOf(json, 'aws_placement_group');
    expect(pg).toHaveLength(1);
    expect(pg[0][1].strategy).toBe('cluster');
    const lt = resourcesOf(json, 'aws_launch_template').find(([id]) => id.startsWith('Pretrain_Aws_SpotNodes'))![1];
    expect(lt.placement.group_name).toMatch(/aws_placement_group\./);
    const ng = resourcesOf(json, 'aws_eks_node_group').find(([id]) => id.startsWith('Pretrain_Aws_SpotNodes'))![1];
    expect(ng.subnet_ids).toHaveLength(1);
    expect(cluster.zones.length).toBeGreaterThan(1);
  });

  test('IMDSv2 required and the root volume is encrypted gp3 with the customer key', () => {
    const { json } = trainingApp();
    const lt = resourcesOf(json, 'aws_launch_template').find(([id]) => id.startsWith('Pretrain_Aws_SpotNodes'))![1];
    expect(lt.metadata_options).toMatchObject({ http_tokens: 'required', http_endpoint: 'enabled', http_put_response_hop_limit: 1 });
    expect(lt.block_device_mappings[0].ebs).toMatchObject({ volume_type: 'gp3', encrypted: 'true', volume_size: 300 });
    expect(lt.block_device_mappings[0].ebs.kms_key_id).toMatch(/aws_kms_key\./);
  });

  test('the node group uses the NVIDIA AMI type and leaves the desired size to the autoscaler', () => {
    const { json } = trainingApp();
    const ng = resourcesOf(json, 'aws_eks_node_group').find(([id]) => id.startsWith('Pretrain_Aws_SpotNodes'))![1];
    expect(ng.ami_type).toBe('AL2023_x86_64_NVIDIA');
    expect(ng.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size']);
    expect(ng.launch_template.version).toMatch(/latest_version/);
  });

  test('a reservation plus a placement group is an error unless the reservation targets it', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] });
    expect(
      () =>
        new WarmInferencePool(stack, 'Serve', {
          cluster,
          instanceType: 'p5.48xlarge',
          model: { id: 'm', paramsBillions: 8 },
          zones: [cluster.zones[0]],
          aws: { capacityReservation: { id: 'cr-0123456789abcdef0' }, placementGroup: true },
        }),
    ).toThrow(/test\/Serve: aws\.capacityReservation and a cluster placement group are both set/);

    new WarmInferencePool(stack, 'Serve2', {
      cluster,
      instanceType: 'p5.48xlarge',
      model: { id: 'm', paramsBillions: 8 },
      zones: [cluster.zones[0]],
      aws: { capacityReservation: { id: 'cr-0123456789abcdef0' }, placementGroup: true, reservationTargetsPlacementGroup: true },
    });
    const lt = resourcesOf(synthJson(stack), 'aws_launch_template').find(([id]) => id.startsWith('Serve2'))![1];
    expect(lt.capacity_reservation_specification.capacity_reservation_target.capacity_reservation_id).toBe('cr-0123456789abcdef0');
  });

  test('changing instance type, size or count keeps every Terraform address', () => {
    const addresses = (json: any) =>
      Object.entries(json.resource)
        .flatMap(([t, rs]) => Object.keys(rs as object).map((id) => `${t}.${id}`))
        .sort();
    const a = trainingApp({ totalGpus: 64 }).json;
    const b = trainingApp({ totalGpus: 16 }).json;
    const c = trainingApp({ instanceTypes: ['p5en.48xlarge'], totalGpus: 32 }).json;
    expect(addresses(b)).toEqual(addresses(a));
    expect(addresses(c)).toEqual(addresses(a));
  });
});
