import { PolicyRule } from '../types';
import { blocks, refersTo, resourcesOfType } from './util';

/**
 * Every VPC the stack creates adopts its default security group with no rules
 * (CIS AWS Foundations 5.4; Checkov CKV2_AWS_12, Trivy/tfsec AVD-AWS-0178 family):
 * an interface created without a group must not be able to talk to anything.
 */
export const VpcDefaultSecurityGroupRestricted: PolicyRule = {
  id: 'AiInfra-VPC-2',
  description: 'Every aws_vpc has an aws_default_security_group with no ingress and no egress rules',
  resourceTypes: ['aws_vpc'],
  check(vpc, ctx) {
    const dsg = resourcesOfType(ctx, 'aws_default_security_group').find((g) => refersTo(g.config.vpc_id, vpc));
    if (!dsg) return 'the VPC\'s default security group keeps AWS\'s allow-all rules; adopt it with an aws_default_security_group that has no ingress and no egress';
    const rules = blocks(dsg.config.ingress).length + blocks(dsg.config.egress).length;
    return rules === 0 ? undefined : `the VPC's default security group has ${rules} rule(s); remove every ingress and egress block`;
  },
};
