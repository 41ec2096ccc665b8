import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Testing } from 'cdktf';
import { AiInfraStackProps } from '../../src/constructs/stack';
import { viewOf } from '../../src/policy/pack';
import { PolicyRule } from '../../src/policy/types';
import { awsStack } from '../helpers/stack';

/** A stack with one queue encrypted only with SQS-managed SSE: one AiInfra-SQS-1 finding. */
function stackWithFinding(props: Partial<AiInfraStackProps> = {}) {
  const stack = awsStack(props, Testing.app());
  new SqsQueue(stack, 'Queue', { sqsManagedSseEnabled: true });
  return stack;
}

describe('policy pack', () => {
  test('an unsuppressed finding fails synth with the rule id, the path and the fix', () => {
    const stack = stackWithFinding();
    expect(() => Testing.synth(stack, true)).toThrow(/\[AiInfra-SQS-1\] test\/Queue \(aws_sqs_queue\): kms_master_key_id must be a customer-managed key/);
  });

  test('a suppression with a reason moves the finding to suppressed, and the manifest reports it', () => {
    const reason = 'dev queue holds only synthetic test events';
    const stack = stackWithFinding({ policy: { suppressions: [{ ruleId: 'AiInfra-SQS-1', pathPrefix: 'Queue', reason }] } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(stack.policyReport.findings).toEqual([]);
    expect(stack.policyReport.suppressed).toEqual([expect.objectContaining({ ruleId: 'AiInfra-SQS-1', path: 'test/Queue', reason })]);
    expect(stack.manifest().policy.suppressed).toEqual([expect.objectContaining({ ruleId: 'AiInfra-SQS-1', reason })]);
    expect(stack.manifest().policy.rules).toContain('AiInfra-SQS-1');
  });

  test('a suppression on another path does not hide the finding', () => {
    const stack = stackWithFinding({ policy: { suppressions: [{ ruleId: 'AiInfra-SQS-1', pathPrefix: 'Elsewhere', reason: 'only the other queue is exempt' }] } });
    expect(() => Testing.synth(stack, true)).toThrow(/AiInfra-SQS-1/);
  });

  test('a suppression with a too-short reason is rejected with the field', () => {
    expect(() => stackWithFinding({ policy: { suppressions: [{ ruleId: 'AiInfra-SQS-1', reason: 'dev' }] } })).toThrow(
      /test: policy\.suppressions\.0\.reason must be a written reason of at least 10 characters, got "dev"/,
    );
  });

  test('a suppression of an unknown rule is rejected, listing the rules', () => {
    expect(() => stackWithFinding({ policy: { suppressions: [{ ruleId: 'AiInfra-XYZ-9', reason: 'no such rule exists here' }] } })).toThrow(
      /test: policy\.suppressions\.ruleId must be a rule of the pack \(AiInfra-S3-1, .*\), got "AiInfra-XYZ-9"/,
    );
  });

  test("level 'warn' synthesizes and records the finding as a warning annotation", () => {
    const stack = stackWithFinding({ policy: { level: 'warn' } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(stack.policyReport.findings).toHaveLength(1);
    const warnings = stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/\[AiInfra-SQS-1\] test\/Queue/)]);
  });

  test('extra rules run with the baseline and can be suppressed', () => {
    const noQueues: PolicyRule = { id: 'AiInfra-ORG-1', description: 'no queues', resourceTypes: ['aws_sqs_queue'], check: () => 'queues are not allowed here' };
    const stack = stackWithFinding({ policy: { extraRules: [noQueues], suppressions: [{ ruleId: 'AiInfra-SQS-1', reason: 'tested elsewhere in this file' }] } });
    expect(() => Testing.synth(stack, true)).toThrow(/\[AiInfra-ORG-1\] test\/Queue/);
  });

  test('the view of a resource is its cdk.tf.json form: snake_case, nested blocks, lifecycle, resolved references', () => {
    const stack = awsStack({}, Testing.app());
    const bucket = new S3Bucket(stack, 'Bucket', { bucket: 'b', lifecycle: { preventDestroy: true } });
    const queue = new SqsQueue(stack, 'Queue', { kmsMasterKeyId: bucket.arn, redrivePolicy: '{}', tags: { purpose: 'x' } });
    queue.addOverride('visibility_timeout_seconds', 120);
    const view = viewOf(queue);
    expect(view.type).toBe('aws_sqs_queue');
    expect(view.path).toBe('test/Queue');
    expect(view.config).toEqual({ kms_master_key_id: '${aws_s3_bucket.Bucket.arn}', redrive_policy: '{}', tags: { purpose: 'x' }, visibility_timeout_seconds: 120 });
    expect(viewOf(bucket).config.lifecycle).toEqual({ prevent_destroy: true });
  });
});
