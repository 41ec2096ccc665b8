import { RDMA_FABRICS, findInstanceType, priceIn, type InstanceTypeSpec } from '../../src/catalog';

const aws = (name: string): InstanceTypeSpec => {
  const t = findInstanceType('aws', name);
  if (!t) throw new Error(`missing ${name}`);
  return t;
};

describe('AWS instance types: facts decisions depend on', () => {
  test('p5.48xlarge is 8 x H100 with 32 EFA on 32 cards at 3,200 Gbps, $55.04 in us-east-1', () => {
    // GIVEN the catalog entry
    const p5 = aws('p5.48xlarge');
    // THEN
    expect(p5.accelerator).toBe('H100');
    expect(p5.acceleratorsPerNode).toBe(8);
    expect(p5.nvlinkDomainSize).toBe(8);
    expect(p5.nics).toEqual({ networkCards: 32, efaInterfaces: 32, primaryCardSupportsEfa: true });
    expect(p5.fabric).toBe('efa');
    expect(p5.fabricGbps).toBe(3200);
    expect(priceIn(p5, 'us-east-1')).toBe(55.04);
    expect(p5.amiType).toBe('AL2023_x86_64_NVIDIA');
  });

  test('p5en has 16 EFA interfaces, p6-b200 has 8, p4d has 4 at 400 Gbps', () => {
    expect(aws('p5en.48xlarge').nics.efaInterfaces).toBe(16);
    expect(aws('p5en.48xlarge').nics.networkCards).toBe(16);
    expect(aws('p6-b200.48xlarge').nics.efaInterfaces).toBe(8);
    const p4d = aws('p4d.24xlarge');
    expect(p4d.nics.efaInterfaces).toBe(4);
    expect(p4d.fabricGbps).toBe(400);
    expect(p4d.accelerator).toBe('A100-40GB');
  });

  test('g5/g6 are not RDMA-capable for multi-node; the p-family is', () => {
    // GIVEN every g5/g6 size and every p type
    const gFamily = ['g5.xlarge', 'g5.12xlarge', 'g5.48xlarge', 'g6.xlarge', 'g6.12xlarge', 'g6.48xlarge'].map(aws);
    const pFamily = ['p4d.24xlarge', 'p4de.24xlarge', 'p5.48xlarge', 'p5e.48xlarge', 'p5en.48xlarge', 'p6-b200.48xlarge'].map(aws);
    // THEN device-to-device RDMA is only claimed for the p-family
    for (const g of gFamily) {
      expect({ name: g.name, rdma: g.deviceRdma }).toEqual({ name: g.name, rdma: false });
      expect(g.nvlinkDomainSize).toBe(1);
    }
    for (const p of pFamily) {
      expect({ name: p.name, rdma: p.deviceRdma }).toEqual({ name: p.name, rdma: true });
      expect(RDMA_FABRICS).toContain(p.fabric);
      expect(p.nvlinkDomainSize).toBe(8);
    }
    // AND the single-size g types without EFA are plain ethernet
    expect(aws('g5.xlarge').fabric).toBe('ethernet');
    expect(aws('g6.xlarge').fabric).toBe('ethernet');
  });

  test('p5e and trn2 have no on-demand offer', () => {
    for (const name of ['p5e.48xlarge', 'trn2.48xlarge']) {
      const t = aws(name);
      expect(t.purchaseOptions).not.toContain('on-demand');
      expect(t.purchaseOptions).toContain('capacity-block');
      expect(t.prices).toEqual([]);
      expect(priceIn(t, 'us-east-2')).toBeUndefined();
    }
    expect(aws('p5e.48xlarge').purchaseOptions).toEqual(['capacity-block', 'spot']);
  });

  test('eu-north-1 offers p5.48xlarge on demand (EU H100)', () => {
    const p5 = aws('p5.48xlarge');
    expect(p5.regions).toContain('eu-north-1');
    expect(priceIn(p5, 'eu-north-1')).toBe(58.8928);
    expect(p5.zones).toEqual(expect.arrayContaining(['eun1-az1', 'eun1-az2', 'eun1-az3']));
  });

  test('p6-b200 is US and GovCloud only, GovCloud at $136.71936', () => {
    const b200 = aws('p6-b200.48xlarge');
    expect(b200.regions).toEqual(['us-east-1', 'us-east-2', 'us-west-2', 'us-gov-west-1', 'us-gov-east-1']);
    expect(priceIn(b200, 'us-gov-east-1')).toBe(136.71936);
    expect(priceIn(b200, 'us-east-1')).toBe(113.9328);
  });

  test('Trainium nodes are one 16-chip NeuronLink domain with the Neuron AMI; inf2.48xlarge has 12', () => {
    for (const name of ['trn1.32xlarge', 'trn1n.32xlarge', 'trn2.48xlarge']) {
      expect(aws(name).nvlinkDomainSize).toBe(16);
      expect(aws(name).amiType).toBe('AL2023_x86_64_NEURON');
    }
    expect(aws('trn1.32xlarge').nics.efaInterfaces).toBe(8);
    expect(aws('trn1n.32xlarge').nics.efaInterfaces).toBe(16);
    expect(aws('inf2.48xlarge').nvlinkDomainSize).toBe(12);
    expect(aws('inf2.48xlarge').fabric).toBe('ethernet');
  });

  test('g6e.48xlarge: 4 EFA on 4 cards at 400 Gbps; g6e.xlarge has none', () => {
    expect(aws('g6e.48xlarge').nics).toEqual({ networkCards: 4, efaInterfaces: 4, primaryCardSupportsEfa: true });
    expect(aws('g6e.48xlarge').fabricGbps).toBe(400);
    expect(aws('g6e.xlarge').nics.efaInterfaces).toBe(0);
  });

  test('regions with no offering are absent: no g6e in eu-west-1/eu-west-2, no g6 in eu-west-1, no p5.4xlarge in eu-north-1', () => {
    expect(aws('g6e.xlarge').regions).not.toContain('eu-west-1');
    expect(aws('g6e.xlarge').regions).not.toContain('eu-west-2');
    expect(aws('g6.xlarge').regions).not.toContain('eu-west-1');
    expect(aws('p5.4xlarge').regions).not.toContain('eu-north-1');
  });
});
