/**
 * Test-only: cdktf captures a full stack trace (Error.stackTraceLimit = MAX) every
 * time it creates a token, which is where about 40% of synth time and most of the
 * test run's memory go. The traces only decorate cdktf's own error messages, never
 * the Terraform output, so jest replaces the capture with a no-op for every test
 * file (jest `setupFiles`). A test that wants the real traces opts back in with
 * `withTokenStackTraces(fn)` from `test/helpers/token-stack-traces.ts`.
 *
 * Library code and user apps never load this file: `cdktf synth` keeps cdktf's
 * behaviour unchanged.
 */
import * as stackTrace from 'cdktf/lib/tokens/private/stack-trace';

type Capture = (below?: unknown) => string[];
const mod = stackTrace as unknown as { captureStackTrace: Capture };
const original: Capture = mod.captureStackTrace;
const disabled: Capture = () => [];

mod.captureStackTrace = disabled;

(globalThis as Record<string, unknown>).__aiInfraTokenStackTraces = {
  original,
  disabled,
  module: mod,
};
