import { PolicyRule } from '../types';
import { isCustomerKey } from './util';

/** Persistent Lustre file systems are encrypted with a customer key (SCRATCH ones cannot take one). */
export const FsxKmsEncryption: PolicyRule = {
  id: 'AiInfra-FSX-1',
  description: 'FSx for Lustre PERSISTENT file systems set a customer kms_key_id',
  resourceTypes: ['aws_fsx_lustre_file_system'],
  check(view) {
    if (!String(view.config.deployment_type ?? 'SCRATCH_1').startsWith('PERSISTENT')) return undefined;
    return isCustomerKey(view.config.kms_key_id) ? undefined : 'a PERSISTENT file system must set a customer kms_key_id';
  },
};
