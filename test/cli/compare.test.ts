import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findInstanceType, findRegion } from '../../src/catalog';
import type { CompareResult, ComparedCloud } from '../../src/cli/compare';
import { runCli } from '../../src/cli/main';
import { sizeModel } from '../../src/planning/sizing';

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
  expect(r.err).toMatch(/^error: ai-infra compare/);
  expect(r.err).toMatch(pattern);
}

let dir: string;
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** An embedding model on L40S: AWS has L40S (g6e), Google Cloud does not. */
const L40S_INTENT = {
  namePrefix: 'embed',
  compliance: { jurisdictions: ['US'] },
  serving: { model: { id: 'BAAI/bge-m3', paramsBillions: 0.6 }, accelerator: 'L40S', minNodes: 1, maxNodes: 2 },
  observability: false,
  budget: { limitUsd: 5000, emails: ['finops@example.com'] },
};

/** 70B chat on H100 with a warm floor and pgvector, under EU + GDPR: both clouds can build it. */
const CHAT_YAML = `# 70B chat with RAG, EU only
namePrefix: chat
compliance:
  jurisdictions: [EU]
  programs: [GDPR]
serving:
  model:
    id: meta-llama/Llama-3.1-70B-Instruct
    paramsBillions: 70
    precision: bf16
    sequenceLength: 8192
    concurrency: 16
    attentionHeads: 64
    kvHeads: 8
  accelerator: H100
  minNodes: 1
  maxNodes: 3
retrieval:
  vectors: 20000000
  dimensions: 1024
budget:
  limitUsd: 250000
  emails: ["finops@example.com"]
`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-test-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ai-infra compare: bad input (exit 2, one line)', () => {
  test('no intent file, a missing file, and an unknown flag', () => {
    expectUsageError(run('compare'), /<intent-file> must be the path of an intent file \(JSON or YAML/);
    expectUsageError(run('compare', path.join(dir, 'nope.yaml')), /<intent-file> must be an existing intent file \(JSON or YAML\), got ".*nope\.yaml"/);
    expectUsageError(run('compare', 'a.json', '--cloud', 'aws'), /unknown option --cloud/);
  });

  test('bad JSON, and YAML outside the subset, name the line', () => {
    expectUsageError(run('compare', write('bad.json', '{ "serving": ')), /bad\.json is not valid JSON: /);
    expectUsageError(run('compare', write('tab.yaml', 'serving:\n\tmodel: x\n')), /tab\.yaml is not valid YAML .*: line 2: tabs in indentation/);
    expectUsageError(run('compare', write('anchor.yaml', 'budget: &b\n  limitUsd: 1\n')), /line 1: anchors \(&\) are not supported/);
    expectUsageError(run('compare', write('list.json', '[1, 2]')), /list\.json must hold one object \(a reference stack's props\), got a list/);
  });

  test('an unknown field, two reference stacks at once, and a field the stack does not take', () => {
    expectUsageError(run('compare', write('typo.json', JSON.stringify({ ...L40S_INTENT, modle: {} }))), /typo\.json: unknown field modle \(allowed: namePrefix, tags, compliance, .*budget\)/);
    expectUsageError(
      run('compare', write('two.json', JSON.stringify({ ...L40S_INTENT, training: { totalGpus: 8 } }))),
      /two\.json: serving must be absent when training is given \(an intent builds one reference stack: training \(DistributedTrainingStack\), serving \(InferenceServingStack\) or features \(FeaturePlatformStack\)\)/,
    );
    expectUsageError(run('compare', write('storage.json', JSON.stringify({ ...L40S_INTENT, storage: { throughputGBps: 2 } }))), /storage must be absent with serving \(InferenceServingStack takes no storage\)/);
    expectUsageError(run('compare', write('region.json', JSON.stringify({ ...L40S_INTENT, region: 'us-east-1' }))), /region\.json: region must be given per cloud, as aws\.region and gcp\.region/);
    expectUsageError(run('compare', write('cloud.json', JSON.stringify({ ...L40S_INTENT, cloud: 'aws' }))), /cloud\.json: cloud must be left out: compare builds the intent on both clouds$/);
    expectUsageError(run('compare', write('none.json', '{"budget": {"limitUsd": 1}}')), /none\.json: must be an intent with one of training \(DistributedTrainingStack\), serving/);
    expectUsageError(run('compare', write('nobudget.json', JSON.stringify({ ...L40S_INTENT, budget: undefined }))), /nobudget\.json: budget must be a record, got nothing$/);
  });

  test('a mistake inside the stack props reads the same on both clouds and is reported once', () => {
    const r = run('compare', write('inner.json', JSON.stringify({ ...L40S_INTENT, serving: { ...L40S_INTENT.serving, modle: 1 } })));
    expectUsageError(r, /the intent is invalid on both clouds: embed: unknown field serving\.modle \(allowed: model, accelerator, instanceType, minNodes, maxNodes, expectedNodes, server\)$/);
  });
});

describe('ai-infra compare: an intent only AWS can meet', () => {
  let doc: CompareResult;
  let text: Run;
  beforeAll(() => {
    const file = write('l40s.json', JSON.stringify(L40S_INTENT));
    const r = run('compare', file, '--json');
    expect(r.code).toBe(0);
    doc = JSON.parse(r.out);
    text = run('compare', file);
  });

  test('AWS: g6e.xlarge (1 × L40S 44.7 GiB, ethernet), TP 1, placed in us-east-1 under the US policy', () => {
    const aws = doc.clouds.find((c) => c.cloud === 'aws') as ComparedCloud;
    expect(doc).toMatchObject({ command: 'compare', version: 1, intent: { stack: 'InferenceServingStack', name: 'embed' } });
    expect(aws.met).toBe(true);
    expect(aws.region).toBe('us-east-1');
    expect(findRegion('aws', aws.region as string)?.jurisdiction).toBe('US');
    expect(aws.pools).toEqual([
      expect.objectContaining({
        component: 'Serving',
        role: 'inference',
        instanceTypes: ['g6e.xlarge'],
        accelerator: 'L40S',
        acceleratorMemoryGiB: 44.7,
        gpusPerNode: 1,
        minNodes: 1,
        maxNodes: 2,
        fabric: 'ethernet',
        fabricGbps: findInstanceType('aws', 'g6e.xlarge')!.fabricGbps,
        tensorParallel: 1,
        pipelineParallel: 1,
        gpusPerReplica: 1,
      }),
    ]);
    // The model's memory is the decision core's sizing of the intent's model (inference defaults: bf16, 16 sequences).
    expect(aws.pools[0].modelGB).toBe(sizeModel({ modelParamsBillions: 0.6, precision: 'bf16', purpose: 'inference', concurrency: 16 }, 'test').totalGB);
  });

  test('AWS cost lines: the warm floor priced at the catalog rate × 730 h, and the total is the sum of the lines', () => {
    const aws = doc.clouds.find((c) => c.cloud === 'aws') as ComparedCloud;
    const rate = findInstanceType('aws', 'g6e.xlarge')!.prices.find((p) => p.region === 'us-east-1')!.onDemandUsdPerHour;
    const floor = aws.cost!.lines.find((l) => l.component === 'Serving' && /warm floor/.test(l.item))!;
    expect(floor).toMatchObject({ item: 'g6e.xlarge (on-demand), warm floor (always on)', quantity: 1, unit: 'node-hour', basis: 'on-demand' });
    expect(floor.monthlyUsd).toBeCloseTo(rate * 730, 1);
    expect(aws.cost!.lines.find((l) => l.component === 'Cluster' && /EKS/.test(l.item))?.monthlyUsd).toBe(73);
    const sum = aws.cost!.lines.reduce((s, l) => s + l.monthlyUsd, 0);
    expect(aws.cost!.estimatedMonthlyUsd).toBeCloseTo(sum, 1);
    expect(aws.notMet.filter((n) => n.kind === 'budget')).toEqual([]);
  });

  test('GCP says why it cannot: no GCP machine type carries L40S (the AiInfraError line)', () => {
    const gcp = doc.clouds.find((c) => c.cloud === 'gcp') as ComparedCloud;
    expect(gcp).toMatchObject({ met: false, region: null, pools: [], cost: null });
    expect(gcp.error).toBe('embed: accelerators must be an accelerator gcp offers, got "L40S". No gcp type in the catalog has L40S');
    expect(text.code).toBe(0);
    expect(text.out).toContain('gcp: cannot build the intent: embed: accelerators must be an accelerator gcp offers, got "L40S"');
    expect(text.out).toMatch(/\n {2}Serving +1\.\.2 × g6e\.xlarge \(1 × L40S 44\.7 GiB\)/);
    expect(text.out).toMatch(/\n {2}TOTAL +\$[\d,]+\.\d\d/);
  });
});

describe('ai-infra compare: opt-outs and findings', () => {
  test('a suppression is listed with its written reason; an unsuppressed finding is listed as not met', () => {
    const intent = {
      ...L40S_INTENT,
      retrieval: { vectors: 1_000_000, dimensions: 768, deletionProtection: false },
      policy: { suppressions: [{ ruleId: 'AiInfra-RDS-3', reason: 'throw-away evaluation database, rebuilt nightly' }] },
    };
    const r = run('compare', write('optout.json', JSON.stringify(intent)), '--json');
    expect(r.code).toBe(0);
    const aws = (JSON.parse(r.out) as CompareResult).clouds[0];
    expect(aws.optOuts).toContainEqual({ kind: 'policy-suppression', component: 'Vectors/Resource', id: 'AiInfra-RDS-3', reason: 'throw-away evaluation database, rebuilt nightly' });
    expect(aws.notMet).toContainEqual({ kind: 'policy-finding', message: expect.stringMatching(/^\[AiInfra-STATE-1\] Vectors\/Resource: stateful resource without lifecycle\.prevent_destroy/) });
  });

  test('a budget below the estimate is shown with the estimate, as not met; a given region and account are used', () => {
    const intent = { ...L40S_INTENT, aws: { accountId: '123456789012', region: 'us-west-2' }, budget: { limitUsd: 100, emails: ['finops@example.com'] } };
    const r = run('compare', write('tight.json', JSON.stringify(intent)), '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as CompareResult;
    const aws = result.clouds[0];
    expect(aws.met).toBe(true);
    expect(aws.region).toBe('us-west-2');
    // The given account names the EKS admin placeholder: the cluster's creator gets no access, so one admin role is required.
    expect(result.placeholders.map((p) => [p.field, p.value])).toEqual([
      ['cluster.aws.adminPrincipalArns', 'arn:aws:iam::123456789012:role/platform-admin'],
      ['gcp.projectId', 'ai-infra-compare'],
      ['gcp.projectNumber', '100000000000'],
      ['budget.gcp.billingAccountId', '000000-000000-000000'],
    ]);
    expect(aws.notMet).toContainEqual({ kind: 'budget', message: expect.stringMatching(/^embed\/Budget: limitUsd must be at least the stack's monthly ceiling \$[\d,.]+ \(every pool at its max; expected \$[\d,.]+\), got 100/) });
  });
});

describe('ai-infra compare: one intent both clouds can meet (YAML)', () => {
  let doc: CompareResult;
  beforeAll(() => {
    const r = run('compare', write('chat.yaml', CHAT_YAML), '--json');
    expect(r.code).toBe(0);
    doc = JSON.parse(r.out);
  });

  test('AWS: 70B bf16 on p5.48xlarge (8 × H100 80 GiB, EFA 3200 Gbps), TP 4, in an EU region', () => {
    const aws = doc.clouds[0];
    expect(aws.cloud).toBe('aws');
    expect(findRegion('aws', aws.region as string)?.jurisdiction).toBe('EU');
    expect(aws.pools[0]).toMatchObject({ instanceTypes: ['p5.48xlarge'], accelerator: 'H100', acceleratorMemoryGiB: 80, fabric: 'efa', fabricGbps: 3200, tensorParallel: 4, pipelineParallel: 1, minNodes: 1, maxNodes: 3 });
    expect(aws.decisions).toContainEqual(expect.objectContaining({ component: 'Vectors', topic: 'vector-engine', chosen: expect.stringMatching(/^Aurora PostgreSQL .* \+ pgvector$/) }));
  });

  test('GCP: the same model sizing and TP on an H100 80 GiB machine type, in an EU region, AlloyDB pgvector', () => {
    const [aws, gcp] = doc.clouds;
    expect(gcp.met).toBe(true);
    expect(findRegion('gcp', gcp.region as string)?.jurisdiction).toBe('EU');
    expect(gcp.pools[0]).toMatchObject({ accelerator: 'H100', acceleratorMemoryGiB: 80, tensorParallel: aws.pools[0].tensorParallel, modelGB: aws.pools[0].modelGB });
    expect(gcp.pools[0].instanceTypes[0]).toMatch(/^a3-/);
    expect(gcp.decisions).toContainEqual(expect.objectContaining({ component: 'Vectors', topic: 'vector-engine', chosen: expect.stringMatching(/AlloyDB/) }));
    const serving = gcp.cost!.lines.find((l) => l.component === 'Serving')!;
    expect(serving).toMatchObject({ item: `${gcp.pools[0].instanceTypes[0]} (on-demand), warm floor (always on)`, quantity: 1, unit: 'node-hour' });
    // Priced from the catalog: the region's own price, or an estimate from another region's (the line's basis says which).
    expect(['on-demand', 'reference', 'regional-estimate']).toContain(serving.basis);
    expect(serving.monthlyUsd).toBeGreaterThan(0);
    // A line without a sourced price is $0 in the total and is listed as not met, with its reason.
    const unpriced = gcp.cost!.lines.filter((l) => l.basis === 'no-sourced-price');
    for (const l of unpriced) {
      expect(l.monthlyUsd).toBe(0);
      expect(gcp.notMet).toContainEqual({ kind: 'unpriced', message: `${l.component} ${l.item}: ${l.note}` });
    }
    // AlloyDB storage is priced now ($0.30 per GB-month), so nothing in this stack is unpriced
    expect(unpriced).toEqual([]);
    const storage = gcp.cost!.lines.find((l) => l.item.startsWith('AlloyDB storage'))!;
    expect([storage.unit, storage.basis]).toEqual(['GB-month', 'reference']);
    expect(storage.monthlyUsd).toBeCloseTo(storage.quantity * 0.3, 2);
  });
});

describe('ai-infra compare: a training intent', () => {
  const TRAINING_INTENT = {
    namePrefix: 'pretrain',
    compliance: { jurisdictions: ['US'] },
    training: { accelerator: 'H100', totalGpus: 64, model: { paramsBillions: 70, precision: 'bf16', sequenceLength: 8192 }, expectedNodes: 4 },
    storage: { throughputGBps: 4 },
    observability: false,
    budget: { limitUsd: 1_000_000, emails: ['finops@example.com'] },
  };
  let doc: CompareResult;
  beforeAll(() => {
    const r = run('compare', write('train.json', JSON.stringify(TRAINING_INTENT)), '--json');
    expect(r.code).toBe(0);
    doc = JSON.parse(r.out);
  });

  test('AWS: 8 × p5.48xlarge spot with EFA, the 70B split TP 8, Lustre sized in the pool zone, priced by line', () => {
    const aws = doc.clouds[0];
    expect(doc.intent.stack).toBe('DistributedTrainingStack');
    expect(findRegion('aws', aws.region as string)?.jurisdiction).toBe('US');
    expect(aws.pools[0]).toMatchObject({ component: 'Training', role: 'training', accelerator: 'H100', gpusPerNode: 8, minNodes: 8, maxNodes: 8, fabric: 'efa', fabricGbps: 3200, tensorParallel: 8 });
    expect(aws.pools[0].instanceTypes[0]).toBe('p5.48xlarge');
    expect(aws.pools[0].modelGB).toBe(sizeModel({ modelParamsBillions: 70, precision: 'bf16', purpose: 'pretraining', sequenceLength: 8192 }, 'test').totalGB);
    expect(aws.decisions).toContainEqual(expect.objectContaining({ component: 'Scratch', topic: 'lustre-capacity' }));
    const spot = aws.cost!.lines.find((l) => l.component === 'Training' && /^p5\.48xlarge/.test(l.item))!;
    expect(spot).toMatchObject({ basis: 'spot-ceiling', unit: 'node-hour', quantity: 4 });
    expect(spot.monthlyUsd).toBeGreaterThan(0);
    expect(aws.cost!.lines.some((l) => l.component === 'Scratch' && l.monthlyUsd > 0)).toBe(true);
  });

  test('GCP: the same sizing and TP on 8 × an a3 H100 machine type with GPUDirect, Managed Lustre priced or said unpriced', () => {
    const [aws, gcp] = doc.clouds;
    expect(gcp.met).toBe(true);
    expect(findRegion('gcp', gcp.region as string)?.jurisdiction).toBe('US');
    expect(gcp.pools[0]).toMatchObject({ accelerator: 'H100', gpusPerNode: 8, minNodes: 8, tensorParallel: aws.pools[0].tensorParallel, pipelineParallel: aws.pools[0].pipelineParallel, modelGB: aws.pools[0].modelGB });
    expect(gcp.pools[0].fabric).toMatch(/^gpudirect-/);
    expect(gcp.cost!.lines.some((l) => l.component === 'Scratch')).toBe(true);
  });
});
