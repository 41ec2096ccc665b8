import { Construct } from 'constructs';
import { z } from 'zod';
import { freeId, startConstruct } from './checks';
import type { AwsFeatureStoreResources } from '../aws/feature-store';
import { AiInfraError } from '../errors';
import { CostLine, kmsKeyCost, s3StorageCost, servicePriceLine } from '../planning/cost';

/** Value type of a feature. */
export type FeatureValueType = 'String' | 'Integral' | 'Fractional';

/** One feature (column) of a group. */
export interface FeatureDefinition {
  /** 1-64 letters, digits, hyphens or underscores, starting and ending with a letter or digit. */
  readonly name: string;
  /** Value type: `String`, `Integral` (integer) or `Fractional` (floating point). */
  readonly type: FeatureValueType;
}

/** A feature group: a table of records keyed by an identifier, versioned by event time. */
export interface FeatureGroupDefinition {
  /** Group name: 1-64 letters, digits or hyphens, starting and ending with a letter or digit. */
  readonly name: string;
  /**
   * Free-text description (≤128 characters).
   * @default - none
   */
  readonly description?: string;
  /** Feature that identifies a record (one of `features`). */
  readonly recordIdentifier: string;
  /** Feature holding the event time (one of `features`, of type String (ISO-8601) or Fractional (epoch seconds)). */
  readonly eventTime: string;
  /** The features, identifier and event time included (1-2,500). */
  readonly features: FeatureDefinition[];
  /**
   * Keep the latest record per identifier in a low-latency online store.
   * @default true
   */
  readonly online?: boolean;
  /**
   * Append every record to the offline store (object storage) for training.
   * @default true
   */
  readonly offline?: boolean;
  /**
   * Hours after its event time a record expires from the online store.
   * @default - records never expire
   */
  readonly ttlHours?: number;
}

/** Expected usage, for the cost estimate only. */
export interface FeatureStoreUsage {
  /**
   * Online-store writes per month, millions of write units.
   * @default 0
   */
  readonly writesMillionsPerMonth?: number;
  /**
   * Online-store reads per month, millions of read units.
   * @default 0
   */
  readonly readsMillionsPerMonth?: number;
  /**
   * Online-store data, GiB.
   * @default 0
   */
  readonly onlineStorageGiB?: number;
  /**
   * Offline-store data, GiB.
   * @default 0
   */
  readonly offlineStorageGiB?: number;
}

/** AWS-only settings of a FeatureStore. */
export interface FeatureStoreAwsProps {
  /**
   * Online store tier.
   * @default 'Standard'
   */
  readonly onlineStorageType?: 'Standard' | 'InMemory';
  /**
   * Table format of the offline store.
   * @default 'Glue'
   */
  readonly offlineTableFormat?: 'Glue' | 'Iceberg';
  /**
   * Let SageMaker create Glue Data Catalog tables for the offline stores (the
   * role then also gets glue:GetTable/UpdateTable on `sagemaker_featurestore`).
   * @default false
   */
  readonly createGlueTables?: boolean;
}

export interface FeatureStoreProps {
  /** The feature groups (1-100, unique names). */
  readonly featureGroups: FeatureGroupDefinition[];
  /**
   * Terraform `prevent_destroy` on the groups and the offline bucket. Turn
   * off only for throw-away environments; the choice is recorded.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Expected usage, for the cost estimate.
   * @default - storage and requests priced at zero, with a note
   */
  readonly usage?: FeatureStoreUsage;
  /**
   * AWS-only settings.
   * @default - defaults of each field
   */
  readonly aws?: FeatureStoreAwsProps;
}

const NAME_RULE = '1-64 letters, digits or hyphens, starting and ending with a letter or digit';
const FEATURE_NAME_RULE = '1-64 letters, digits, hyphens or underscores, starting and ending with a letter or digit';
/** Names SageMaker reserves for the offline store's own columns. */
export const RESERVED_FEATURE_NAMES: ReadonlyArray<string> = ['is_deleted', 'write_time', 'api_invocation_time'];

const featureSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,63}$/, FEATURE_NAME_RULE)
      .refine((n) => !RESERVED_FEATURE_NAMES.includes(n.toLowerCase()), `a name other than ${RESERVED_FEATURE_NAMES.join(', ')} (reserved by SageMaker)`),
    type: z.enum(['String', 'Integral', 'Fractional']),
  })
  .strict();

const groupSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}$/, NAME_RULE),
    description: z.string().max(128).optional(),
    recordIdentifier: z.string().min(1),
    eventTime: z.string().min(1),
    features: z.array(featureSchema).min(1).max(2500),
    online: z.boolean().default(true),
    offline: z.boolean().default(true),
    ttlHours: z.number().int().min(1).max(87_600).optional(),
  })
  .strict();

const schema = z
  .object({
    featureGroups: z.array(groupSchema).min(1).max(100),
    deletionProtection: z.boolean().default(true),
    usage: z
      .object({
        writesMillionsPerMonth: z.number().min(0).max(1e9).default(0),
        readsMillionsPerMonth: z.number().min(0).max(1e9).default(0),
        onlineStorageGiB: z.number().min(0).max(1e9).default(0),
        offlineStorageGiB: z.number().min(0).max(1e9).default(0),
      })
      .strict()
      .optional(),
    aws: z
      .object({
        onlineStorageType: z.enum(['Standard', 'InMemory']).default('Standard'),
        offlineTableFormat: z.enum(['Glue', 'Iceberg']).default('Glue'),
        createGlueTables: z.boolean().default(false),
      })
      .strict()
      .default({ onlineStorageType: 'Standard', offlineTableFormat: 'Glue', createGlueTables: false }),
  })
  .strict();

type ParsedGroup = z.output<typeof groupSchema>;

/**
 * SageMaker Feature Store feature groups: online stores encrypted with a
 * customer key, offline stores in a versioned, KMS-encrypted, private bucket,
 * and one least-privilege role for SageMaker. Groups and bucket carry
 * `prevent_destroy`.
 */
export class FeatureStore extends Construct {
  /** Physical names of the groups, by the name given in props. */
  public readonly featureGroupNames: Readonly<Record<string, string>>;
  /** `s3://bucket/offline-store` (absent when no group has an offline store). */
  public readonly offlineStoreUri?: string;
  /** ARN of the role SageMaker assumes. */
  public readonly roleArn: string;
  /** ARN of the customer key of both stores. */
  public readonly kmsKeyArn: string;
  /**
   * The AWS resources (escape hatch, AWS stacks).
   * @default - absent on other clouds
   */
  public readonly aws?: AwsFeatureStoreResources;

  constructor(scope: Construct, id: string, props: FeatureStoreProps) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, schema, props, 'featureStore');
    const seen = new Set<string>();
    p.featureGroups.forEach((g, i) => {
      const key = g.name.toLowerCase();
      if (seen.has(key)) {
        throw new AiInfraError({ where, field: `featureGroups.${i}.name`, given: g.name, allowed: 'a name unique among the groups (case-insensitive)' });
      }
      seen.add(key);
      this.checkGroup(g, i);
    });
    // Group names are account-and-region-wide physical names (prefix + group name): another
    // FeatureStore of the stack must not define the same group.
    p.featureGroups.forEach((g, i) => stack.claimPhysicalName('feature group', g.name.toLowerCase(), where, { field: `featureGroups.${i}.name`, given: g.name }));

    if (!p.deletionProtection) {
      stack.recordDecision({ construct: where, topic: 'deletion-protection', chosen: 'off', reason: 'deletionProtection: false was given: prevent_destroy is off on the groups and the offline bucket (throw-away environments only)' });
    }
    stack.recordDecision({
      construct: where,
      topic: 'feature-store-offline-catalog',
      chosen: p.aws.createGlueTables ? `Glue tables created by SageMaker (${p.aws.offlineTableFormat})` : 'no Glue tables',
      reason: p.aws.createGlueTables
        ? 'aws.createGlueTables: true; the role gets glue:GetTable/UpdateTable on the sagemaker_featurestore database only'
        : 'least privilege: the role has no Glue permissions; create tables over the offline prefix yourself, or set aws.createGlueTables',
    });

    const built = backend(this, {
      where,
      groups: p.featureGroups.map((g) => ({
        name: g.name,
        description: g.description,
        recordIdentifier: g.recordIdentifier,
        eventTime: g.eventTime,
        features: g.features,
        online: g.online,
        offline: g.offline,
        ttlHours: g.ttlHours,
      })),
      deletionProtection: p.deletionProtection,
      ...(stack.cloud === 'aws'
        ? {
          aws: { onlineStorageType: p.aws.onlineStorageType, offlineTableFormat: p.aws.offlineTableFormat, createGlueTables: p.aws.createGlueTables },
        }
        : {}),
    });
    if (stack.cloud === 'aws') this.aws = built as AwsFeatureStoreResources;
    this.featureGroupNames = built.featureGroupNames;
    this.offlineStoreUri = built.offlineStoreUri;
    this.roleArn = built.serviceIdentity;
    this.kmsKeyArn = built.encryptionKeyId;
    stack.addCostLines(this.costLines(stack.region, p.usage));
  }

  private checkGroup(g: ParsedGroup, i: number): void {
    const where = this.node.path;
    const byName = new Map<string, string>();
    g.features.forEach((f, j) => {
      if (byName.has(f.name.toLowerCase())) {
        throw new AiInfraError({ where, field: `featureGroups.${i}.features.${j}.name`, given: f.name, allowed: 'a feature name unique in its group (case-insensitive)' });
      }
      byName.set(f.name.toLowerCase(), f.type);
    });
    const names = g.features.map((f) => f.name);
    const typeOf = (n: string): string | undefined => g.features.find((f) => f.name === n)?.type;
    if (!typeOf(g.recordIdentifier)) {
      throw new AiInfraError({ where, field: `featureGroups.${i}.recordIdentifier`, given: g.recordIdentifier, allowed: `one of the group's features (${names.join(', ')})` });
    }
    const eventType = typeOf(g.eventTime);
    if (!eventType) {
      throw new AiInfraError({ where, field: `featureGroups.${i}.eventTime`, given: g.eventTime, allowed: `one of the group's features (${names.join(', ')})` });
    }
    if (eventType !== 'String' && eventType !== 'Fractional') {
      throw new AiInfraError({
        where,
        field: `featureGroups.${i}.eventTime`,
        given: `${g.eventTime} (${eventType})`,
        allowed: 'a feature of type String (ISO-8601) or Fractional (epoch seconds)',
      });
    }
    if (!g.online && !g.offline) {
      throw new AiInfraError({ where, field: `featureGroups.${i}.online`, given: false, allowed: 'true, or offline true (a group needs at least one store)' });
    }
    if (!g.online && g.ttlHours !== undefined) {
      throw new AiInfraError({ where, field: `featureGroups.${i}.ttlHours`, given: g.ttlHours, allowed: 'unset when the group has no online store (TTL applies to the online store)' });
    }
  }

  private costLines(region: string, usage: z.output<typeof schema>['usage']): CostLine[] {
    const component = this.node.path;
    const u = usage ?? { writesMillionsPerMonth: 0, readsMillionsPerMonth: 0, onlineStorageGiB: 0, offlineStorageGiB: 0 };
    const lines = [
      servicePriceLine({ component, region, priceId: 'aws.sagemaker-feature-store.write-units', quantity: u.writesMillionsPerMonth }, component),
      servicePriceLine({ component, region, priceId: 'aws.sagemaker-feature-store.read-units', quantity: u.readsMillionsPerMonth }, component),
      servicePriceLine({ component, region, priceId: 'aws.sagemaker-feature-store.online-storage', quantity: u.onlineStorageGiB }, component),
      s3StorageCost({ component, region, gib: u.offlineStorageGiB }, component),
      kmsKeyCost({ component, region, keys: 1 }, component),
    ];
    if (usage) return lines;
    // Without usage the request and storage lines are zero; say so on each.
    return lines.map((l, i) => (i < 4 ? { ...l, note: ['No usage given: priced at zero; pass usage to estimate', l.note].filter(Boolean).join('; ') } : l));
  }
}
