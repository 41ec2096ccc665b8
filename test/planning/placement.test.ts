import { AiInfraError } from '../../src/errors';
import { checkRegion, placeWorkload } from '../../src/planning';

const WHERE = 'test/place';

describe('placeWorkload', () => {
  test('AWS, EU jurisdiction, HIPAA, H100 lands in eu-north-1 on p5.48xlarge', () => {
    // GIVEN an EU-only HIPAA workload that needs H100s on AWS
    const result = placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['EU'], programs: ['HIPAA'] }, accelerators: ['H100'] }, WHERE);
    // THEN Stockholm is the only EU region with on-demand H100 (p5.48xlarge)
    expect(result.region).toBe('eu-north-1');
    expect(result.instanceTypes).toContain('p5.48xlarge');
    expect(result.zones.length).toBeGreaterThan(0);
    expect(result.zones.every((z) => z.startsWith('eun1-'))).toBe(true);
    // AND every excluded region says why
    const reasons = Object.fromEntries(result.excluded.map((e) => [e.region, e.reason]));
    expect(reasons['us-east-1']).toBe('is in jurisdiction US, not EU');
    expect(reasons['eu-west-2']).toBe('is in jurisdiction UK, not EU');
    expect(reasons['eu-central-1']).toMatch(/^does not offer H100/);
    expect(result.notes.join('\n')).toMatch(/HIPAA on AWS is account-scoped/);
  });

  test('the UK is not the EU', () => {
    const uk = placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['UK'] }, instanceTypes: ['p5.48xlarge'] }, WHERE);
    expect(uk.region).toBe('eu-west-2');
    const eu = placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['EU'] }, instanceTypes: ['p5.48xlarge'] }, WHERE);
    expect(eu.candidates.map((c) => c.region)).not.toContain('eu-west-2');
  });

  test('GDPR means an EU/EEA region', () => {
    const result = placeWorkload({ cloud: 'gcp', policy: { programs: ['GDPR'] }, accelerators: ['H100'] }, WHERE);
    expect(result.candidates.length).toBeGreaterThan(0);
    for (const c of result.candidates) expect(c.jurisdiction).toBe('EU');
    expect(result.excluded.find((e) => e.region === 'europe-west2')?.reason).toMatch(/outside the EU\/EEA/);
    expect(result.notes.join('\n')).toMatch(/GDPR is read as/);
  });

  test('deny and allow lists exclude regions with their reason', () => {
    const result = placeWorkload(
      { cloud: 'aws', policy: { allowRegions: ['us-east-1', 'us-east-2', 'us-west-2'], denyRegions: ['us-east-1'] }, instanceTypes: ['p5.48xlarge'] },
      WHERE,
    );
    expect(result.candidates.map((c) => c.region).sort()).toEqual(['us-east-2', 'us-west-2']);
    expect(result.excluded.find((e) => e.region === 'us-east-1')?.reason).toBe('is in denyRegions');
    expect(result.excluded.find((e) => e.region === 'eu-north-1')?.reason).toBe('is not in allowRegions');
  });

  test('candidates rank by price of the types, and preferRegions comes first', () => {
    const cheap = placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['EU'] }, instanceTypes: ['g6.xlarge'] }, WHERE);
    // g6.xlarge is cheapest in eu-south-2 ($0.848) among EU regions
    expect(cheap.region).toBe('eu-south-2');
    const prices = cheap.candidates.map((c) => c.usdPerGpuHour ?? Infinity);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    const preferred = placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['EU'] }, instanceTypes: ['g6.xlarge'], preferRegions: ['eu-central-1'] }, WHERE);
    expect(preferred.region).toBe('eu-central-1');
  });

  test('zones are those offering every requested type', () => {
    const result = placeWorkload({ cloud: 'aws', policy: { allowRegions: ['us-east-1'] }, instanceTypes: ['p6-b200.48xlarge', 'g6.xlarge'] }, WHERE);
    // p6-b200 is only in use1-az6 of us-east-1
    expect(result.zones).toEqual(['use1-az6']);
  });

  test('an impossible policy says what was compliant and what to relax', () => {
    expect(() => placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['EU'] }, accelerators: ['B200'] }, WHERE)).toThrow(
      /test\/place: no aws region satisfies the policy and offers B200; compliant regions lacking the types: .*eu-north-1.*\. Relax instanceTypes\/accelerators, or widen the policy/,
    );
    expect(() => placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['Mars' as never] } }, WHERE)).toThrow(/policy\.jurisdictions\.0 must be one of "US", .*got "Mars"/);
    expect(() => placeWorkload({ cloud: 'aws', policy: { denyRegions: ['mars-1'] } }, WHERE)).toThrow(/policy\.denyRegions must be an AWS region known to the catalog, got "mars-1"/);
    expect(() => placeWorkload({ cloud: 'aws', instanceTypes: ['x9.huge'] }, WHERE)).toThrow(/instanceTypes\.0 must be an AWS type known to the catalog/);
  });
});

describe('checkRegion', () => {
  test('a region outside the jurisdiction names the field, the value and the allowed regions', () => {
    const attempt = () => checkRegion({ cloud: 'aws', region: 'us-east-1', policy: { jurisdictions: ['EU'] } }, WHERE);
    expect(attempt).toThrow(AiInfraError);
    expect(attempt).toThrow(/^test\/place: region must be in EU\/EEA jurisdiction \(eu-central-1, eu-west-1, eu-west-3, eu-north-1, .*\), got "us-east-1"/);
    try {
      attempt();
    } catch (e) {
      expect((e as AiInfraError).field).toBe('region');
      expect((e as AiInfraError).given).toBe('"us-east-1"');
    }
  });

  test('the UK region fails an EU policy', () => {
    expect(() => checkRegion({ cloud: 'aws', region: 'eu-west-2', policy: { jurisdictions: ['EU'] } }, WHERE)).toThrow(/eu-west-2 is in jurisdiction UK, not EU/);
  });

  test('a compliant region that lacks the type names the regions that have it', () => {
    expect(() => checkRegion({ cloud: 'aws', region: 'eu-central-1', policy: { jurisdictions: ['EU'] }, instanceTypes: ['p5.48xlarge'] }, WHERE)).toThrow(
      /region must be a region offering p5\.48xlarge under the policy \(eu-north-1\), got "eu-central-1"/,
    );
  });

  test('a compliant region returns its zones', () => {
    const ok = checkRegion({ cloud: 'aws', region: 'eu-north-1', policy: { jurisdictions: ['EU'], programs: ['GDPR'] }, instanceTypes: ['p5.48xlarge'] }, WHERE);
    expect(ok.region).toBe('eu-north-1');
    expect(ok.zones.length).toBeGreaterThan(0);
  });

  test('an unknown region is refused with the known ones', () => {
    expect(() => checkRegion({ cloud: 'gcp', region: 'mars-central1' }, WHERE)).toThrow(/region must be a GCP region known to the catalog \(us-central1, .*got "mars-central1"/);
  });
});
