/**
 * Warm inference for an 8B chat model (vLLM, autoscaling on waiting
 * requests, a disruption budget) with an Aurora pgvector store for RAG,
 * p95/p99 latency alerts and a budget, in an EU region under GDPR.
 */
import { App } from 'cdktf';
import { InferenceServingStack } from 'cdktf-ai-infra';

const app = new App();

new InferenceServingStack(app, 'rag-serving', {
  namePrefix: 'rag-serving',
  region: 'eu-central-1',
  compliance: { jurisdictions: ['EU'], programs: ['GDPR'] },
  tags: { project: 'support-assistant', environment: 'prod', costCenter: 'cx-platform' },
  aws: { accountId: '123456789012' },
  serving: {
    // Llama 3.1 8B: 32 attention heads, 8 key/value heads (grouped-query attention).
    model: { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8, precision: 'bf16', sequenceLength: 8192, concurrency: 16, attentionHeads: 32, kvHeads: 8 },
    minNodes: 2,
    maxNodes: 6,
    expectedNodes: 3,
    server: { hfTokenSecretName: 'hf-token' },
  },
  retrieval: { engine: 'aurora-pgvector', vectors: 20_000_000, dimensions: 1024 },
  observability: { alerts: { p95LatencyMs: 4000, p99LatencyMs: 8000 }, alertEmails: ['support-ai-oncall@example.com'] },
  budget: { limitUsd: 25_000, emails: ['finops@example.com'] },
});

app.synth();
