import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Cloud } from './catalog/types';
import { AiInfraError } from './errors';
import type { CostLine } from './planning/cost';
import type { CompliancePolicy } from './planning/placement';

/** File name of the manifest written into each stack's output directory. */
export const MANIFEST_FILE = 'ai-infra.manifest.json';

/** One decision the library made on the user's behalf, with why. */
export interface Decision {
  /** Construct path that made it. */
  readonly construct: string;
  /** What was decided: `instance-type`, `region`, `tensor-parallel`, `lustre-capacity`, ... */
  readonly topic: string;
  /** What was chosen, human-readable. */
  readonly chosen: string;
  /** Why. */
  readonly reason: string;
  /**
   * What else was considered and why it lost.
   * @default - none
   */
  readonly alternatives?: ReadonlyArray<{ readonly option: string; readonly reason: string }>;
}

export interface PolicyFindingRecord {
  readonly ruleId: string;
  readonly path: string;
  readonly resourceType: string;
  readonly message: string;
  readonly reason?: string;
}

/** What `ai-infra.manifest.json` holds (schemaVersion 1). Documented in docs/cli.md. */
export interface AiInfraManifest {
  readonly schemaVersion: 1;
  readonly stack: string;
  readonly cloud: Cloud;
  readonly region: string;
  readonly placementZones: string[];
  readonly namePrefix: string;
  readonly tags: Record<string, string>;
  readonly compliance: CompliancePolicy;
  readonly decisions: Decision[];
  readonly cost: {
    readonly hoursPerMonth: number;
    /** Pools at their expected node counts. */
    readonly estimatedMonthlyUsd: number;
    /** Every pool at its max node count (absent in manifests written before it existed). */
    readonly ceilingMonthlyUsd?: number;
    readonly lines: CostLine[];
  };
  readonly policy: { readonly rules: string[]; readonly findings: PolicyFindingRecord[]; readonly suppressed: PolicyFindingRecord[] };
  readonly warnings: string[];
}

/**
 * Reads every manifest under a cdktf output directory (`cdktf.out`), or one
 * manifest file. No app is re-run.
 */
export function readManifests(target: string, where = 'ai-infra report'): AiInfraManifest[] {
  if (!fs.existsSync(target)) {
    throw new AiInfraError({ where, field: 'path', given: target, allowed: 'a cdktf output directory (cdktf.out) or an ai-infra.manifest.json file; run `cdktf synth` first' });
  }
  const files = fs.statSync(target).isFile() ? [target] : findManifests(target, 4);
  if (files.length === 0) {
    throw new AiInfraError({ where, field: 'path', given: target, allowed: `a directory holding stacks/*/${MANIFEST_FILE} (synthesize an app that uses AiInfraStack first)` });
  }
  return files.sort().map((f) => {
    const parsed = JSON.parse(fs.readFileSync(f, 'utf8')) as AiInfraManifest;
    if (parsed.schemaVersion !== 1) {
      throw new AiInfraError({ where, field: 'schemaVersion', given: parsed.schemaVersion, allowed: '1 (upgrade cdktf-ai-infra to read newer manifests)' });
    }
    return parsed;
  });
}

/** Manifest files under `dir` (cdktf.out/stacks/*, or nested outputs such as cdktf.out/demo/<app>/stacks/*). */
function findManifests(dir: string, depth: number): string[] {
  const here = path.join(dir, MANIFEST_FILE);
  if (fs.existsSync(here)) return [here];
  if (depth === 0) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .flatMap((e) => findManifests(path.join(dir, e.name), depth - 1));
}

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Renders manifests as the human report: what was decided, why, and what it costs. */
export function formatReport(manifests: ReadonlyArray<AiInfraManifest>, opts: { alternatives?: number } = {}): string {
  const maxAlt = opts.alternatives ?? 3;
  const out: string[] = [];
  for (const m of manifests) {
    out.push(`Stack ${m.stack}  (${m.cloud} ${m.region}${m.placementZones.length ? `, zones ${m.placementZones.join(', ')}` : ''})`);
    out.push('');
    out.push('  Decisions');
    for (const d of m.decisions) {
      out.push(`  - ${d.topic} @ ${d.construct}: ${d.chosen}`);
      out.push(`      why: ${d.reason}`);
      const alts = d.alternatives ?? [];
      for (const a of alts.slice(0, maxAlt)) out.push(`      not ${a.option}: ${a.reason}`);
      if (alts.length > maxAlt) out.push(`      (+${alts.length - maxAlt} more alternatives in the manifest)`);
    }
    out.push('');
    out.push(`  Estimated cost (${m.cost.hoursPerMonth} h month)`);
    // Notes repeat across lines (the same price caveat), alone or as one part of a
    // composite note ("a; b"): print each part once, as a footnote.
    const notes: string[] = [];
    const noteRef = (note?: string) => {
      if (!note) return '';
      const refs = note
        .split('; ')
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
        .map((part) => (notes.indexOf(part) >= 0 ? notes.indexOf(part) : notes.push(part) - 1) + 1);
      return refs.length ? ` [${[...new Set(refs)].join(',')}]` : '';
    };
    const width = Math.max(10, ...m.cost.lines.map((l) => `${l.component} ${l.item}`.length));
    for (const l of m.cost.lines) {
      const label = `${l.component} ${l.item}`.padEnd(width);
      out.push(`  ${label}  ${usd(l.monthlyUsd).padStart(14)}/mo  ${l.basis}${noteRef(l.note)}`);
    }
    out.push(`  ${'TOTAL'.padEnd(width)}  ${usd(m.cost.estimatedMonthlyUsd).padStart(14)}/mo  expected`);
    if (m.cost.ceilingMonthlyUsd !== undefined && m.cost.ceilingMonthlyUsd !== m.cost.estimatedMonthlyUsd) {
      out.push(`  ${'CEILING'.padEnd(width)}  ${usd(m.cost.ceilingMonthlyUsd).padStart(14)}/mo  every pool at its max`);
    }
    notes.forEach((n, i) => out.push(`  [${i + 1}] ${n}`));
    out.push('');
    const p = m.policy;
    out.push(`  Policy: ${p.rules.length} rules, ${p.findings.length} findings, ${p.suppressed.length} suppressed`);
    for (const f of p.findings) out.push(`  ! [${f.ruleId}] ${f.path}: ${f.message}`);
    for (const s of p.suppressed) out.push(`  ~ [${s.ruleId}] ${s.path}: suppressed — ${s.reason}`);
    for (const w of m.warnings) out.push(`  warning: ${w}`);
    out.push('');
  }
  return out.join('\n');
}
