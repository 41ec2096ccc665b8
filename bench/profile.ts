// One build + synth of the bench stack, to run under a CPU profiler:
//   node --cpu-prof --cpu-prof-dir=bench/results/profile node_modules/tsx/dist/cli.mjs \
//     --tsconfig tsconfig.dev.json bench/profile.ts 300
//   npx tsx bench/profile-summary.ts bench/results/profile/*.cpuprofile
// (see docs/bench.md, "Taking a profile").
import { TerraformStack, Testing } from 'cdktf';
import { buildOurs } from './synth';

const pools = Number(process.argv[2] ?? 300);
if (!Number.isInteger(pools) || pools < 1) throw new Error(`bench/profile: the pool count must be a positive integer, got ${process.argv[2]}`);
// On the next turn of the event loop, so the profile does not bill the work to loading this file.
setImmediate(() => {
  const app = buildOurs(pools);
  for (const stack of app.node.children) if (stack instanceof TerraformStack) Testing.synth(stack, true);
});
