import { Testing } from 'cdktf';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { SpotTrainingPool, SpotTrainingPoolProps } from '../../src/constructs/spot-training-pool';
import { awsStack, resourcesOf, synthJson } from '../helpers/stack';

function build(props: Partial<SpotTrainingPoolProps> = {}, stackProps: Parameters<typeof awsStack>[0] = {}) {
  const app = Testing.app();
  const stack = awsStack(stackProps, app);
  const cluster = new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
  const pool = new SpotTrainingPool(stack, 'Pretrain', { cluster, accelerator: 'H100', totalGpus: 64, ...props });
  return { app, stack, cluster, pool };
}

const spotGroup = (json: any) => resourcesOf(json, 'aws_eks_node_group').find(([id]) => id.startsWith('Pretrain_Aws_SpotNodes'))![1];

describe('SpotTrainingPool', () => {
  test('intent: 64 H100 GPUs for pretraining → 8 × p5.48xlarge with 32 EFA interfaces each, recorded with alternatives', () => {
    const { stack, pool } = build();
    const json = synthJson(stack);
    expect(pool.instanceTypes).toEqual(['p5.48xlarge']);
    expect(pool.jobNodes).toBe(8);
    const ng = spotGroup(json);
    expect(ng.capacity_type).toBe('SPOT');
    expect(ng.instance_types).toEqual(['p5.48xlarge']);
    expect(ng.scaling_config).toEqual({ min_size: 0, desired_size: 0, max_size: 8 });
    const lt = resourcesOf(json, 'aws_launch_template').find(([id]) => id.startsWith('Pretrain_Aws_SpotNodes'))![1];
    expect(lt.network_interfaces).toHaveLength(32);
    const decision = stack.decisions.find((d) => d.topic === 'instance-type' && d.construct === 'test/Pretrain')!;
    expect(decision.chosen).toBe('8 × p5.48xlarge');
    expect(decision.alternatives!.length).toBeGreaterThan(0);
    expect(stack.costLines.some((l) => l.component === 'test/Pretrain' && l.item.includes('p5.48xlarge'))).toBe(true);
    // AND the nodes' 300 GiB gp3 root volumes, ceiling at 8 nodes (issue 10, item 10)
    const roots = stack.costLines.find((l) => l.component === 'test/Pretrain' && l.item === 'node root volumes (300 GiB gp3 each)')!;
    expect(roots.monthlyCeilingUsd).toBeCloseTo(8 * 300 * 0.08, 2);
  });

  test('taints and labels keep everything but training pods off the pool', () => {
    const { stack } = build();
    const ng = spotGroup(synthJson(stack));
    expect(ng.taint).toEqual([
      { key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' },
      { key: 'ai-infra/workload', value: 'training', effect: 'NO_SCHEDULE' },
    ]);
    expect(ng.labels).toMatchObject({ 'ai-infra/workload': 'training', 'ai-infra/pool': 'pretrain', 'ai-infra/capacity': 'spot', 'nvidia.com/gpu.present': 'true' });
  });

  test('mixed accelerators are rejected, naming the field', () => {
    expect(() => build({ accelerator: undefined, instanceTypes: ['p5.48xlarge', 'p4d.24xlarge'] })).toThrow(
      /test\/Pretrain: instanceTypes must be types with one accelerator and one GPU count per node/,
    );
  });

  test('on-demand fallback: same types, min 0 desired 0, sharing the EFA security group', () => {
    const { stack } = build({ placementGroup: true });
    const json = synthJson(stack);
    const fb = resourcesOf(json, 'aws_eks_node_group').find(([id]) => id.startsWith('Pretrain_Aws_OnDemandFallback'))![1];
    expect(fb.capacity_type).toBe('ON_DEMAND');
    expect(fb.scaling_config).toMatchObject({ min_size: 0, desired_size: 0 });
    expect(fb.instance_types).toEqual(['p5.48xlarge']);
    expect(resourcesOf(json, 'aws_security_group').filter(([id]) => id.includes('EfaSecurityGroup'))).toHaveLength(1);
    expect(resourcesOf(json, 'aws_placement_group')).toHaveLength(1);
  });

  test('a multi-node EFA job gets a cluster placement group in one zone by default', () => {
    // GIVEN 64 H100s (8 nodes) with EFA
    const { stack } = build();
    const json = synthJson(stack);
    // THEN one cluster placement group, and the spot group is pinned to one zone's subnet
    const pgs = resourcesOf(json, 'aws_placement_group');
    expect(pgs.length).toBeGreaterThanOrEqual(1);
    expect(pgs[0][1].strategy).toBe('cluster');
    expect(spotGroup(json).subnet_ids).toHaveLength(1);
  });

  test('placementGroup: false spreads spot capacity over every zone offering the type', () => {
    const { stack } = build({ placementGroup: false });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_placement_group')).toHaveLength(0);
    expect(spotGroup(json).subnet_ids.length).toBeGreaterThan(1);
  });

  test('a single-node job gets no placement group by default', () => {
    const { stack } = build({ totalGpus: 8 });
    expect(resourcesOf(synthJson(stack), 'aws_placement_group')).toHaveLength(0);
  });

  test('interruption events go to a KMS-encrypted queue that only those rules may send to', () => {
    const { stack } = build();
    const json = synthJson(stack);
    const queue = resourcesOf(json, 'aws_sqs_queue')[0][1];
    expect(queue.kms_master_key_id).toMatch(/aws_kms_key\./);
    const patterns = resourcesOf(json, 'aws_cloudwatch_event_rule').map(([, r]) => JSON.parse(r.event_pattern)['detail-type'][0]);
    expect(patterns.sort()).toEqual(['AWS Health Event', 'EC2 Instance Rebalance Recommendation', 'EC2 Instance State-change Notification', 'EC2 Spot Instance Interruption Warning']);
    const doc = Object.entries(json.data.aws_iam_policy_document).find(([id]) => id.includes('QueuePolicyDocument'))![1] as any;
    const send = doc.statement.find((s: any) => s.sid === 'EventBridgeSendsInterruptions');
    expect(send.principals[0].identifiers).toEqual(['events.amazonaws.com']);
    expect(send.condition[0].variable).toBe('aws:SourceArn');
  });

  test('termination handler role may only receive/delete on the queue, plus describe and complete lifecycle', () => {
    const { stack } = build();
    const doc = Object.entries(synthJson(stack).data.aws_iam_policy_document).find(([id]) => id.includes('TerminationHandlerPolicyDocument'))![1] as any;
    const actions = doc.statement.flatMap((s: any) => s.actions).sort();
    expect(actions).toEqual([
      'autoscaling:CompleteLifecycleAction', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeTags', 'ec2:DescribeInstances', 'kms:Decrypt', 'sqs:DeleteMessage', 'sqs:ReceiveMessage',
    ]);
    expect(doc.statement.find((s: any) => s.sid === 'ReadQueue').resources[0]).toMatch(/aws_sqs_queue\./);
  });

  test('checkpoint bucket: versioned, SSE-KMS with bucket key, public access blocked, prevent_destroy, lifecycle', () => {
    const { stack } = build({ checkpointNoncurrentDays: 14 });
    const json = synthJson(stack);
    const bucket = resourcesOf(json, 'aws_s3_bucket')[0][1];
    expect(bucket.force_destroy).toBe(false);
    expect(bucket.lifecycle.prevent_destroy).toBe(true);
    expect(resourcesOf(json, 'aws_s3_bucket_versioning')[0][1].versioning_configuration.status).toBe('Enabled');
    const sse = resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration')[0][1].rule[0];
    expect(sse.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(sse.bucket_key_enabled).toBe(true);
    expect(resourcesOf(json, 'aws_s3_bucket_public_access_block')[0][1]).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const rules = resourcesOf(json, 'aws_s3_bucket_lifecycle_configuration')[0][1].rule;
    expect(rules.find((r: any) => r.id === 'expire-noncurrent-versions').noncurrent_version_expiration[0].noncurrent_days).toBe(14);
    expect(rules.find((r: any) => r.id === 'abort-incomplete-multipart-uploads')).toBeDefined();
  });

  test('retainCheckpoints false turns prevent_destroy off and is recorded', () => {
    const { stack } = build({ retainCheckpoints: false }, { policy: { suppressions: [{ ruleId: 'AiInfra-STATE-1', reason: 'throwaway dev environment in this test' }] } });
    expect(resourcesOf(synthJson(stack), 'aws_s3_bucket')[0][1].lifecycle.prevent_destroy).toBe(false);
    expect(stack.decisions.some((d) => d.topic === 'checkpoint-retention')).toBe(true);
  });

  test('minNodes above maxNodes is rejected', () => {
    expect(() => build({ minNodes: 9, maxNodes: 8 })).toThrow(/test\/Pretrain: minNodes must be at most maxNodes \(8\), got 9/);
  });

  test('workload stack gets the NVIDIA and EFA device plugins and the termination handler in queue mode', () => {
    const { cluster, pool } = build();
    const json = JSON.parse(Testing.synth(cluster.workloadScope()));
    const releases = Object.values(json.resource.helm_release) as any[];
    expect(releases.map((r) => r.chart).sort()).toEqual(['aws-efa-k8s-device-plugin', 'aws-node-termination-handler', 'nvidia-device-plugin']);
    const nth = releases.find((r) => r.chart === 'aws-node-termination-handler');
    expect(nth.repository).toBe('oci://public.ecr.aws/aws-ec2/helm');
    const values = JSON.parse(nth.values[0]);
    expect(values.enableSqsTerminationDraining).toBe(true);
    expect(values.queueURL).toMatch(/terraform_remote_state|aws_sqs_queue/);
    expect(values.serviceAccount.name).toBe('nth-pretrain');
    expect(pool.terminationHandler).toBeDefined();
  });

  test('Pod Identity roles trust only this account, this cluster and their own namespace/service account', () => {
    const { stack } = build();
    const docs = synthJson(stack).data.aws_iam_policy_document;
    for (const [part, ns] of [['TerminationHandlerTrust', 'kube-system'], ['TrainerTrust', 'ai-training']] as const) {
      const doc = Object.entries(docs).find(([id]) => id.includes(part))![1] as any;
      const [st] = doc.statement;
      expect(st.principals[0].identifiers).toEqual(['pods.eks.amazonaws.com']);
      expect(st.actions).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      const cond = Object.fromEntries(st.condition.map((c: any) => [c.variable, c.values]));
      expect(cond['aws:SourceAccount']).toEqual(['123456789012']);
      expect(cond['aws:RequestTag/eks-cluster-arn'][0]).toMatch(/^\$\{aws_eks_cluster\.Cluster_Aws_[A-F0-9]+\.arn\}$/);
      expect(cond['aws:RequestTag/kubernetes-namespace']).toEqual([ns]);
      expect(cond['aws:RequestTag/kubernetes-service-account']).toEqual([expect.any(String)]);
    }
  });
});

describe('SpotTrainingPool reserved fallback', () => {
  test('the fallback launches into a Capacity Block when one is given', () => {
    // GIVEN a single-node pool (no placement group) whose fallback is a Capacity Block
    const { stack } = build({ totalGpus: 8, aws: { fallbackCapacityReservation: { id: 'cr-0123456789abcdef0' }, fallbackCapacityBlock: true } });
    const json = synthJson(stack);
    // THEN the fallback node group is CAPACITY_BLOCK, its launch template targets the reservation, and it idles at zero
    const fallback = resourcesOf(json, 'aws_eks_node_group').find(([id]) => id.startsWith('Pretrain_Aws_OnDemandFallback'))![1];
    expect(fallback.capacity_type).toBe('CAPACITY_BLOCK');
    expect(fallback.scaling_config.min_size).toBe(0);
    expect(fallback.labels['ai-infra/capacity']).toBe('capacity-block');
    const lt = resourcesOf(json, 'aws_launch_template').find(([id]) => id.startsWith('Pretrain_Aws_OnDemandFallback'))![1];
    expect(lt.capacity_reservation_specification.capacity_reservation_target.capacity_reservation_id).toBe('cr-0123456789abcdef0');
    // AND the spot group is untouched
    expect(spotGroup(json).capacity_type).toBe('SPOT');
  });

  test('a reservation plus the multi-node placement group is refused unless the reservation targets it', () => {
    expect(() => build({ aws: { fallbackCapacityReservation: { id: 'cr-0123456789abcdef0' } } })).toThrow(
      /test\/Pretrain: aws\.fallbackCapacityReservation and a cluster placement group are both set/,
    );
    const { stack } = build({ aws: { fallbackCapacityReservation: { id: 'cr-0123456789abcdef0' }, reservationTargetsPlacementGroup: true } });
    expect(resourcesOf(synthJson(stack), 'aws_placement_group').length).toBeGreaterThanOrEqual(1);
  });

  test.each([
    [{ aws: { fallbackCapacityBlock: true } }, /aws\.fallbackCapacityReservation must be the Capacity Block's reservation/],
    [{ onDemandFallback: false, aws: { fallbackCapacityReservation: { id: 'cr-0123456789abcdef0' } } }, /aws\.fallbackCapacityReservation must be unset when onDemandFallback is false/],
    [{ aws: { fallbackCapacityReservation: { id: 'not-a-reservation' } } }, /aws\.fallbackCapacityReservation/],
  ])('bad reserved-fallback input %# is a clear error', (props, message) => {
    expect(() => build({ totalGpus: 8, ...(props as object) })).toThrow(message);
  });
});

describe('several training pools in one cluster', () => {
  test('each pool gets its own Pod Identity associations, queue and bucket', () => {
    // GIVEN two spot pools on one cluster
    const { stack, cluster } = build();
    new SpotTrainingPool(stack, 'Finetune', { cluster, accelerator: 'H100', totalGpus: 8 });
    const json = synthJson(stack);
    // THEN two trainer and two termination-handler associations, bound to distinct service accounts
    const assoc = resourcesOf(json, 'aws_eks_pod_identity_association').map(([, a]) => `${a.namespace}/${a.service_account}`);
    expect(new Set(assoc).size).toBe(assoc.length);
    expect(assoc.filter((a) => a.startsWith('kube-system/'))).toHaveLength(2);
    expect(resourcesOf(json, 'aws_sqs_queue')).toHaveLength(2);
    expect(resourcesOf(json, 'aws_s3_bucket')).toHaveLength(2);
  });
});
