/**
 * A shared ML platform on Google Cloud in one stack, built from the eight
 * constructs directly (as examples/aws-ml-platform does on AWS): one GKE
 * cluster with two Spot training pools and two warm inference pools, Managed
 * Lustre next to the pretraining nodes, an AlloyDB pgvector store and a Vertex
 * AI Vector Search index, a Vertex AI feature store over BigQuery, metrics and
 * alerts, and a billing budget.
 *
 * Prerequisites: the project NUMBER (`gcloud projects describe <id>
 * --format="value(projectNumber)"`) and the billing account the project is linked to.
 */
import { App } from 'cdktf';
import {
  AiInfraStack,
  FeatureStore,
  FinOpsBudget,
  GpuCluster,
  LustreTier,
  ObservabilityStack,
  SpotTrainingPool,
  VectorStore,
  WarmInferencePool,
} from 'cdktf-ai-infra';

const app = new App();
const stack = new AiInfraStack(app, 'ml-platform', {
  cloud: 'gcp',
  region: 'us-central1',
  namePrefix: 'mlp',
  tags: { project: 'ml-platform', environment: 'prod', costCenter: 'platform' },
  gcp: { projectId: 'ml-platform-prod', projectNumber: '402837465123' },
});

const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['H100', 'L4'] });

// Pretraining: 32 H100s over 4 nodes in one zone with compact placement; LoRA fine-tunes on one node.
const pretrain = new SpotTrainingPool(stack, 'Pretrain', { cluster, accelerator: 'H100', totalGpus: 32, expectedNodes: 2 });
new SpotTrainingPool(stack, 'Finetune', { cluster, accelerator: 'H100', totalGpus: 8, purpose: 'lora', expectedNodes: 1 });
new LustreTier(stack, 'Scratch', { cluster, zone: pretrain.zones[0], throughputGBps: 2 });

// Serving: a chat model and an embedding model, each with its own warm floor.
new WarmInferencePool(stack, 'Chat', {
  cluster,
  model: { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8, attentionHeads: 32, kvHeads: 8 },
  minNodes: 2,
  maxNodes: 6,
});
new WarmInferencePool(stack, 'Embed', { cluster, model: { id: 'BAAI/bge-m3', paramsBillions: 0.6 }, minNodes: 1, maxNodes: 2 });

// Retrieval and features.
new VectorStore(stack, 'Documents', { cluster, vectors: 5_000_000, dimensions: 1024, gcp: { engine: 'alloydb' } });
new VectorStore(stack, 'Search', { cluster, vectors: 5_000_000, dimensions: 768, gcp: { engine: 'vertex-vector-search' } });
new FeatureStore(stack, 'Features', {
  featureGroups: [
    {
      name: 'user-context',
      recordIdentifier: 'user_id',
      eventTime: 'event_time',
      features: [
        { name: 'user_id', type: 'String' },
        { name: 'event_time', type: 'Fractional' },
        { name: 'locale', type: 'String' },
        { name: 'sessions_30d', type: 'Integral' },
      ],
    },
  ],
});

new ObservabilityStack(stack, 'Observability', { cluster, alertEmails: ['ml-oncall@example.com'] });
new FinOpsBudget(stack, 'Budget', { limitUsd: 400_000, emails: ['finops@example.com'], gcp: { billingAccountId: '01AB23-45CD67-89EF01' } });

app.synth();
