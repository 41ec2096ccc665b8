import type { Construct } from 'constructs';

/** What RemoteStateStore decided; its backend builds from it. */
export interface RemoteStateStorePlan {
  /** Construct path of the public construct. */
  readonly where: string;
  /** Physical-name suffix (the construct id, lowercased). */
  readonly nameSuffix: string;
  /** Days a replaced or deleted state version is kept before it expires. */
  readonly noncurrentVersionDays: number;
}

/** What a RemoteStateStore backend made, as the construct reads it back. */
export interface RemoteStateStoreBackend {
  /** Physical name of the bucket (a plain string, known at synth: backend blocks take no references). */
  readonly bucketName: string;
  /**
   * The customer key, as a plain string a backend block accepts: on AWS the key's
   * alias ARN (`arn:aws:kms:<region>:<account>:alias/<name>`), on GCP the key's id
   * (`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`).
   */
  readonly kmsKeyName: string;
}

/** Builds a state bucket's resources in `scope` (the construct). */
export type RemoteStateStoreBackendFactory = (scope: Construct, plan: RemoteStateStorePlan) => RemoteStateStoreBackend;
