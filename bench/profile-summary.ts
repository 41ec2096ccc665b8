// Summarises a .cpuprofile (node --cpu-prof): self time by package, by module
// of ours, and the cdktf functions that cost most. Usage:
//   npx tsx bench/profile-summary.ts <file.cpuprofile>
import * as fs from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: ReadonlyArray<number>;
}
interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>;
  readonly samples: ReadonlyArray<number>;
  readonly timeDeltas: ReadonlyArray<number>;
}

/** Where a frame's code lives: an npm package, a folder of ours, node itself, or V8's own buckets. */
export function bucketOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/(src|bench)\/([^/]+)/.exec(url);
  if (ours) return `ours: ${ours[1]}/${ours[2].replace(/\.ts$/, '')}`;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

/**
 * What a sample was doing, from its call path (the innermost match wins):
 * loading modules, cdktf capturing a token's stack trace, cdktf resolving
 * tokens, or else the bucket of the frame itself.
 */
const ACTIVITIES: ReadonlyArray<[string, (f: ProfileNode['callFrame']) => boolean]> = [
  ['module loading (require, transpile)', (f) => f.functionName === 'Module._load' || f.functionName === 'require'],
  ['cdktf: token stack traces (captureStackTrace)', (f) => f.functionName === 'captureStackTrace' && f.url.includes('cdktf')],
  ['cdktf: token resolution (resolve)', (f) => f.functionName === 'resolve' && /cdktf\/lib\/tokens\/private\/resolve/.test(f.url)],
];

function main(file: string): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const activity = (id: number): string | undefined => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const hit = ACTIVITIES.find(([, test]) => test(f));
      if (hit) return hit[0];
    }
    return undefined;
  };
  const activities = new Map<string, number>();
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const b = bucketOf(n.callFrame.url, n.callFrame.functionName);
    buckets.set(b, (buckets.get(b) ?? 0) + us);
    const a = activity(id) ?? `other: ${b}`;
    activities.set(a, (activities.get(a) ?? 0) + us);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${b}`;
    functions.set(f, (functions.get(f) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const top = (m: Map<string, number>, k: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k);
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
  console.log('\ntime by activity (a sample counts for the innermost activity on its call path)');
  for (const [a, us] of top(activities, 20)) console.log(`  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${a}`);
  console.log('\nself time by package / module');
  for (const [b, us] of top(buckets, 20)) console.log(`  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${b}`);
  console.log('\nself time by function (top 20)');
  for (const [f, us] of top(functions, 20)) console.log(`  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${f}`);
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile>');
  main(file);
}
