import type { Cloud } from '../catalog/types';
import { assertBackendAvailable, BackendKey, CloudBackends, PROVIDER_PACKAGES } from '../core/backends';
import type { StackContext } from '../core/context';
import { AiInfraError } from '../errors';

/**
 * The one place constructs reach a cloud's backends. Only the stack's cloud
 * is loaded, on first use: an AWS-only app never loads `src/gcp/` (nor
 * `@cdktf/provider-google`), and the reverse.
 */

const LOADED = new Map<Cloud, CloudBackends>();

/** Loads a cloud's module (`../aws`, `../gcp`). Kept apart so `require` stays lazy and static. */
function requireCloud(cloud: Cloud): CloudBackends {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (cloud === 'aws') return (require('../aws') as typeof import('../aws')).AWS_BACKENDS;
  return (require('../gcp') as typeof import('../gcp')).GCP_BACKENDS;
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Whether `err` is Node failing to find `pkg` (or a file in it). */
function isMissingPackage(err: unknown, pkg: string): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${pkg}`);
}

/**
 * The backends of `cloud`, loading them on first use. A missing provider
 * package is an AiInfraError naming the package and version to install.
 */
export function backendsFor(cloud: Cloud, where: string): CloudBackends {
  const cached = LOADED.get(cloud);
  if (cached) return cached;
  const pkg = PROVIDER_PACKAGES[cloud];
  let backends: CloudBackends;
  try {
    backends = requireCloud(cloud);
  } catch (err) {
    if (isMissingPackage(err, pkg.name)) {
      throw new AiInfraError({
        where,
        field: 'cloud',
        given: cloud,
        allowed: `a cloud whose provider bindings are installed: ${pkg.name}@${pkg.version} is missing`,
        hint: `npm install ${pkg.name}@${pkg.version} (an optional peer dependency of cdktf-ai-infra, needed for ${cloud} stacks only)`,
      });
    }
    throw err;
  }
  LOADED.set(cloud, backends);
  return backends;
}

/**
 * The factory of one construct on the stack's cloud, or the construct's one
 * clear error when that backend is not written yet.
 */
export function backendOf<K extends BackendKey>(ctx: StackContext, key: K, where: string): CloudBackends[K] {
  const factory = backendsFor(ctx.cloud, where)[key];
  assertBackendAvailable(factory, where);
  return factory;
}
