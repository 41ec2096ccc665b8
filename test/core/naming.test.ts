import { Construct } from 'constructs';
import { nameFragment, nameSuffixOf, physicalName, PhysicalNameRegistry, stableHash } from '../../src/core/naming';
import { AiInfraError } from '../../src/errors';
import { awsStack } from '../helpers/stack';

describe('core/naming: the one naming scheme', () => {
  test('physicalName is <prefix>-<suffix>, lowercased, other characters replaced', () => {
    expect(physicalName('test', 'Pool_A.b')).toBe('test-pool_a.b');
    expect(physicalName('test', 'My Pool')).toBe('test-my-pool');
    expect(physicalName('test', 'x', { separator: '_' })).toBe('test_x');
  });

  test('a name past maxLength keeps its start and ends with 8 hex characters of a stable hash', () => {
    const long = 'a'.repeat(80);
    const name = physicalName('test', long, { maxLength: 40 });
    expect(name).toHaveLength(40);
    expect(name).toBe(`test-${'a'.repeat(26)}-${stableHash(`test-${long}`).slice(0, 8)}`);
    // Same input, same name on every run.
    expect(physicalName('test', long, { maxLength: 40 })).toBe(name);
  });

  test('the stack delegates to it, so stack.physicalName and the scheme agree', () => {
    const stack = awsStack();
    expect(stack.physicalName('Vectors', { maxLength: 32 })).toBe(physicalName('test', 'Vectors', { maxLength: 32 }));
  });

  test('nameSuffixOf turns an id into a DNS label, and refuses one that cannot be', () => {
    expect(nameSuffixOf('Train_Pool', 'w', 40)).toBe('train-pool');
    expect(() => nameSuffixOf('1pool', 'test/1pool', 40)).toThrow(AiInfraError);
    expect(() => nameSuffixOf('p'.repeat(41), 'test/p', 40)).toThrow(/at most 40 characters/);
  });

  test('nameFragment is the construct path inside its stack', () => {
    const stack = awsStack();
    const c = new Construct(new Construct(stack, 'Rag'), 'Vectors');
    expect(nameFragment(c, stack)).toBe('rag-vectors');
  });

  test('a registry gives a name to one holder: the same holder may claim again, another is an AiInfraError naming both', () => {
    const names = new PhysicalNameRegistry('test');
    expect(names.claim('KMS alias', 'alias/test-budget', 'test/Budget')).toBe('alias/test-budget');
    expect(names.claim('KMS alias', 'alias/test-budget', 'test/Budget')).toBe('alias/test-budget');
    // Another kind is another namespace.
    expect(names.claim('SNS topic', 'alias/test-budget', 'test/Other')).toBe('alias/test-budget');
    let error: unknown;
    try {
      names.claim('KMS alias', 'alias/test-budget', 'test/Team/Budget');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AiInfraError);
    expect((error as AiInfraError).field).toBe('id');
    expect((error as Error).message).toMatch(/^test\/Team\/Budget: id must be an id giving a KMS alias name unique in stack test \(test\/Budget already has "alias\/test-budget"/);
  });
});
