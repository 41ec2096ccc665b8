import { PolicyRule } from '../types';

/** The baseline pack: every rule runs on every AiInfraStack. */
export const BASELINE_RULES: ReadonlyArray<PolicyRule> = [];
