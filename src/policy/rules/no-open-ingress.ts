import { PolicyRule } from '../types';
import { blocks, OPEN_CIDRS } from './util';

function openCidrs(values: unknown): string[] {
  const list = Array.isArray(values) ? values : values === undefined || values === null ? [] : [values];
  return list.filter((c): c is string => typeof c === 'string' && OPEN_CIDRS.includes(c));
}

/** No security group accepts traffic from the whole internet. */
export const NoOpenIngress: PolicyRule = {
  id: 'AiInfra-VPC-1',
  description: 'No security group ingress from 0.0.0.0/0 or ::/0 (inline ingress, aws_vpc_security_group_ingress_rule, aws_security_group_rule)',
  resourceTypes: ['aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_security_group_rule'],
  check(view) {
    let open: string[] = [];
    if (view.type === 'aws_security_group') {
      open = blocks(view.config.ingress).flatMap((rule) => [...openCidrs(rule.cidr_blocks), ...openCidrs(rule.ipv6_cidr_blocks)]);
    } else if (view.type === 'aws_vpc_security_group_ingress_rule') {
      open = [...openCidrs(view.config.cidr_ipv4), ...openCidrs(view.config.cidr_ipv6)];
    } else if (view.config.type === 'ingress') {
      open = [...openCidrs(view.config.cidr_blocks), ...openCidrs(view.config.ipv6_cidr_blocks)];
    }
    return open.length === 0
      ? undefined
      : `ingress from ${[...new Set(open)].join(', ')}; allow a security group or a private CIDR instead (nothing in this library is reached from the internet)`;
  },
};
