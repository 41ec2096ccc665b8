import { PolicyRule } from '../../types';
import { block } from '../util';
import { isKmsKey } from './util';

/** Kubernetes secrets are encrypted in etcd with a customer key. */
export const GkeSecretsEncryption: PolicyRule = {
  id: 'AiInfra-GKE-15',
  description: 'GKE clusters encrypt Kubernetes secrets with a Cloud KMS key (database_encryption.state = ENCRYPTED)',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    const de = block(view.config.database_encryption);
    return de?.state === 'ENCRYPTED' && isKmsKey(de.key_name)
      ? undefined
      : 'secrets are encrypted with Google-managed keys only; set database_encryption { state = "ENCRYPTED", key_name = <key in the cluster region> } and grant the GKE service agent the key';
  },
};
