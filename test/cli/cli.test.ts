import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';

interface Run {
  code: number;
  out: string;
  err: string;
}

function run(...argv: string[]): Run {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function expectUsageError(r: Run, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^error: /);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.err).toMatch(pattern);
}

describe('ai-infra select', () => {
  test('pretraining on 64 AWS GPUs: an EFA 3,200 Gbps H100-or-newer type on 8 nodes, never g5/g6', () => {
    // WHEN
    const r = run('select', '--cloud', 'aws', '--purpose', 'pretraining', '--gpus', '64', '--json');
    // THEN
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.command).toBe('select');
    expect(doc.version).toBe(1);
    expect(['p5.48xlarge', 'p5en.48xlarge', 'p6-b200.48xlarge']).toContain(doc.chosen.type);
    expect(doc.chosen).toMatchObject({ nodes: 8, gpus: 64, fabric: 'efa', fabricGbps: 3200, cloud: 'aws' });
    expect(doc.ranked.map((c: { type: string }) => c.type).filter((t: string) => /^g[56]/.test(t))).toEqual([]);
  });

  test('the default output is a table of chosen, considered and rejected types', () => {
    const r = run('select', '--cloud', 'aws', '--purpose', 'pretraining', '--gpus', '64');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Chosen: p\S+ \(aws, us-east-1\): 8 nodes × 8 /);
    expect(r.out).toMatch(/Considered \(\d+ feasible, best first by \$ per PFLOP-hour\):/);
    expect(r.out).toMatch(/ p5\.48xlarge +H100 +8 +64 +us-east-1 +55\.04 +440\.32 /);
    expect(r.out).toMatch(/Rejected \(\d+\):/);
    expect(r.out).toMatch(/g6\.48xlarge +L4 is not a training-class accelerator/);
    expect(r.out).toMatch(/\.\.\. and \d+ gcp types: cloud is aws/);
  });

  test('GCP multi-node on 16 GPUs names the TCPXO fabric', () => {
    const r = run('select', '--cloud', 'gcp', '--gpus', '16', '--multi-node', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.chosen.type).toBe('a3-megagpu-8g');
    expect(['gpudirect-tcpxo', 'gpudirect-rdma']).toContain(doc.chosen.fabric);
    expect(doc.chosen.reason).toMatch(/GPUDirect-TCPXO/);
  });

  test('8B bf16 inference picks the cheapest single-GPU type that fits, not an H100', () => {
    const r = run('select', '--purpose', 'inference', '--model-params', '8', '--precision', 'bf16', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.chosen.gpus).toBe(1);
    expect(doc.chosen.accelerator).not.toBe('H100');
    expect(['L4', 'A10G']).toContain(doc.chosen.accelerator);
    expect(doc.chosen.parallelism).toMatchObject({ tensorParallel: 1, pipelineParallel: 1, gpusPerReplica: 1 });
    expect(doc.sizing.weightsGB).toBe(16);
  });

  test('the JSON document has the documented shape', () => {
    const doc = JSON.parse(run('select', '--cloud', 'aws', '--gpus', '8', '--accelerator', 'H100,H200', '--json').out);
    expect(Object.keys(doc).sort()).toEqual(['chosen', 'command', 'notes', 'ranked', 'rankedBy', 'rejected', 'sizing', 'version']);
    expect(Object.keys(doc.chosen).sort()).toEqual(
      [
        'accelerator', 'cloud', 'fabric', 'fabricGbps', 'family', 'gpus', 'gpusPerNode', 'jobUsdPerHour', 'multiNode', 'nodes', 'parallelism',
        'priceAsOf', 'priceBasis', 'priceRegion', 'priceSource', 'priceUnconfirmed', 'priceUnknown', 'purchase', 'reason', 'region', 'type', 'usdPerHour', 'usdPerPflopHour',
      ].sort(),
    );
    expect(doc.sizing).toBeNull();
    expect(doc.rankedBy).toBe('job-usd-per-hour');
    for (const r of doc.rejected) {
      expect(Object.keys(r).sort()).toEqual(['cloud', 'constraints', 'jobUsdPerHour', 'reason', 'type']);
      expect(r.constraints.length).toBeGreaterThan(0);
    }
    expect(doc.rejected.find((r: { type: string }) => r.type === 'g6.48xlarge').constraints).toEqual(['accelerators']);
  });

  test('an infeasible request exits 2 with the closest option and what to relax', () => {
    const r = run('select', '--cloud', 'aws', '--purpose', 'pretraining', '--gpus', '64', '--max-hourly-usd', '100');
    expectUsageError(r, /closest: aws p4d\.24xlarge.*over maxHourlyUsd \$100\.00\. To admit it, relax maxHourlyUsd: 176/);
  });
});

describe('ai-infra place', () => {
  test('EU + HIPAA + H100 on AWS lands in eu-north-1', () => {
    const r = run('place', '--cloud', 'aws', '--jurisdiction', 'EU', '--program', 'HIPAA', '--accelerator', 'H100', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ command: 'place', version: 1, mode: 'place', cloud: 'aws', region: 'eu-north-1' });
    expect(doc.instanceTypes).toContain('p5.48xlarge');
    expect(doc.excluded.find((e: { region: string }) => e.region === 'eu-west-2').reason).toBe('is in jurisdiction UK, not EU');
  });

  test('table output lists candidates and exclusions', () => {
    const r = run('place', '--cloud', 'aws', '--jurisdiction', 'EU', '--program', 'HIPAA', '--accelerator', 'H100');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Chosen: eu-north-1 \(aws\); zones eun1-/);
    expect(r.out).toMatch(/eu-central-1, eu-west-1, .* +does not offer H100/);
  });

  test('exclusions: the one that explains the choice first, and a shared reason printed once (issue 10, item 14)', () => {
    const r = run('place', '--cloud', 'aws', '--jurisdiction', 'EU', '--accelerator', 'H100');
    const excluded = r.out.slice(r.out.indexOf('Excluded (34):')).split('\n');
    expect(excluded[2]).toMatch(/^  eu-central-1, eu-west-1, eu-west-3, eu-south-1, eu-south-2, eusc-de-east-1 +does not offer H100/);
    expect(r.out.match(/is in jurisdiction US, not EU/g)).toHaveLength(1);
    expect(r.out).toMatch(/us-east-1, us-east-2, us-west-1, us-west-2 +is in jurisdiction US, not EU/);
    // AND --json keeps every exclusion, one per region
    const doc = JSON.parse(run('place', '--cloud', 'aws', '--jurisdiction', 'EU', '--accelerator', 'H100', '--json').out);
    expect(doc.excluded).toHaveLength(34);
    expect(doc.excluded[0]).toEqual({ region: 'eu-central-1', reason: 'does not offer H100 (p5.48xlarge, p5.4xlarge)' });
  });

  test('--region checks a region against the policy', () => {
    expectUsageError(run('place', '--cloud', 'aws', '--jurisdiction', 'EU', '--region', 'us-east-1'), /^error: ai-infra place: --region must be in EU\/EEA jurisdiction \(eu-central-1, .*\), got "us-east-1"/);
    const ok = run('place', '--cloud', 'aws', '--jurisdiction', 'EU', '--region', 'eu-north-1', '--instance-type', 'p5.48xlarge', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ mode: 'check', region: 'eu-north-1' });
  });
});

describe('ai-infra size', () => {
  test('70B bf16 inference on H100: 140 GB of weights, tensor parallel 4', () => {
    const r = run('size', '--model-params', '70', '--precision', 'bf16', '--purpose', 'inference', '--accelerator', 'H100', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.sizing.weightsGB).toBe(140);
    expect(doc.parallelism).toMatchObject({ tensorParallel: 4, pipelineParallel: 1, fitsInOneNode: true });
  });

  test('table output explains each component', () => {
    const r = run('size', '--model-params', '7', '--precision', 'bf16', '--purpose', 'full-fine-tune');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/optimizer +84\.00/);
    expect(r.out).toMatch(/model state: 16 B\/param/);
  });
});

describe('invalid input', () => {
  test.each([
    [['select', '--gpus', '-3'], /^error: ai-infra select: --gpus must be >= 1, got -3$/],
    [['select', '--model-params', '8', '--precision', 'fp3', '--purpose', 'inference'], /^error: ai-infra select: --precision must be one of "fp32", "bf16", "fp16", "fp8", "int8", "int4", got "fp3"$/],
    [['place', '--cloud', 'aws', '--jurisdiction', 'Mars'], /^error: ai-infra place: --jurisdiction must be one of "US", .*"EU", "UK".*, got "Mars"$/],
    [['select', '--gpus', '8', '--frobnicate'], /^error: ai-infra select: unknown option --frobnicate \(see ai-infra select --help\)$/],
    [['select', '--gpus', 'many'], /--gpus must be a number, got "many"/],
    [['select'], /--gpus must be a whole number >= 1 \(or give --model or --model-params/],
    [['select', '--cloud', 'azure', '--gpus', '8'], /--cloud must be one of "aws", "gcp", "any", got "azure"/],
    [['select', '--gpus', '8', '--region', 'mars-1'], /--region must be a region of aws or gcp known to the catalog, got "mars-1"/],
    [['size', '--model-params', '8', '--precision', 'bf16'], /--purpose must be one of/],
    [['deploy'], /unknown command "deploy"/],
  ])('%j exits 2 with one clear line', (argv, pattern) => {
    expectUsageError(run(...(argv as string[])), pattern);
  });
});

describe('help and version', () => {
  test('top-level --help lists the commands', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/size +memory a model needs/);
    expect(r.out).toMatch(/select +choose the instance/);
    expect(r.out).toMatch(/place +choose a region/);
  });

  test.each(['size', 'select', 'place'])('%s --help shows its flags', (cmd) => {
    const r = run(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: ai-infra ${cmd}`));
    expect(r.out).toMatch(/--json/);
  });

  test('--version prints the package version', () => {
    const r = run('--version');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('place --json shape', () => {
  test('candidates always carry usdPerGpuHour (null when the price is unknown)', () => {
    // H200 in the UK is p5e only, sold as Capacity Blocks with no sourced London rate
    const doc = JSON.parse(run('place', '--cloud', 'aws', '--jurisdiction', 'UK', '--accelerator', 'H200', '--purchase', 'capacity-block', '--json').out);
    expect(Object.keys(doc).sort()).toEqual(['candidates', 'cloud', 'command', 'excluded', 'instanceTypes', 'mode', 'notes', 'region', 'version', 'zones']);
    for (const c of doc.candidates) {
      expect(Object.keys(c).sort()).toEqual(['fabricRank', 'instanceTypes', 'jurisdiction', 'location', 'priceEstimated', 'priceUnknown', 'region', 'usdPerGpuHour', 'zones']);
    }
    const london = doc.candidates.find((c: { region: string }) => c.region === 'eu-west-2');
    expect(london.usdPerGpuHour).toBeNull();
    expect(london.priceUnknown).toBe(true);
  });

  test('on demand, the UK has no H200: eu-west-2 sells p5e only as Capacity Blocks and spot', () => {
    const r = run('place', '--cloud', 'aws', '--jurisdiction', 'UK', '--accelerator', 'H200');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no aws region satisfies the policy and offers H200/);
  });
});

describe('ai-infra report', () => {

  test('reads the manifests under cdktf.out and prints decisions, cost and policy', () => {
    // GIVEN a synthesized output dir with one manifest
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    fs.mkdirSync(path.join(dir, 'stacks', 'train'), { recursive: true });
    const manifest = {
      schemaVersion: 1,
      stack: 'train',
      cloud: 'aws',
      region: 'us-east-1',
      placementZones: ['use1-az4'],
      namePrefix: 't',
      tags: {},
      compliance: {},
      decisions: [{ construct: 'train/pool', topic: 'instance-type', chosen: 'p5.48xlarge x 8', reason: 'cheapest per PFLOP-hour', alternatives: [{ option: 'g6.48xlarge', reason: 'no RDMA' }] }],
      cost: { hoursPerMonth: 730, estimatedMonthlyUsd: 321433.6, lines: [{ component: 'train/pool', item: 'p5.48xlarge node-hours', quantity: 5840, unit: 'node-hour', unitUsd: 55.04, monthlyUsd: 321433.6, basis: 'on-demand', source: 's', asOf: '2026-07-20' }] },
      policy: { rules: ['AiInfra-S3-1'], findings: [], suppressed: [{ ruleId: 'AiInfra-S3-1', path: 'train/b', resourceType: 'aws_s3_bucket', message: 'm', reason: 'logs bucket for a partner' }] },
      warnings: [],
    };
    fs.writeFileSync(path.join(dir, 'stacks', 'train', 'ai-infra.manifest.json'), JSON.stringify(manifest));
    // WHEN the report runs
    const r = run('report', dir);
    // THEN it exits 0 and shows the decision, why, what lost, the cost and the suppression reason
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/instance-type @ train\/pool: p5\.48xlarge x 8/);
    expect(r.out).toMatch(/not g6\.48xlarge: no RDMA/);
    expect(r.out).toMatch(/TOTAL\s+\$321,433\.60\/mo/);
    expect(r.out).toMatch(/suppressed — logs bucket for a partner/);
    // AND --json returns the manifests
    expect(JSON.parse(run('report', dir, '--json').out).stacks[0].stack).toBe('train');
  });

  test('a caveat shared by several cost lines is one footnote, even inside composite notes (issue 10, item 14)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-notes-'));
    fs.mkdirSync(path.join(dir, 'stacks', 'n'), { recursive: true });
    const caveat = 'Non-reference-region service prices are estimated with the us-east-1 list price';
    const line = { quantity: 1, unit: 'hour', unitUsd: 1, monthlyUsd: 730, basis: 'reference', source: 's', asOf: '2026-07-20' };
    const manifest = {
      schemaVersion: 1,
      stack: 'n',
      cloud: 'aws',
      region: 'eu-north-1',
      placementZones: [],
      namePrefix: 'n',
      tags: {},
      compliance: {},
      decisions: [],
      cost: {
        hoursPerMonth: 730,
        estimatedMonthlyUsd: 2190,
        ceilingMonthlyUsd: 2920,
        lines: [
          { ...line, component: 'n/a', item: 'NAT', note: caveat },
          { ...line, component: 'n/b', item: 'KMS', note: `1 key; ${caveat}` },
          { ...line, component: 'n/c', item: 'EKS', note: `${caveat}; control plane` },
        ],
      },
      policy: { rules: [], findings: [], suppressed: [] },
      warnings: [],
    };
    fs.writeFileSync(path.join(dir, 'stacks', 'n', 'ai-infra.manifest.json'), JSON.stringify(manifest));
    const r = run('report', dir);
    expect(r.out.split(caveat)).toHaveLength(2);
    expect(r.out).toMatch(/n\/a NAT .*\[1\]$/m);
    expect(r.out).toMatch(/n\/b KMS .*\[2,1\]$/m);
    expect(r.out).toMatch(/n\/c EKS .*\[1,3\]$/m);
    expect(r.out).toMatch(/CEILING\s+\$2,920\.00\/mo  every pool at its max/);
  });

  test('finds manifests of nested outputs (cdktf.out/demo/<app>/stacks/*)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-nested-'));
    const stackDir = path.join(dir, 'demo', 'app', 'stacks', 'nested');
    fs.mkdirSync(stackDir, { recursive: true });
    const manifest = {
      schemaVersion: 1,
      stack: 'nested',
      cloud: 'aws',
      region: 'us-west-2',
      placementZones: [],
      namePrefix: 'n',
      tags: {},
      compliance: {},
      decisions: [],
      cost: { hoursPerMonth: 730, estimatedMonthlyUsd: 0, lines: [] },
      policy: { rules: [], findings: [], suppressed: [] },
      warnings: [],
    };
    fs.writeFileSync(path.join(stackDir, 'ai-infra.manifest.json'), JSON.stringify(manifest));
    const r = run('report', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Stack nested {2}\(aws us-west-2\)/m);
  });

  test('a directory without manifests is exit 2 with one line saying what to do', () => {
    const r = run('report', '/nonexistent-dir');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/path must be a cdktf output directory/);
  });
});

describe('describing grouped-query models (issue 10, item 11)', () => {
  test('--model llama-3.1-70b fills the shape and the KV heads: KV cache 1.34 GB at 4,096 tokens', () => {
    const r = run('size', '--model', 'llama-3.1-70b', '--precision', 'bf16', '--purpose', 'inference', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.sizing.kvCacheGB).toBe(1.34);
    expect(doc.sizing.shape).toEqual({ layers: 80, hiddenSize: 8192, estimated: false });
  });

  test('--attention-heads and --kv-heads size the KV cache of a model given by hand', () => {
    const gqa = JSON.parse(run('size', '--model-params', '70', '--layers', '80', '--hidden-size', '8192', '--attention-heads', '64', '--kv-heads', '8', '--precision', 'bf16', '--purpose', 'inference', '--json').out);
    const mha = JSON.parse(run('size', '--model-params', '70', '--layers', '80', '--hidden-size', '8192', '--precision', 'bf16', '--purpose', 'inference', '--json').out);
    expect(gqa.sizing.kvCacheGB).toBe(1.34);
    expect(mha.sizing.kvCacheGB).toBe(10.74);
  });

  test('--kv-heads without --attention-heads, and an unknown --model, are usage errors', () => {
    expectUsageError(run('size', '--model-params', '70', '--kv-heads', '8', '--precision', 'bf16', '--purpose', 'inference'), /attentionHeads|--attention-heads/);
    expectUsageError(run('size', '--model', 'llama3.1-70b', '--precision', 'bf16', '--purpose', 'inference'), /--model must be one of .*Did you mean "llama-3\.1-70b"\?/);
    expectUsageError(run('select', '--gpus', '8', '--kv-heads', '8'), /--kv-heads .*given only with --model or --model-params/);
  });

  test('select --model sizes each type from the named model', () => {
    const doc = JSON.parse(run('select', '--model', 'llama-3.1-8b', '--precision', 'bf16', '--purpose', 'inference', '--gpus', '16', '--json').out);
    expect(doc.chosen.parallelism).toMatchObject({ tensorParallel: 1, pipelineParallel: 1, dataParallel: 16 });
    expect(doc.chosen.gpusPerNode).toBe(1);
  });
});

describe('names users type (issue 10, item 13)', () => {
  test('accelerator names ignore case and A100 means either size', () => {
    const doc = JSON.parse(run('select', '--gpus', '8', '--accelerator', 'a100', '--cloud', 'aws', '--json').out);
    expect(doc.chosen.type).toBe('p4d.24xlarge');
    expect(run('size', '--model-params', '8', '--precision', 'bf16', '--purpose', 'inference', '--accelerator', 'h100').code).toBe(0);
  });

  test('near misses get "did you mean"', () => {
    expectUsageError(run('select', '--gpus', '8', '--accelerator', 'H10'), /--accelerator must be one of .*got "H10"\. Did you mean "H100"\?/);
    expectUsageError(run('size', '--model-params', '8', '--precision', 'bf16', '--purpose', 'inference', '--accelerator', 'L40'), /Did you mean "L40S"\?/);
    expectUsageError(run('select', '--gpus', '8', '--cloud', 'aws', '--region', 'eu-north1'), /--region must be a region of aws known to the catalog, got "eu-north1"\. Did you mean "eu-north-1"\?/);
    expectUsageError(run('place', '--cloud', 'aws', '--allow-region', 'eu-north1'), /--allow-region must be an AWS region known to the catalog, got "eu-north1"\. Did you mean "eu-north-1"\?/);
  });
});
