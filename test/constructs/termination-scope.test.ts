import { Testing } from 'cdktf';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { SpotTrainingPool } from '../../src/constructs/spot-training-pool';
import { awsStack, resourcesOf, synthJson } from '../helpers/stack';

const ADMINS = { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } };

/** GIVEN two spot training pools on one cluster. */
function twoPools() {
  const app = Testing.app();
  const stack = awsStack({}, app);
  const cluster = new GpuCluster(stack, 'Cluster', { ...ADMINS, accelerators: ['H100'] });
  new SpotTrainingPool(stack, 'Pretrain', { cluster, accelerator: 'H100', totalGpus: 16 });
  new SpotTrainingPool(stack, 'Finetune', { cluster, accelerator: 'H100', totalGpus: 8, purpose: 'lora' });
  const json = synthJson(stack);
  const workloads = JSON.parse(Testing.synth(cluster.workloadScope()));
  return { json, workloads };
}

const policyOf = (json: any, pool: string) =>
  Object.entries<any>(json.data.aws_iam_policy_document).find(([id]) => id.startsWith(`${pool}_`) && id.includes('TerminationHandlerPolicyDocument'))![1];
const nodeGroupsOf = (json: any, pool: string) => resourcesOf(json, 'aws_eks_node_group').filter(([id]) => id.startsWith(`${pool}_`)).map(([id]) => id).sort();

describe('one pool\'s termination handler never acts on another pool\'s nodes', () => {
  const { json, workloads } = twoPools();

  test('CompleteLifecycleAction is scoped to the pool\'s own Auto Scaling groups (name and eks:nodegroup-name tag)', () => {
    for (const pool of ['Pretrain', 'Finetune']) {
      const statement = policyOf(json, pool).statement.find((s: any) => s.sid === 'CompleteLifecycleOfThisPool');
      const groups = nodeGroupsOf(json, pool);
      expect(groups.length).toBeGreaterThanOrEqual(1);
      expect(statement.actions).toEqual(['autoscaling:CompleteLifecycleAction']);
      expect([...statement.resources].sort()).toEqual(groups.map((id) => `arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/eks-\${aws_eks_node_group.${id}.node_group_name}-*`));
      expect(statement.condition.map((c: any) => ({ ...c, values: [...c.values].sort() }))).toEqual([{ test: 'StringEquals', variable: 'autoscaling:ResourceTag/eks:nodegroup-name', values: groups.map((id) => `\${aws_eks_node_group.${id}.node_group_name}`) }]);
      expect(JSON.stringify(policyOf(json, pool))).not.toMatch(/autoScalingGroupName\/eks-\*/);
    }
  });

  test('each pool\'s instances carry its own managed tag, and its handler drains only instances with that tag', () => {
    const releases = Object.values<any>(workloads.resource.helm_release).filter((r) => r.chart === 'aws-node-termination-handler');
    expect(releases).toHaveLength(2);
    const tags = releases.map((r) => JSON.parse(r.values[0])).map((v) => [v.checkTagBeforeDraining, v.managedTag]).sort();
    expect(tags).toEqual([[true, 'ai-infra/termination-handler/finetune'], [true, 'ai-infra/termination-handler/pretrain']]);
    for (const [pool, tag] of [['Pretrain', 'ai-infra/termination-handler/pretrain'], ['Finetune', 'ai-infra/termination-handler/finetune']]) {
      const templates = resourcesOf(json, 'aws_launch_template').filter(([id]) => id.startsWith(`${pool}_`));
      expect(templates.length).toBeGreaterThanOrEqual(1);
      for (const [, lt] of templates) {
        const instance = lt.tag_specifications.find((t: any) => t.resource_type === 'instance');
        expect(instance.tags[tag]).toBe('1');
        expect(Object.keys(instance.tags).filter((k) => k.startsWith('ai-infra/termination-handler/'))).toEqual([tag]);
      }
    }
  });
});
