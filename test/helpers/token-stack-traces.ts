/**
 * Opt back in to cdktf's token creation stack traces, which the jest setup
 * (`test/helpers/jest-setup-token-stack-traces.ts`) turns off for speed.
 */
interface TraceSwitch {
  readonly original: (below?: unknown) => string[];
  readonly disabled: (below?: unknown) => string[];
  readonly module: { captureStackTrace: (below?: unknown) => string[] };
}

function traceSwitch(): TraceSwitch {
  const s = (globalThis as Record<string, unknown>).__aiInfraTokenStackTraces as TraceSwitch | undefined;
  if (!s) throw new Error('test/helpers/jest-setup-token-stack-traces.ts did not run (jest setupFiles)');
  return s;
}

/** Whether cdktf currently captures a stack trace per token. */
export function tokenStackTracesEnabled(): boolean {
  const s = traceSwitch();
  return s.module.captureStackTrace === s.original;
}

/** Runs `fn` with cdktf's real token stack traces, then turns them off again. */
export function withTokenStackTraces<T>(fn: () => T): T {
  const s = traceSwitch();
  s.module.captureStackTrace = s.original;
  try {
    return fn();
  } finally {
    s.module.captureStackTrace = s.disabled;
  }
}
