import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { PrometheusAlertManagerDefinition } from '@cdktf/provider-aws/lib/prometheus-alert-manager-definition';
import { PrometheusRuleGroupNamespace } from '@cdktf/provider-aws/lib/prometheus-rule-group-namespace';
import { PrometheusScraper } from '@cdktf/provider-aws/lib/prometheus-scraper';
import { PrometheusWorkspace } from '@cdktf/provider-aws/lib/prometheus-workspace';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';
import { alertTopic } from './alert-topic';
import { awsClusterOf, podIdentityConditions, podIdentityTrust } from './gpu-cluster';
import { awsDnsSuffix, awsPartition, CustomerKey } from './kms';
import { requireAwsAccountId, stackContextOf } from '../core/context';
import { stableHash } from '../core/naming';
import type { ObservabilityBackend, ObservabilityPlan } from '../core/plans';
import { AiInfraError } from '../errors';
import { CustomMetricsAdapter, PROMETHEUS_ADAPTER_CHART, registerCustomMetricsAdapter, SIGV4_PROXY_NAME } from '../kubernetes/metrics-adapter';
import { WAITING_REQUESTS_METRIC } from '../kubernetes/model-server';

/** Service account of the in-cluster metrics collector (collector `in-cluster`), bound to its role through Pod Identity. */
export const COLLECTOR_SERVICE_ACCOUNT = 'metrics-collector';

/** Service account of the SigV4 proxy the custom-metrics adapter queries through, bound to the query role. */
export const METRICS_QUERY_SERVICE_ACCOUNT = SIGV4_PROXY_NAME;

/** The label of the cluster's CPU system node group (see the GpuCluster backend). */
const SYSTEM_NODE_SELECTOR = { 'ai-infra/pool': 'system' } as const;

/** What Managed Prometheus queries need, and nothing more (no write, no workspace management). */
export const METRICS_QUERY_ACTIONS = ['aps:QueryMetrics', 'aps:GetLabels', 'aps:GetSeries', 'aps:GetMetricMetadata'] as const;

/** What the AWS backend of ObservabilityStack made. */
export interface AwsObservabilityResources extends ObservabilityBackend {
  /** Customer key of the workspace, the alert topic and the log groups. */
  readonly key: CustomerKey;
  readonly workspace: PrometheusWorkspace;
  /** Log group the workspace writes its rule and alert manager logs to. */
  readonly workspaceLogGroup: CloudwatchLogGroup;
  readonly ruleGroupNamespace: PrometheusRuleGroupNamespace;
  readonly alertManager: PrometheusAlertManagerDefinition;
  readonly alertTopic: SnsTopic;
  readonly alertTopicPolicy: SnsTopicPolicy;
  readonly subscriptions: ReadonlyArray<SnsTopicSubscription>;
  /** The agentless scraper (collector `managed`). */
  readonly scraper?: PrometheusScraper;
  /** Roles the scraper uses to write into the customer-key workspace (collector `managed`). */
  readonly scraperSourceRole?: IamRole;
  readonly scraperTargetRole?: IamRole;
  /** Role bound to the in-cluster collector's service account (collector `in-cluster`). */
  readonly collectorRole?: IamRole;
  readonly applicationLogGroups: ReadonlyArray<CloudwatchLogGroup>;
  /** In-cluster resources (in the cluster's workload stack). */
  readonly namespace: NamespaceV1;
  readonly dcgmExporter: Release;
  readonly kubeStateMetrics?: Release;
  /** Role of the custom-metrics adapter's SigV4 proxy: query-only on this workspace (customMetricsAdapter on). */
  readonly metricsQueryRole?: IamRole;
  /** prometheus-adapter and its SigV4 proxy, in the workload stack (customMetricsAdapter on). */
  readonly customMetricsAdapter?: CustomMetricsAdapter;
}

/** Builds the AWS side of an ObservabilityStack in the construct's scope. */
export function createAwsObservability(scope: Construct, plan: ObservabilityPlan): AwsObservabilityResources {
  const stack = stackContextOf(scope);
  const where = plan.where;
  const account = requireAwsAccountId(stack, where);
  const region = stack.region;
  const partition = awsPartition(region);
  const id = scope.node.id.toLowerCase();
  const refs = awsClusterOf(plan.cluster, where);
  if (plan.collector === 'managed' && refs.privateSubnetIds.length < 2) {
    throw new AiInfraError({
      where,
      field: 'cluster',
      given: `${refs.privateSubnetIds.length} private subnet(s)`,
      allowed: 'a cluster with private subnets in at least two zones (the managed scraper needs two)',
      hint: 'or set collector: "in-cluster"',
    });
  }
  stack.recordDecision({
    construct: where,
    topic: 'metrics-collector',
    chosen: plan.collector === 'managed' ? `Amazon Managed Prometheus managed scraper every ${plan.scrapeIntervalSeconds}s` : 'in-cluster collector (yours) with remote-write role',
    reason:
      plan.collector === 'managed'
        ? 'agentless: nothing to run or patch in the cluster; scrapes DCGM exporter, the model server and kube-state-metrics over the private subnets'
        : 'asked for: the collector runs in the cluster and remote-writes to the workspace through EKS Pod Identity',
    alternatives: [plan.collector === 'managed' ? { option: 'in-cluster', reason: 'an agent to run and size in the cluster' } : { option: 'managed', reason: 'not chosen by the user' }],
  });

  const key = new CustomerKey(scope, 'Key', {
    description: `Managed Prometheus workspace, alert topic and logs of ${scope.node.path}`,
    aliasSuffix: id,
    servicePrincipals: ['aps.amazonaws.com'],
    allowCloudWatchLogs: true,
  });

  const workspaceLogGroup = new CloudwatchLogGroup(scope, 'WorkspaceLogs', {
    // The vendedlogs prefix keeps the service's log resource policy small (CloudWatch Logs guidance).
    name: `/aws/vendedlogs/prometheus/${stack.physicalName(id, { maxLength: 200 })}`,
    retentionInDays: plan.logRetentionDays,
    kmsKeyId: key.arn,
  });

  const workspace = new PrometheusWorkspace(scope, 'Resource', {
    alias: stack.physicalName(id, { maxLength: 100 }),
    kmsKeyArn: key.arn,
    loggingConfiguration: { logGroupArn: `${workspaceLogGroup.arn}:*` },
    // The managed scraper tags its destination workspace; declaring the tag avoids a perpetual diff.
    tags: plan.collector === 'managed' ? { AMPAgentlessScraper: '' } : undefined,
  });

  const ruleGroupNamespace = new PrometheusRuleGroupNamespace(scope, 'AlertRules', {
    name: 'ai-infra-alerts',
    workspaceId: workspace.id,
    data: plan.ruleGroupsYaml,
  });

  const alerts = alertTopic(scope, {
    nameSuffix: id,
    kmsKeyArn: key.arn,
    emails: plan.alertEmails,
    httpsEndpoints: plan.alertHttpsEndpoints,
    publishers: [
      {
        sid: 'OnlyThisWorkspacePublishes',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['aps.amazonaws.com'] }],
        actions: ['sns:Publish', 'sns:GetTopicAttributes'],
        condition: [
          { test: 'ArnEquals', variable: 'aws:SourceArn', values: [workspace.arn] },
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
        ],
      },
    ],
  });
  const { topic: alertTopicResource, policy: alertTopicPolicy, subscriptions } = alerts;

  const alertManager = new PrometheusAlertManagerDefinition(scope, 'AlertManager', {
    workspaceId: workspace.id,
    definition: alertManagerYaml(alertTopicResource.arn, region),
    dependsOn: [alertTopicPolicy],
  });

  const remoteWrite = (sid: string): object[] => [
    { sid: `${sid}RemoteWrite`, effect: 'Allow', actions: ['aps:RemoteWrite'], resources: [workspace.arn] },
    { sid: `${sid}UseWorkspaceKey`, effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.arn] },
  ];

  let scraper: PrometheusScraper | undefined;
  let scraperSourceRole: IamRole | undefined;
  let scraperTargetRole: IamRole | undefined;
  let collectorRole: IamRole | undefined;
  if (plan.collector === 'managed') {
    // A workspace with a customer key takes scraper writes only through a role configuration
    // (AMP user guide, "Creating scraper for workspaces enabled with customer managed keys").
    const scraperArns = `arn:${partition}:aps:${region}:${account}:scraper/*`;
    const sourceTrust = new DataAwsIamPolicyDocument(scope, 'ScraperSourceTrust', {
      statement: [
        {
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['scraper.aps.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
            { test: 'ArnLike', variable: 'aws:SourceArn', values: [scraperArns] },
          ],
        },
      ],
    });
    scraperSourceRole = new IamRole(scope, 'ScraperSourceRole', {
      name: stack.physicalName(`${id}-scraper-src`, { maxLength: 64 }),
      assumeRolePolicy: sourceTrust.json,
    });
    const targetTrust = new DataAwsIamPolicyDocument(scope, 'ScraperTargetTrust', {
      statement: [
        {
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [scraperSourceRole.arn] }],
          actions: ['sts:AssumeRole'],
          condition: [{ test: 'StringLike', variable: 'sts:ExternalId', values: [scraperArns] }],
        },
      ],
    });
    scraperTargetRole = new IamRole(scope, 'ScraperTargetRole', {
      name: stack.physicalName(`${id}-scraper-dst`, { maxLength: 64 }),
      assumeRolePolicy: targetTrust.json,
    });
    const targetPolicy = new DataAwsIamPolicyDocument(scope, 'ScraperTargetPolicy', { statement: remoteWrite('Scraper') as never });
    new IamRolePolicy(scope, 'ScraperTargetPermissions', { role: scraperTargetRole.name, policy: targetPolicy.json });
    const sourcePolicy = new DataAwsIamPolicyDocument(scope, 'ScraperSourcePolicy', {
      statement: [{ effect: 'Allow', actions: ['sts:AssumeRole'], resources: [scraperTargetRole.arn] }],
    });
    const sourcePermissions = new IamRolePolicy(scope, 'ScraperSourcePermissions', { role: scraperSourceRole.name, policy: sourcePolicy.json });

    scraper = new PrometheusScraper(scope, 'Scraper', {
      alias: stack.physicalName(`${id}-scraper`, { maxLength: 100 }),
      source: [
        {
          eks: [
            {
              clusterArn: refs.clusterArn,
              subnetIds: [...refs.privateSubnetIds],
              securityGroupIds: [...(plan.aws?.scraperSecurityGroupIds ?? [refs.clusterSecurityGroupId, refs.nodeSecurityGroupId])],
            },
          ],
        },
      ],
      destination: [{ amp: [{ workspaceArn: workspace.arn }] }],
      roleConfiguration: [{ sourceRoleArn: scraperSourceRole.arn, targetRoleArn: scraperTargetRole.arn }],
      scrapeConfiguration: plan.scrapeConfigurationYaml,
      dependsOn: [sourcePermissions],
    });
  } else {
    const podTrust = new DataAwsIamPolicyDocument(scope, 'CollectorTrust', {
      statement: [
        {
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          condition: podIdentityConditions({
            account,
            clusterArn: refs.clusterArn,
            namespace: plan.namespace,
            serviceAccount: COLLECTOR_SERVICE_ACCOUNT,
          }),
        },
      ],
    });
    collectorRole = new IamRole(scope, 'CollectorRole', {
      name: stack.physicalName(`${id}-collector`, { maxLength: 64 }),
      assumeRolePolicy: podTrust.json,
    });
    const collectorPolicy = new DataAwsIamPolicyDocument(scope, 'CollectorPolicy', { statement: remoteWrite('Collector') as never });
    new IamRolePolicy(scope, 'CollectorPermissions', { role: collectorRole.name, policy: collectorPolicy.json });
    refs.addPodIdentity(`${scope.node.id}Collector`, { namespace: plan.namespace, serviceAccount: COLLECTOR_SERVICE_ACCOUNT, roleArn: collectorRole.arn });
  }

  const applicationLogGroups = plan.applicationLogGroups.map(
    (name) => new CloudwatchLogGroup(scope, `AppLogs${stableHash(name)}`, { name, retentionInDays: plan.logRetentionDays, kmsKeyId: key.arn }),
  );

  // In-cluster part: in the cluster's workload stack, so this stack plans without a cluster.
  const inCluster = new Construct(plan.cluster.workloadScope(), scope.node.id);
  const namespace = new NamespaceV1(inCluster, 'Namespace', {
    metadata: { name: plan.namespace, labels: { 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' } },
  });
  const dcgmExporter = new Release(inCluster, 'DcgmExporter', {
    name: 'dcgm-exporter',
    repository: 'https://nvidia.github.io/dcgm-exporter/helm-charts',
    chart: 'dcgm-exporter',
    version: plan.dcgmChartVersion,
    namespace: plan.namespace,
    values: [JSON.stringify(dcgmValues(plan.dcgmInstanceTypes))],
    dependsOn: [namespace],
  });
  const kubeStateMetrics = plan.kubeStateMetrics
    ? new Release(inCluster, 'KubeStateMetrics', {
      name: 'kube-state-metrics',
      repository: 'https://prometheus-community.github.io/helm-charts',
      chart: 'kube-state-metrics',
      version: '5.27.0',
      namespace: plan.namespace,
      dependsOn: [namespace],
    })
    : undefined;

  // Custom metrics for the HPAs (the model server's waiting requests): prometheus-adapter queries the
  // workspace through a SigV4 proxy whose Pod Identity role may only read this workspace.
  let metricsQueryRole: IamRole | undefined;
  let customMetricsAdapter: CustomMetricsAdapter | undefined;
  if (plan.customMetricsAdapter) {
    metricsQueryRole = new IamRole(scope, 'MetricsQueryRole', {
      name: stack.physicalName(`${id}-metrics-query`, { maxLength: 64 }),
      assumeRolePolicy: podIdentityTrust(scope, 'MetricsQueryTrust', {
        account,
        clusterArn: refs.clusterArn,
        namespace: plan.namespace,
        serviceAccount: METRICS_QUERY_SERVICE_ACCOUNT,
      }).json,
    });
    const queryPolicy = new DataAwsIamPolicyDocument(scope, 'MetricsQueryPolicy', {
      statement: [
        { sid: 'QueryThisWorkspace', effect: 'Allow', actions: [...METRICS_QUERY_ACTIONS], resources: [workspace.arn] },
        {
          // The workspace is encrypted with the customer key: Managed Prometheus decrypts on the caller's behalf.
          sid: 'DecryptThroughManagedPrometheus',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: [key.arn],
          condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`aps.${region}.${awsDnsSuffix(region)}`] }],
        },
      ],
    });
    new IamRolePolicy(scope, 'MetricsQueryPermissions', { role: metricsQueryRole.name, policy: queryPolicy.json });
    refs.addPodIdentity(`${scope.node.id}MetricsQuery`, { namespace: plan.namespace, serviceAccount: METRICS_QUERY_SERVICE_ACCOUNT, roleArn: metricsQueryRole.arn });
    customMetricsAdapter = new CustomMetricsAdapter(inCluster, 'CustomMetricsAdapter', {
      namespace: plan.namespace,
      region,
      dnsSuffix: awsDnsSuffix(region),
      workspaceId: workspace.id,
      nodeSelector: SYSTEM_NODE_SELECTOR,
      ownerPath: scope.node.path,
      dependsOn: [namespace],
    });
    registerCustomMetricsAdapter(plan.cluster.workloadScope(), customMetricsAdapter);
  }

  stack.recordDecision({
    construct: where,
    topic: 'custom-metrics-adapter',
    chosen: plan.customMetricsAdapter
      ? `prometheus-adapter ${PROMETHEUS_ADAPTER_CHART.version} serving ${WAITING_REQUESTS_METRIC} (custom.metrics.k8s.io) from the workspace, through aws-sigv4-proxy with a query-only Pod Identity role`
      : 'none installed (customMetricsAdapter is false)',
    reason: plan.customMetricsAdapter
      ? 'the model server HPAs scale on waiting requests, a Pods metric: the API server asks custom.metrics.k8s.io for it, and the series live in this workspace'
      : `OPT-OUT: customMetricsAdapter is false; the cluster's own adapter must serve ${WAITING_REQUESTS_METRIC} or the inference HPAs stay at their floor`,
    alternatives: [
      { option: 'KEDA Prometheus scaler (SigV4)', reason: 'a ScaledObject needs the KEDA CRD at plan time, so a fresh cluster cannot be planned in one pass; and an operator, a metrics server and webhooks to run' },
    ],
  });

  return {
    key,
    workspace,
    workspaceLogGroup,
    ruleGroupNamespace,
    alertManager,
    alertTopic: alertTopicResource,
    alertTopicPolicy,
    subscriptions,
    scraper,
    scraperSourceRole,
    scraperTargetRole,
    collectorRole,
    applicationLogGroups,
    namespace,
    dcgmExporter,
    kubeStateMetrics,
    metricsQueryRole,
    customMetricsAdapter,
  };
}

/** Helm values for dcgm-exporter: pod attribution on, GPU nodes only, no ServiceMonitor CRD needed. */
export function dcgmValues(instanceTypes: ReadonlyArray<string>): object {
  return {
    // Maps each GPU to the pod holding it through the kubelet pod-resources socket, and adds pod labels.
    kubeletPath: '/var/lib/kubelet/pod-resources',
    // The chart's DaemonSet already sets DCGM_EXPORTER_KUBERNETES=true; enablePodLabels adds the pod's labels.
    kubernetes: { enablePodLabels: true, rbac: { create: true } },
    serviceMonitor: { enabled: false },
    tolerations: [{ operator: 'Exists' }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...instanceTypes] }] }],
        },
      },
    },
  };
}

/** Alert manager definition: every alert to the SNS topic, signed with SigV4. */
export function alertManagerYaml(topicArn: string, region: string): string {
  return [
    'alertmanager_config: |',
    '  route:',
    '    receiver: alert-topic',
    '    group_by: [alertname, severity, namespace]',
    '    group_wait: 30s',
    '    group_interval: 5m',
    '    repeat_interval: 4h',
    '  receivers:',
    '    - name: alert-topic',
    '      sns_configs:',
    `        - topic_arn: ${topicArn}`,
    '          sigv4:',
    `            region: ${region}`,
    '          attributes:',
    '            severity: "{{ .CommonLabels.severity }}"',
    '',
  ].join('\n');
}
