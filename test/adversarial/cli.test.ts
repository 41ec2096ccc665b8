import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { runCli } from '../../src/cli/main';
import { AiInfraStack } from '../../src/constructs/stack';

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A user mistake: exit 2, stdout empty, stderr one line naming the command and the flag, no stack trace. */
function expectUsageError(argv: string[], where: string, flag: string) {
  const r = cli(...argv);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.split('\n')).toHaveLength(1);
  expect(r.err).toMatch(new RegExp(`^error: ai-infra ${where}: `));
  expect(r.err).toContain(flag);
  expect(r.err).not.toMatch(/\s+at \S+ \(|internal error|TypeError|ZodError/);
  expect(r.err.length).toBeLessThan(2000);
  return r;
}

describe('ai-infra CLI: odd flags give one clear line on stderr, exit 2, nothing on stdout', () => {
  test.each<[string, string[], string, string]>([
    ['--gpus 1e9', ['select', '--gpus', '1e9'], 'select', '--gpus'],
    ['--gpus 0x10 (hex was read as 16)', ['select', '--gpus', '0x10'], 'select', '--gpus'],
    ['--gpus 0b11 (binary was read as 3)', ['select', '--gpus', '0b11'], 'select', '--gpus'],
    ['--gpus 0o7', ['select', '--gpus', '0o7'], 'select', '--gpus'],
    ['--gpus Infinity', ['select', '--gpus', 'Infinity'], 'select', '--gpus'],
    ['--gpus NaN', ['select', '--gpus', 'NaN'], 'select', '--gpus'],
    ['--gpus -0', ['select', '--gpus', '-0'], 'select', '--gpus'],
    ['--gpus 8.5', ['select', '--gpus', '8.5'], 'select', '--gpus'],
    ['--gpus fullwidth digit', ['select', '--gpus', '８'], 'select', '--gpus'],
    ['--gpus _8 (underscore not between digits)', ['select', '--gpus', '_8'], 'select', '--gpus'],
    ['--gpus given twice (the last silently won)', ['select', '--gpus', '16', '--gpus', '8'], 'select', '--gpus'],
    ['--gpus empty', ['select', '--gpus='], 'select', '--gpus'],
    ['--model-params 1e6', ['size', '--model-params', '1e6', '--precision', 'bf16', '--purpose', 'inference'], 'size', '--model-params'],
    ['--model-params 0x46', ['size', '--model-params', '0x46', '--precision', 'bf16', '--purpose', 'inference'], 'size', '--model-params'],
    ['--precision without --model-params (was ignored)', ['select', '--gpus', '8', '--precision', 'bf16'], 'select', '--precision'],
    ['size --gpus without --accelerator (was ignored)', ['size', '--model-params', '7', '--precision', 'bf16', '--purpose', 'inference', '--gpus', '8'], 'size', '--gpus'],
    ['size --gpus 1e9 on an accelerator (was accepted)', ['size', '--model-params', '70', '--precision', 'bf16', '--purpose', 'pretraining', '--accelerator', 'H100', '--gpus', '1e9'], 'size', '--gpus'],
    ['unicode flag', ['select', '--gpus', '8', '--régión', 'x'], 'select', '--régión'],
    ['--cloud AWS (uppercase)', ['select', '--gpus', '8', '--cloud', 'AWS'], 'select', '--cloud'],
    ['--region mars with --json', ['select', '--gpus', '8', '--json', '--region', 'mars'], 'select', '--region'],
    ['--purchase free with --json', ['select', '--gpus', '8', '--json', '--purchase', 'free'], 'select', '--purchase'],
    ['place --region twice (the last silently won)', ['place', '--cloud', 'aws', '--region', 'us-east-1', '--region', 'eu-west-1'], 'place', '--region'],
    ['place --region uppercase', ['place', '--cloud', 'aws', '--region', 'US-EAST-1'], 'place', '--region'],
    ['place --jurisdiction lowercase', ['place', '--cloud', 'aws', '--jurisdiction', 'eu'], 'place', '--jurisdiction'],
    ['place --jurisdiction ","', ['place', '--cloud', 'aws', '--jurisdiction', ','], 'place', '--jurisdiction'],
    ['place contradicting policy with --json', ['place', '--cloud', 'aws', '--jurisdiction', 'EU', '--allow-region', 'us-east-1', '--json'], 'place', 'allowRegions'],
  ])('%s', (_name, argv, where, flag) => {
    expectUsageError(argv, where, flag);
  });

  test('a policy no region satisfies says what to relax (in one line)', () => {
    const r = expectUsageError(['place', '--cloud', 'aws', '--jurisdiction', 'EU', '--program', 'FEDRAMP_HIGH'], 'place', 'no aws region satisfies the policy');
    expect(r.err).toMatch(/drop jurisdictions/);
  });

  test('valid edges: decimal forms still work (1_000 style, exponent, surrounding spaces)', () => {
    expect(cli('select', '--gpus', '1_6').code).toBe(0);
    expect(cli('select', '--gpus', '1.6e1').code).toBe(0);
    expect(cli('select', '--gpus', ' 8 ').code).toBe(0);
  });

  test('--json success writes one JSON document and nothing on stderr', () => {
    const r = cli('select', '--gpus', '8', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(() => JSON.parse(r.out)).not.toThrow();
  });

  test('huge but valid requests stay bounded in time and output', () => {
    const t0 = Date.now();
    const r = cli('select', '--gpus', '100000', '--json');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.out.length + r.err.length).toBeLessThan(1_000_000);
  });

  test('report --alternatives must be a whole number from 0 to 1000 (negative and fractional were accepted)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-infra-adv-'));
    const app = new App({ outdir });
    new AiInfraStack(app, 's', { cloud: 'aws', region: 'us-east-1', namePrefix: 'adv', tags: { project: 'a', environment: 'b', costCenter: 'c' }, aws: { accountId: '123456789012' } });
    app.synth();
    for (const n of ['-1', '1.5', '1e9', 'lots']) expectUsageError(['report', '--alternatives', n, outdir], 'report', '--alternatives');
    expect(cli('report', '--alternatives', '0', outdir).code).toBe(0);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
