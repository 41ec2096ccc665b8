import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { VectorStore } from '../../src/constructs/vector-store';
import { awsStack, onlyResource, synthJson } from '../helpers/stack';

const ADMINS = { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] };

function aurora(aws: Record<string, unknown> = {}) {
  const stack = awsStack();
  const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['L4'], aws: ADMINS });
  new VectorStore(stack, 'Vectors', { cluster, aws });
  return { stack, json: synthJson(stack) };
}

describe('Aurora: a second destroy and recreate works, slow statements are logged, backups are explained', () => {
  test('the final snapshot name carries the creation time, so it never collides with the previous one', () => {
    const db = onlyResource(aurora().json, 'aws_rds_cluster');
    expect(db.final_snapshot_identifier).toBe('test-vectors-final-${formatdate("YYYYMMDDhhmmss", timestamp())}');
    // set once at creation: later plans do not rename it
    expect(db.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['final_snapshot_identifier'] });
    expect(db.skip_final_snapshot).toBe(false);
  });

  test('the parameter group logs statements slower than the threshold (1 s by default)', () => {
    const params = (json: any) => onlyResource(json, 'aws_rds_cluster_parameter_group').parameter;
    expect(params(aurora().json)).toContainEqual({ name: 'log_min_duration_statement', value: '1000', apply_method: 'immediate' });
    expect(params(aurora({ slowStatementMs: 250 }).json)).toContainEqual({ name: 'log_min_duration_statement', value: '250', apply_method: 'immediate' });
    expect(params(aurora().json)).toContainEqual({ name: 'rds.force_ssl', value: '1', apply_method: 'pending-reboot' });
  });

  test('the backup choice and the optional AWS Backup plan are recorded with the trade-off', () => {
    const decision = aurora().stack.decisions.find((d) => d.topic === 'aurora-backups')!;
    expect(decision.chosen).toMatch(/^automated backups 7 days \(point-in-time restore\), final snapshot on delete; no AWS Backup plan/);
    expect(decision.reason).toMatch(/AWS Backup .* cross-account or cross-region copies .* cost/);
  });
});
