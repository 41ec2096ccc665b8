import { PolicyRule } from '../../types';
import { blocks, OPEN_CIDRS } from '../util';

const SENSITIVE_PORTS = [22, 3389];

function opens(ports: unknown, port: number): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return true;
  return ports.some((p) => {
    const [from, to] = String(p).split('-').map(Number);
    return port >= from && port <= (to ?? from);
  });
}

/** No ingress from the internet to every port, SSH or RDP (Checkov CKV2_GCP_12, CKV_GCP_2, CKV_GCP_3). */
export const FirewallNoOpenIngress: PolicyRule = {
  id: 'AiInfra-NET-4',
  description: 'Firewall rules do not allow ingress from 0.0.0.0/0 (or ::/0) to all protocols, SSH (22) or RDP (3389)',
  resourceTypes: ['google_compute_firewall'],
  check(view) {
    if ((view.config.direction ?? 'INGRESS') !== 'INGRESS') return undefined;
    const sources = Array.isArray(view.config.source_ranges) ? view.config.source_ranges : [];
    if (!sources.some((s) => OPEN_CIDRS.includes(String(s)))) return undefined;
    const bad: string[] = [];
    for (const allow of blocks(view.config.allow)) {
      if (allow.protocol === 'all') bad.push('all protocols');
      else if (allow.protocol === 'tcp') bad.push(...SENSITIVE_PORTS.filter((p) => opens(allow.ports, p)).map((p) => `tcp/${p}`));
    }
    return bad.length === 0 ? undefined : `allows ${[...new Set(bad)].join(', ')} from the internet; restrict source_ranges (use IAP 35.235.240.0/20 for SSH)`;
  },
};
