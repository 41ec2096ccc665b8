import type { Sourced } from './types';

/** Retention periods, days, a CloudWatch Logs log group accepts (`retention_in_days`). */
export const CLOUDWATCH_LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** One of `CLOUDWATCH_LOG_RETENTION_DAYS`. */
export type CloudWatchLogRetentionDays = (typeof CLOUDWATCH_LOG_RETENTION_DAYS)[number];

/** Where `CLOUDWATCH_LOG_RETENTION_DAYS` comes from. */
export const CLOUDWATCH_LOG_RETENTION: Sourced & { readonly days: ReadonlyArray<number> } = {
  days: CLOUDWATCH_LOG_RETENTION_DAYS,
  source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html',
  asOf: '2026-12-02',
  note: 'read in the SDK references of the API (Kotlin SDK LogGroup.retentionInDays, boto3 put_retention_policy): retentionInDays "Possible values are: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, and 3653" (0 keeps logs forever and is not offered here)',
};

/** Longest retention of a Cloud Logging bucket, days (`retention_days`); the minimum is 1. */
export const CLOUD_LOGGING_MAX_RETENTION_DAYS = 3650;

/** Where `CLOUD_LOGGING_MAX_RETENTION_DAYS` comes from. */
export const CLOUD_LOGGING_RETENTION: Sourced & { readonly maxDays: number } = {
  maxDays: CLOUD_LOGGING_MAX_RETENTION_DAYS,
  source: 'https://cloud.google.com/logging/docs/buckets#custom-retention (custom retention from 1 to 3650 days)',
  asOf: '2026-12-02',
  confidence: 'single-source',
  note: 'The provider 6.50 doc of google_logging_project_bucket_config.retention_days gives only the 1-day minimum; the 3650-day maximum is the Cloud Logging bucket limit as published.',
};
