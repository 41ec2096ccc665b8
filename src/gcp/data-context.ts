import { Construct, IConstruct } from 'constructs';
import { GcpCustomerKey, GcpKeyRing } from './kms';
import { toGcpLabels } from './provider';
import { requireGcpProjectId, requireGcpProjectNumber, stackContextOf } from '../core/context';
import { nameFragment } from '../core/naming';

/**
 * What the GCP data and operations builders (VectorStore, FeatureStore,
 * ObservabilityStack, FinOpsBudget) need from their stack, as plain values:
 * no construct import, so the builders stay a backend (ARCHITECTURE.md).
 */
export interface GcpDataContext {
  /** Project id the resources go into. */
  readonly projectId: string;
  /** Project number (digits): service-agent emails and `projects/<number>` references need it. */
  readonly projectNumber: string;
  /** Region of the regional resources. */
  readonly region: string;
  /**
   * The stack's cost-allocation labels (GCP-sanitised), for the resources the
   * provider's `default_labels` do not reach (Cloud SQL `settings.user_labels`).
   */
  readonly labels: Readonly<Record<string, string>>;
  /** A physical name from the stack's prefix and a suffix, shortened with a stable hash past `maxLength`. */
  physicalName(suffix: string, opts?: { maxLength?: number; separator?: string }): string;
}

/** A GCP service account id (6-30 lowercase letters, digits, hyphens; letter first, no trailing hyphen) from a physical name. */
export function serviceAccountId(ctx: GcpDataContext, suffix: string): string {
  const raw = ctx.physicalName(suffix, { maxLength: 30 }).replace(/[^a-z0-9-]/g, '-').replace(/-+$/, '');
  const id = /^[a-z]/.test(raw) ? raw : `sa-${raw}`.slice(0, 30).replace(/-+$/, '');
  return id.length >= 6 ? id : `${id}-sa-id`.slice(0, 30);
}

/** The email a service account id gets in a project (known before apply: no API call). */
export function serviceAccountEmail(projectId: string, accountId: string): string {
  return `${accountId}@${projectId}.iam.gserviceaccount.com`;
}

/** `serviceAccount:<email>` for IAM members. */
export function serviceAccountMember(email: string): string {
  return `serviceAccount:${email}`;
}

/** The Workload Identity member of a Kubernetes service account: `serviceAccount:<project>.svc.id.goog[<ns>/<ksa>]`. */
export function workloadIdentityMember(projectId: string, namespace: string, kubernetesServiceAccount: string): string {
  return `serviceAccount:${projectId}.svc.id.goog[${namespace}/${kubernetesServiceAccount}]`;
}


/**
 * The data context of a backend's scope, from the stack it lives in: project id
 * and number (required: service agents and `projects/<number>` references are
 * formed offline), region, sanitised labels and the physical-name scheme.
 */
export function gcpDataContextOf(scope: IConstruct, where: string): GcpDataContext {
  const ctx = stackContextOf(scope);
  return {
    projectId: requireGcpProjectId(ctx, where),
    projectNumber: requireGcpProjectNumber(ctx, where),
    region: ctx.region,
    labels: toGcpLabels(ctx.tags),
    physicalName: (suffix, opts) => ctx.physicalName(suffix, opts),
  };
}

/** The construct's path inside its stack as a name fragment (`rag/Vectors` → `rag-vectors`). */
export function gcpNameFragment(scope: IConstruct): string {
  return nameFragment(scope, stackContextOf(scope).scope);
}

/**
 * A customer key of the construct, in its own key ring (`<prefix>-<fragment>`,
 * in the stack region): key rings and keys can never be deleted, so both names
 * come from construct ids only.
 */
export function constructKey(scope: Construct, ctx: GcpDataContext, fragment: string, keyName: string): GcpCustomerKey {
  const ring = new GcpKeyRing(scope, 'KeyRing', { name: ctx.physicalName(fragment, { maxLength: 63 }), location: ctx.region, project: ctx.projectId });
  return ring.addKey('Key', { name: keyName });
}
