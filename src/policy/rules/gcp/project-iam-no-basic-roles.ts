import { PolicyRule } from '../../types';

const BASIC_ROLES = ['roles/owner', 'roles/editor', 'roles/viewer'];

/** Least privilege: no basic roles at project level (Checkov CKV_GCP_117 / CKV_GCP_49 family). */
export const ProjectIamNoBasicRoles: PolicyRule = {
  id: 'AiInfra-IAM-1',
  description: 'Project IAM grants no basic role (owner, editor, viewer)',
  resourceTypes: ['google_project_iam_member', 'google_project_iam_binding'],
  check(view) {
    const role = String(view.config.role ?? '');
    return BASIC_ROLES.includes(role) ? `grants ${role} on the project; grant the predefined roles the principal needs` : undefined;
  },
};
