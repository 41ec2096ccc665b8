import { runCli } from '../../src/cli/main';

jest.mock('../../src/planning/sizing', () => ({
  ...jest.requireActual('../../src/planning/sizing'),
  sizeModel: () => {
    throw new TypeError('catalog entry missing');
  },
}));

test('an unexpected internal error exits 1 with its message on one line', () => {
  // GIVEN a planner that fails for a reason that is not the user's input
  const out: string[] = [];
  const err: string[] = [];
  // WHEN the CLI runs
  const code = runCli(['size', '--model-params', '8', '--precision', 'bf16', '--purpose', 'inference'], { out: (s) => out.push(s), err: (s) => err.push(s) });
  // THEN exit 1, the message and no stack
  expect(code).toBe(1);
  expect(out).toEqual([]);
  expect(err).toEqual(['internal error: catalog entry missing']);
});
