import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

describe('cdktf.json at the repository root', () => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8'));

  test('is a TypeScript app whose entry point is the README quickstart', () => {
    expect(config.language).toBe('typescript');
    expect(config.app).toBe('npx tsx --tsconfig tsconfig.dev.json examples/aws-quickstart/main.ts');
    expect(config.sendCrashReports).toBe('false');
  });

  test('its app command synthesizes the quickstart, as `cdktf synth` runs it (CDKTF_OUTDIR, context)', () => {
    // GIVEN the environment cdktf-cli gives the app command
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-infra-root-synth-'));
    try {
      // WHEN
      const r = spawnSync(config.app, {
        cwd: ROOT,
        shell: true,
        encoding: 'utf8',
        timeout: 110_000,
        env: { ...process.env, CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: JSON.stringify(config.context) },
      });
      // THEN
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      expect(Object.keys(manifest.stacks).sort()).toEqual(['pretrain', 'pretrain-workloads']);
      expect(manifest.stacks['pretrain-workloads'].dependencies).toEqual(['pretrain']);
      const ours = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'pretrain', 'ai-infra.manifest.json'), 'utf8'));
      expect(ours.compliance).toEqual({ jurisdictions: ['EU'], programs: ['GDPR'] });
      expect(ours.decisions.find((d: { topic: string }) => d.topic === 'instance-type').chosen).toMatch(/^8 × p5/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
