import { PolicyRule } from '../types';
import { block, isTrue, OPEN_CIDRS } from './util';

/** The Kubernetes API is private, or public only to named CIDRs. */
export const EksPrivateEndpoint: PolicyRule = {
  id: 'AiInfra-EKS-2',
  description: 'EKS API endpoint is private (endpoint_public_access = false), or public only to explicit CIDRs without 0.0.0.0/0',
  resourceTypes: ['aws_eks_cluster'],
  check(view) {
    const vpc = block(view.config.vpc_config) ?? {};
    const publicAccess = vpc.endpoint_public_access === undefined ? true : isTrue(vpc.endpoint_public_access);
    if (!publicAccess) return undefined;
    const cidrs = Array.isArray(vpc.public_access_cidrs) ? (vpc.public_access_cidrs as unknown[]) : [];
    if (cidrs.length > 0 && !cidrs.some((c) => typeof c === 'string' && OPEN_CIDRS.includes(c))) return undefined;
    return 'the API endpoint is public to the internet; set endpoint_public_access = false or list public_access_cidrs without 0.0.0.0/0';
  },
};
