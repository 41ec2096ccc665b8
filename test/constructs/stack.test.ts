import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AiInfraStack, MANIFEST_FILE } from '../../src/constructs/stack';
import { AiInfraError } from '../../src/errors';
import { readManifests } from '../../src/manifest';
import { awsStack, synthJson } from '../helpers/stack';

describe('AiInfraStack', () => {
  test('puts the cost-allocation tags on the AWS provider as default_tags and pins the account', () => {
    // GIVEN a stack with tags
    const stack = awsStack({ tags: { project: 'llm', environment: 'prod', costCenter: 'cc-42', extra: { team: 'ml-platform' } } });
    // WHEN synthesized
    const json = synthJson(stack);
    // THEN every taggable resource gets project/environment/cost-center/component through default_tags
    const provider = json.provider.aws[0];
    expect(provider.region).toBe('us-east-1');
    expect(provider.allowed_account_ids).toEqual(['123456789012']);
    expect(provider.default_tags[0].tags).toEqual({
      'project': 'llm',
      'environment': 'prod',
      'cost-center': 'cc-42',
      'component': 'test',
      'managed-by': 'cdktf-ai-infra',
      'team': 'ml-platform',
    });
  });

  test('places the stack under an EU + HIPAA policy when no region is given', () => {
    // GIVEN an EU/HIPAA policy and H100 instances to place
    const stack = awsStack({ region: undefined, compliance: { jurisdictions: ['EU'], programs: ['HIPAA'] }, placement: { instanceTypes: ['p5.48xlarge'] } });
    // THEN an EU region offering p5.48xlarge is chosen, with zones, and the decision is recorded
    expect(stack.region).toBe('eu-north-1');
    expect(stack.placementZones.length).toBeGreaterThan(0);
    const decision = stack.decisions.find((d) => d.topic === 'region');
    expect(decision?.chosen).toMatch(/^eu-north-1/);
    expect(decision?.alternatives?.some((a) => a.option === 'us-east-1')).toBe(true);
    // AND the manifest keeps every exclusion, the one that explains the choice first (issue 10, item 14)
    expect(decision?.alternatives).toHaveLength(34);
    expect(decision?.alternatives?.[0]).toEqual({ option: 'eu-central-1', reason: 'does not offer p5.48xlarge' });
  });

  test('a region outside the compliance policy is a clear error naming the stack and the field', () => {
    expect(() => awsStack({ region: 'us-east-1', compliance: { jurisdictions: ['EU'] } })).toThrow(AiInfraError);
    expect(() => awsStack({ region: 'us-east-1', compliance: { jurisdictions: ['EU'] } })).toThrow(/^test: region .*"us-east-1"/);
  });

  test.each([
    [{ namePrefix: 'Bad_Prefix' }, /namePrefix must be lowercase letters, digits and hyphens/],
    [{ aws: { accountId: '1234' } }, /aws\.accountId must be a 12-digit AWS account id, got "1234"/],
    [{ aws: undefined }, /aws\.accountId must be a 12-digit AWS account id when cloud is "aws", got nothing/],
    [{ tags: { project: '', environment: 'x', costCenter: 'y' } }, /tags\.project must be a tag value/],
    [{ cloud: 'azure' as never }, /cloud must be one of "aws", "gcp", got "azure"/],
  ])('rejects bad props %#', (overrides, message) => {
    expect(() => awsStack(overrides as never)).toThrow(message);
  });

  test('two stacks of one app may not share a name prefix (their physical names would collide)', () => {
    const app = Testing.app();
    awsStack({}, app);
    expect(() => new AiInfraStack(app, 'other', { cloud: 'aws', region: 'us-east-1', namePrefix: 'test', tags: { project: 'p', environment: 'e', costCenter: 'c' }, aws: { accountId: '123456789012' } }))
      .toThrow(/^other: namePrefix must be a prefix no other AiInfraStack of this app uses \(test has it\)/);
  });

  test('a given region is checked against the accelerators placement asks for', () => {
    expect(() => awsStack({ region: 'eu-central-1', placement: { accelerators: ['B200'] } })).toThrow(/^test: region must be a region offering B200 .*got "eu-central-1"/);
  });

  test('non-finite numbers and bad record keys are rendered readably', () => {
    expect(() => awsStack({ tags: { project: NaN as never, environment: 'e', costCenter: 'c' } })).toThrow(/tags\.project must be a string, got NaN/);
    expect(() => awsStack({ tags: { project: 'p', environment: 'e', costCenter: 'c', extra: { '': 'x' } } })).toThrow(/tags\.extra\."" must be a record whose keys are valid/);
  });

  test('a construct outside any AiInfraStack gets a clear error', () => {
    const app = Testing.app();
    const plain = new TerraformStack(app, 'plain');
    const orphan = new Construct(plain, 'orphan');
    expect(() => AiInfraStack.of(orphan)).toThrow(/plain\/orphan: cdktf-ai-infra constructs must be created inside an AiInfraStack/);
  });

  test('physical names derive from the prefix and ids only, and are shortened with a stable hash', () => {
    const stack = awsStack();
    expect(stack.physicalName('checkpoints')).toBe('test-checkpoints');
    const long = stack.physicalName('a-very-long-suffix-that-goes-on-and-on-and-on-and-on-forever', { maxLength: 32 });
    expect(long).toHaveLength(32);
    expect(long).toBe(awsStack({}, Testing.app()).physicalName('a-very-long-suffix-that-goes-on-and-on-and-on-and-on-forever', { maxLength: 32 }));
  });

  test('app.synth writes ai-infra.manifest.json beside cdk.tf.json with decisions, cost and policy', () => {
    // GIVEN an app with one stack and a recorded cost line
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
    const app = new App({ outdir });
    const stack = awsStack({}, app);
    stack.addCostLines([{ component: 'test/x', item: 'thing', quantity: 1, unit: 'key-month', unitUsd: 10, monthlyUsd: 10, basis: 'on-demand', source: 'test', asOf: '2026-11-25' }]);
    // WHEN synthesized
    app.synth();
    // THEN the manifest is beside cdk.tf.json and the reader finds it
    expect(fs.existsSync(path.join(outdir, 'stacks', 'test', 'cdk.tf.json'))).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'test', MANIFEST_FILE))).toBe(true);
    const [m] = readManifests(outdir);
    expect(m.region).toBe('us-east-1');
    expect(m.cost.estimatedMonthlyUsd).toBe(10);
    expect(m.decisions[0].topic).toBe('region');
    expect(m.policy.rules.length).toBeGreaterThan(0);
  });
});
