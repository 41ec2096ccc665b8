import { PolicyRule } from '../../types';
import { block } from '../util';

/** Binary Authorization enforces the project policy (Checkov CKV_GCP_66). */
export const GkeBinaryAuthorization: PolicyRule = {
  id: 'AiInfra-GKE-13',
  description: 'GKE clusters enforce Binary Authorization (evaluation_mode = PROJECT_SINGLETON_POLICY_ENFORCE)',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    const mode = block(view.config.binary_authorization)?.evaluation_mode;
    return mode === 'PROJECT_SINGLETON_POLICY_ENFORCE'
      ? undefined
      : `binary_authorization.evaluation_mode is ${mode === undefined ? 'not set' : String(mode)}; set PROJECT_SINGLETON_POLICY_ENFORCE (the default project policy admits every image until you tighten it)`;
  },
};
