// The one-construct app of the cold-start benchmark. bench/cold-start.ts copies
// this file verbatim into a temporary project, where `cdktf-ai-infra` maps to
// src/index.ts, and synthesizes it in process to get the Terraform the
// provider-class versions of the app must reproduce.
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AiInfraStack, GpuCluster } from 'cdktf-ai-infra';

export function build(scope: Construct, id: string): TerraformStack {
  const stack = new AiInfraStack(scope, id, {
    cloud: 'aws',
    region: 'us-east-1',
    namePrefix: 'bench',
    tags: { project: 'bench', environment: 'bench', costCenter: 'cc-1' },
    aws: { accountId: '123456789012' },
  });
  new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
  return stack;
}
