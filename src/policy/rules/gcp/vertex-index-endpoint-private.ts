import { PolicyRule } from '../../types';
import { isTrue } from '../util';

/** The Vector Search endpoint is private (Checkov CKV2_GCP_34). */
export const VertexIndexEndpointPrivate: PolicyRule = {
  id: 'AiInfra-VERTEX-1',
  description: 'Vertex AI index endpoints are not public (public_endpoint_enabled not true)',
  resourceTypes: ['google_vertex_ai_index_endpoint'],
  check(view) {
    return isTrue(view.config.public_endpoint_enabled)
      ? 'public_endpoint_enabled = true exposes the index to the internet; use the VPC network (peering) or Private Service Connect'
      : undefined;
  },
};
