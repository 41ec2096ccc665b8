import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { App, TerraformResource, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AiInfraStack, AiInfraStackProps } from '../../src/constructs/stack';
import { resourceViews } from '../../src/policy/pack';
import { BASELINE_RULES, rulesForCloud } from '../../src/policy/rules';
import { GCP_BASELINE_RULES } from '../../src/policy/rules/gcp';
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
    const views = resourceViews(stack.toTerraform());
    const view = views.find((v) => v.type === 'aws_sqs_queue')!;
    expect(view.path).toBe('test/Queue');
    expect(view.logicalId).toBe('Queue');
    expect(view.config).toEqual({ kms_master_key_id: '${aws_s3_bucket.Bucket.arn}', redrive_policy: '{}', tags: { purpose: 'x' }, visibility_timeout_seconds: 120 });
    expect(views.find((v) => v.type === 'aws_s3_bucket')!.config.lifecycle).toEqual({ prevent_destroy: true });
  });
});

/**
 * A second copy of the cdktf core, as a binding package built on another copy
 * (e.g. `@cdktn/provider-aws` on `cdktn`) brings: its TerraformResource is a
 * different class, so `instanceof TerraformResource` is false for its resources.
 */
function foreignTerraformResource(): typeof TerraformResource {
  let foreign: typeof TerraformResource | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second module instance is the point
    foreign = (require('cdktf') as typeof import('cdktf')).TerraformResource;
  });
  return foreign!;
}
const ForeignTerraformResource = foreignTerraformResource();

/** A resource class from another binding package: same Terraform type, different class (and base class). */
class OtherBindingS3Bucket extends ForeignTerraformResource {
  public static readonly tfResourceType = 'aws_s3_bucket';

  constructor(scope: Construct, id: string, private readonly bucketName: string) {
    super(scope, id, { terraformResourceType: 'aws_s3_bucket', terraformGeneratorMetadata: { providerName: 'aws' } });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { bucket: this.bucketName };
  }
}

describe('policy pack sees every resource by its Terraform type, whatever made it', () => {
  const FINDINGS_OF_AN_UNPROTECTED_BUCKET = ['AiInfra-S3-1', 'AiInfra-S3-2', 'AiInfra-STATE-1'];

  test('an unencrypted bucket from another binding package is caught like one from @cdktf/provider-aws', () => {
    const stack = awsStack({}, Testing.app());
    const foreign = new OtherBindingS3Bucket(stack, 'Foreign', 'foreign-bucket');
    expect(foreign instanceof TerraformResource).toBe(false);
    expect(() => Testing.synth(stack, true)).toThrow(/\[AiInfra-S3-1\] test\/Foreign \(aws_s3_bucket\)/);
    expect(stack.policyReport.findings.map((f) => [f.ruleId, f.path, f.resourceType])).toEqual(
      FINDINGS_OF_AN_UNPROTECTED_BUCKET.map((id) => [id, 'test/Foreign', 'aws_s3_bucket']),
    );
  });

  test('a raw TerraformResource of type aws_s3_bucket is caught, and mapped back to its construct path', () => {
    const stack = awsStack({}, Testing.app());
    const raw = new TerraformResource(stack, 'Raw', { terraformResourceType: 'aws_s3_bucket' });
    raw.addOverride('bucket', 'raw-bucket');
    expect(() => Testing.synth(stack, true)).toThrow(/\[AiInfra-S3-1\] test\/Raw \(aws_s3_bucket\)/);
    expect(stack.policyReport.findings.map((f) => [f.ruleId, f.path])).toEqual(FINDINGS_OF_AN_UNPROTECTED_BUCKET.map((id) => [id, 'test/Raw']));
  });

  test('the same bucket from @cdktf/provider-aws gives the same findings', () => {
    const stack = awsStack({}, Testing.app());
    new S3Bucket(stack, 'Native', { bucket: 'native-bucket' });
    expect(() => Testing.synth(stack, true)).toThrow(/AiInfra-S3-1/);
    expect(stack.policyReport.findings.map((f) => f.ruleId)).toEqual(FINDINGS_OF_AN_UNPROTECTED_BUCKET);
  });

  test('the stack resolves its Terraform once per synth: the pack reads the object that is written', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ai-infra-once-')) });
    const stack = awsStack({ policy: { suppressions: FINDINGS_OF_AN_UNPROTECTED_BUCKET.map((ruleId) => ({ ruleId, reason: 'scratch bucket of this test only' })) } }, app);
    new S3Bucket(stack, 'Native', { bucket: 'native-bucket' });
    const stackResolve = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    const resourceResolve = jest.spyOn(TerraformResource.prototype, 'toTerraform');
    try {
      app.synth();
      expect(stackResolve).toHaveBeenCalledTimes(1);
      // per resource: cdktf's prepareStack pass, the one resolution the pack and the writer share, and this count's own; none from the pack
      const resources = Object.values(stack.toTerraform().resource as Record<string, object>).reduce((n, byId) => n + Object.keys(byId).length, 0);
      expect(resourceResolve).toHaveBeenCalledTimes(resources * 3);
    } finally {
      stackResolve.mockRestore();
      resourceResolve.mockRestore();
    }
    expect(stack.policyReport.suppressed.map((f) => f.ruleId)).toEqual(FINDINGS_OF_AN_UNPROTECTED_BUCKET);
  });

  test('the rule list depends on the stack\'s cloud through rulesForCloud', () => {
    expect(rulesForCloud('aws')).toBe(BASELINE_RULES);
    expect(rulesForCloud('gcp')).toBe(GCP_BASELINE_RULES);
    expect(rulesForCloud('gcp').every((r) => r.resourceTypes.every((t) => t.startsWith('google_') || t === '*'))).toBe(true);
    const gcp = new AiInfraStack(Testing.app(), 'g', { cloud: 'gcp', region: 'us-central1', namePrefix: 'gcp-test', tags: { project: 'p', environment: 'e', costCenter: 'c' }, gcp: { projectId: 'my-project-1' } });
    new TerraformResource(gcp, 'Raw', { terraformResourceType: 'aws_s3_bucket' }).addOverride('bucket', 'raw-bucket');
    Testing.synth(gcp, true);
    // A GCP stack runs the GCP pack, whose rules look at google_* types only: the AWS-typed raw resource is not its business.
    expect(gcp.policyReport.rulesRun).toEqual(GCP_BASELINE_RULES.map((r) => r.id));
    expect(gcp.policyReport.findings).toEqual([]);
  });
});
