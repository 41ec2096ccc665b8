import { App, TerraformStack, Token } from 'cdktf';
import { tokenStackTracesEnabled, withTokenStackTraces } from './helpers/token-stack-traces';

describe('jest setup: cdktf token stack traces', () => {
  test('are off for the test run', () => {
    expect(tokenStackTracesEnabled()).toBe(false);
    const token = Token.asAny({ a: 1 });
    expect((token as unknown as { creationStack: string[] }).creationStack).toEqual([]);
  });

  test('come back inside withTokenStackTraces and are off again after it', () => {
    const stack = withTokenStackTraces(() => {
      expect(tokenStackTracesEnabled()).toBe(true);
      return (Token.asAny({ b: 2 }) as unknown as { creationStack: string[] }).creationStack;
    });
    expect(stack.length).toBeGreaterThan(0);
    expect(stack.join('\n')).toMatch(/token-stack-traces\.test/);
    expect(tokenStackTracesEnabled()).toBe(false);
  });

  test('restore even when the callback throws', () => {
    expect(() => withTokenStackTraces(() => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(tokenStackTracesEnabled()).toBe(false);
  });

  test('leave the synthesized Terraform unchanged', () => {
    const build = () => {
      const app = new App();
      const stack = new TerraformStack(app, 's');
      stack.addOverride('locals.x', Token.asString({ y: 1 }));
      return JSON.stringify((stack as unknown as { toTerraform(): unknown }).toTerraform());
    };
    const without = build();
    const withTraces = withTokenStackTraces(build);
    expect(withTraces).toBe(without);
    expect(without).toContain('"x"');
  });
});
