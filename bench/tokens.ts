// Tokens per pool: how many cdktf tokens (Intrinsic, Lazy, references,
// ComplexComputedList, dynamic expressions) a build and a synth create. Every
// one of them calls cdktf's `captureStackTrace` once in its constructor, which
// is what makes tokens expensive outside jest, so the bench counts calls to it.
type Capture = (below?: unknown) => string[];
// require, not import: the module's own exports object, which cdktf reads the function from on every call.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mod = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: Capture };

/**
 * Runs `fn` and returns how many tokens it created and how many stack frames
 * their traces held in all (the cost of a capture grows with the depth of the
 * stack it is made from), with fn's result.
 */
export function countTokens<T>(fn: () => T): { value: T; tokens: number; frames: number } {
  const original = mod.captureStackTrace;
  let tokens = 0;
  let frames = 0;
  mod.captureStackTrace = (below?: unknown) => {
    tokens++;
    const trace = original(below);
    frames += trace.length;
    return trace;
  };
  try {
    const value = fn();
    return { value, tokens, frames };
  } finally {
    mod.captureStackTrace = original;
  }
}
