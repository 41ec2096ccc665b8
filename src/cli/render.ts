import { formatUsd } from '../planning/cost';
import type { PlacementResult } from '../planning/placement';
import { FABRIC_LABEL } from '../planning/selection';
import type { SelectionResult } from '../planning/selection';
import type { ModelSizing, ParallelismPlan } from '../planning/sizing';

/** Left-aligned text table with a header row and two spaces between columns. */
export function table(header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, indent = '  '): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: ReadonlyArray<string>) =>
    indent + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function money(n: number): string {
  return formatUsd(n).slice(1);
}

/** The optimizer table of `ai-infra select`: chosen, considered, rejected, notes. */
export function renderSelect(result: SelectionResult): string {
  const c = result.chosen;
  const out: string[] = [];
  out.push(
    `Chosen: ${c.type.name} (${c.cloud}, ${c.region}): ${c.nodes} node${c.nodes === 1 ? '' : 's'} × ${c.gpusPerNode} ${c.accelerator}, ${
      c.priceUnknown ? 'price unknown' : `${formatUsd(c.jobUsdPerHour)}/h`
    }`,
  );
  out.push(`  ${c.reason}`);
  out.push('');
  const byPflop = result.rankedBy === 'usd-per-pflop-hour';
  out.push(`Considered (${result.ranked.length} feasible, best first by ${byPflop ? '$ per PFLOP-hour' : 'job $/h'}):`);
  out.push(
    table(
      ['#', 'CLOUD', 'TYPE', 'ACCEL', 'NODES', 'GPUS', 'REGION', '$/H NODE', 'JOB $/H', '$/PFLOP-H', 'FABRIC', 'BASIS'],
      result.ranked.map((x, i) => [
        String(i + 1),
        x.cloud,
        x.type.name,
        x.accelerator,
        String(x.nodes),
        String(x.gpus),
        x.region,
        x.priceUnknown ? 'unknown' : money(x.usdPerHour),
        x.priceUnknown ? 'unknown' : money(x.jobUsdPerHour),
        x.priceUnknown ? 'unknown' : money(x.usdPerPflopHour),
        `${FABRIC_LABEL[x.fabric]} ${x.fabricGbps.toLocaleString('en-US')}`,
        x.priceUnknown ? 'price unknown' : `${x.priceBasis}${x.priceUnconfirmed ? ' (estimate)' : ''}`,
      ]),
    ),
  );
  out.push('');
  const otherCloud = result.rejected.filter((r) => r.failures.some((f) => f.constraint === 'cloud'));
  const shown = result.rejected.filter((r) => !otherCloud.includes(r));
  out.push(`Rejected (${result.rejected.length}):`);
  if (shown.length) out.push(table(['CLOUD', 'TYPE', 'WHY'], shown.map((r) => [r.cloud, r.type, r.reason])));
  if (otherCloud.length) {
    out.push(`  ... and ${otherCloud.length} ${otherCloud[0].cloud} types: cloud is ${result.request.cloud} (--json lists each with every reason)`);
  }
  if (result.notes.length) {
    out.push('');
    out.push('Notes:');
    out.push(...result.notes.map((n) => `  - ${n}`));
  }
  return out.join('\n');
}

/** `ai-infra size`: the memory components, then the parallelism plan if an accelerator was named. */
export function renderSize(sizing: ModelSizing, plan: ParallelismPlan | undefined, typeName: string | undefined): string {
  const q = sizing.request;
  const out: string[] = [];
  out.push(`Model: ${q.modelParamsBillions}B params, ${q.precision}, ${q.purpose}; ${sizing.shape.layers} layers × hidden ${sizing.shape.hiddenSize}${sizing.shape.estimated ? ' (estimated)' : ''}`);
  out.push(
    table(
      ['COMPONENT', 'GB'],
      [
        ['weights', sizing.weightsGB.toFixed(2)],
        ['gradients', sizing.gradientsGB.toFixed(2)],
        ['optimizer', sizing.optimizerGB.toFixed(2)],
        ['activations', sizing.activationsGB.toFixed(2)],
        ['KV cache', sizing.kvCacheGB.toFixed(2)],
        ['overhead', sizing.overheadGB.toFixed(2)],
        ['total', sizing.totalGB.toFixed(2)],
      ],
    ),
  );
  out.push('');
  out.push('How:');
  out.push(...sizing.explanation.map((l) => `  - ${l}`));
  if (plan) {
    out.push('');
    out.push(
      `Parallelism on ${typeName}: TP ${plan.tensorParallel} × PP ${plan.pipelineParallel} × DP ${plan.dataParallel} = ${plan.totalGpus} GPUs; ${plan.gpusPerReplica} GPUs over ${plan.nodesPerReplica} node(s) per replica; ${plan.perGpuGB} of ${plan.usablePerGpuGB} GB per GPU`,
    );
    out.push(...plan.explanation.map((l) => `  - ${l}`));
  }
  return out.join('\n');
}

/** `ai-infra place`: chosen region, candidates, exclusions. */
export function renderPlace(result: PlacementResult): string {
  const out: string[] = [];
  out.push(`Chosen: ${result.region} (${result.cloud}); zones ${result.zones.join(', ')}${result.instanceTypes.length ? `; types ${result.instanceTypes.join(', ')}` : ''}`);
  out.push('');
  out.push(`Candidates (${result.candidates.length}):`);
  out.push(
    table(
      ['REGION', 'LOCATION', 'JURISDICTION', 'ZONES', '$/GPU-H', 'TYPES'],
      result.candidates.map((c) => [
        c.region,
        c.location,
        c.jurisdiction,
        String(c.zones.length),
        c.priceUnknown ? 'price unknown' : c.usdPerGpuHour === undefined ? '-' : `${money(c.usdPerGpuHour)}${c.priceEstimated ? ' (estimate)' : ''}`,
        c.instanceTypes.join(', '),
      ]),
    ),
  );
  out.push('');
  // Most useful first (regions the policy allows that lack the types); a reason shared by
  // several regions is printed once with its regions (--json lists each region).
  const groups = new Map<string, string[]>();
  for (const e of result.excluded) groups.set(e.reason, [...(groups.get(e.reason) ?? []), e.region]);
  out.push(`Excluded (${result.excluded.length}):`);
  out.push(table(['REGIONS', 'WHY'], [...groups].map(([reason, regions]) => [regions.join(', '), reason])));
  if (result.notes.length) {
    out.push('');
    out.push('Notes:');
    out.push(...result.notes.map((n) => `  - ${n}`));
  }
  return out.join('\n');
}
