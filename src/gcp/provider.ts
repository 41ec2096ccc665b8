import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { Construct } from 'constructs';
import { requireGcpProjectId, StackContext } from '../core/context';

/** GCP label keys/values: lowercase letters, digits, `_` and `-`, at most 63 chars. */
export function toGcpLabels(tags: Readonly<Record<string, string>>): Record<string, string> {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    const key = clean(k).replace(/^[^a-z]+/, '');
    if (key) out[key] = clean(v);
  }
  return out;
}

/** The stack's Google provider with the cost-allocation tags as `default_labels`. */
export function configureGoogleProvider(ctx: StackContext): GoogleProvider {
  return new GoogleProvider(ctx.scope as Construct, 'google', {
    project: requireGcpProjectId(ctx, ctx.scope.node.path),
    region: ctx.region,
    defaultLabels: toGcpLabels(ctx.tags),
  });
}
