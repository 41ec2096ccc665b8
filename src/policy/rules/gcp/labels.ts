import { PolicyRule } from '../../types';
import { COST_ALLOCATION_TAG_KEYS } from '../cost-allocation-tags';
import { block } from '../util';

/**
 * Billed resources whose labels do NOT come from the provider's default_labels in google 6.50
 * (no terraform_labels/effective_labels in their schema), with where their own labels go.
 */
export const GCP_LABELS_WITHOUT_DEFAULTS: Readonly<Record<string, (config: Readonly<Record<string, unknown>>) => unknown>> = {
  google_container_node_pool: (c) => block(c.node_config)?.resource_labels,
  google_sql_database_instance: (c) => block(c.settings)?.user_labels,
};

/** Label maps a resource sets itself, wherever the schema puts them. */
function ownLabels(type: string, config: Readonly<Record<string, unknown>>): unknown[] {
  const extra = GCP_LABELS_WITHOUT_DEFAULTS[type]?.(config);
  return [config.labels, config.resource_labels, extra].filter((l) => typeof l === 'object' && l !== null && !Array.isArray(l));
}

/**
 * The provider's default_labels carry the cost-allocation keys (so every resource with
 * terraform_labels gets them, the GKE cluster's resource_labels included: Checkov CKV_GCP_21).
 * Reports once, on the stack's first resource.
 */
export const GcpDefaultLabelsPresent: PolicyRule = {
  id: 'AiInfra-LABEL-1',
  description: 'The google provider default_labels carry project, environment, cost-center and component with non-empty values',
  resourceTypes: ['*'],
  check(view, ctx) {
    if (ctx.resources[0]?.path !== view.path) return undefined;
    const missing = COST_ALLOCATION_TAG_KEYS.filter((k) => !(ctx.defaultTags[k] ?? '').trim());
    return missing.length === 0 ? undefined : `the stack's default labels miss ${missing.join(', ')}; set them in AiInfraStack props.tags`;
  },
};

/** Billed resources outside default_labels (node pool VMs, Cloud SQL) carry the four keys themselves. */
export const GcpLabelsWhereDefaultsDoNotReach: PolicyRule = {
  id: 'AiInfra-LABEL-2',
  description: 'GKE node pools (node_config.resource_labels) and Cloud SQL instances (settings.user_labels) carry project, environment, cost-center and component',
  resourceTypes: Object.keys(GCP_LABELS_WITHOUT_DEFAULTS),
  check(view) {
    const labels = (GCP_LABELS_WITHOUT_DEFAULTS[view.type](view.config) ?? {}) as Record<string, unknown>;
    const missing = COST_ALLOCATION_TAG_KEYS.filter((k) => !String(labels[k] ?? '').trim());
    const where = view.type === 'google_container_node_pool' ? 'node_config.resource_labels' : 'settings.user_labels';
    return missing.length === 0 ? undefined : `${where} miss ${missing.join(', ')}: the provider's default_labels do not reach this resource, so its cost is unattributed`;
  },
};

/** No resource blanks a cost-allocation label the provider would apply. */
export const GcpNoBlankLabels: PolicyRule = {
  id: 'AiInfra-LABEL-3',
  description: 'No resource overrides project, environment, cost-center or component with an empty label value',
  resourceTypes: ['*'],
  check(view) {
    const blank = new Set<string>();
    for (const labels of ownLabels(view.type, view.config) as Record<string, unknown>[]) {
      for (const k of COST_ALLOCATION_TAG_KEYS) if (k in labels && !String(labels[k] ?? '').trim()) blank.add(k);
    }
    return blank.size === 0 ? undefined : `labels set ${[...blank].join(', ')} to an empty value, which hides the resource from cost allocation; remove the override`;
  },
};
