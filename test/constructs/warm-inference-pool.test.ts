import { Testing } from 'cdktf';
import { findInstanceType, zonesFor } from '../../src/catalog';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { WarmInferencePool, WarmInferencePoolProps } from '../../src/constructs/warm-inference-pool';
import { awsStack, resourcesOf, synthJson } from '../helpers/stack';

function build(props: Partial<WarmInferencePoolProps> = {}) {
  const stack = awsStack({}, Testing.app());
  const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'], accelerators: ['H100', 'L40S', 'A100-80GB'] });
  const pool = new WarmInferencePool(stack, 'Chat', {
    cluster,
    model: { id: 'meta-llama/Llama-3.1-70B-Instruct', paramsBillions: 70, sequenceLength: 8192 },
    minNodes: 1,
    maxNodes: 3,
    ...props,
  });
  return { stack, cluster, pool };
}

const nodeGroup = (json: any) => resourcesOf(json, 'aws_eks_node_group').find(([id]) => id.startsWith('Chat_'))![1];

describe('WarmInferencePool', () => {
  test('a known model name sizes grouped-query attention: Llama-3.1-70B at 8k gets TP 4, 2 replicas per node (issue 10, item 11)', () => {
    // GIVEN the doc example, naming the model
    const { pool, stack } = build({ accelerator: 'H100', model: { id: 'meta-llama/Llama-3.1-70B-Instruct', name: 'llama-3.1-70b', sequenceLength: 8192 } });
    // THEN its KV cache uses 8 of 64 heads, so TP 4 fits and two replicas share an 8-GPU node
    expect(pool.instanceType).toBe('p5.48xlarge');
    expect(pool.tensorParallel).toBe(4);
    expect(pool.replicasPerNode).toBe(2);
    expect([pool.minReplicas, pool.maxReplicas]).toEqual([2, 6]);
    expect(stack.decisions.find((d) => d.topic === 'tensor-parallel')!.reason).toMatch(/tensor parallel 4/);
  });

  test('an unknown model name says which are known, with "did you mean"', () => {
    expect(() => build({ model: { id: 'meta-llama/Llama-3.1-70B-Instruct', name: 'llama-3.1-70' } })).toThrow(
      /test\/Chat: model\.name must be one of llama-3\.1-8b, .*got "llama-3\.1-70"\. Did you mean "llama-3\.1-70b"\?/,
    );
  });

  test('an accelerator name in any case is accepted, a near miss gets "did you mean" (issue 10, item 13)', () => {
    expect(build({ accelerator: 'h100' as never }).pool.instanceType).toBe('p5.48xlarge');
    expect(() => build({ accelerator: 'H10' as never })).toThrow(/test\/Chat: accelerator must be one of .*got "H10"\. Did you mean "H100"\?/);
  });

  test('on-demand node group with the warm floor as min and the ceiling as max', () => {
    const { stack } = build();
    const ng = nodeGroup(synthJson(stack));
    expect(ng.capacity_type).toBe('ON_DEMAND');
    expect(ng.scaling_config).toEqual({ min_size: 1, desired_size: 1, max_size: 3 });
    expect(ng.taint).toContainEqual({ key: 'ai-infra/workload', value: 'inference', effect: 'NO_SCHEDULE' });
  });

  test('floor above ceiling is an error naming both', () => {
    expect(() => build({ minNodes: 5, maxNodes: 2 })).toThrow(/test\/Chat: minNodes \(the warm floor, 5\) must be at most maxNodes \(the ceiling, 2\)/);
  });

  test('sized from the decision core: 70B bf16 needs 8 GPUs per replica with TP 8', () => {
    const { pool, stack } = build({ instanceType: 'p5.48xlarge' });
    expect(pool.gpusPerReplica).toBe(8);
    expect(pool.tensorParallel).toBe(8);
    expect(pool.minReplicas).toBe(1);
    expect(pool.maxReplicas).toBe(3);
    expect(stack.decisions.find((d) => d.topic === 'tensor-parallel')!.reason).toMatch(/tensor parallel 8/);
  });

  test('cost: floor nodes always on, plus the expected nodes above the floor', () => {
    const { stack } = build({ instanceType: 'p5.48xlarge', expectedNodes: 2 });
    const lines = stack.costLines.filter((l) => l.component === 'test/Chat');
    expect(lines.map((l) => l.item)).toEqual([
      'p5.48xlarge (on-demand), warm floor (always on)',
      'p5.48xlarge (on-demand), expected above the floor',
      'node root volumes (200 GiB gp3 each)',
      'model weights downloaded through NAT (meta-llama/Llama-3.1-70B-Instruct: 140 GB × 2 replicas × 1 a month)',
    ]);
    // AND the weights each replica downloads through NAT: 140 GB × 2 replicas × $0.045, ceiling at 3 replicas (issue 10, item 10)
    expect(lines[3]).toMatchObject({ quantity: 280, unit: 'GB', monthlyUsd: 12.6, monthlyCeilingUsd: 18.9, basis: 'usage-estimate' });
    expect(lines[0].hourlyUsd).toBeCloseTo(55.04, 2);
    // AND the ceiling counts each of the 3 nodes once: the floor line 1 node, the burst line the other 2
    expect(lines[0].monthlyCeilingUsd).toBeCloseTo(1 * 55.04 * 730, 0);
    expect(lines[1].monthlyCeilingUsd).toBeCloseTo(2 * 55.04 * 730, 0);
    // AND the root volumes: 2 expected nodes × 200 GiB × $0.08, ceiling 3 nodes (issue 10, item 10)
    expect(lines[2].monthlyUsd).toBeCloseTo(2 * 200 * 0.08, 2);
    expect(lines[2].monthlyCeilingUsd).toBeCloseTo(3 * 200 * 0.08, 2);
  });

  test('capacity reservation goes on the launch template', () => {
    const { stack, cluster } = build({ instanceType: 'p5.48xlarge', aws: { capacityReservation: { id: 'cr-0123456789abcdef0' } } });
    void cluster;
    const lt = resourcesOf(synthJson(stack), 'aws_launch_template').find(([id]) => id.startsWith('Chat_'))![1];
    expect(lt.capacity_reservation_specification.capacity_reservation_target.capacity_reservation_id).toBe('cr-0123456789abcdef0');
  });

  test('capacity block: CAPACITY_BLOCK node group with the capacity-block market type, one zone required', () => {
    expect(() => build({ instanceType: 'p5.48xlarge', aws: { capacityReservation: { id: 'cr-0123456789abcdef0' }, capacityBlock: true } })).toThrow(/test\/Chat: zones must be exactly one zone/);
    const stack = awsStack({}, Testing.app());
    const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] });
    new WarmInferencePool(stack, 'Chat', {
      cluster,
      instanceType: 'p5.48xlarge',
      model: { id: 'm', paramsBillions: 8 },
      zones: [cluster.zones[0]],
      aws: { capacityReservation: { id: 'cr-0123456789abcdef0' }, capacityBlock: true },
    });
    const json = synthJson(stack);
    expect(nodeGroup(json).capacity_type).toBe('CAPACITY_BLOCK');
    const lt = resourcesOf(json, 'aws_launch_template').find(([id]) => id.startsWith('Chat_'))![1];
    expect(lt.instance_market_options.market_type).toBe('capacity-block');
  });

  test('model server: Deployment with TP from the plan, GPU limits, tolerations, node selector, probes, non-root', () => {
    const { cluster } = build({ instanceType: 'p5.48xlarge' });
    const json = JSON.parse(Testing.synth(cluster.workloadScope()));
    const dep = Object.values(json.resource.kubernetes_deployment_v1)[0] as any;
    const pod = dep.spec.template.spec;
    const c = pod.container[0];
    expect(c.image).toMatch(/^vllm\/vllm-openai:/);
    expect(c.args.join(' ')).toContain('--tensor-parallel-size 8');
    expect(c.resources.limits['nvidia.com/gpu']).toBe('8');
    expect(pod.node_selector).toEqual({ 'ai-infra/pool': 'chat' });
    expect(pod.toleration).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'nvidia.com/gpu' }), expect.objectContaining({ key: 'ai-infra/workload', value: 'inference' })]));
    expect(c.startup_probe.failure_threshold * c.startup_probe.period_seconds).toBeGreaterThanOrEqual(1800);
    expect(c.readiness_probe.http_get.path).toBe('/health');
    expect(c.liveness_probe).toBeDefined();
    expect(pod.security_context.run_as_non_root).toBe(true);
    expect(c.security_context.allow_privilege_escalation).toBe(false);
    expect(pod.priority_class_name).toBe('ai-inference');
  });

  test('model server: HPA on waiting requests with replicas matching the node floor and ceiling, and a PDB', () => {
    const { cluster } = build({ instanceType: 'p5.48xlarge' });
    const json = JSON.parse(Testing.synth(cluster.workloadScope()));
    const hpa = Object.values(json.resource.kubernetes_horizontal_pod_autoscaler_v2)[0] as any;
    expect(hpa.spec.min_replicas).toBe(1);
    expect(hpa.spec.max_replicas).toBe(3);
    expect(hpa.spec.metric[0].type).toBe('Pods');
    expect(hpa.spec.metric[0].pods.metric.name).toBe('vllm_num_requests_waiting');
    expect(hpa.spec.metric[0].pods.target.average_value).toBe('5');
    const pdb = Object.values(json.resource.kubernetes_pod_disruption_budget_v1)[0] as any;
    expect(pdb.spec.max_unavailable).toBe('1');
    expect(Object.keys(json.resource.kubernetes_service_v1)).toHaveLength(1);
  });

  test('a small model on an 8-GPU node runs several replicas per node', () => {
    const { pool } = build({ instanceType: 'p5.48xlarge', model: { id: 'm', paramsBillions: 8 }, minNodes: 1, maxNodes: 2 });
    expect(pool.gpusPerReplica).toBe(1);
    expect(pool.replicasPerNode).toBe(8);
    expect(pool.minReplicas).toBe(8);
    expect(pool.maxReplicas).toBe(16);
  });

  test('model server: Terraform leaves the replica count to the HPA after creation', () => {
    const { cluster } = build({ instanceType: 'p5.48xlarge' });
    const json = JSON.parse(Testing.synth(cluster.workloadScope()));
    const dep = Object.values(json.resource.kubernetes_deployment_v1)[0] as any;
    expect(dep.spec.replicas).toBe('1');
    expect(dep.lifecycle.ignore_changes).toEqual(['spec[0].replicas']);
    const hpa = Object.values(json.resource.kubernetes_horizontal_pod_autoscaler_v2)[0] as any;
    const pdb = Object.values(json.resource.kubernetes_pod_disruption_budget_v1)[0] as any;
    // the PDB and the Service select the pods the Deployment labels
    const podLabels = dep.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(pdb.spec.selector.match_labels)) expect(podLabels[k]).toBe(v);
    expect(hpa.spec.scale_target_ref.name).toBe(dep.metadata.name);
  });

  describe('the autoscaling signal reaches the HPA', () => {
    const poolProps = { model: { id: 'm', paramsBillions: 8 }, instanceType: 'p5.48xlarge', minNodes: 1, maxNodes: 2 };

    function withObservability(order: 'pool-first' | 'observability-first', obsProps: { customMetricsAdapter?: boolean } = {}) {
      const stack = awsStack({}, Testing.app());
      const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] });
      let obs: ObservabilityStack | undefined;
      if (order === 'observability-first') obs = new ObservabilityStack(stack, 'Observability', { cluster, ...obsProps });
      const pool = new WarmInferencePool(stack, 'Chat', { cluster, ...poolProps });
      if (order === 'pool-first') obs = new ObservabilityStack(stack, 'Observability', { cluster, ...obsProps });
      return { stack, cluster, pool, obs: obs! };
    }

    test('the adapter rule serves exactly the metric name the HPA asks for, from the vLLM series', () => {
      // GIVEN a pool and the cluster's ObservabilityStack
      const { stack, cluster } = withObservability('pool-first');
      synthJson(stack);
      // WHEN the workload stack synthesizes
      const workloads = JSON.parse(Testing.synth(cluster.workloadScope()));
      // THEN the HPA's Pods metric is the name the adapter's rule exposes
      const hpa = Object.values(workloads.resource.kubernetes_horizontal_pod_autoscaler_v2)[0] as any;
      const hpaMetric = hpa.spec.metric[0].pods.metric.name;
      const adapter = resourcesOf(workloads, 'helm_release').map(([, r]) => r).find((r) => r.chart === 'prometheus-adapter');
      const rules = JSON.parse(adapter.values[0]).rules.custom;
      const served = rules.filter((r: any) => r.name.as === hpaMetric);
      expect(served).toHaveLength(1);
      expect(served[0].seriesQuery).toMatch(/^vllm:num_requests_waiting\{/);
      expect(served[0].resources.overrides).toEqual({ namespace: { resource: 'namespace' }, pod: { resource: 'pod' } });
      // the HPA and the adapter are in the same workload stack (the cluster's)
      expect(hpa.metadata.namespace).toBe('ai-inference');
    });

    test('the Pod Identity association binds the proxy service account to the query role', () => {
      const { stack } = withObservability('observability-first');
      const json = synthJson(stack);
      const assoc = resourcesOf(json, 'aws_eks_pod_identity_association').map(([, a]) => a).filter((a) => a.service_account === 'aws-sigv4-proxy');
      expect(assoc).toHaveLength(1);
      expect(assoc[0].namespace).toBe('ai-infra-monitoring');
      expect(assoc[0].role_arn).toMatch(/^\$\{aws_iam_role\.Observability_MetricsQueryRole_[A-F0-9]+\.arn\}$/);
      expect(assoc[0].cluster_name).toMatch(/aws_eks_cluster\./);
    });

    test.each(['pool-first', 'observability-first'] as const)('%s: records which adapter serves the metric, no warning', (order) => {
      const { stack } = withObservability(order);
      synthJson(stack);
      const decisions = stack.decisions.filter((d) => d.construct === 'test/Chat' && d.topic === 'autoscaling-signal');
      expect(decisions).toHaveLength(1);
      expect(decisions[0].chosen).toBe('HPA on the Pods metric vllm_num_requests_waiting (vllm:num_requests_waiting per pod), served by the custom-metrics adapter of test/Observability');
      expect(stack.manifest().warnings.filter((w) => w.includes('vllm_num_requests_waiting'))).toEqual([]);
      // synthesizing again records nothing twice
      synthJson(stack);
      expect(stack.decisions.filter((d) => d.topic === 'autoscaling-signal')).toHaveLength(1);
    });

    test('without an ObservabilityStack: a warning that the HPA stays at the floor, and the decision says so', () => {
      const { stack } = build({ ...poolProps });
      synthJson(stack);
      const warnings = stack.manifest().warnings.filter((w) => w.includes('vllm_num_requests_waiting'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^test\/Chat: the model server's HPA scales on the Pods metric vllm_num_requests_waiting, but no custom-metrics adapter serves it in cluster test\/Cluster: the HPA reports FailedGetPodsMetric and stays at 8 replica\(s\)/);
      expect(warnings[0]).toContain('Add an ObservabilityStack for the cluster');
      const d = stack.decisions.find((x) => x.topic === 'autoscaling-signal')!;
      expect(d.chosen).toMatch(/no adapter found: replicas stay at 8 replica\(s\)/);
    });

    test('an ObservabilityStack with customMetricsAdapter: false does not count', () => {
      const { stack } = withObservability('observability-first', { customMetricsAdapter: false });
      synthJson(stack);
      expect(stack.manifest().warnings.some((w) => w.startsWith('test/Chat: the model server\'s HPA'))).toBe(true);
    });

    test('no model server, no HPA: nothing to warn about', () => {
      const { stack } = build({ ...poolProps, deployModelServer: false });
      synthJson(stack);
      expect(stack.decisions.some((d) => d.topic === 'autoscaling-signal')).toBe(false);
      expect(stack.manifest().warnings.some((w) => w.includes('vllm_num_requests_waiting'))).toBe(false);
    });
  });
});

describe('WarmInferencePool selection respects the cluster zones', () => {
  test('a 70B model on a default cluster picks a type its subnets can host', () => {
    // GIVEN a cluster over the first three us-east-1 zones and a 70B model with no type given
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } });
    const pool = new WarmInferencePool(stack, 'Serve', { cluster, model: { id: 'meta-llama/Llama-3.1-70B-Instruct', paramsBillions: 70 } });
    // THEN the chosen type is offered in at least one cluster zone (no zone error at synth)
    const type = findInstanceType('aws', pool.instanceType)!;
    expect(cluster.zones.some((z) => zonesFor(type, 'us-east-1').includes(z))).toBe(true);
  });
});
