import { Construct } from 'constructs';
import { gcpStacks, keyRef, only, PROJECT_NUMBER, ref, resourcesOf, synth, testContext } from './helpers-data-builders';
import { buildGcpFinOps, usdMoney } from '../../src/gcp/finops-budget';
import { buildGcpObservability, DASHBOARD_PANELS, gcpAlerts } from '../../src/gcp/observability';

const THRESHOLDS = {
  p95LatencyMs: 8000,
  p99LatencyMs: 15000,
  timeToFirstTokenP95Ms: 1500,
  lowGpuUtilizationPercent: 12,
  lowGpuUtilizationWindowMinutes: 45,
};

describe('Observability (GCP builder)', () => {
  function build(emails: string[] = ['oncall@example.com']) {
    const { stack, key } = gcpStacks();
    const res = buildGcpObservability(new Construct(stack, 'Observability'), testContext(), 'observability', {
      alerts: THRESHOLDS,
      nodeHealth: true,
      alertEmails: emails,
      alertWebhooks: ['https://hooks.example.com/alerts'],
      key,
      logRetentionDays: 365,
      evaluationIntervalSeconds: 30,
    });
    return { res, json: synth(stack) };
  }

  test('one PromQL alert policy per signal, with the AWS thresholds', () => {
    const { json } = build();
    const byName = Object.fromEntries(resourcesOf(json, 'google_monitoring_alert_policy').map(([, p]) => [p.conditions[0].display_name, p]));
    expect(Object.keys(byName).sort()).toEqual([
      'GpuFellOffTheBus', 'GpuTelemetryMissing', 'GpuUnderutilized', 'GpuXidError',
      'InferenceLatencyP95High', 'InferenceLatencyP99High', 'InferenceTimeToFirstTokenP95High', 'InferenceTokenThroughputStalled', 'NodeNotReady',
    ]);
    const q = (n: string) => byName[n].conditions[0].condition_prometheus_query_language;
    expect(q('InferenceLatencyP95High').query).toMatch(/histogram_quantile\(0\.95, .*vllm:e2e_request_latency_seconds_bucket.*\) > 8$/);
    expect(q('InferenceLatencyP99High').query).toMatch(/histogram_quantile\(0\.99, .*\) > 15$/);
    expect(q('InferenceTimeToFirstTokenP95High').query).toMatch(/vllm:time_to_first_token_seconds_bucket.*\) > 1\.5$/);
    expect(q('GpuUnderutilized').query).toBe('avg_over_time(DCGM_FI_DEV_GPU_UTIL[45m]) < 12');
    expect(q('GpuUnderutilized').duration).toBe('2700s');
    expect(q('GpuXidError')).toMatchObject({ query: 'DCGM_FI_DEV_XID_ERRORS > 0', duration: '0s' });
    expect(q('NodeNotReady')).toMatchObject({ query: 'kube_node_status_condition{condition="Ready",status="true"} == 0', duration: '300s' });
    expect(q('InferenceTokenThroughputStalled').query).toContain('rate(vllm:generation_tokens_total[5m])) == 0');
    for (const p of Object.values(byName) as any[]) {
      expect(p.conditions[0].condition_prometheus_query_language).toMatchObject({ evaluation_interval: '30s', disable_metric_validation: true });
    }
    expect(byName.InferenceLatencyP99High.severity).toBe('CRITICAL');
    expect(byName.GpuUnderutilized.severity).toBe('WARNING');
  });

  test('nodeHealth off drops the NodeNotReady alert', () => {
    expect(gcpAlerts(THRESHOLDS, false).map((a) => a.name)).not.toContain('NodeNotReady');
  });

  test('alerts go to an encrypted Pub/Sub topic the notification agent may publish to, and to e-mail', () => {
    const { json } = build(['oncall@example.com', 'ml@example.com']);
    const topic = only(json, 'google_pubsub_topic');
    expect(topic.kms_key_name).toBe(keyRef(json));
    expect(only(json, 'google_kms_crypto_key_iam_member').member).toBe(`serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`);
    expect(only(json, 'google_pubsub_topic_iam_member')).toMatchObject({
      role: 'roles/pubsub.publisher',
      member: `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-monitoring-notification.iam.gserviceaccount.com`,
    });
    const channels = resourcesOf(json, 'google_monitoring_notification_channel').map(([, c]) => c);
    expect(channels.map((c) => c.type).sort()).toEqual(['email', 'email', 'pubsub', 'webhook_tokenauth']);
    expect(channels.find((c) => c.type === 'webhook_tokenauth').labels).toEqual({ url: 'https://hooks.example.com/alerts' });
    expect(channels.find((c) => c.type === 'pubsub').labels.topic).toBe(ref(json, 'google_pubsub_topic', 'id'));
    for (const [, p] of resourcesOf(json, 'google_monitoring_alert_policy')) expect(p.notification_channels).toHaveLength(4);
  });

  test('a dashboard with every panel, and _Default log retention', () => {
    const { json } = build();
    const dash = JSON.parse(only(json, 'google_monitoring_dashboard').dashboard_json);
    expect(dash.mosaicLayout.tiles.map((t: any) => t.widget.title)).toEqual(DASHBOARD_PANELS.map((p) => p.title));
    expect(dash.mosaicLayout.tiles[3].widget.xyChart.dataSets[0].timeSeriesQuery.prometheusQuery).toBe('sum by (model_name) (rate(vllm:generation_tokens_total[5m]))');
    expect(only(json, 'google_logging_project_bucket_config')).toMatchObject({ bucket_id: '_Default', location: 'global', retention_days: 365 });
  });
});

describe('FinOps budget (GCP builder)', () => {
  function build(over: Partial<Parameters<typeof buildGcpFinOps>[3]> = {}) {
    const { stack, key } = gcpStacks();
    buildGcpFinOps(new Construct(stack, 'Budget'), testContext(), 'budget', {
      billingAccountId: '01AB23-45CD67-89EF01',
      limitUsd: 12500.5,
      actualThresholdPercent: 80,
      forecastThresholdPercent: 100,
      emails: ['finops@example.com'],
      topic: true,
      key,
      projectLabel: { key: 'project', value: 'llm' },
      ...over,
    });
    return synth(stack);
  }

  test('budget on the project number, monthly, filtered by the project label, actual and forecast thresholds', () => {
    const b = only(build(), 'google_billing_budget');
    expect(b.billing_account).toBe('01AB23-45CD67-89EF01');
    expect(b.amount.specified_amount).toEqual({ currency_code: 'USD', units: '12500', nanos: 500000000 });
    expect(b.budget_filter).toMatchObject({ projects: [`projects/${PROJECT_NUMBER}`], calendar_period: 'MONTH', labels: { project: 'llm' } });
    expect(b.threshold_rules).toEqual([
      { threshold_percent: 0.8, spend_basis: 'CURRENT_SPEND' },
      { threshold_percent: 1, spend_basis: 'FORECASTED_SPEND' },
    ]);
  });

  test('updates go to a customer-key topic the billing budget agent may publish to, and to e-mail channels', () => {
    const json = build();
    const b = only(json, 'google_billing_budget');
    expect(b.all_updates_rule.pubsub_topic).toBe(ref(json, 'google_pubsub_topic', 'id'));
    expect(b.all_updates_rule.schema_version).toBe('1.0');
    expect(b.all_updates_rule.monitoring_notification_channels).toEqual([ref(json, 'google_monitoring_notification_channel', 'name')]);
    expect(only(json, 'google_pubsub_topic').kms_key_name).toBe(keyRef(json));
    expect(only(json, 'google_pubsub_topic_iam_member')).toMatchObject({ role: 'roles/pubsub.publisher', member: 'serviceAccount:billing-budget-alert@system.gserviceaccount.com' });
  });

  test('without the topic or the label filter: e-mail only, whole project', () => {
    const json = build({ topic: false, key: undefined, projectLabel: undefined });
    const b = only(json, 'google_billing_budget');
    expect(b.all_updates_rule.pubsub_topic).toBeUndefined();
    expect(b.budget_filter.labels).toBeUndefined();
    expect(resourcesOf(json, 'google_pubsub_topic')).toHaveLength(0);
  });

  test('usdMoney splits dollars and nanos', () => {
    expect(usdMoney(100)).toEqual({ units: '100', nanos: 0 });
    expect(usdMoney(0.25)).toEqual({ units: '0', nanos: 250000000 });
  });
});
