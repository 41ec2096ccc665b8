import { Construct } from 'constructs';
import { z } from 'zod';
import { freeId, startConstruct } from './checks';
import type { AiInfraStack } from './stack';
import type { AwsFeatureStoreResources } from '../aws/feature-store';
import { VERTEX_FEATURE_STORE_OPTIMIZED_SERVING_SUNSET } from '../catalog/gcp-data-services';
import type { FeatureStoreBackend, FeatureStoreGcpPlan } from '../core/plans';
import { AiInfraError } from '../errors';
import type { GcpFeatureStore } from '../gcp/feature-store';
import { CostLine, kmsKeyCost, s3StorageCost, servicePriceLine } from '../planning/cost';
import { gcpFeatureStoreCostLines } from '../planning/gcp-data-cost';

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

/** GCP-only settings of a FeatureStore. */
export interface FeatureStoreGcpProps {
  /**
   * The online store: `bigtable` (Bigtable online serving, autoscaled nodes) or
   * `optimized` (Optimized online serving, reached privately through Private
   * Service Connect). Google has deprecated Optimized online serving and sunsets
   * it on 2027-02-17 (its APIs stop answering): choosing it is an explicit
   * opt-in, recorded and warned about at synth.
   * @default 'bigtable'
   */
  readonly onlineStore?: 'optimized' | 'bigtable';
  /**
   * Bigtable serving nodes (with `onlineStore: 'bigtable'`): min 1-1000, max from
   * min to 10 × min, CPU target 10-80 %.
   * @default - { min: 1, max: 3, cpuUtilizationTarget: 50 }
   */
  readonly bigtableNodes?: { readonly min: number; readonly max: number; readonly cpuUtilizationTarget?: number };
  /**
   * When feature views copy the latest values from BigQuery to the online store (cron, 5 fields, UTC).
   * @default '0 * * * *' (hourly)
   */
  readonly syncCron?: string;
  /**
   * Kubernetes service account that acts as the feature store's client service
   * account through Workload Identity (writes the BigQuery tables, fetches online values).
   * @default - no binding (use the service account's key-less identity from your own workloads)
   */
  readonly client?: { readonly namespace: string; readonly serviceAccount: string };
  /**
   * Where the optimized store's Private Service Connect endpoint goes (a
   * network and a subnetwork of it, e.g. the GKE cluster's); only with
   * `onlineStore: 'optimized'` (Bigtable online serving has no dedicated endpoint).
   * @default - no endpoint is created; Private Service Connect stays the only way in (recorded)
   */
  readonly privateServing?: { readonly networkId: string; readonly subnetworkId: string };
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
  /**
   * GCP-only settings.
   * @default - defaults of each field
   */
  readonly gcp?: FeatureStoreGcpProps;
}

/** Five cron fields (minute, hour, day of month, month, day of week). */
const CRON_5_FIELDS = /^\s*(\S+\s+){4}\S+\s*$/;
/** Vertex AI feature ids and BigQuery columns: lowercase letter first, then lowercase letters, digits, underscores (≤ 60). */
export const GCP_FEATURE_NAME = /^[a-z][a-z0-9_]{0,59}$/;
/** Bigtable serving nodes when onlineStore is bigtable (the default) and none are given. */
export const DEFAULT_BIGTABLE_NODES = { min: 1, max: 3, cpuUtilizationTarget: 50 } as const;

const k8sServiceAccountSchema = z
  .object({
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes namespace (DNS label)').max(63),
    serviceAccount: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Kubernetes service account name (DNS subdomain)').max(253),
  })
  .strict();

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
      .optional(),
    gcp: z
      .object({
        onlineStore: z.enum(['bigtable', 'optimized']).default('bigtable'),
        bigtableNodes: z
          .object({
            min: z.number().int().min(1).max(1000),
            max: z.number().int().min(1).max(1000),
            cpuUtilizationTarget: z.number().int().min(10).max(80).default(50),
          })
          .strict()
          .refine((n) => n.max >= n.min, { path: ['max'], message: '>= bigtableNodes.min' })
          .refine((n) => n.max <= 10 * n.min, { path: ['max'], message: '<= 10 × bigtableNodes.min (the autoscaling limit of a Bigtable online store)' })
          .optional(),
        syncCron: z.string().regex(CRON_5_FIELDS, 'a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 * * * *"').default('0 * * * *'),
        client: k8sServiceAccountSchema.optional(),
        privateServing: z
          .object({
            networkId: z.string().regex(/^projects\/[^/]+\/global\/networks\/[^/]+$/, 'a network id projects/<project>/global/networks/<name>'),
            subnetworkId: z.string().regex(/^projects\/[^/]+\/regions\/[^/]+\/subnetworks\/[^/]+$/, 'a subnetwork id projects/<project>/regions/<region>/subnetworks/<name>'),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

type ParsedGroup = z.output<typeof groupSchema>;
type ParsedProps = z.output<typeof schema>;

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
  /**
   * The GCP resources (escape hatch, GCP stacks): key, dataset, tables, groups, online store, views.
   * @default - absent on other clouds
   */
  public readonly gcp?: GcpFeatureStore;

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
      stack.recordDecision({ construct: where, topic: 'deletion-protection', chosen: 'off', reason: 'deletionProtection: false was given: prevent_destroy is off on the groups and the offline store (throw-away environments only)' });
    }
    const groups = p.featureGroups.map((g) => ({
      name: g.name,
      description: g.description,
      recordIdentifier: g.recordIdentifier,
      eventTime: g.eventTime,
      features: g.features,
      online: g.online,
      offline: g.offline,
      ttlHours: g.ttlHours,
    }));
    let built: FeatureStoreBackend;
    if (stack.cloud === 'gcp') {
      const gcpPlan = this.gcpPlan(p, stack, props.gcp?.onlineStore !== undefined);
      built = backend(this, { where, groups, deletionProtection: p.deletionProtection, gcp: gcpPlan });
      this.gcp = built as GcpFeatureStore;
      const u = p.usage;
      stack.addCostLines(gcpFeatureStoreCostLines({
        component: where,
        region: stack.region,
        onlineStore: p.featureGroups.some((g) => g.online) ? gcpPlan.onlineStore : 'none',
        minNodes: gcpPlan.bigtableNodes?.min ?? 0,
        offlineStorageGiB: u?.offlineStorageGiB ?? 0,
        usageGiven: u !== undefined,
      }, where));
    } else {
      if (p.gcp) throw new AiInfraError({ where, field: 'gcp', given: p.gcp, allowed: `unset on a ${stack.cloud} stack (GCP-only settings)` });
      const aws = p.aws ?? { onlineStorageType: 'Standard' as const, offlineTableFormat: 'Glue' as const, createGlueTables: false };
      stack.recordDecision({
        construct: where,
        topic: 'feature-store-offline-catalog',
        chosen: aws.createGlueTables ? `Glue tables created by SageMaker (${aws.offlineTableFormat})` : 'no Glue tables',
        reason: aws.createGlueTables
          ? 'aws.createGlueTables: true; the role gets glue:GetTable/UpdateTable on the sagemaker_featurestore database only'
          : 'least privilege: the role has no Glue permissions; create tables over the offline prefix yourself, or set aws.createGlueTables',
      });
      built = backend(this, {
        where,
        groups,
        deletionProtection: p.deletionProtection,
        aws: { onlineStorageType: aws.onlineStorageType, offlineTableFormat: aws.offlineTableFormat, createGlueTables: aws.createGlueTables },
      });
      this.aws = built as AwsFeatureStoreResources;
      stack.addCostLines(this.costLines(stack.region, p.usage));
    }
    this.featureGroupNames = built.featureGroupNames;
    this.offlineStoreUri = built.offlineStoreUri;
    this.roleArn = built.serviceIdentity;
    this.kmsKeyArn = built.encryptionKeyId;
  }

  /**
   * The GCP settings, checked against what Vertex AI Feature Store and BigQuery accept, with the decisions recorded.
   * `onlineStoreGiven` tells an explicit `gcp.onlineStore` from the default.
   */
  private gcpPlan(p: ParsedProps, stack: AiInfraStack, onlineStoreGiven: boolean): FeatureStoreGcpPlan {
    const where = this.node.path;
    if (p.aws) throw new AiInfraError({ where, field: 'aws', given: p.aws, allowed: 'unset on a gcp stack (AWS-only settings)' });
    p.featureGroups.forEach((g, i) => {
      if (g.name.length > 60) {
        throw new AiInfraError({ where, field: `featureGroups.${i}.name`, given: g.name, allowed: 'at most 60 characters on GCP (it names a BigQuery table and a Vertex AI feature group)' });
      }
      g.features.forEach((f, j) => {
        if (!GCP_FEATURE_NAME.test(f.name)) {
          throw new AiInfraError({
            where,
            field: `featureGroups.${i}.features.${j}.name`,
            given: f.name,
            allowed: 'on GCP a lowercase letter, then lowercase letters, digits or underscores (≤ 60): it names a BigQuery column and a Vertex AI feature',
          });
        }
      });
      const idType = g.features.find((f) => f.name === g.recordIdentifier)?.type;
      if (idType !== 'String') {
        throw new AiInfraError({
          where,
          field: `featureGroups.${i}.recordIdentifier`,
          given: `${g.recordIdentifier} (${idType})`,
          allowed: 'a String feature on GCP (Vertex AI Feature Store entity ids are strings)',
        });
      }
      if (g.ttlHours !== undefined) {
        throw new AiInfraError({
          where,
          field: `featureGroups.${i}.ttlHours`,
          given: g.ttlHours,
          allowed: 'unset on GCP (the Vertex AI online store serves the latest value per entity and has no record TTL)',
        });
      }
    });
    const g = p.gcp ?? { onlineStore: 'bigtable' as const, syncCron: '0 * * * *' };
    if (g.bigtableNodes && g.onlineStore !== 'bigtable') {
      throw new AiInfraError({ where, field: 'gcp.bigtableNodes', given: g.bigtableNodes, allowed: 'unset unless gcp.onlineStore is "bigtable"' });
    }
    if (p.gcp?.privateServing && g.onlineStore !== 'optimized') {
      throw new AiInfraError({ where, field: 'gcp.privateServing', given: p.gcp.privateServing, allowed: 'unset unless gcp.onlineStore is "optimized" (Bigtable online serving, the default, has no dedicated endpoint)' });
    }
    const bigtableNodes = g.onlineStore === 'bigtable' ? (g.bigtableNodes ?? DEFAULT_BIGTABLE_NODES) : undefined;
    const sunset = VERTEX_FEATURE_STORE_OPTIMIZED_SERVING_SUNSET;
    const optimizedIsDeprecated = `${sunset.capability} is deprecated and sunset on ${sunset.sunset} (its APIs stop answering; ${sunset.source}, read ${sunset.asOf})`;
    if (g.onlineStore === 'optimized' && p.featureGroups.some((fg) => fg.online)) {
      stack.addWarning(
        `${where}: gcp.onlineStore is "optimized": ${optimizedIsDeprecated}. Migrate to "bigtable" (the default) before ${sunset.sunset}`,
        this,
      );
    }
    const servingReason = g.onlineStore === 'optimized'
      ? `explicit opt-in: gcp.onlineStore "optimized" was given although ${optimizedIsDeprecated}`
      : onlineStoreGiven
        ? 'gcp.onlineStore "bigtable" was given'
        : `the default: ${optimizedIsDeprecated}; Google points to ${sunset.replacement}`;
    stack.recordDecision({
      construct: where,
      topic: 'feature-store-engine',
      chosen: `Vertex AI Feature Store: ${g.onlineStore === 'optimized' ? 'optimized online store' : `Bigtable online store (${bigtableNodes!.min}-${bigtableNodes!.max} nodes at ${bigtableNodes!.cpuUtilizationTarget} % CPU)`}, feature views synced "${g.syncCron}", BigQuery offline store`,
      reason: `online serving: ${servingReason}. The GCP form of a feature store: BigQuery tables are the source of truth (one per group, the event time in feature_timestamp), feature views copy the latest values online`,
    });
    stack.recordDecision({
      construct: where,
      topic: 'encryption-opt-out',
      chosen: 'Google-managed keys on the online store, feature groups and feature views; the customer key on the BigQuery dataset and tables',
      reason: 'OPT-OUT: google provider 6.50 has no encryption_spec on google_vertex_ai_feature_online_store, _featureview or _feature_group (GA and beta); the offline data, the source of truth, is under the customer key',
    });
    if (g.onlineStore === 'bigtable') {
      stack.recordDecision({
        construct: where,
        topic: 'feature-serving-endpoint',
        chosen: `the regional Vertex AI API endpoint (${stack.region}-aiplatform.googleapis.com), no dedicated endpoint`,
        reason: 'Bigtable online serving has no dedicated serving endpoint (Private Service Connect serving is an Optimized online serving feature); fetches are authorized by the client service account\'s fetch-only role and stay on Google\'s network from subnets with Private Google Access',
      });
    } else {
      stack.recordDecision({
        construct: where,
        topic: 'feature-serving-endpoint',
        chosen: p.gcp?.privateServing ? 'Private Service Connect endpoint in the given subnetwork' : 'Private Service Connect only, no consumer endpoint created',
        reason: p.gcp?.privateServing
          ? 'the online store is reached privately from the VPC'
          : 'no gcp.privateServing given: create a PSC endpoint to the store\'s service attachment (output dedicated_serving_endpoint.service_attachment) to serve online',
      });
    }
    if (p.featureGroups.some((fg) => !fg.offline)) {
      stack.recordDecision({
        construct: where,
        topic: 'offline-store',
        chosen: 'a BigQuery table for every group, offline: false included',
        reason: 'on GCP the online store syncs from BigQuery: a group without its table would have no source',
      });
    }
    return {
      onlineStore: g.onlineStore,
      ...(bigtableNodes ? { bigtableNodes } : {}),
      syncCron: g.syncCron,
      ...(p.gcp?.client ? { client: p.gcp.client } : {}),
      ...(p.gcp?.privateServing ? { servingNetwork: p.gcp.privateServing } : {}),
    };
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
