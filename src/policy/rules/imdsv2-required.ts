import { PolicyRule } from '../types';
import { block } from './util';

/** Instances launched from our templates require IMDSv2 session tokens. */
export const Imdsv2Required: PolicyRule = {
  id: 'AiInfra-EC2-2',
  description: 'Launch templates and instances require IMDSv2 (metadata_options.http_tokens = "required")',
  resourceTypes: ['aws_launch_template', 'aws_instance'],
  check(view) {
    return block(view.config.metadata_options)?.http_tokens === 'required'
      ? undefined
      : 'metadata_options.http_tokens must be "required" (IMDSv2); IMDSv1 lets SSRF in a pod read the node role credentials';
  },
};
