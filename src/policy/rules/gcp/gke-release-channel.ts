import { PolicyRule } from '../../types';
import { block } from '../util';

/** The cluster follows a release channel (Checkov CKV_GCP_70). */
export const GkeReleaseChannel: PolicyRule = {
  id: 'AiInfra-GKE-8',
  description: 'GKE clusters are enrolled in a release channel (RAPID, REGULAR, STABLE or EXTENDED)',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    const channel = block(view.config.release_channel)?.channel;
    return typeof channel === 'string' && channel !== 'UNSPECIFIED'
      ? undefined
      : `release_channel is ${channel === undefined ? 'not set' : String(channel)}; set release_channel { channel = "REGULAR" } (or STABLE) so security patches arrive`;
  },
};
