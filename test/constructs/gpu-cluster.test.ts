import { Testing } from 'cdktf';
import { GpuCluster, GpuClusterProps } from '../../src/constructs/gpu-cluster';
import type { AiInfraStack } from '../../src/constructs/stack';
import { awsStack, gcpStack, onlyResource, resourcesOf, synthJson } from '../helpers/stack';

/**
 * Clusters the tests only read (no test adds to them or changes them): each
 * is built and synthesized once for the file, on first use.
 */
function builtOnce(props?: GpuClusterProps): () => { stack: AiInfraStack; cluster: GpuCluster; json: any } {
  let built: { stack: AiInfraStack; cluster: GpuCluster; json: any } | undefined;
  return () => {
    if (!built) {
      const stack = awsStack();
      const cluster = new GpuCluster(stack, 'Cluster', { ...props, aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'], ...props?.aws } });
      built = { stack, cluster, json: synthJson(stack) };
    }
    return built;
  };
}
const defaultAws = builtOnce();
const p5Aws = builtOnce({ instanceTypes: ['p5.48xlarge'] });

describe('GpuCluster (AWS)', () => {
  test('defaults: private endpoint only, secrets encrypted with a customer key, all log types', () => {
    // GIVEN
    const stack = awsStack();
    // WHEN
    new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] });
    const json = synthJson(stack);
    // THEN
    const eks = onlyResource(json, 'aws_eks_cluster');
    expect(eks.name).toBe('test-cluster');
    expect(eks.version).toBe('1.33');
    expect(eks.vpc_config.endpoint_private_access).toBe(true);
    expect(eks.vpc_config.endpoint_public_access).toBe(false);
    expect(eks.vpc_config.public_access_cidrs).toBeUndefined();
    expect(eks.encryption_config.resources).toEqual(['secrets']);
    expect(eks.encryption_config.provider.key_arn).toMatch(/aws_kms_key\.Cluster_Aws_ClusterKey/);
    expect(eks.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(eks.access_config.authentication_mode).toBe('API');
    expect(eks.bootstrap_self_managed_addons).toBe(false);
  });

  test('control-plane log group is ours: /aws/eks/<name>/cluster, 365 days, KMS, created before the cluster', () => {
    const { json } = defaultAws();
    const groups = resourcesOf(json, 'aws_cloudwatch_log_group');
    const cp = groups.find(([, g]) => g.name === '/aws/eks/test-cluster/cluster');
    expect(cp).toBeDefined();
    expect(cp![1].retention_in_days).toBe(365);
    expect(cp![1].kms_key_id).toMatch(/aws_kms_key/);
    expect(onlyResource(json, 'aws_eks_cluster').depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/aws_cloudwatch_log_group/)]));
    // flow logs are on by default, encrypted too
    const flow = groups.find(([, g]) => String(g.name).includes('flow-logs'));
    expect(flow![1].kms_key_id).toMatch(/aws_kms_key/);
    expect(onlyResource(json, 'aws_flow_log').traffic_type).toBe('ALL');
  });

  test('VPC: private subnets in the zones that offer the GPU type, public subnets only for NAT, one NAT per zone', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'], maxZones: 3 });
    const json = synthJson(stack);
    expect(cluster.zones).toHaveLength(3);
    const subnets = resourcesOf(json, 'aws_subnet').map(([, s]) => s);
    const priv = subnets.filter((s) => s.tags['kubernetes.io/role/internal-elb'] === '1');
    const pub = subnets.filter((s) => s.tags['ai-infra/subnet'] === 'nat-only');
    expect(priv.map((s) => s.availability_zone_id)).toEqual(cluster.zones);
    expect(pub).toHaveLength(3);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(resourcesOf(json, 'aws_nat_gateway')).toHaveLength(3);
  });

  test('natGateways: one gives a single NAT gateway', () => {
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'], natGateways: 'one' } });
    expect(resourcesOf(synthJson(stack), 'aws_nat_gateway')).toHaveLength(1);
  });

  test('bring your own VPC: no VPC resources, the given subnets are used', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', {
      aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'], vpc: { vpcId: 'vpc-1', vpcCidrBlock: '10.1.0.0/16', privateSubnetIds: { 'use1-az1': 'subnet-a', 'use1-az2': 'subnet-b' } } },
    });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_vpc')).toHaveLength(0);
    expect(onlyResource(json, 'aws_eks_cluster').vpc_config.subnet_ids).toEqual(['subnet-a', 'subnet-b']);
    expect(cluster.aws!.privateSubnetIdByZone).toEqual({ 'use1-az1': 'subnet-a', 'use1-az2': 'subnet-b' });
  });

  test('public endpoint only with explicit CIDRs', () => {
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, publicAccessCidrs: ['203.0.113.0/24'] });
    const eks = onlyResource(synthJson(stack), 'aws_eks_cluster');
    expect(eks.vpc_config.endpoint_public_access).toBe(true);
    expect(eks.vpc_config.public_access_cidrs).toEqual(['203.0.113.0/24']);
  });

  test('0.0.0.0/0 on the public endpoint is rejected, naming the construct and the field', () => {
    const stack = awsStack();
    expect(() => new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, publicAccessCidrs: ['0.0.0.0/0'] })).toThrow(/test\/Cluster: publicAccessCidrs must be CIDRs narrower than \/0/);
  });

  test('0.0.0.0/0 with the explicit opt-out is accepted and recorded', () => {
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, publicAccessCidrs: ['0.0.0.0/0'], allowPublicEndpointFromAnywhere: true });
    expect(stack.decisions.find((d) => d.topic === 'api-endpoint')!.reason).toMatch(/OPT-OUT/);
  });

  test('bad Kubernetes version and log retention are rejected', () => {
    expect(() => new GpuCluster(awsStack(), 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, kubernetesVersion: '1.9' })).toThrow(/test\/Cluster: kubernetesVersion must be an EKS Kubernetes version/);
    expect(() => new GpuCluster(awsStack(), 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, logRetentionDays: 45 })).toThrow(/test\/Cluster: logRetentionDays/);
  });

  test('a zone outside the region is rejected', () => {
    expect(() => new GpuCluster(awsStack(), 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, zones: ['use1-az1', 'usw2-az1'] })).toThrow(/test\/Cluster: zones must be an AZ ID of us-east-1/);
  });

  test.each([
    ['aws.adminPrincipalArns', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/Admin'] } }],
    ['the deprecated top-level adminPrincipalArns', { adminPrincipalArns: ['arn:aws:iam::123456789012:role/Admin'] }],
  ])('admin principals (%s) get access entries with the cluster-admin policy', (_how, props) => {
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', props);
    const json = synthJson(stack);
    expect(onlyResource(json, 'aws_eks_access_entry').principal_arn).toBe('arn:aws:iam::123456789012:role/Admin');
    const assoc = onlyResource(json, 'aws_eks_access_policy_association');
    expect(assoc.policy_arn).toBe('arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy');
    expect(assoc.access_scope.type).toBe('cluster');
  });

  test('admin principals in both spellings at once are refused on "adminPrincipalArns"', () => {
    const arn = 'arn:aws:iam::123456789012:role/Admin';
    expect(() => new GpuCluster(awsStack(), 'Cluster', { adminPrincipalArns: [arn], aws: { adminPrincipalArns: [arn] } }))
      .toThrow(/test\/Cluster: adminPrincipalArns must be unset when aws.adminPrincipalArns is given/);
  });

  test('the escape hatch: cluster.aws is the AWS backend, the same object as cluster.backend and the deprecated awsResources', () => {
    const cluster = new GpuCluster(awsStack(), 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } });
    expect(cluster.aws).toBeDefined();
    expect(cluster.backend).toBe(cluster.aws);
    expect(cluster.awsResources).toBe(cluster.aws);
    expect(cluster.aws!.cloud).toBe('aws');
  });

  test('managed add-ons without pinned versions; coredns waits for the system nodes', () => {
    const { json } = defaultAws();
    const addons = resourcesOf(json, 'aws_eks_addon').map(([, a]) => a);
    expect(addons.map((a) => a.addon_name).sort()).toEqual(['coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
    expect(addons.every((a) => a.addon_version === undefined)).toBe(true);
    expect(addons.find((a) => a.addon_name === 'coredns').depends_on).toEqual([expect.stringMatching(/aws_eks_node_group\.Cluster_Aws_SystemNodes/)]);
  });

  test('node role has exactly the node policies; SSM is opt-in', () => {
    const { json } = defaultAws();
    const arns = resourcesOf(json, 'aws_iam_role_policy_attachment').map(([, a]) => a.policy_arn).filter((a: string) => !a.includes('AmazonEKSClusterPolicy'));
    expect(arns.sort()).toEqual([
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
    ]);
    const withSsm = awsStack();
    new GpuCluster(withSsm, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'], ssmOnNodes: true } });
    expect(resourcesOf(synthJson(withSsm), 'aws_iam_role_policy_attachment').map(([, a]) => a.policy_arn)).toContain('arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
  });

  test('system node group: on demand, private subnets, IMDSv2 required, encrypted gp3 with the volume key', () => {
    const { json } = defaultAws();
    const lt = resourcesOf(json, 'aws_launch_template').find(([id]) => id.includes('SystemLaunchTemplate'))![1];
    expect(lt.metadata_options.http_tokens).toBe('required');
    expect(lt.metadata_options.http_put_response_hop_limit).toBe(1);
    const ebs = lt.block_device_mappings[0].ebs;
    expect(ebs).toMatchObject({ volume_type: 'gp3', encrypted: 'true' });
    expect(ebs.kms_key_id).toMatch(/aws_kms_key\.Cluster_Aws_VolumeKey/);
    const ng = onlyResource(json, 'aws_eks_node_group');
    expect(ng.capacity_type).toBe('ON_DEMAND');
    expect(ng.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size']);
  });

  test('the volume key lets Auto Scaling use it (managed node groups launch through it)', () => {
    const { json } = defaultAws();
    const docs = json.data.aws_iam_policy_document;
    const key = Object.entries(docs).find(([id]) => id.includes('VolumeKey'))![1] as any;
    expect(JSON.stringify(key.statement)).toMatch(/AWSServiceRoleForAutoScaling/);
    expect(JSON.stringify(key.statement)).toMatch(/kms:GrantIsForAWSResource/);
  });

  test('addPodIdentity creates an association', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } });
    cluster.aws!.addPodIdentity('App', { namespace: 'ns', serviceAccount: 'sa', roleArn: 'arn:aws:iam::123456789012:role/r' });
    expect(onlyResource(synthJson(stack), 'aws_eks_pod_identity_association')).toMatchObject({ namespace: 'ns', service_account: 'sa' });
  });

  test('workloadScope is a separate stack with Kubernetes and Helm providers from the cluster', () => {
    const app = Testing.app();
    const stack = awsStack({}, app);
    const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } });
    const scope = cluster.workloadScope();
    expect(scope.node.id).toBe('test-workloads');
    expect(cluster.workloadScope()).toBe(scope);
    const json = JSON.parse(Testing.synth(scope));
    const k8s = json.provider.kubernetes[0];
    expect(k8s.exec[0].command).toBe('aws');
    expect(k8s.exec[0].args).toEqual(['eks', 'get-token', '--cluster-name', 'test-cluster', '--region', 'us-east-1', '--role-arn', 'arn:aws:iam::123456789012:role/platform-admin']);
    expect(k8s.host).toMatch(/terraform_remote_state|aws_eks_cluster/);
    expect(json.provider.helm[0].kubernetes.exec.command).toBe('aws');
    expect(Object.keys(json.resource.kubernetes_priority_class_v1)).toHaveLength(2);
  });

  test('on a GCP stack the GCP backend builds it: a GKE cluster, no AWS resource', () => {
    const stack = gcpStack();
    const cluster = new GpuCluster(stack, 'Cluster');
    expect(cluster.aws).toBeUndefined();
    expect(cluster.gcp).toBeDefined();
    const json = synthJson(stack);
    expect(Object.keys(json.resource.google_container_cluster)).toHaveLength(1);
    expect(Object.keys(json.resource).filter((t) => t.startsWith('aws_'))).toEqual([]);
  });
});

describe('GpuCluster cost', () => {
  test('prices the control plane, NAT gateways, keys and the system nodes', () => {
    // GIVEN a cluster over 3 zones with the default 2 × m6i.large system nodes
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] });
    // THEN each line is there with its source, and the system nodes are 2 × $0.096 × 730 h
    const items = stack.costLines.map((l) => l.item);
    expect(items).toEqual(expect.arrayContaining(['KMS keys (secrets/logs, node volumes)', 'system nodes (2 × m6i.large, on-demand)']));
    expect(items.some((i) => /NAT gateways \(3\)/.test(i))).toBe(true);
    const system = stack.costLines.find((l) => l.item.startsWith('system nodes'))!;
    expect(system.monthlyUsd).toBeCloseTo(2 * 0.096 * 730, 2);
    expect(system.source).toMatch(/^https:\/\/aws\.amazon\.com\/ec2\/pricing\/on-demand\/ \(us-east-1 Linux\)/);
    expect(stack.costLines.every((l) => l.source && l.asOf)).toBe(true);
  });

  test('prices the public IPv4 of each NAT gateway and the system nodes\' root volumes (issue 10, item 10)', () => {
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'], aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } });
    // 3 NAT gateways × $0.005/h × 730 h
    const ipv4 = stack.costLines.find((l) => l.item === 'public IPv4 on NAT gateways (3)')!;
    expect(ipv4.monthlyUsd).toBeCloseTo(3 * 0.005 * 730, 2);
    expect(ipv4.source).toMatch(/public-ipv4/);
    // 2 system nodes × 50 GiB gp3 × $0.08/GB-month
    const roots = stack.costLines.find((l) => l.item === 'system node root volumes (2 × 50 GiB gp3)')!;
    expect(roots.monthlyUsd).toBeCloseTo(2 * 50 * 0.08, 2);
    expect(roots.source).toMatch(/\$0\.08 per GB-month of General Purpose \(gp3\) provisioned storage - US East/);
  });

  test('a system type without a catalog price is left out with a warning, not guessed', () => {
    // GPU types are in the catalog but have no on-demand service price (pools price them through selection)
    const stack = awsStack();
    new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'], aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'], systemInstanceTypes: ['g6.xlarge'] } });
    expect(stack.costLines.some((l) => l.item.startsWith('system nodes'))).toBe(false);
    expect(stack.manifest().warnings.join('\n')).toMatch(/no catalog price for system instance type g6\.xlarge/);
  });

  test('the VPC default security group is adopted with no rules (scanners: CKV2_AWS_12)', () => {
    const { json } = defaultAws();
    const dsg = onlyResource(json, 'aws_default_security_group');
    expect(dsg.vpc_id).toMatch(/^\$\{aws_vpc\./);
    expect(dsg.ingress).toBeUndefined();
    expect(dsg.egress).toBeUndefined();
  });

  test('every security group rule has a description; only the node group may egress to 0.0.0.0/0, and it is recorded', () => {
    const { stack, json } = p5Aws();
    const rules = [...resourcesOf(json, 'aws_vpc_security_group_egress_rule'), ...resourcesOf(json, 'aws_vpc_security_group_ingress_rule')];
    for (const [, r] of rules) expect(r.description).toEqual(expect.any(String));
    const open = rules.filter(([, r]) => r.cidr_ipv4 === '0.0.0.0/0');
    expect(open.map(([id]) => id)).toEqual([expect.stringMatching(/^Cluster_Aws_NodeEgress/)]);
    // Trivy/tfsec AVD-AWS-0104 flags an aws_vpc_security_group_egress_rule to 0.0.0.0/0; Checkov's CKV_AWS_382 reads only
    // from_port/to_port on that type, which an all-protocol rule does not set, so it passes: the decision must say so.
    const reason = stack.decisions.find((d) => d.topic === 'node-egress')!.reason;
    expect(reason).toMatch(/AVD-AWS-0104 \(Trivy\/tfsec aws-ec2-no-public-egress-sgr; Checkov CKV_AWS_382 reads only ports/);
  });

  test('the node volume key names the Auto Scaling service-linked role, and its prerequisite is recorded', () => {
    const { stack, json } = defaultAws();
    const doc = Object.entries(json.data.aws_iam_policy_document).find(([id]) => id.startsWith('Cluster_Aws_VolumeKey'))![1] as any;
    const use = doc.statement.find((s: any) => s.sid === 'AutoScalingUsesKeyForVolumes');
    expect(use.principals[0].identifiers).toEqual(['arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling']);
    expect(stack.decisions.find((d) => d.topic === 'node-volume-key')!.reason).toMatch(/create-service-linked-role --aws-service-name autoscaling\.amazonaws\.com/);
  });

  test('two clusters in one stack get distinct flow-log roles and log groups', () => {
    const stack = awsStack();
    new GpuCluster(stack, 'Train', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } });
    new GpuCluster(stack, 'Serve', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } });
    const json = synthJson(stack);
    const roleNames = resourcesOf(json, 'aws_iam_role').map(([, r]) => r.name);
    expect(new Set(roleNames).size).toBe(roleNames.length);
    expect(roleNames.filter((n) => n.endsWith('flow-logs'))).toHaveLength(2);
    const groupNames = resourcesOf(json, 'aws_cloudwatch_log_group').map(([, g]) => g.name);
    expect(new Set(groupNames).size).toBe(groupNames.length);
  });
});

describe('GpuCluster subnets are keyed by zone', () => {
  test('adding a zone keeps the address and CIDR of every existing subnet', () => {
    // GIVEN a cluster over two zones, then the same cluster over three
    const subnets = (zones: string[]) => {
      const stack = awsStack();
      new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, zones });
      return Object.fromEntries(resourcesOf(synthJson(stack), 'aws_subnet').map(([id, s]) => [id, `${s.availability_zone_id} ${s.cidr_block}`]));
    };
    const two = subnets(['use1-az2', 'use1-az4']);
    const three = subnets(['use1-az1', 'use1-az2', 'use1-az4']);
    // THEN every subnet of the two-zone cluster is still there, unchanged (same id, zone and CIDR)
    expect(Object.keys(two)).toHaveLength(4);
    for (const [id, value] of Object.entries(two)) expect(three[id]).toBe(value);
    expect(Object.keys(three)).toHaveLength(6);
  });
});
