/**
 * Multi-node H100 pretraining on GKE: 16 × a3-megagpu-8g (128 GPUs) on Spot
 * capacity with GPUDirect-TCPXO (8 extra NICs per node on 8 VPCs), a compact
 * placement policy in one zone, an on-demand fallback pool at zero, a
 * customer-keyed checkpoint bucket with a Workload Identity trainer, and
 * Google Cloud Managed Lustre in the pool's zone. No region is given:
 * placement picks an EU region that offers a3-megagpu-8g, under GDPR.
 *
 *   cdktf synth
 *   ai-infra report        # what was decided and what it costs
 *
 * Training pods run as the pool's trainer service account
 * (`ai-training/training-trainer`), add what the fabric needs with
 * gkeFabricPodSpec(pool.gcp.fabricSpec) (interface annotations, the RxDM
 * sidecar, NCCL env), mount the `scratch` claim, and set
 * terminationGracePeriodSeconds <= 15 (GKE graceful node shutdown on Spot).
 */
import { App } from 'cdktf';
import { AiInfraStack, GpuCluster, LustreTier, SpotTrainingPool } from 'cdktf-ai-infra';

const app = new App();
const stack = new AiInfraStack(app, 'pretrain', {
  cloud: 'gcp',
  namePrefix: 'pretrain',
  compliance: { jurisdictions: ['EU'], programs: ['GDPR'] },
  placement: { instanceTypes: ['a3-megagpu-8g'] },
  tags: { project: 'foundation-llm', environment: 'prod', costCenter: 'ml-research' },
  gcp: { projectId: 'acme-llm-train', projectNumber: '123456789012' },
});
const cluster = new GpuCluster(stack, 'Cluster', { instanceTypes: ['a3-megagpu-8g'] });
const training = new SpotTrainingPool(stack, 'Training', {
  cluster,
  instanceTypes: ['a3-megagpu-8g'],
  totalGpus: 128,
  model: { paramsBillions: 70, precision: 'bf16', sequenceLength: 8192 },
  // The job runs about half the month.
  expectedNodes: 8,
  // Three 70B checkpoints (bf16 weights, fp32 master weights and Adam moments: 14 B per parameter, about 0.9 TiB each)
  // and the superseded versions kept 30 days.
  checkpointStorageGiB: 6_000,
});
// Scratch and data close to the GPUs: Managed Lustre in the zone the compact pool runs in.
new LustreTier(stack, 'Scratch', {
  cluster,
  throughputGBps: 10,
  zone: training.zones[0],
  persistentVolume: { namespace: 'ai-training', claimName: 'scratch' },
});
app.synth();
