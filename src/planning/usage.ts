/**
 * Usage the cost estimate assumes where the bill depends on use, not on what
 * is deployed: data through NAT, log volume, database I/O, checkpoints kept.
 *
 * Every figure here is an assumption, not a sourced fact: each says what it
 * stands for and which prop replaces it, and every cost line built from one
 * has basis `usage-estimate` and names the assumption in its note. The
 * defaults are sized for one small production GPU cluster (the way
 * Infracost's "medium" usage defaults are); a user who knows the bill
 * should set the props.
 */
export interface UsageAssumption {
  /** The assumed amount. */
  readonly value: number;
  /** Its unit. */
  readonly unit: string;
  /** The prop that replaces it. */
  readonly prop: string;
  /** What the figure stands for and why this size. */
  readonly rationale: string;
}

export const USAGE_DEFAULTS = {
  natDataGBPerMonth: {
    value: 500,
    unit: 'GB/month',
    prop: 'GpuCluster usage.natDataGBPerMonth',
    rationale: 'container images from public registries (a CUDA/vLLM image is 10-20 GB per node start), package installs and API calls '
      + '(S3 traffic, such as checkpoints and ECR image layers, takes the S3 gateway endpoint on AWS, and Cloud Storage traffic takes Private Google Access on GCP: neither is counted)',
  },
  clusterLogsGBPerMonth: {
    value: 30,
    unit: 'GB/month',
    prop: 'GpuCluster usage.clusterLogsGBPerMonth',
    rationale: 'control-plane logs, about 1 GB a day (the audit log dominates and grows with API calls, so busy clusters log more)',
  },
  flowLogsGBPerMonth: {
    value: 15,
    unit: 'GB/month',
    prop: 'GpuCluster usage.flowLogsGBPerMonth',
    rationale: 'VPC flow log records of the cluster network, about 0.5 GB a day',
  },
  databaseLogsGBPerMonth: {
    value: 2,
    unit: 'GB/month',
    prop: 'VectorStore aws.usage.logsGBPerMonth',
    rationale: 'the PostgreSQL log group (only statements slower than slowStatementMs are logged) and the Enhanced Monitoring OS metrics (RDSOSMetrics log group)',
  },
  workspaceLogsGBPerMonth: {
    value: 1,
    unit: 'GB/month',
    prop: 'ObservabilityStack usage.workspaceLogsGBPerMonth',
    rationale: 'Managed Prometheus rule and alert-manager events (errors and warnings only)',
  },
  applicationLogsGBPerMonth: {
    value: 10,
    unit: 'GB/month per log group',
    prop: 'ObservabilityStack usage.applicationLogsGBPerMonth',
    rationale: 'each application log group named in applicationLogGroups',
  },
  modelDownloadsPerReplicaPerMonth: {
    value: 1,
    unit: 'downloads of the weights per replica a month',
    prop: 'WarmInferencePool usage.modelDownloadsPerReplicaPerMonth',
    rationale: 'each model-server pod downloads the weights from Hugging Face into its own cache volume when it starts, and one start per replica a month is a floor (scale-ups, rollouts and node replacements add more)',
  },
  checkpointCopies: {
    value: 2,
    unit: 'full training states kept',
    prop: 'SpotTrainingPool checkpointStorageGiB',
    rationale: 'the newest checkpoint plus the superseded version kept for checkpointNoncurrentDays, a checkpoint being the weights plus the optimizer state (gradients are not saved)',
  },
} as const satisfies Readonly<Record<string, UsageAssumption>>;

export type UsageDefaultId = keyof typeof USAGE_DEFAULTS;

/** The line with the usage note (assumed or given) in front of its own note. */
export function withUsageNote<L extends { readonly note?: string }>(line: L, id: UsageDefaultId, given: number | undefined): L {
  return { ...line, note: [usageNote(id, given), line.note].filter(Boolean).join('; ') };
}

/**
 * `assumed 500 GB/month: container images ...; set GpuCluster usage.natDataGBPerMonth from your bill`,
 * or `usage given (...)` when the prop was set. The rationales hold no `; `: reports split notes there.
 */
export function usageNote(id: UsageDefaultId, given: number | undefined): string {
  const a = USAGE_DEFAULTS[id];
  if (given !== undefined) return `usage given (${a.prop})`;
  return `assumed ${a.value} ${a.unit}: ${a.rationale}; set ${a.prop} from your bill`;
}
