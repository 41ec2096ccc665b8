import { PolicyRule } from '../types';

/** Tag keys every resource must carry (through the provider's default_tags). */
export const COST_ALLOCATION_TAG_KEYS: ReadonlyArray<string> = ['project', 'environment', 'cost-center', 'component'];

/**
 * The stack's default tags carry the cost-allocation keys with values. The
 * check is about the stack, so it reports once, on the stack's first resource.
 */
export const DefaultTagsPresent: PolicyRule = {
  id: 'AiInfra-TAG-1',
  description: 'The provider default_tags carry project, environment, cost-center and component with non-empty values',
  resourceTypes: ['*'],
  check(view, ctx) {
    if (ctx.resources[0]?.path !== view.path) return undefined;
    const missing = COST_ALLOCATION_TAG_KEYS.filter((k) => !(ctx.defaultTags[k] ?? '').trim());
    return missing.length === 0 ? undefined : `the stack's default tags miss ${missing.join(', ')}; set them in AiInfraStack props.tags`;
  },
};

/** No resource blanks out a cost-allocation tag the provider would otherwise apply. */
export const NoBlankCostAllocationTags: PolicyRule = {
  id: 'AiInfra-TAG-2',
  description: 'No resource overrides project, environment, cost-center or component with an empty value',
  resourceTypes: ['*'],
  check(view) {
    const tags = view.config.tags;
    if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return undefined;
    const blank = COST_ALLOCATION_TAG_KEYS.filter((k) => k in tags && !String((tags as Record<string, unknown>)[k] ?? '').trim());
    return blank.length === 0 ? undefined : `tags set ${blank.join(', ')} to an empty value, which hides the resource from cost allocation; remove the override`;
  },
};
