import { publicIamFinding } from './util';
import { PolicyRule } from '../../types';

/** No topic IAM grant to allUsers / allAuthenticatedUsers (Checkov CKV_GCP_99). */
export const PubSubIamNotPublic: PolicyRule = {
  id: 'AiInfra-PUBSUB-2',
  description: 'Pub/Sub topic IAM grants nothing to allUsers or allAuthenticatedUsers',
  resourceTypes: ['google_pubsub_topic_iam_member', 'google_pubsub_topic_iam_binding', 'google_pubsub_topic_iam_policy'],
  check(view) {
    return publicIamFinding(view, 'topic');
  },
};
