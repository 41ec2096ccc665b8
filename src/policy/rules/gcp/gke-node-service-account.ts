import { PolicyRule } from '../../types';
import { isSet } from '../util';
import { nodeConfigOf, nodeConfigWhere } from './util';

const COMPUTE_DEFAULT_SA = /-compute@developer\.gserviceaccount\.com$/;

/** Nodes run as a dedicated least-privilege service account, not the Compute Engine default (Checkov CKV2_GCP_1). */
export const GkeNodeServiceAccount: PolicyRule = {
  id: 'AiInfra-GKE-17',
  description: 'GKE node configs name a dedicated service account, not the Compute Engine default one',
  resourceTypes: ['google_container_cluster', 'google_container_node_pool'],
  check(view) {
    const sa = nodeConfigOf(view)?.service_account;
    if (!isSet(sa) || sa === 'default') return `${nodeConfigWhere(view)} sets no service_account: nodes run as the Compute Engine default account (Editor on the project)`;
    return typeof sa === 'string' && COMPUTE_DEFAULT_SA.test(sa) ? `service_account ${sa} is the Compute Engine default account; use a dedicated node service account` : undefined;
  },
};
