import { findInstanceType, priceIn, type InstanceTypeSpec } from '../../src/catalog';

const gcp = (name: string): InstanceTypeSpec => {
  const t = findInstanceType('gcp', name);
  if (!t) throw new Error(`missing ${name}`);
  return t;
};

describe('GCP machine types: facts decisions depend on', () => {
  test('a3-megagpu-8g uses GPUDirect-TCPXO with 8 extra networks, 1,600 GPU Gbps of 1,800', () => {
    const mega = gcp('a3-megagpu-8g');
    expect(mega.fabric).toBe('gpudirect-tcpxo');
    expect(mega.nics.extraGpuNetworks).toBe(8);
    expect(mega.fabricGbps).toBe(1600);
    expect(mega.totalGbps).toBe(1800);
    expect(priceIn(mega, 'us-central1')).toBe(93.4);
  });

  test('a3-ultragpu-8g and a4-highgpu-8g have no on-demand offer and use GPUDirect RDMA', () => {
    for (const name of ['a3-ultragpu-8g', 'a4-highgpu-8g']) {
      const t = gcp(name);
      expect(t.purchaseOptions).not.toContain('on-demand');
      expect(t.purchaseOptions).toEqual(['reservation', 'flex-start', 'spot']);
      expect(t.prices).toEqual([]);
      expect(t.fabric).toBe('gpudirect-rdma');
      expect(t.fabricGbps).toBe(3200);
      expect(t.totalGbps).toBe(3600);
      expect(t.nics).toEqual({ rdmaNics: 8, gvnics: 2, extraGpuNetworks: 1 });
    }
    expect(gcp('a3-ultragpu-8g').referenceUsdPerHour).toBe(84.81);
    expect(gcp('a4-highgpu-8g').spotUsdPerHour).toBe(39.63);
  });

  test('partial A3 High shapes are Spot / Flex-start only', () => {
    for (const name of ['a3-highgpu-1g', 'a3-highgpu-2g', 'a3-highgpu-4g']) {
      expect(gcp(name).purchaseOptions).not.toContain('on-demand');
    }
    expect(gcp('a3-highgpu-8g').purchaseOptions).toContain('on-demand');
  });

  test('a3-highgpu-8g: TCPX with 4 extra networks at 1,000 Gbps, $88.49 (not the anomalous $43.07)', () => {
    const high = gcp('a3-highgpu-8g');
    expect(high.fabric).toBe('gpudirect-tcpx');
    expect(high.nics.extraGpuNetworks).toBe(4);
    expect(high.fabricGbps).toBe(1000);
    expect(priceIn(high, 'us-central1')).toBe(88.49);
  });

  test('a3-edgegpu-8g keeps the conservative 400 Gbps and is flagged unconfirmed', () => {
    expect(gcp('a3-edgegpu-8g').fabricGbps).toBe(400);
    expect(gcp('a3-edgegpu-8g').confidence).toBe('unconfirmed');
  });

  test('a2-highgpu prices are the consistent us-central1 values', () => {
    expect(priceIn(gcp('a2-highgpu-1g'), 'us-central1')).toBe(3.673385);
    expect(priceIn(gcp('a2-highgpu-8g'), 'us-central1')).toBe(29.38708);
  });

  test('derived prices are marked unconfirmed with their derivation', () => {
    for (const name of ['a2-ultragpu-2g', 'a2-ultragpu-4g', 'a2-ultragpu-8g', 'g2-standard-8', 'g2-standard-96']) {
      expect(gcp(name).confidence).toBe('unconfirmed');
      expect(gcp(name).note).toMatch(/Derived/);
    }
  });

  test('B200 (A4) is offered in the EU (europe-north1-b, europe-west4-b) but not the UK', () => {
    const a4 = gcp('a4-highgpu-8g');
    expect(a4.zones).toEqual(expect.arrayContaining(['europe-north1-b', 'europe-west4-b']));
    expect(a4.regions).not.toContain('europe-west2');
  });

  test('regions are derived from zones for zone-listed families', () => {
    const mega = gcp('a3-megagpu-8g');
    const fromZones = new Set((mega.zones ?? []).map((z) => z.replace(/-[a-z]$/, '')));
    expect(new Set(mega.regions)).toEqual(fromZones);
  });
});
