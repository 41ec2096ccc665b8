/**
 * The smallest useful GKE setup: a private, hardened GKE cluster (customer
 * keys, Workload Identity, Dataplane V2, managed DCGM metrics) and a warm
 * L4 inference pool (floor 1, ceiling 3) serving a small model with vLLM,
 * autoscaled on waiting requests.
 *
 *   cdktf synth
 *   ai-infra report        # what was decided and what it costs
 */
import { App } from 'cdktf';
import { AiInfraStack, GpuCluster, WarmInferencePool } from 'cdktf-ai-infra';

const app = new App();
const stack = new AiInfraStack(app, 'chat', {
  cloud: 'gcp',
  region: 'europe-west4',
  namePrefix: 'chat',
  tags: { project: 'assistant', environment: 'dev', costCenter: 'ml-platform' },
  // The project number names the service agents that get the customer keys (no API call at plan time).
  gcp: { projectId: 'acme-assistant-dev', projectNumber: '123456789012' },
});
const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['L4'] });
new WarmInferencePool(stack, 'Chat', {
  cluster,
  accelerator: 'L4',
  // → one L4 per replica (g2), TP 1; Llama 3.2 3B has 24 attention heads and 8 KV heads.
  model: { id: 'meta-llama/Llama-3.2-3B-Instruct', paramsBillions: 3, attentionHeads: 24, kvHeads: 8, concurrency: 8 },
  minNodes: 1,
  maxNodes: 3,
});
app.synth();
