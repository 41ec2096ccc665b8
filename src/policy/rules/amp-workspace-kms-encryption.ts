import { PolicyRule } from '../types';
import { isCustomerKey } from './util';

/** Managed Prometheus workspaces are encrypted with a customer key. */
export const AmpWorkspaceKmsEncryption: PolicyRule = {
  id: 'AiInfra-AMP-1',
  description: 'Amazon Managed Prometheus workspaces set a customer kms_key_arn',
  resourceTypes: ['aws_prometheus_workspace'],
  check(view) {
    return isCustomerKey(view.config.kms_key_arn) ? undefined : 'kms_key_arn must be a customer-managed key';
  },
};
