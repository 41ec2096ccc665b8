// 1. Planning throughput: the pure decision functions, in process.
import { collectGarbage, median, msSince } from './stats';
import { placeWorkload, planParallelism, selectInstance, sizeModel } from '../src/planning';

export interface PlanningCase {
  readonly name: string;
  /** What the call asks, for the table. */
  readonly call: string;
  /** Timed calls per sample. */
  readonly iterations: number;
  readonly run: () => unknown;
}

export interface PlanningResult {
  readonly name: string;
  readonly call: string;
  readonly iterations: number;
  readonly samples: number;
  /** Median over samples. */
  readonly opsPerSec: number;
  readonly usPerOp: number;
  /** opsPerSec of this case ÷ opsPerSec of sizeModel. */
  readonly ratioToSizeModel: number;
}

const sized = sizeModel({ modelParamsBillions: 70, precision: 'bf16', purpose: 'inference', concurrency: 16 }, 'bench');

/** Iteration counts give each sample roughly 0.2-0.6 s on a 2-core machine. */
export const PLANNING_CASES: ReadonlyArray<PlanningCase> = [
  {
    name: 'sizeModel',
    call: "sizeModel({ 70B, bf16, 'inference', concurrency 16 })",
    iterations: 50_000,
    run: () => sizeModel({ modelParamsBillions: 70, precision: 'bf16', purpose: 'inference', concurrency: 16 }, 'bench'),
  },
  {
    name: 'planParallelism',
    call: 'planParallelism(70B sizing, { 80 GiB, 8 per node, NVLink 8 })',
    iterations: 50_000,
    run: () => planParallelism(sized, { acceleratorMemoryGiB: 80, acceleratorsPerNode: 8, nvlinkDomainSize: 8 }, 'bench'),
  },
  {
    name: 'selectInstance/training',
    call: "selectInstance({ cloud: 'aws', purpose: 'pretraining', totalGpus: 64 })",
    iterations: 300,
    run: () => selectInstance({ cloud: 'aws', purpose: 'pretraining', totalGpus: 64 }, 'bench'),
  },
  {
    name: 'selectInstance/inference',
    call: "selectInstance({ purpose: 'inference', sizing: { 8B, bf16 } }) (any cloud)",
    iterations: 200,
    run: () => selectInstance({ purpose: 'inference', sizing: { modelParamsBillions: 8, precision: 'bf16', purpose: 'inference' } }, 'bench'),
  },
  {
    name: 'placeWorkload',
    call: "placeWorkload({ cloud: 'aws', EU + HIPAA, accelerators: ['H100'] })",
    iterations: 20_000,
    run: () => placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['EU'], programs: ['HIPAA'] }, accelerators: ['H100'] }, 'bench'),
  },
];

let sink: unknown;

/** Warms each case up, then times `samples` batches of its fixed iteration count; reports the median. */
export function benchPlanning(samples: number, cases: ReadonlyArray<PlanningCase> = PLANNING_CASES): PlanningResult[] {
  const raw = cases.map((c) => {
    const warmup = Math.max(20, Math.ceil(c.iterations / 10));
    for (let i = 0; i < warmup; i++) sink = c.run();
    const rates: number[] = [];
    for (let s = 0; s < samples; s++) {
      collectGarbage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < c.iterations; i++) sink = c.run();
      rates.push(c.iterations / (msSince(start) / 1000));
    }
    return { c, opsPerSec: median(rates) };
  });
  void sink;
  const base = raw.find((r) => r.c.name === 'sizeModel')?.opsPerSec ?? NaN;
  return raw.map(({ c, opsPerSec }) => ({
    name: c.name,
    call: c.call,
    iterations: c.iterations,
    samples,
    opsPerSec,
    usPerOp: 1e6 / opsPerSec,
    ratioToSizeModel: opsPerSec / base,
  }));
}
