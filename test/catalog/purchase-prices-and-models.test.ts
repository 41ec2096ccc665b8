import { CAPACITY_BLOCK_PRICES, findModel, MODELS, REGIONAL_UPLIFTS, regionalUplift, SPOT_DISCOUNT, SPOT_PRICES } from '../../src/catalog';

describe('purchase prices the decisions rest on (issue 10)', () => {
  test('Capacity Block rates: p5 $39.33, p5e $43.26, p4d $14.75, each from the AWS pricing page, dated', () => {
    const rate = (type: string, region: string) => CAPACITY_BLOCK_PRICES.find((p) => p.type === type && p.region === region)?.usdPerHour;
    expect(rate('p5.48xlarge', 'us-east-1')).toBe(39.33);
    expect(rate('p5e.48xlarge', 'us-east-2')).toBe(43.26);
    expect(rate('p4d.24xlarge', 'us-west-2')).toBe(14.75);
    expect(rate('trn2.48xlarge', 'us-east-2')).toBeUndefined();
    for (const p of CAPACITY_BLOCK_PRICES) {
      expect(p.source).toMatch(/aws\.amazon\.com\/ec2\/capacityblocks\/pricing/);
      expect(p.asOf).toBe('2024-12-31');
    }
  });

  test('spot: sourced prices and the documented discount per cloud', () => {
    expect(SPOT_PRICES.find((p) => p.type === 'a4-highgpu-8g')?.usdPerHour).toBe(39.63);
    expect(SPOT_PRICES.find((p) => p.type === 'p5en.48xlarge' && p.region === 'us-east-1')?.usdPerHour).toBe(27.1988);
    expect(SPOT_DISCOUNT.aws.discount).toBe(0.57);
    expect(SPOT_DISCOUNT.gcp.discount).toBe(0.6);
    expect(SPOT_DISCOUNT.gcp.source).toMatch(/cloud\.google\.com\/compute\/docs\/instances\/spot/);
  });

  test('regional uplift per jurisdiction, derived from the sourced AWS regional prices', () => {
    const factor = (j: string) => REGIONAL_UPLIFTS.find((u) => u.jurisdiction === j)?.factor;
    expect(factor('US')).toBe(1);
    expect(factor('EU')).toBe(1.1);
    expect(factor('US-GOV')).toBe(1.2);
    expect(factor('UK')).toBe(1.3);
    expect(factor('other')).toBe(1.25);
    expect(regionalUplift('gcp', 'europe-west4').factor).toBe(1.1);
    expect(regionalUplift('gcp', 'asia-east1').jurisdiction).toBe('other');
    for (const u of REGIONAL_UPLIFTS) expect(u.samples).toBeGreaterThan(0);
  });

  test('models: shapes and heads of the sourced table', () => {
    expect(findModel('Llama-3.1-70B')).toMatchObject({ layers: 80, hiddenSize: 8192, attentionHeads: 64, kvHeads: 8, paramsBillions: 70.56 });
    expect(findModel('llama-3.1-8b')).toMatchObject({ layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8 });
    for (const m of MODELS) {
      expect(m.source).toMatch(/huggingface\.co/);
      expect(m.hiddenSize % m.attentionHeads).toBe(0);
      expect(m.attentionHeads % m.kvHeads).toBe(0);
    }
  });
});
