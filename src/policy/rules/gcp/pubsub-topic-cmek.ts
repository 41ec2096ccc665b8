import { isKmsKey } from './util';
import { PolicyRule } from '../../types';

/** Topic messages encrypted with a customer key (Checkov CKV_GCP_83). */
export const PubSubTopicCmek: PolicyRule = {
  id: 'AiInfra-PUBSUB-1',
  description: 'Pub/Sub topics encrypt with a Cloud KMS key (kms_key_name)',
  resourceTypes: ['google_pubsub_topic'],
  check(view) {
    return isKmsKey(view.config.kms_key_name)
      ? undefined
      : 'messages use Google-managed keys; set kms_key_name and grant the Pub/Sub service agent (service-<N>@gcp-sa-pubsub) the key';
  },
};
