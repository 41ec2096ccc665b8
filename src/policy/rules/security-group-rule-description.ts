import { PolicyRule } from '../types';
import { blocks, isSet } from './util';

/**
 * Every security group and every rule says what it is for (Checkov CKV_AWS_23,
 * Trivy/tfsec AVD-AWS-0099 and AVD-AWS-0124): a reviewer reading a rule must
 * know why it exists without reverse-engineering the peers.
 */
export const SecurityGroupRuleDescription: PolicyRule = {
  id: 'AiInfra-VPC-3',
  description: 'Security groups and their rules (inline, aws_vpc_security_group_*_rule, aws_security_group_rule) have a description',
  resourceTypes: ['aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_security_group_rule'],
  check(view) {
    if (view.type === 'aws_security_group') {
      if (!isSet(view.config.description)) return 'the security group has no description; say what it admits and why';
      const inline = [...blocks(view.config.ingress), ...blocks(view.config.egress)];
      const bare = inline.filter((r) => !isSet(r.description)).length;
      return bare === 0 ? undefined : `${bare} inline rule(s) have no description; describe each rule`;
    }
    return isSet(view.config.description) ? undefined : 'the rule has no description; say which peer it admits and why';
  },
};
