import { z } from 'zod';

/** A Kubernetes object name (DNS-1123 label). */
export const kubernetesName = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a Kubernetes name (lowercase letters, digits and hyphens, 1-63 chars)');

/** A TCP port; NaN, fractions and out-of-range values are refused. */
export const port = z.number().int('an integer port from 1 to 65535').min(1, 'an integer port from 1 to 65535').max(65535, 'an integer port from 1 to 65535');

/** Terraform resources an object must wait for (anything with an fqn: resources, data sources, modules). */
export const dependables = z.array(z.custom<object>((d) => typeof d === 'object' && d !== null && 'fqn' in d, 'a Terraform resource (ITerraformDependable)'));

/** A Kubernetes Secret name (DNS-1123 subdomain). */
export const secretName = z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'a Kubernetes secret name');
