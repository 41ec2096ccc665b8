import { DefaultTokenResolver, StringConcat, Testing, Tokenization } from 'cdktf';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { FakeGpuCluster } from '../helpers/fake-cluster';
import { awsStack, onlyResource, resourcesOf, synthJson, TEST_ACCOUNT } from '../helpers/stack';

function setup(props: Partial<ConstructorParameters<typeof ObservabilityStack>[2]> = {}) {
  const app = Testing.app();
  const stack = awsStack({}, app);
  const cluster = new FakeGpuCluster(stack, 'Cluster');
  const obs = new ObservabilityStack(stack, 'Observability', { cluster, ...props });
  return { app, stack, cluster, obs };
}

function policyOf(json: any, logicalIdPart: string): any {
  const [, doc] = resourcesOf({ resource: json.data }, 'aws_iam_policy_document').find(([id]) => id.includes(logicalIdPart))!;
  return doc;
}

describe('ObservabilityStack', () => {
  test('workspace, logs and topic are encrypted with one customer key; workspace logs to its log group', () => {
    // GIVEN / WHEN
    const { stack } = setup();
    const json = synthJson(stack);
    // THEN
    const keys = resourcesOf(json, 'aws_kms_key');
    expect(keys).toHaveLength(1);
    const keyRef = '${aws_kms_key.';
    const ws = onlyResource(json, 'aws_prometheus_workspace');
    expect(ws.kms_key_arn).toContain(keyRef);
    expect(ws.logging_configuration.log_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\..*\.arn\}:\*$/);
    const lg = onlyResource(json, 'aws_cloudwatch_log_group');
    expect(lg.kms_key_id).toContain(keyRef);
    expect(lg.retention_in_days).toBe(365);
    expect(lg.name).toMatch(/^\/aws\/vendedlogs\/prometheus\//);
    const topic = onlyResource(json, 'aws_sns_topic');
    expect(topic.kms_master_key_id).toContain(keyRef);
  });

  test('key policy lets Managed Prometheus and CloudWatch Logs use the key', () => {
    const { stack } = setup();
    const json = synthJson(stack);
    const doc = policyOf(json, 'Key_Policy');
    const services = doc.statement.flatMap((s: any) => (s.principals ?? []).filter((p: any) => p.type === 'Service').flatMap((p: any) => p.identifiers));
    expect(services).toEqual(expect.arrayContaining(['aps.amazonaws.com', 'logs.us-east-1.amazonaws.com']));
  });

  test('only this workspace may publish to the alert topic', () => {
    const { stack } = setup();
    const json = synthJson(stack);
    const doc = policyOf(json, 'AlertTopicPolicyDocument');
    const aps = doc.statement.find((s: any) => s.sid === 'OnlyThisWorkspacePublishes');
    expect(aps.principals[0]).toEqual({ type: 'Service', identifiers: ['aps.amazonaws.com'] });
    expect(aps.condition).toEqual(
      expect.arrayContaining([
        { test: 'ArnEquals', variable: 'aws:SourceArn', values: [expect.stringMatching(/aws_prometheus_workspace\.Observability_[A-F0-9]+\.arn/)] },
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [TEST_ACCOUNT] },
      ]),
    );
    expect(onlyResource(json, 'aws_sns_topic_policy').arn).toContain('aws_sns_topic.');
  });

  test('managed scraper reads the cluster through its private subnets and security groups and writes through a role pair', () => {
    const { stack, cluster } = setup();
    const json = synthJson(stack);
    const scraper = onlyResource(json, 'aws_prometheus_scraper');
    expect(scraper.source[0].eks[0].cluster_arn).toBe(cluster.aws.clusterArn);
    expect(scraper.source[0].eks[0].subnet_ids).toEqual([...cluster.aws.privateSubnetIds]);
    expect(scraper.source[0].eks[0].security_group_ids).toEqual([cluster.aws.clusterSecurityGroupId, cluster.aws.nodeSecurityGroupId]);
    expect(scraper.destination[0].amp[0].workspace_arn).toContain('aws_prometheus_workspace.');
    expect(scraper.role_configuration[0].source_role_arn).toContain('aws_iam_role.');
    expect(scraper.role_configuration[0].target_role_arn).toContain('aws_iam_role.');
    expect(scraper.scrape_configuration).toContain('job_name: dcgm-exporter');
    expect(scraper.scrape_configuration).toContain('job_name: model-server');
    expect(scraper.scrape_configuration).toContain('scrape_interval: 30s');
    const target = policyOf(json, 'ScraperTargetPolicy');
    expect(target.statement.map((s: any) => s.actions).flat()).toEqual(['aps:RemoteWrite', 'kms:Decrypt', 'kms:GenerateDataKey']);
  });

  test('alert rules cover p95/p99 latency, TTFT, idle GPUs, XID errors and node health at the given thresholds', () => {
    const alerts = {
      p95LatencyMs: 1500, p99LatencyMs: 4000, timeToFirstTokenP95Ms: 500, lowGpuUtilizationPercent: 15, lowGpuUtilizationWindowMinutes: 45,
    };
    const { stack } = setup({ alerts });
    const json = synthJson(stack);
    const rules = onlyResource(json, 'aws_prometheus_rule_group_namespace').data as string;
    expect(rules).toContain('histogram_quantile(0.95, sum by (le, namespace, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > 1.5');
    expect(rules).toContain('histogram_quantile(0.99, sum by (le, namespace, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > 4');
    expect(rules).toContain('vllm:time_to_first_token_seconds_bucket[5m]))) > 0.5');
    expect(rules).toContain('avg_over_time(DCGM_FI_DEV_GPU_UTIL[45m]) < 15');
    expect(rules).toContain('DCGM_FI_DEV_XID_ERRORS > 0');
    expect(rules).toContain('DCGM_FI_DEV_XID_ERRORS == 79');
    expect(rules).toContain('kube_node_status_condition{condition="Ready",status="true"} == 0');
  });

  test('alert manager routes to the SNS topic with SigV4 in the stack region', () => {
    const { stack } = setup();
    const json = synthJson(stack);
    const am = onlyResource(json, 'aws_prometheus_alert_manager_definition');
    expect(am.definition).toMatch(/topic_arn: \$\{aws_sns_topic\.Observability_AlertTopic_[A-F0-9]+\.arn\}/);
    expect(am.definition).toContain('region: us-east-1');
  });

  test('subscriptions from props, with ids that do not depend on list position', () => {
    const { stack } = setup({ alertEmails: ['oncall@example.com'], alertHttpsEndpoints: ['https://hooks.example.com/x'] });
    const json = synthJson(stack);
    const subs = resourcesOf(json, 'aws_sns_topic_subscription').map(([, s]) => [s.protocol, s.endpoint]);
    expect(subs).toEqual(expect.arrayContaining([['email', 'oncall@example.com'], ['https', 'https://hooks.example.com/x']]));
    const { stack: other } = setup({ alertEmails: ['first@example.com', 'oncall@example.com'] });
    const ids = (s: any) => resourcesOf(synthJson(s), 'aws_sns_topic_subscription').filter(([, c]) => c.endpoint === 'oncall@example.com').map(([id]) => id);
    expect(ids(other)).toEqual(ids(stack));
  });

  test('DCGM exporter with pod attribution is installed in the workload stack, GPU nodes only', () => {
    const { stack, cluster } = setup();
    synthJson(stack);
    const workloads = JSON.parse(Testing.synth(cluster.workloadScope() as any));
    const releases = resourcesOf(workloads, 'helm_release').map(([, r]) => r);
    const dcgm = releases.find((r) => r.chart === 'dcgm-exporter');
    expect(dcgm.repository).toBe('https://nvidia.github.io/dcgm-exporter/helm-charts');
    expect(dcgm.namespace).toBe('ai-infra-monitoring');
    const values = JSON.parse(dcgm.values[0]);
    expect(values.kubernetes.enablePodLabels).toBe(true);
    expect(values.kubeletPath).toBe('/var/lib/kubelet/pod-resources');
    // the chart's DaemonSet sets DCGM_EXPORTER_KUBERNETES itself: a second copy would duplicate the env var
    expect(values).not.toHaveProperty('extraEnv');
    const types = values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values;
    expect(types).toEqual(expect.arrayContaining(['p5.48xlarge']));
    expect(types).not.toContain('m5.large');
    expect(releases.find((r) => r.chart === 'kube-state-metrics')).toBeDefined();
    // the AWS stack holds no in-cluster resource
    expect(synthJson(stack).resource.helm_release).toBeUndefined();
  });

  test('in-cluster collector: no scraper, a remote-write role bound through Pod Identity', () => {
    const { stack, cluster, obs } = setup({ collector: 'in-cluster' });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_prometheus_scraper')).toHaveLength(0);
    const collector = cluster.podIdentities.filter((c) => c.serviceAccount === 'metrics-collector');
    expect(collector).toEqual([expect.objectContaining({ namespace: 'ai-infra-monitoring', serviceAccount: 'metrics-collector' })]);
    const resolver = new DefaultTokenResolver(new StringConcat());
    const resolve = (v: string) => Tokenization.resolve(v, { scope: stack, resolver, preparing: false });
    expect(resolve(collector[0].roleArn)).toMatch(/^\$\{aws_iam_role\.Observability_CollectorRole_[A-F0-9]+\.arn\}$/);
    expect(resolve(obs.aws!.collectorRole!.arn)).toBe(resolve(collector[0].roleArn));
  });

  test('application log groups get the retention and the key', () => {
    const { stack } = setup({ logRetentionDays: 30, applicationLogGroups: ['/ai-infra/inference'] });
    const json = synthJson(stack);
    const app = resourcesOf(json, 'aws_cloudwatch_log_group').map(([, l]) => l).find((l) => l.name === '/ai-infra/inference');
    expect(app.retention_in_days).toBe(30);
    expect(app.kms_key_id).toContain('aws_kms_key.');
  });

  test('records decisions and cost lines (ingestion from samples/s, KMS, collector)', () => {
    const { stack } = setup({ expectedSamplesPerSecond: 1000 });
    const lines = stack.costLines.filter((l) => l.component.endsWith('/Observability'));
    // 1000/s × 3600 × 730 = 2.628 B samples: the first 2 B at $0.90 per 10 M, the next 0.628 B at $0.35 (was all at $0.90: $236.52)
    const ingestion = lines.filter((l) => l.item.startsWith('Managed Prometheus ingestion'));
    expect(ingestion.map((l) => [l.item, l.quantity, l.unitUsd, l.monthlyUsd])).toEqual([
      ['Managed Prometheus ingestion, first 2 billion samples (2.00 B)', 200, 0.9, 180],
      ['Managed Prometheus ingestion, next 250 billion samples (0.63 B)', 62.8, 0.35, 21.98],
    ]);
    expect(lines.some((l) => l.unit === 'key-month')).toBe(true);
    expect(lines.some((l) => l.item.includes('collector'))).toBe(true);
    expect(stack.decisions.map((d) => d.topic)).toEqual(expect.arrayContaining(['metrics-collector', 'alert-thresholds', 'gpu-attribution', 'log-retention']));
  });

  describe('rejects bad input with the construct path and the field', () => {
    test.each([
      [{ alerts: { p95LatencyMs: 5000, p99LatencyMs: 3000 } }, /test\/Observability: alerts\.p99LatencyMs must be >= alerts\.p95LatencyMs \(5000\), got 3000/],
      [{ alerts: { p95LatencyMs: 0 } }, /test\/Observability: alerts\.p95LatencyMs must be > 0, got 0/],
      [{ alerts: { lowGpuUtilizationPercent: 100 } }, /test\/Observability: alerts\.lowGpuUtilizationPercent must be <= 99, got 100/],
      [{ alerts: { lowGpuUtilizationWindowMinutes: 10 } }, /test\/Observability: alerts\.lowGpuUtilizationWindowMinutes must be >= 30, got 10/],
      [{ scrapeIntervalSeconds: 15 }, /test\/Observability: scrapeIntervalSeconds must be >= 30, got 15/],
      [{ logRetentionDays: 45 }, /test\/Observability: logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90/],
      [{ alertEmails: ['not-an-email'] }, /test\/Observability: alertEmails\.0 must be an e-mail address, got "not-an-email"/],
      [{ alertHttpsEndpoints: ['http://plain.example.com'] }, /alertHttpsEndpoints\.0 must be an https:\/\/ URL/],
    ])('%j', (bad, message) => {
      expect(() => setup(bad as any)).toThrow(message);
    });

    test('a cluster with one private subnet cannot host the managed scraper', () => {
      const app = Testing.app();
      const stack = awsStack({}, app);
      const cluster = new FakeGpuCluster(stack, 'Cluster', { privateSubnetIds: ['subnet-1'] });
      expect(() => new ObservabilityStack(stack, 'Observability', { cluster })).toThrow(/test\/Observability: cluster must be a cluster with private subnets in at least two zones/);
    });

    test('one ObservabilityStack per cluster', () => {
      const { stack, cluster } = setup();
      expect(() => new ObservabilityStack(stack, 'Again', { cluster })).toThrow(/test\/Again: cluster must be a cluster no other ObservabilityStack watches/);
    });

    test('a GCP stack without its project number is refused by field (service agents are named from it)', () => {
      const app = Testing.app();
      const stack = awsStack({ cloud: 'gcp', gcp: { projectId: 'my-project-1' }, aws: undefined, region: 'us-central1' }, app);
      const cluster = new FakeGpuCluster(stack, 'Cluster', { cloud: 'gcp' });
      expect(() => new ObservabilityStack(stack, 'Observability', { cluster })).toThrow(/^test\/Observability: gcp\.projectNumber must be the stack's GCP project number/);
    });
  });

  test('in-cluster collector role trusts only Pod Identity of this account, cluster, namespace and service account', () => {
    const { stack } = setup({ collector: 'in-cluster' });
    const json = synthJson(stack);
    const [st] = policyOf(json, 'CollectorTrust').statement;
    const cond = Object.fromEntries(st.condition.map((c: any) => [c.variable, c.values]));
    expect(cond['aws:SourceAccount']).toEqual([TEST_ACCOUNT]);
    expect(cond['aws:RequestTag/eks-cluster-arn']).toHaveLength(1);
    expect(cond['aws:RequestTag/kubernetes-namespace']).toEqual(['ai-infra-monitoring']);
    expect(cond['aws:RequestTag/kubernetes-service-account']).toEqual(['metrics-collector']);
  });

  describe('custom-metrics adapter (the model servers scale on waiting requests)', () => {
    function workloadsOf(cluster: FakeGpuCluster): any {
      return JSON.parse(Testing.synth(cluster.workloadScope() as any));
    }

    test('prometheus-adapter release: pinned chart, only our rule, mapping vllm:num_requests_waiting per pod to vllm_num_requests_waiting', () => {
      // GIVEN / WHEN
      const { stack, cluster } = setup();
      synthJson(stack);
      const workloads = workloadsOf(cluster);
      // THEN
      const adapter = resourcesOf(workloads, 'helm_release').map(([, r]) => r).find((r) => r.chart === 'prometheus-adapter');
      expect(adapter.repository).toBe('https://prometheus-community.github.io/helm-charts');
      expect(adapter.version).toBe('5.3.0');
      expect(adapter.namespace).toBe('ai-infra-monitoring');
      const values = JSON.parse(adapter.values[0]);
      expect(values.image).toEqual({ repository: 'registry.k8s.io/prometheus-adapter/prometheus-adapter', tag: 'v0.12.0' });
      // no default rules (every container_* series), no external or resource rules (metrics-server's API)
      expect(values.rules.default).toBe(false);
      expect(values.rules.external).toEqual([]);
      expect(values.rules.resource).toBeUndefined();
      expect(values.rules.custom).toEqual([
        {
          seriesQuery: 'vllm:num_requests_waiting{namespace!="",pod!=""}',
          resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
          name: { matches: '^vllm:num_requests_waiting$', as: 'vllm_num_requests_waiting' },
          metricsQuery: 'sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)',
        },
      ]);
      expect(values.securityContext).toEqual(
        expect.objectContaining({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }),
      );
      expect(values.resources.requests).toEqual({ cpu: '50m', memory: '128Mi' });
      expect(values.resources.limits.memory).toBe('256Mi');
      expect(values.nodeSelector).toEqual({ 'ai-infra/pool': 'system' });
    });

    test('the adapter queries the workspace through the SigV4 proxy Service', () => {
      const { stack, cluster } = setup();
      synthJson(stack);
      const workloads = workloadsOf(cluster);
      const adapter = resourcesOf(workloads, 'helm_release').map(([, r]) => r).find((r) => r.chart === 'prometheus-adapter');
      const values = JSON.parse(adapter.values[0]);
      const svc = onlyResource(workloads, 'kubernetes_service_v1');
      expect(values.prometheus.url).toBe(`http://${svc.metadata.name}.${svc.metadata.namespace}.svc`);
      expect(values.prometheus.port).toBe(svc.spec.port[0].port);
      // the workspace id of this stack's workspace (a cross-stack reference once the app synthesizes)
      expect(values.prometheus.path).toMatch(/^\/workspaces\/\$\{aws_prometheus_workspace\.Observability_[A-F0-9]+\.id\}$/);
      const proxy = onlyResource(workloads, 'kubernetes_deployment_v1');
      expect(svc.spec.selector).toEqual(proxy.spec.selector.match_labels);
      expect(svc.spec.port[0].target_port).toBe(String(proxy.spec.template.spec.container[0].port[0].container_port));
      expect(adapter.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_deployment_v1\./), expect.stringMatching(/^kubernetes_service_v1\./)]));
    });

    test('SigV4 proxy: pinned image signing for aps in the region, non-root, read-only root FS, requests and limits, its own service account', () => {
      const { stack, cluster } = setup();
      synthJson(stack);
      const workloads = workloadsOf(cluster);
      const proxy = onlyResource(workloads, 'kubernetes_deployment_v1');
      const pod = proxy.spec.template.spec;
      const c = pod.container[0];
      expect(c.image).toBe('public.ecr.aws/aws-observability/aws-sigv4-proxy:1.11.1');
      expect(c.args).toEqual(['--name', 'aps', '--region', 'us-east-1', '--host', 'aps-workspaces.us-east-1.amazonaws.com', '--port', ':8005']);
      expect(pod.security_context.run_as_non_root).toBe(true);
      expect(pod.security_context.run_as_user).toBe('65534');
      expect(c.security_context).toEqual({ allow_privilege_escalation: false, read_only_root_filesystem: true, capabilities: { drop: ['ALL'] } });
      expect(c.resources.requests).toEqual({ cpu: '25m', memory: '32Mi' });
      expect(c.resources.limits).toEqual({ cpu: '200m', memory: '128Mi' });
      expect(pod.service_account_name).toBe('aws-sigv4-proxy');
      expect(pod.automount_service_account_token).toBe(false);
      expect(pod.node_selector).toEqual({ 'ai-infra/pool': 'system' });
      const sa = onlyResource(workloads, 'kubernetes_service_account_v1');
      expect(sa.metadata).toEqual(expect.objectContaining({ name: 'aws-sigv4-proxy', namespace: 'ai-infra-monitoring' }));
    });

    test('the proxy role may only query this workspace (and decrypt through Managed Prometheus)', () => {
      const { stack } = setup();
      const json = synthJson(stack);
      const doc = policyOf(json, 'MetricsQueryPolicy');
      const [query, kms] = doc.statement;
      expect(doc.statement).toHaveLength(2);
      expect(query.effect).toBe('Allow');
      expect([...query.actions].sort()).toEqual(['aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics']);
      expect(query.resources).toEqual([expect.stringMatching(/^\$\{aws_prometheus_workspace\.Observability_[A-F0-9]+\.arn\}$/)]);
      expect(kms.actions).toEqual(['kms:Decrypt']);
      expect(kms.resources).toEqual([expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/)]);
      expect(kms.condition).toEqual([{ test: 'StringEquals', variable: 'kms:ViaService', values: ['aps.us-east-1.amazonaws.com'] }]);
      const all = doc.statement.flatMap((st: any) => st.actions);
      expect(all.some((a: string) => /RemoteWrite|\*|Create|Delete|Update|Put/.test(a))).toBe(false);
      const role = resourcesOf(json, 'aws_iam_role_policy').map(([, r]) => r).find((r) => r.policy.includes('MetricsQueryPolicy'));
      expect(role.role).toMatch(/aws_iam_role\.Observability_MetricsQueryRole_[A-F0-9]+\.name/);
    });

    test('the proxy role trusts Pod Identity of this cluster, the monitoring namespace and the proxy service account only', () => {
      const { stack, cluster, obs } = setup();
      const json = synthJson(stack);
      const [st] = policyOf(json, 'MetricsQueryTrust').statement;
      expect(st.principals).toEqual([{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }]);
      const cond = Object.fromEntries(st.condition.map((c: any) => [c.variable, c.values]));
      expect(cond['aws:SourceAccount']).toEqual([TEST_ACCOUNT]);
      expect(cond['aws:RequestTag/eks-cluster-arn']).toEqual([cluster.aws.clusterArn]);
      expect(cond['aws:RequestTag/kubernetes-namespace']).toEqual(['ai-infra-monitoring']);
      expect(cond['aws:RequestTag/kubernetes-service-account']).toEqual(['aws-sigv4-proxy']);
      // and the association binds that namespace and service account to that role
      const assoc = cluster.podIdentities.filter((c) => c.serviceAccount === 'aws-sigv4-proxy');
      expect(assoc).toEqual([expect.objectContaining({ namespace: 'ai-infra-monitoring' })]);
      const resolver = new DefaultTokenResolver(new StringConcat());
      const resolve = (v: string) => Tokenization.resolve(v, { scope: stack, resolver, preparing: false });
      expect(resolve(assoc[0].roleArn)).toBe(resolve(obs.aws!.metricsQueryRole!.arn));
      expect(resolve(assoc[0].roleArn)).toMatch(/^\$\{aws_iam_role\.Observability_MetricsQueryRole_[A-F0-9]+\.arn\}$/);
    });

    test('the scrape configuration labels model-server series with the namespace and pod labels the adapter maps', () => {
      const { obs } = setup();
      const rule = obs.customMetricsAdapter!.rules[0];
      const job = obs.scrapeConfiguration.split('  - job_name: ').find((j) => j.startsWith('model-server'))!;
      for (const [label, { resource }] of Object.entries(rule.resources.overrides)) {
        const source = resource === 'namespace' ? '__meta_kubernetes_namespace' : '__meta_kubernetes_pod_name';
        expect(job).toContain(`- source_labels: [${source}]\n        target_label: ${label}\n`);
      }
    });

    test('records the decision; customMetricsAdapter: false installs nothing and records the opt-out', () => {
      const on = setup();
      expect(on.stack.decisions.find((d) => d.topic === 'custom-metrics-adapter')!.chosen).toMatch(/^prometheus-adapter 5\.3\.0 serving vllm_num_requests_waiting/);
      const { stack, cluster, obs } = setup({ customMetricsAdapter: false });
      const json = synthJson(stack);
      expect(obs.customMetricsAdapter).toBeUndefined();
      expect(resourcesOf(json, 'aws_iam_role').filter(([id]) => id.includes('MetricsQuery'))).toHaveLength(0);
      expect(cluster.podIdentities.filter((c) => c.serviceAccount === 'aws-sigv4-proxy')).toHaveLength(0);
      const workloads = workloadsOf(cluster);
      expect(resourcesOf(workloads, 'helm_release').map(([, r]) => r.chart)).not.toContain('prometheus-adapter');
      expect(stack.decisions.find((d) => d.topic === 'custom-metrics-adapter')!.reason).toMatch(/^OPT-OUT: customMetricsAdapter is false/);
    });
  });
});
