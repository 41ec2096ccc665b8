// One repetition of the synth benchmark in a fresh process (see synthRepetition).
import { synthChildMain } from './synth';

synthChildMain(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
