import { findRegion, regionsFor } from '../../src/catalog';

describe('regions', () => {
  test('eu-north-1 is EU/EEA, GDPR, HIPAA, in the aws partition', () => {
    const r = findRegion('aws', 'eu-north-1');
    expect(r).toBeDefined();
    expect(r!.jurisdiction).toBe('EU');
    expect(r!.eea).toBe(true);
    expect(r!.programs).toEqual(expect.arrayContaining(['GDPR', 'HIPAA']));
    expect(r!.partition).toBe('aws');
    expect(r!.zones).toEqual(['eun1-az1', 'eun1-az2', 'eun1-az3']);
  });

  test('London and Zurich are not EEA on either cloud', () => {
    for (const [cloud, name] of [['aws', 'eu-west-2'], ['aws', 'eu-central-2'], ['gcp', 'europe-west2'], ['gcp', 'europe-west6']] as const) {
      const r = findRegion(cloud, name)!;
      expect(r.eea).toBe(false);
      expect(r.programs).not.toContain('GDPR');
    }
  });

  test('FedRAMP: Moderate in AWS US East/West, High in GovCloud with its own partition', () => {
    for (const name of ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']) {
      expect(findRegion('aws', name)!.programs).toContain('FEDRAMP_MODERATE');
      expect(findRegion('aws', name)!.programs).not.toContain('FEDRAMP_HIGH');
    }
    for (const name of ['us-gov-west-1', 'us-gov-east-1']) {
      const r = findRegion('aws', name)!;
      expect(r.programs).toEqual(expect.arrayContaining(['FEDRAMP_HIGH', 'HIPAA']));
      expect(r.partition).toBe('aws-us-gov');
      expect(r.jurisdiction).toBe('US-GOV');
    }
  });

  test('the European Sovereign Cloud is an EU region in the aws-eusc partition', () => {
    const r = findRegion('aws', 'eusc-de-east-1')!;
    expect(r.partition).toBe('aws-eusc');
    expect(r.eea).toBe(true);
    expect(r.confidence).toBe('unconfirmed');
  });

  test('GCP: HIPAA everywhere; FedRAMP only in the Assured Workloads US regions (not us-east5, us-south1)', () => {
    for (const r of regionsFor('gcp')) expect(r.programs).toContain('HIPAA');
    expect(findRegion('gcp', 'us-central1')!.programs).toEqual(expect.arrayContaining(['FEDRAMP_HIGH', 'FEDRAMP_MODERATE']));
    expect(findRegion('gcp', 'us-east5')!.programs).not.toContain('FEDRAMP_HIGH');
    expect(findRegion('gcp', 'us-south1')!.programs).not.toContain('FEDRAMP_HIGH');
    expect(findRegion('gcp', 'europe-west4')!.programs).not.toContain('FEDRAMP_HIGH');
  });

  test('AWS zones are AZ IDs; regions outside SPv8 are flagged unconfirmed', () => {
    for (const r of regionsFor('aws')) {
      for (const z of r.zones) expect(z).toMatch(/^[a-z0-9]+-az\d+$/);
    }
    expect(findRegion('aws', 'sa-east-1')!.confidence).toBe('unconfirmed');
    expect(findRegion('aws', 'us-east-1')!.confidence).toBeUndefined();
  });
});
