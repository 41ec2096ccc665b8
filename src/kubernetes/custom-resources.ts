import * as path from 'node:path';
import { Release } from '@cdktf/provider-helm/lib/release';
import { AssetType, ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';

/** Directory of the chart that renders `.Values.objects` as they are (shipped in the package's `assets/`). */
export const CUSTOM_RESOURCES_CHART_DIR = path.join(__dirname, '..', '..', 'assets', 'charts', 'custom-resources');

/** A complete Kubernetes object. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec: Record<string, unknown>;
}

export interface CustomResourcesProps {
  /** Helm release name (≤ 53 characters). */
  readonly releaseName: string;
  /** Namespace of the release (namespaced objects name their own). */
  readonly namespace: string;
  readonly objects: ReadonlyArray<KubernetesObject>;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Custom resources (GKENetworkParamSet, Network, PodMonitoring...) applied
 * through `helm_release` with a local chart copied into the synth output.
 *
 * Decision: no typed Terraform resource exists for them, and
 * `kubernetes_manifest` reads the cluster's OpenAPI schema at plan time
 * (hashicorp/terraform-provider-kubernetes#1775), which breaks the offline
 * plan of the workload stack. Helm renders the chart without a cluster and
 * only needs it at apply, like every other release of the workload stack.
 */
export class CustomResources extends Construct {
  public readonly release: Release;
  public readonly objects: ReadonlyArray<KubernetesObject>;

  constructor(scope: Construct, id: string, props: CustomResourcesProps) {
    super(scope, id);
    this.objects = props.objects;
    const chart = new TerraformAsset(this, 'Chart', { path: CUSTOM_RESOURCES_CHART_DIR, type: AssetType.DIRECTORY });
    this.release = new Release(this, 'Resource', {
      name: props.releaseName,
      chart: chart.path,
      namespace: props.namespace,
      values: [JSON.stringify({ objects: props.objects })],
      atomic: true,
      cleanupOnFail: true,
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
  }
}
