import { App } from 'cdktf';
import { AiInfraStack, GpuCluster, SpotTrainingPool, LustreTier, FinOpsBudget } from 'cdktf-ai-infra';

const app = new App();
const stack = new AiInfraStack(app, 'pretrain', {
  cloud: 'aws',
  namePrefix: 'pretrain',
  // No region: placement picks one in the EU that offers H100 nodes.
  compliance: { jurisdictions: ['EU'], programs: ['GDPR'] },
  placement: { accelerators: ['H100'] },
  tags: { project: 'llm', environment: 'prod', costCenter: 'research' },
  aws: { accountId: '123456789012' },
});
const cluster = new GpuCluster(stack, 'Cluster', {
  accelerators: ['H100'],
  // The identity that creates the cluster gets no access; these principals administer it.
  aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] },
});
const pool = new SpotTrainingPool(stack, 'Training', {
  cluster,
  // → 8 × p5.48xlarge, 32 EFA interfaces each, one cluster placement group in one zone
  totalGpus: 64,
  model: { paramsBillions: 70, sequenceLength: 8192 },
});
new LustreTier(stack, 'Scratch', { cluster, zone: pool.zones[0], throughputGBps: 4 });
new FinOpsBudget(stack, 'Budget', { limitUsd: 400_000, emails: ['finops@example.com'] });
app.synth();
