import { AiInfraError } from '../../src/errors';

/**
 * Runs `fn` and asserts it throws our one error type (never a TypeError,
 * RangeError, zod or cdktf error) whose message starts with the construct path
 * (or CLI command) and names the field. Returns the error for further checks.
 */
export function expectAiInfraError(fn: () => unknown, where: string, field: string): AiInfraError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error(`expected an AiInfraError naming ${where} and ${field}, but nothing was thrown (silent acceptance)`);
  if (!(thrown instanceof AiInfraError)) {
    throw new Error(`expected an AiInfraError, got ${(thrown as Error)?.constructor?.name}: ${(thrown as Error)?.message}`);
  }
  expect(thrown.message.startsWith(`${where}: `)).toBe(true);
  expect(thrown.message).toContain(field);
  expect(thrown.message).not.toMatch(/\n\s+at /);
  expect(thrown.message).not.toMatch(/Invalid input|ZodError|Cannot read properties/);
  return thrown;
}
