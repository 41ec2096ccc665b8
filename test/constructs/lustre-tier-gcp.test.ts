import { DefaultTokenResolver, StringConcat, Testing, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { LustreTier, LustreTierProps } from '../../src/constructs/lustre-tier';
import { viewOf } from '../../src/policy/pack';
import { GCP_BASELINE_RULES } from '../../src/policy/rules/gcp';
import { FAKE, FakeGpuCluster } from '../helpers/fake-cluster';
import { awsStack, gcpStack, onlyResource, resourcesOf, synthJson } from '../helpers/stack';

const ZONES = ['us-central1-a', 'us-central1-b'];

/** A token as it is written to cdk.tf.json. */
function resolved(scope: IConstruct, value: string): unknown {
  return Tokenization.resolve(value, { scope: TerraformStack.of(scope), resolver: new DefaultTokenResolver(new StringConcat()), preparing: false });
}

function build(props: Partial<LustreTierProps> = {}, opts: { withoutPrivateServiceAccess?: boolean } = {}) {
  const app = Testing.app();
  const stack = gcpStack({}, app);
  const cluster = new FakeGpuCluster(stack, 'Cluster', { cloud: 'gcp', zones: ZONES, ...opts });
  const tier = new LustreTier(stack, 'Lustre', { cluster, throughputGBps: 10, ...props });
  return { app, stack, cluster, tier, json: synthJson(stack) };
}

describe('LustreTier on GCP (Google Cloud Managed Lustre)', () => {
  test('AWS-only props, sizes off the tier step, a foreign zone and bad GCP props are refused, naming the field', () => {
    expect(() => build({ deploymentType: 'SCRATCH_2' })).toThrow(/test\/Lustre: deploymentType must be unset on GCP \(Managed Lustre has one kind, persistent/);
    expect(() => build({ dataRepositories: [{ importPath: 's3://training-data/llama', fileSystemPath: '/datasets' }] })).toThrow(/dataRepositories must be unset on GCP \(google_lustre_instance 6\.50 has no data import/);
    expect(() => build({ backupRetentionDays: 7 })).toThrow(/backupRetentionDays must be unset on GCP/);
    expect(() => build({ aws: { dataCompression: 'NONE' } })).toThrow(/aws must be unset on a GCP stack/);
    expect(() => build({ throughputGBps: undefined, capacityGiB: 10_000 })).toThrow(
      /capacityGiB must be a multiple of 9000 up to 1530000, then of 72000, from 9000 to 10008000 GiB at 1000 MB\/s\/TiB, got 10000\. The next valid size is 18000 GiB/,
    );
    expect(() => build({ throughputGBps: undefined, capacityGiB: 18_000, perUnitStorageThroughputMBpsPerTiB: 125 })).toThrow(/got 18000\. The next valid size is 72000 GiB/);
    expect(() => build({ zone: 'us-east1-b' })).toThrow(/zone must be a zone of the cluster \(us-central1-a, us-central1-b\), got "us-east1-b"/);
    expect(() => build({ gcp: { filesystem: 'has-dash' } })).toThrow(/gcp\.filesystem must be 1-8 letters and digits, starting with a letter, got "has-dash"/);
    expect(() => build({}, { withoutPrivateServiceAccess: true })).toThrow(/cluster must be a GCP cluster whose network has Private Service Access/);
  });

  test('gcp props on an AWS stack are refused', () => {
    const stack = awsStack({}, Testing.app());
    const cluster = new FakeGpuCluster(stack, 'Cluster');
    expect(() => new LustreTier(stack, 'Lustre', { cluster, capacityGiB: 2400, gcp: { filesystem: 'fs' } })).toThrow(/test\/Lustre: gcp must be unset on an AWS stack/);
  });

  test('a 10 GB/s target: 18,000 GiB at 1000 MB/s/TiB in the GPU zone on the cluster VPC, after PSA, prevent_destroy', () => {
    const { json, tier, cluster } = build();
    const instance = onlyResource(json, 'google_lustre_instance');
    const [[psaId]] = resourcesOf(json, 'google_service_networking_connection');
    const [[fwId, fw]] = resourcesOf(json, 'google_compute_firewall');
    expect(instance).toMatchObject({
      instance_id: 'test-lustre',
      location: 'us-central1-a',
      network: FAKE.gcpNetworkId,
      filesystem: 'lustre',
      capacity_gib: '18000',
      per_unit_storage_throughput: '1000',
      gke_support_enabled: false,
      lifecycle: { prevent_destroy: true },
      depends_on: [`google_service_networking_connection.${psaId}`, `google_compute_firewall.${fwId}`],
    });
    expect(fw).toMatchObject({ network: FAKE.gcpNetworkId, direction: 'INGRESS', source_ranges: [FAKE.gcpPsaCidr], allow: [{ protocol: 'tcp', ports: ['988'] }] });
    expect(cluster.lustreCsiDriverCalls).toEqual([{ legacyPort: false }]);
    expect([tier.capacityGiB, tier.throughputMBpsPerTiB, tier.throughputGBps, tier.zone]).toEqual([18_000, 1000, 17.578, 'us-central1-a']);
    expect(tier.mountName).toBe('lustre');
    expect(resolved(tier, tier.dnsName)).toBe('${element(split("@", google_lustre_instance.Lustre_ManagedLustre_0A70FB14.mount_point), 0)}');
    expect(resolved(tier, tier.fileSystemId)).toBe('${google_lustre_instance.Lustre_ManagedLustre_0A70FB14.id}');
    expect(tier.aws).toBeUndefined();
    expect(tier.gcp?.managedLustre.instance.instanceIdInput).toBe('test-lustre');
  });

  test('decisions: capacity (with the tiers it did not pick), zone, and the customer-key opt-out', () => {
    const { stack } = build();
    const byTopic = Object.fromEntries(stack.decisions.filter((d) => d.construct === 'test/Lustre').map((d) => [d.topic, d]));
    expect(byTopic['lustre-capacity'].chosen).toBe('18000 GiB at 1000 MB/s/TiB = 17.58 GB/s');
    expect(byTopic['lustre-capacity'].alternatives).toHaveLength(3);
    expect(byTopic['lustre-zone'].chosen).toBe('us-central1-a');
    expect(byTopic['lustre-encryption'].chosen).toMatch(/^Google-managed encryption keys \(explicit opt-out/);
    expect(byTopic['lustre-encryption'].reason).toMatch(/6\.50 has no kms_key/);
  });

  test('cost: 125 tier at $0.145/GiB-month; 1000 tier at $0.60 (single-source, said on the line)', () => {
    const priced = build({ throughputGBps: undefined, capacityGiB: 72_000, perUnitStorageThroughputMBpsPerTiB: 125 });
    const line = priced.stack.costLines.find((l) => l.component === 'test/Lustre')!;
    expect(line).toMatchObject({ quantity: 72_000, unit: 'GiB-month', unitUsd: 0.145, monthlyUsd: 10_440 });
    const unpriced = build();
    const lines = unpriced.stack.costLines.filter((l) => l.component === 'test/Lustre');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ quantity: 18_000, unitUsd: 0.6, monthlyUsd: 10_800, basis: 'on-demand' });
    expect(lines[0].note).toMatch(/^The Billing export copy, and one approximate second figure/);
  });

  test('legacy LNet port: gke_support_enabled, firewall on 6988, and the CSI driver asked for the legacy port', () => {
    const { json, cluster } = build({ gcp: { legacyLnetPort: true, filesystem: 'ckpt' } });
    expect(onlyResource(json, 'google_lustre_instance')).toMatchObject({ gke_support_enabled: true, filesystem: 'ckpt' });
    expect(onlyResource(json, 'google_compute_firewall').allow).toEqual([{ protocol: 'tcp', ports: ['6988'] }]);
    expect(cluster.lustreCsiDriverCalls).toEqual([{ legacyPort: true }]);
  });

  test('a static PV and claim in the workload stack for lustre.csi.storage.gke.io', () => {
    const { cluster } = build({ persistentVolume: { namespace: 'training' } });
    const workloads = cluster.workloadScope() as TerraformStack;
    const wl = JSON.parse(Testing.synth(workloads));
    const pv = Object.values(wl.resource.kubernetes_persistent_volume_v1 as Record<string, any>)[0];
    expect(pv.metadata.name).toBe('test-lustre');
    expect(pv.spec[0].persistent_volume_source.csi).toMatchObject({
      driver: 'lustre.csi.storage.gke.io',
      volume_handle: 'my-project-1/us-central1-a/test-lustre',
      volume_attributes: { filesystem: 'lustre' },
    });
    expect(pv.spec[0].capacity).toEqual({ storage: '18000Gi' });
    const pvc = Object.values(wl.resource.kubernetes_persistent_volume_claim_v1 as Record<string, any>)[0];
    expect(pvc.metadata).toEqual({ name: 'lustre', namespace: 'training' });
  });

  test('the address is the construct id: resizing changes attributes, not the address', () => {
    const a = build();
    const b = build({ throughputGBps: undefined, capacityGiB: 90_000 });
    expect(Object.keys(a.json.resource.google_lustre_instance)).toEqual(['Lustre_ManagedLustre_0A70FB14']);
    expect(Object.keys(b.json.resource.google_lustre_instance)).toEqual(['Lustre_ManagedLustre_0A70FB14']);
    expect(onlyResource(b.json, 'google_lustre_instance').capacity_gib).toBe('90000');
  });

  test('the GCP policy rules find nothing on what it builds', () => {
    const { stack } = build();
    const views = stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource)
      .filter((r) => r.node.path.startsWith('test/Lustre')).map(viewOf);
    const ctx = { resources: views, compliance: {}, region: stack.region, defaultTags: stack.tags };
    const findings = views.flatMap((v) => GCP_BASELINE_RULES.filter((r) => r.resourceTypes.includes(v.type) || r.resourceTypes.includes('*'))
      .map((r) => r.check(v, ctx)).filter((m) => m !== undefined));
    expect(views.map((v) => v.type).sort()).toEqual(['google_compute_firewall', 'google_lustre_instance']);
    expect(findings).toEqual([]);
  });
});
