import { PolicyRule } from '../types';

/** OpenSearch Serverless network policies never open a collection to the internet. */
export const AossNetworkNotPublic: PolicyRule = {
  id: 'AiInfra-AOSS-2',
  description: 'OpenSearch Serverless network security policies do not set AllowFromPublic true',
  resourceTypes: ['aws_opensearchserverless_security_policy'],
  check(view) {
    if (view.config.type !== 'network') return undefined;
    const text = typeof view.config.policy === 'string' ? view.config.policy : JSON.stringify(view.config.policy ?? '');
    return /"?AllowFromPublic"?\s*[:=]\s*true/.test(text) ? 'the network policy allows public access; use SourceVPCEs (a VPC endpoint) instead' : undefined;
  },
};
