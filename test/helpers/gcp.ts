import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { Testing, TerraformStack } from 'cdktf';

export const TEST_PROJECT_ID = 'llm-train-prod';
export const TEST_PROJECT_NUMBER = '123456789012';
export const TEST_REGION = 'europe-west4';

/** GIVEN helper: a bare TerraformStack with a GoogleProvider, for the GCP builders' typed synth tests. */
export function bareGoogleStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'gcp');
  new GoogleProvider(stack, 'google', {
    project: TEST_PROJECT_ID,
    region: TEST_REGION,
    defaultLabels: { 'project': 'llm', 'environment': 'test', 'cost-center': 'cc-42', 'component': 'gcp' },
  });
  return stack;
}

/** Parsed cdk.tf.json of a bare stack. */
export function synthGcp(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}
