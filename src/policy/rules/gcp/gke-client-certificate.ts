import { PolicyRule } from '../../types';
import { block } from '../util';

/** No legacy client certificate (Checkov CKV_GCP_13: must be explicitly false). */
export const GkeNoClientCertificate: PolicyRule = {
  id: 'AiInfra-GKE-9',
  description: 'GKE clusters set master_auth.client_certificate_config.issue_client_certificate = false',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    const v = block(block(view.config.master_auth)?.client_certificate_config)?.issue_client_certificate;
    return v === false || v === 'false'
      ? undefined
      : 'set master_auth { client_certificate_config { issue_client_certificate = false } }: a client certificate is a non-revocable credential';
  },
};
