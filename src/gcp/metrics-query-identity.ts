import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Construct } from 'constructs';
import { PhysicalName } from './network';

export interface MetricsQueryIdentityProps {
  readonly where: string;
  readonly physicalName: PhysicalName;
  readonly nameSuffix: string;
  readonly projectId: string;
  /** The Kubernetes service account (namespace and name) that impersonates it. */
  readonly kubernetesServiceAccount: { readonly namespace: string; readonly name: string };
}

/**
 * The Google identity of GMP's query frontend (see `GmpCustomMetricsAdapter`):
 * a service account with only `roles/monitoring.viewer`, which exactly one
 * Kubernetes service account may impersonate through Workload Identity
 * (`roles/iam.workloadIdentityUser` for `<project>.svc.id.goog[<ns>/<ksa>]`).
 */
export class MetricsQueryIdentity extends Construct {
  public readonly serviceAccount: ServiceAccount;
  public readonly viewer: ProjectIamMember;
  public readonly workloadIdentity: ServiceAccountIamMember;
  /** The service account's email, known before apply (no cross-stack reference needed). */
  public readonly email: string;

  constructor(scope: Construct, id: string, props: MetricsQueryIdentityProps) {
    super(scope, id);
    const ksa = props.kubernetesServiceAccount;
    const accountId = props.physicalName(`${props.nameSuffix}-metrics`, { maxLength: 30 });
    this.email = `${accountId}@${props.projectId}.iam.gserviceaccount.com`;
    this.serviceAccount = new ServiceAccount(this, 'Resource', {
      accountId,
      displayName: `Managed Prometheus queries of ${props.where}`,
      description: `Read-only Managed Prometheus queries for the custom-metrics adapter of ${props.where}`,
      project: props.projectId,
    });
    this.viewer = new ProjectIamMember(this, 'MonitoringViewer', {
      project: props.projectId,
      role: 'roles/monitoring.viewer',
      member: this.serviceAccount.member,
    });
    this.workloadIdentity = new ServiceAccountIamMember(this, 'WorkloadIdentityUser', {
      serviceAccountId: this.serviceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${props.projectId}.svc.id.goog[${ksa.namespace}/${ksa.name}]`,
    });
  }
}
