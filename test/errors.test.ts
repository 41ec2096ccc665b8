import { z } from 'zod';
import { AiInfraError, parseOrThrow } from '../src/errors';

const schema = z
  .object({
    gpus: z.number().int().positive(),
    precision: z.enum(['bf16', 'fp8']),
    name: z.string().regex(/^[a-z]+$/, 'lowercase letters only').optional(),
    pool: z.object({ minNodes: z.number().optional() }).strict().optional(),
  })
  .strict();

describe('parseOrThrow', () => {
  test.each([
    [{ gpus: -3, precision: 'bf16' }, 'stack/pool: gpus must be > 0, got -3'],
    [{ gpus: 2.5, precision: 'bf16' }, 'stack/pool: gpus must be an integer, got 2.5'],
    [{ gpus: 2, precision: 'fp3' }, 'stack/pool: precision must be one of "bf16", "fp8", got "fp3"'],
    [{ gpus: 2, precision: 'bf16', name: 'AB' }, 'stack/pool: name must be lowercase letters only, got "AB"'],
    [{ gpus: 2, precision: 'bf16', minNode: 1 }, 'stack/pool: unknown field minNode (allowed: gpus, precision, name, pool)'],
    [{ gpus: 2, precision: 'bf16', pool: { minNode: 1 } }, 'stack/pool: unknown field pool.minNode (allowed: minNodes)'],
  ])('names where, the field, what was given and what is allowed (%#)', (input, message) => {
    // WHEN bad input is parsed THEN one AiInfraError with exactly that message
    let caught: unknown;
    try {
      parseOrThrow(schema, input, 'stack/pool');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AiInfraError);
    expect((caught as AiInfraError).message).toBe(message);
    expect((caught as AiInfraError).where).toBe('stack/pool');
  });

  test('returns the parsed value for good input', () => {
    expect(parseOrThrow(schema, { gpus: 8, precision: 'fp8' }, 'x')).toEqual({ gpus: 8, precision: 'fp8' });
  });
});

describe('AiInfraError as Node prints it', () => {
  test('carries no internal stack frames and keeps its fields readable but out of the dump', () => {
    const e = new AiInfraError({ where: 'stack/pool', field: 'minNodes', given: 5, allowed: 'at most maxNodes (4)' });
    expect(e.stack).toBe('AiInfraError: stack/pool: minNodes must be at most maxNodes (4), got 5');
    expect(e.field).toBe('minNodes');
    expect(Object.keys(e)).toEqual([]);
  });
});
