import { PolicyRule } from '../types';
import { numberOf } from './util';

/** Log groups expire their events: unbounded retention is unbounded cost and unbounded exposure. */
export const LogGroupRetention: PolicyRule = {
  id: 'AiInfra-LOGS-2',
  description: 'CloudWatch log groups set retention_in_days (never-expire is not the default)',
  resourceTypes: ['aws_cloudwatch_log_group'],
  check(view) {
    const raw = view.config.retention_in_days;
    if (raw !== undefined && numberOf(raw) === undefined) return undefined;
    const days = numberOf(raw);
    return days !== undefined && days > 0 ? undefined : 'retention_in_days must be set (e.g. 90); 0 or absent keeps logs forever';
  },
};
