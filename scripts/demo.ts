/**
 * The README's first command: synthesize a reference stack and show what was
 * decided and what it costs. `npm run demo -- <example>` picks another example.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatReport, readManifests } from '../src/manifest';

const root = path.resolve(__dirname, '..');
const example = process.argv[2] ?? 'aws-distributed-training';
const appDir = path.join(root, 'examples', example);
if (!fs.existsSync(path.join(appDir, 'main.ts'))) {
  const known = fs.readdirSync(path.join(root, 'examples')).filter((d) => fs.existsSync(path.join(root, 'examples', d, 'main.ts')));
  process.stderr.write(`error: no example "${example}"; known: ${known.join(', ')}\n`);
  process.exit(2);
}
const outdir = path.join(root, 'cdktf.out', 'demo', example);
fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const started = Date.now();
const run = spawnSync(tsx, ['--tsconfig', path.join(root, 'tsconfig.dev.json'), path.join(appDir, 'main.ts')], {
  cwd: root,
  env: { ...process.env, CDKTF_OUTDIR: outdir },
  encoding: 'utf8',
});
if (run.status !== 0) {
  // Node prints an uncaught error as `[AiInfraError: <message>]` under a header of its own; show only our lines.
  const ours = /\[?AiInfraError: ([\s\S]*?)\]?\n\nNode\.js v/.exec(run.stderr);
  process.stderr.write(ours ? `error: ${ours[1]}\n` : run.stderr || run.stdout);
  process.exit(run.status ?? 1);
}
const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
process.stdout.write(`Synthesized examples/${example} in ${((Date.now() - started) / 1000).toFixed(1)} s → ${path.relative(root, outdir)}/stacks/{${stacks.join(',')}}\n\n`);
process.stdout.write(formatReport(readManifests(outdir)));
process.stdout.write(`Terraform is in ${path.relative(root, outdir)}/stacks/<stack>/cdk.tf.json; \`npm test\` validates and plans it offline.\n`);
