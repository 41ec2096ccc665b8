import { PolicyRule } from '../types';
import { isTrue } from './util';

/** Databases cannot be deleted by an API call without first turning protection off. */
export const RdsDeletionProtection: PolicyRule = {
  id: 'AiInfra-RDS-3',
  description: 'RDS instances and Aurora clusters have deletion_protection = true',
  resourceTypes: ['aws_rds_cluster', 'aws_db_instance'],
  check(view) {
    return isTrue(view.config.deletion_protection) ? undefined : 'deletion_protection must be true';
  },
};
