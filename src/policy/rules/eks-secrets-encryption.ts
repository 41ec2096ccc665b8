import { PolicyRule } from '../types';
import { block, isCustomerKey } from './util';

/** Kubernetes secrets are envelope-encrypted with a customer key. */
export const EksSecretsEncryption: PolicyRule = {
  id: 'AiInfra-EKS-1',
  description: 'EKS clusters envelope-encrypt secrets (encryption_config with resources ["secrets"] and a customer provider.key_arn)',
  resourceTypes: ['aws_eks_cluster'],
  check(view) {
    const enc = block(view.config.encryption_config);
    const resources = Array.isArray(enc?.resources) ? enc!.resources : [];
    return enc && resources.includes('secrets') && isCustomerKey(block(enc.provider)?.key_arn)
      ? undefined
      : 'encryption_config must cover "secrets" with a customer provider.key_arn';
  },
};
