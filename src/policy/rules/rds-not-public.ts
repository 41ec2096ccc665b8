import { PolicyRule } from '../types';
import { isTrue } from './util';

/** Databases are reachable only inside the VPC. */
export const RdsNotPublic: PolicyRule = {
  id: 'AiInfra-RDS-2',
  description: 'RDS and Aurora instances are not publicly accessible',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
  check(view) {
    return isTrue(view.config.publicly_accessible) ? 'publicly_accessible must not be true; reach the database from the cluster through its security group' : undefined;
  },
};
