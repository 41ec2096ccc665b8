/**
 * Warm inference for a 70B chat model on H100 (vLLM with tensor parallelism,
 * autoscaling on waiting requests, a disruption budget) with an AlloyDB
 * pgvector store for RAG, p95/p99 latency alerts and a billing budget, on
 * Google Cloud in an EU region under GDPR. The same props with cloud: 'aws'
 * build the AWS form (see `ai-infra compare` and docs/reference-stacks.md).
 *
 * Prerequisites: the project NUMBER (`gcloud projects describe <id>
 * --format="value(projectNumber)"`) and the billing account the project is linked to.
 */
import { App } from 'cdktf';
import { InferenceServingStack } from 'cdktf-ai-infra';

const app = new App();

new InferenceServingStack(app, 'rag-serving', {
  cloud: 'gcp',
  namePrefix: 'rag-serving',
  // No region: placement picks an EU region that offers H100 machine types.
  compliance: { jurisdictions: ['EU'], programs: ['GDPR'] },
  tags: { project: 'support-assistant', environment: 'prod', costCenter: 'cx-platform' },
  gcp: { projectId: 'support-assistant-prod', projectNumber: '402837465123' },
  serving: {
    // Llama 3.1 70B: 64 attention heads, 8 key/value heads (grouped-query attention).
    model: { id: 'meta-llama/Llama-3.1-70B-Instruct', paramsBillions: 70, precision: 'bf16', sequenceLength: 8192, concurrency: 16, attentionHeads: 64, kvHeads: 8 },
    accelerator: 'H100',
    // The warm floor: one node (two TP-4 replicas) always on; up to three under load.
    minNodes: 1,
    maxNodes: 3,
    expectedNodes: 2,
    server: { hfTokenSecretName: 'hf-token' },
  },
  retrieval: { vectors: 20_000_000, dimensions: 1024, gcp: { engine: 'alloydb' } },
  observability: { alerts: { p95LatencyMs: 8000, p99LatencyMs: 16000 }, alertEmails: ['support-ai-oncall@example.com'] },
  budget: { limitUsd: 400_000, emails: ['finops@example.com'], gcp: { billingAccountId: '01AB23-45CD67-89EF01' } },
});

app.synth();
