import { Testing } from 'cdktf';
import { expectAiInfraError } from './expect';
import { AiInfraStack, AiInfraStackProps } from '../../src/constructs/stack';

const BASE: AiInfraStackProps = {
  cloud: 'aws',
  region: 'us-east-1',
  namePrefix: 'test',
  tags: { project: 'llm', environment: 'test', costCenter: 'cc-42' },
  aws: { accountId: '123456789012' },
};
const make = (props: unknown) => () => new AiInfraStack(Testing.app(), 'test', props as AiInfraStackProps);

describe('AiInfraStack: odd inputs give AiInfraError naming the stack path and the field', () => {
  test.each<[string, unknown, string]>([
    ['null props', null, 'must be an object'],
    ['region in uppercase', { ...BASE, region: 'US-EAST-1' }, 'region'],
    ['region with spaces', { ...BASE, region: ' us-east-1 ' }, 'region'],
    ['a zone instead of a region', { ...BASE, region: 'us-east-1a' }, 'region'],
    ['a GCP region on AWS', { ...BASE, region: 'us-central1' }, 'region'],
    ['cloud aws without aws.accountId', { ...BASE, aws: undefined }, 'aws.accountId'],
    ['account id with 11 digits', { ...BASE, aws: { accountId: '12345678901' } }, 'aws.accountId'],
    ['cloud gcp with only aws props', { ...BASE, cloud: 'gcp', region: 'us-central1' }, 'gcp.projectId'],
    ['GCP project number with letters', { ...BASE, cloud: 'gcp', region: 'us-central1', aws: undefined, gcp: { projectId: 'my-project-1', projectNumber: '12ab34' } }, 'gcp.projectNumber'],
    ['GCP project number starting with 0', { ...BASE, cloud: 'gcp', region: 'us-central1', aws: undefined, gcp: { projectId: 'my-project-1', projectNumber: '0123456' } }, 'gcp.projectNumber'],
    ['unicode namePrefix', { ...BASE, namePrefix: 'tést' }, 'namePrefix'],
    ['namePrefix over 20 characters', { ...BASE, namePrefix: 'a'.repeat(21) }, 'namePrefix'],
    ['empty namePrefix', { ...BASE, namePrefix: '' }, 'namePrefix'],
    ['unknown cloud', { ...BASE, cloud: 'azure' }, 'cloud'],
    ['unknown prop', { ...BASE, regoin: 'us-east-1' }, 'regoin'],
    ['suppression with an empty reason', { ...BASE, policy: { suppressions: [{ ruleId: 'AiInfra-S3-1', reason: '' }] } }, 'policy.suppressions.0.reason'],
    ['suppression with a blank reason', { ...BASE, policy: { suppressions: [{ ruleId: 'AiInfra-S3-1', reason: '          ' }] } }, 'policy.suppressions.0.reason'],
    ['region outside the jurisdiction', { ...BASE, compliance: { jurisdictions: ['EU'] } }, 'region'],
    ['unknown allowRegions entry', { ...BASE, region: undefined, compliance: { allowRegions: ['mars-1'] } }, 'policy.allowRegions'],
    ['unknown placement type', { ...BASE, region: undefined, placement: { instanceTypes: ['p9.huge'] } }, 'instanceTypes.0'],
    ['empty placement types', { ...BASE, region: undefined, placement: { instanceTypes: [] } }, 'instanceTypes'],
  ])('%s', (_name, props, field) => {
    expectAiInfraError(make(props), 'test', field);
  });

  test('a policy no region satisfies says which rule to relax and what that would admit', () => {
    const e = expectAiInfraError(make({ ...BASE, region: undefined, compliance: { jurisdictions: ['EU'], programs: ['FEDRAMP_HIGH'] } }), 'test', 'no aws region satisfies the policy');
    expect(e.message).toMatch(/drop jurisdictions \["EU"\] \(admits us-gov/);
    expect(e.message).toMatch(/drop programs \["FEDRAMP_HIGH"\] \(admits eu-/);
  });

  test('jurisdictions and allowRegions that contradict are named as the contradiction', () => {
    const e = expectAiInfraError(make({ ...BASE, region: undefined, compliance: { jurisdictions: ['EU'], allowRegions: ['us-east-1', 'us-west-2'] } }), 'test', 'allowRegions');
    expect(e.message).toMatch(/allowRegions contradicts the other rules: us-east-1 is in jurisdiction US, not EU/);
  });

  test('a given region under a policy no region satisfies also says what to relax', () => {
    const e = expectAiInfraError(make({ ...BASE, compliance: { jurisdictions: ['EU'], programs: ['FEDRAMP_HIGH'] } }), 'test', 'region');
    expect(e.message).toMatch(/no region qualifies/);
    expect(e.message).toMatch(/Relax the policy/);
  });
});
