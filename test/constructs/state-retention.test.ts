import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { awsStack, onlyResource, resourcesOf, synthJson } from '../helpers/stack';

describe('the cluster, the metrics workspace and the audit logs cannot vanish', () => {
  const stack = awsStack();
  const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['L4'] });
  new ObservabilityStack(stack, 'Observability', { cluster });
  const json = synthJson(stack);
  const logGroup = (suffix: RegExp) => resourcesOf(json, 'aws_cloudwatch_log_group').find(([, g]) => suffix.test(g.name))![1];

  test('the EKS cluster and the Prometheus workspace carry prevent_destroy', () => {
    expect(onlyResource(json, 'aws_eks_cluster').lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(json, 'aws_prometheus_workspace').lifecycle).toEqual({ prevent_destroy: true });
  });

  test('the audit log groups (EKS control plane, VPC flow logs) survive a destroy (skip_destroy)', () => {
    expect(logGroup(/^\/aws\/eks\/.*\/cluster$/).skip_destroy).toBe(true);
    expect(logGroup(/\/flow-logs$/).skip_destroy).toBe(true);
    const decision = stack.decisions.find((d) => d.topic === 'audit-log-retention')!;
    expect(decision.chosen).toBe('control-plane and flow log groups are kept when the stack is destroyed (skip_destroy)');
    expect(decision.reason).toMatch(/terraform import/);
  });

  test('the policy pack is clean (the keys of those log groups are kept too)', () => {
    expect(stack.policyReport.findings).toEqual([]);
  });
});
