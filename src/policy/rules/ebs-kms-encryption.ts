import { PolicyRule } from '../types';
import { block, blocks, isCustomerKey, isTrue } from './util';

/** Launch template block devices and EBS volumes are encrypted with a customer key. */
export const EbsKmsEncryption: PolicyRule = {
  id: 'AiInfra-EC2-1',
  description: 'EBS volumes and launch template block devices are encrypted with a customer-managed KMS key',
  resourceTypes: ['aws_launch_template', 'aws_ebs_volume'],
  check(view) {
    if (view.type === 'aws_ebs_volume') {
      return isTrue(view.config.encrypted) && isCustomerKey(view.config.kms_key_id) ? undefined : 'the volume must set encrypted = true and a customer kms_key_id';
    }
    const bad = blocks(view.config.block_device_mappings)
      .filter((m) => block(m.ebs) !== undefined)
      .filter((m) => {
        const ebs = block(m.ebs)!;
        return !isTrue(ebs.encrypted) || !isCustomerKey(ebs.kms_key_id);
      })
      .map((m) => String(m.device_name ?? '?'));
    return bad.length === 0 ? undefined : `block device(s) ${bad.join(', ')} must set ebs.encrypted = true and a customer ebs.kms_key_id`;
  },
};
