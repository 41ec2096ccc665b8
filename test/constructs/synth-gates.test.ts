import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { App, Testing } from 'cdktf';
import { runCli } from '../../src/cli/main';
import { FinOpsBudget } from '../../src/constructs/finops-budget';
import { AiInfraStack, AiInfraStackProps, MANIFEST_FILE } from '../../src/constructs/stack';
import { AiInfraError } from '../../src/errors';
import { formatReport, readManifests } from '../../src/manifest';
import { awsStack } from '../helpers/stack';

/** GIVEN a stack with one policy finding (an SSE-only queue) and a $100 budget under a $579/month estimate. */
function badStack(app: App, props: Partial<AiInfraStackProps> = {}): AiInfraStack {
  const stack = awsStack(props, app);
  new SqsQueue(stack, 'Queue', { sqsManagedSseEnabled: true });
  stack.addCostLines([{ component: 'test/Pool', item: 'g6e.xlarge', quantity: 1, unit: 'node-hour', unitUsd: 0.79, monthlyUsd: 579, basis: 'on-demand', source: 'test', asOf: '2026-01-01' }]);
  new FinOpsBudget(stack, 'Budget', { limitUsd: 100, emails: ['finops@example.com'], topic: false });
  return stack;
}

function tmpOut(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ai-infra-gates-'));
}

function cli(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('synth-time gates end with our own lines', () => {
  test('app.synth() throws one AiInfraError listing every finding on its own line, without cdktf\'s wrapper or frames', () => {
    const app = new App({ outdir: tmpOut() });
    badStack(app);
    let caught: unknown;
    try {
      app.synth();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AiInfraError);
    const error = caught as AiInfraError;
    const lines = error.message.split('\n');
    expect(lines).toEqual([
      'test: synth stopped by 2 findings (fix each, or suppress a policy finding with a written reason)',
      expect.stringMatching(/^ {2}\[AiInfra-SQS-1\] test\/Queue \(aws_sqs_queue\): kms_master_key_id must be a customer-managed key/),
      expect.stringMatching(/^ {2}test\/Budget: limitUsd must be at least the stack's monthly ceiling \$579\.00 \(every pool at its max; expected \$579\.00\), got 100\. Biggest cost lines: g6e\.xlarge at test\/Pool \$579\.00\/month at most/),
    ]);
    expect(error.message).not.toMatch(/Validation failed|skipValidation/);
    expect(error.stack).toBe(`AiInfraError: ${error.message}`);
  });

  test('Testing.synth with validations throws the same error (one path for every synth)', () => {
    const stack = badStack(Testing.app());
    expect(() => Testing.synth(stack, true)).toThrow(/^test: synth stopped by 2 findings/);
  });

  test('a process that synthesizes a failing app exits non-zero and prints no stack frames', () => {
    const dir = tmpOut();
    const root = path.resolve(__dirname, '../..');
    const main = path.join(dir, 'main.ts');
    fs.writeFileSync(main, [
      "import { App } from 'cdktf';",
      "import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';",
      `import { AiInfraStack } from ${JSON.stringify(path.join(root, 'src/constructs/stack'))};`,
      `const app = new App({ outdir: ${JSON.stringify(path.join(dir, 'out'))} });`,
      "const stack = new AiInfraStack(app, 'demo', { cloud: 'aws', region: 'us-east-1', namePrefix: 'demo', tags: { project: 'p', environment: 'dev', costCenter: 'cc' }, aws: { accountId: '123456789012' } });",
      "new SqsQueue(stack, 'Queue', { sqsManagedSseEnabled: true });",
      'app.synth();',
    ].join('\n'));
    const run = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['--tsconfig', path.join(root, 'tsconfig.dev.json'), main], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/AiInfraError: demo: synth stopped by 1 finding \(fix each, or suppress a policy finding with a written reason\)\n {2}\[AiInfra-SQS-1\] demo\/Queue \(aws_sqs_queue\)/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toMatch(/Validation failed/);
  }, 60_000);
});

describe('skipValidation does not silently disable the gates', () => {
  test('the manifest records that the gates did not run and what they would have stopped', () => {
    const out = tmpOut();
    const app = new App({ outdir: out, skipValidation: true });
    const stack = badStack(app);
    app.synth();
    const [manifest] = readManifests(out);
    expect(manifest.gates).toEqual({
      enforced: false,
      skippedBy: 'App skipValidation: true',
      unenforced: [
        expect.stringMatching(/^\[AiInfra-SQS-1\] test\/Queue/),
        expect.stringMatching(/^test\/Budget: limitUsd must be at least the stack's monthly ceiling \$579\.00/),
      ],
    });
    expect(manifest.budgets).toEqual([{ construct: 'test/Budget', limitUsd: 100 }]);
    expect(stack.policyReport.findings.map((f) => f.ruleId)).toEqual(['AiInfra-SQS-1']);
  });

  test('ai-infra report says so at the top of the stack, and --strict exits 3 naming each reason', () => {
    const out = tmpOut();
    const app = new App({ outdir: out, skipValidation: true });
    badStack(app);
    app.synth();
    const report = formatReport(readManifests(out)).split('\n');
    expect(report[0]).toBe('Stack test  (aws us-east-1)');
    expect(report[1]).toBe('  !! GATES NOT ENFORCED: synthesized with App skipValidation: true; the policy pack and budget guard did not stop synth. They would have stopped it for:');
    expect(report[2]).toMatch(/^ {2}!! {3}\[AiInfra-SQS-1\] test\/Queue/);

    const plain = cli('report', out);
    expect(plain.code).toBe(0);
    const strict = cli('report', out, '--strict');
    expect(strict.code).toBe(3);
    expect(strict.err.split('\n')).toEqual([
      'strict: test: gates not enforced (App skipValidation: true)',
      'strict: test: estimated $579.00/month exceeds the budget of test/Budget ($100.00/month)',
    ]);
  });

  test('--strict passes a clean synth and fails a suppression without a reason or an over-budget warn', () => {
    const clean = tmpOut();
    const app = new App({ outdir: clean });
    const stack = awsStack({}, app);
    new FinOpsBudget(stack, 'Budget', { limitUsd: 1000, emails: ['finops@example.com'], topic: false });
    app.synth();
    expect(cli('report', clean, '--strict')).toMatchObject({ code: 0, err: '' });
    expect(readManifests(clean)[0].gates).toEqual({ enforced: true });

    const warned = tmpOut();
    const app2 = new App({ outdir: warned });
    const s2 = awsStack({}, app2);
    s2.addCostLines([{ component: 'test/Pool', item: 'g6e.xlarge', quantity: 1, unit: 'node-hour', unitUsd: 0.79, monthlyUsd: 579, basis: 'on-demand', source: 'test', asOf: '2026-01-01' }]);
    new FinOpsBudget(s2, 'Budget', { limitUsd: 100, emails: ['finops@example.com'], topic: false, onOverBudget: 'warn' });
    app2.synth();
    expect(cli('report', warned, '--strict')).toMatchObject({ code: 3, err: 'strict: test: estimated $579.00/month exceeds the budget of test/Budget ($100.00/month)' });

    // A manifest edited (or written by a tool) with a suppression that has no reason.
    const file = path.join(clean, 'stacks', 'test', MANIFEST_FILE);
    const m = JSON.parse(fs.readFileSync(file, 'utf8'));
    m.policy.suppressed.push({ ruleId: 'AiInfra-SQS-1', path: 'test/Queue', resourceType: 'aws_sqs_queue', message: 'x', reason: ' ' });
    fs.writeFileSync(file, JSON.stringify(m));
    expect(cli('report', clean, '--strict')).toMatchObject({ code: 3, err: 'strict: test: [AiInfra-SQS-1] test/Queue suppressed without a reason' });
  });
});

describe('warnings reach the person running synth', () => {
  test('addWarning records a manifest warning and a cdktf warning annotation on the construct that raised it', () => {
    const out = tmpOut();
    const app = new App({ outdir: out });
    const stack = awsStack({}, app);
    const queue = new SqsQueue(stack, 'Queue', { kmsMasterKeyId: 'alias/x' });
    stack.addWarning('test/Queue: something the user should know', queue);
    stack.addWarning('test: a stack-level note');
    app.synth();
    expect(stack.manifest().warnings).toEqual(['test/Queue: something the user should know', 'test: a stack-level note']);
    const cdktfManifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const annotations = cdktfManifest.stacks.test.annotations.filter((a: { level: string }) => a.level === '@cdktf/warn');
    expect(annotations.map((a: { constructPath: string; message: string }) => [a.constructPath, a.message])).toEqual([
      ['test', 'test: a stack-level note'],
      ['test/Queue', 'test/Queue: something the user should know'],
    ]);
  });

  test("an over-budget 'warn' is one annotation, not two", () => {
    const stack = awsStack({}, Testing.app());
    stack.addCostLines([{ component: 'test/Pool', item: 'g6e.xlarge', quantity: 1, unit: 'node-hour', unitUsd: 0.79, monthlyUsd: 579, basis: 'on-demand', source: 'test', asOf: '2026-01-01' }]);
    const budget = new FinOpsBudget(stack, 'Budget', { limitUsd: 100, emails: ['finops@example.com'], topic: false, onOverBudget: 'warn' });
    Testing.synth(stack, true);
    const all = stack.node.findAll().flatMap((n) => n.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => [n.node.path, String(m.data)]));
    expect(all).toEqual([[budget.node.path, expect.stringMatching(/^test\/Budget: limitUsd must be at least/)]]);
  });
});
