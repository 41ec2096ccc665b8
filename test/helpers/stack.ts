import { App, Testing } from 'cdktf';
import { AiInfraStack, AiInfraStackProps } from '../../src/constructs/stack';

export const TEST_ACCOUNT = '123456789012';

/** GIVEN helper: an AWS AiInfraStack in a test app (region given, no placement). */
export function awsStack(overrides: Partial<AiInfraStackProps> = {}, app: App = Testing.app()): AiInfraStack {
  return new AiInfraStack(app, overrides.namePrefix ?? 'test', {
    cloud: 'aws',
    region: 'us-east-1',
    namePrefix: 'test',
    tags: { project: 'llm', environment: 'test', costCenter: 'cc-42' },
    aws: { accountId: TEST_ACCOUNT },
    ...overrides,
  });
}

/** GIVEN helper: a GCP AiInfraStack in a test app (region given, project id and number). */
export function gcpStack(overrides: Partial<AiInfraStackProps> = {}, app: App = Testing.app()): AiInfraStack {
  return new AiInfraStack(app, overrides.namePrefix ?? 'test', {
    cloud: 'gcp',
    region: 'us-central1',
    namePrefix: 'test',
    tags: { project: 'llm', environment: 'test', costCenter: 'cc-42' },
    gcp: { projectId: 'my-project-1', projectNumber: '123456789012' },
    ...overrides,
  });
}

/** Parsed cdk.tf.json of a stack (aspects and validations run, as in a real synth). */
export function synthJson(stack: AiInfraStack, runValidations = true): any {
  return JSON.parse(Testing.synth(stack, runValidations));
}

/** All resources of one Terraform type, as `[logicalId, config]` pairs. */
export function resourcesOf(json: any, type: string): [string, any][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/** The single resource of a type; fails the test if there is not exactly one. */
export function onlyResource(json: any, type: string): any {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0][1];
}
