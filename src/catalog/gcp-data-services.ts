import type { Sourced } from './types';

/**
 * Shapes of the Google Cloud data services the vector store sizes against:
 * AlloyDB machine shapes, Cloud SQL custom-machine memory limits and Vertex AI
 * Vector Search shard sizes; and the announced shutdown of Vertex AI Feature
 * Store Optimized online serving, which the feature store's default rests on.
 * Facts only; the sizing and choices live in `src/planning/` and the constructs.
 */

const READ = '2026-12-02';

/** One AlloyDB instance shape (`machine_config.cpu_count`). */
export interface AlloyDbShape extends Sourced {
  /** `machine_config.cpu_count`. */
  readonly vcpus: number;
  /** Memory of the shape, GB. */
  readonly memoryGB: number;
}

const ALLOYDB_SHAPES_SOURCE = 'https://bytebase.vercel.app/blog/understanding-google-alloydb-pricing (2 vCPU/16 GB and 96 vCPU/768 GB shapes priced; both 8 GB per vCPU)';

const alloy = (vcpus: number, memoryGB: number, confirmed: boolean): AlloyDbShape => ({
  vcpus,
  memoryGB,
  source: ALLOYDB_SHAPES_SOURCE,
  asOf: READ,
  confidence: confirmed ? 'single-source' : 'unconfirmed',
  ...(confirmed
    ? { note: 'Shape named in the bytebase price comparison (8 GB per vCPU).' }
    : { note: 'Interpolated at the 8 GB per vCPU of the two sourced shapes; the machine-types page (https://cloud.google.com/alloydb/docs/instance-machine-types) was not readable here.' }),
});

/**
 * AlloyDB `cpu_count` values, smallest first. 2 and 96 vCPU are named by the
 * price comparison; the others follow the family's 8 GB per vCPU and carry
 * `unconfirmed`.
 */
export const ALLOYDB_SHAPES: ReadonlyArray<AlloyDbShape> = [
  alloy(2, 16, true),
  alloy(4, 32, false),
  alloy(8, 64, false),
  alloy(16, 128, false),
  alloy(32, 256, false),
  alloy(64, 512, false),
  alloy(96, 768, true),
];

/** Cloud SQL for PostgreSQL (Enterprise) custom machine limits. */
export interface CloudSqlCustomMachineRule extends Sourced {
  /** vCPU counts the custom tiers take, smallest first. */
  readonly vcpus: ReadonlyArray<number>;
  /** Most memory per vCPU, MB (a multiple of 256). */
  readonly maxMemoryMBPerVcpu: number;
}

export const CLOUD_SQL_CUSTOM_MACHINES: CloudSqlCustomMachineRule = {
  vcpus: [2, 4, 8, 16, 32, 64, 96],
  maxMemoryMBPerVcpu: 6656,
  source: 'https://cloud.google.com/sql/docs/postgres/instance-settings (custom machine: 1 or an even number of vCPUs up to 96; 0.9 to 6.5 GB per vCPU, a multiple of 256 MB)',
  asOf: READ,
  confidence: 'unconfirmed',
  note: 'The stored copies of the settings page list the machine series but not the custom-shape limits; the commonly published 6.5 GB per vCPU ceiling is used.',
};

/** A Vertex AI Vector Search shard size and the machine that serves it. */
export interface VectorSearchShard extends Sourced {
  readonly shardSize: 'SHARD_SIZE_SMALL' | 'SHARD_SIZE_MEDIUM' | 'SHARD_SIZE_LARGE';
  /** Index data one shard holds, GB. */
  readonly shardGB: number;
  /** Smallest machine type a deployed index of this shard size runs on. */
  readonly machineType: 'e2-standard-2' | 'e2-standard-16' | 'e2-highmem-16';
}

const SHARD_SOURCE = 'https://pub.dev/documentation/vertex_ai/0.1.0+3/vertex_ai/VertexAIShardSize.html (SHARD_SIZE_SMALL e2-standard-2 (2GB), SHARD_SIZE_MEDIUM e2-standard-16 (20GB), SHARD_SIZE_LARGE e2-highmem-16 (50GB))';

/** Shard sizes, smallest first. */
export const VECTOR_SEARCH_SHARDS: ReadonlyArray<VectorSearchShard> = [
  { shardSize: 'SHARD_SIZE_SMALL', shardGB: 2, machineType: 'e2-standard-2', source: SHARD_SOURCE, asOf: READ, confidence: 'single-source', note: 'A client library\'s transcription of the Vector Search index docs.' },
  { shardSize: 'SHARD_SIZE_MEDIUM', shardGB: 20, machineType: 'e2-standard-16', source: SHARD_SOURCE, asOf: READ, confidence: 'single-source', note: 'A client library\'s transcription of the Vector Search index docs.' },
  { shardSize: 'SHARD_SIZE_LARGE', shardGB: 50, machineType: 'e2-highmem-16', source: SHARD_SOURCE, asOf: READ, confidence: 'single-source', note: 'A client library\'s transcription of the Vector Search index docs.' },
];

/** A Google Cloud capability Google has announced it will shut down. */
export interface GcpCapabilitySunset extends Sourced {
  /** The capability, as Google names it. */
  readonly capability: string;
  /** From this date (YYYY-MM-DD) no new features are added; only critical patches ship. */
  readonly featureFreeze: string;
  /** From this date (YYYY-MM-DD) the capability is gone and its APIs no longer answer. */
  readonly sunset: string;
  /** What Google says to migrate to. */
  readonly replacement: string;
}

/**
 * Vertex AI Feature Store Optimized online serving is deprecated: feature
 * freeze on 2026-05-17, sunset (APIs unavailable) on 2027-02-17; Google points
 * to Bigtable online serving. The FeatureStore's GCP default rests on this.
 */
export const VERTEX_FEATURE_STORE_OPTIMIZED_SERVING_SUNSET: GcpCapabilitySunset = {
  capability: 'Vertex AI Feature Store Optimized online serving',
  featureFreeze: '2026-05-17',
  sunset: '2027-02-17',
  replacement: 'Bigtable online serving',
  source: 'https://docs.cloud.google.com/vertex-ai/docs/featurestore/latest/create-featureview',
  asOf: READ,
  note: 'Read in the stored copy of Google\'s own page. The notice: "Optimized online serving is deprecated. Beginning on May 17, 2026, no new features will be added and only critical patches will be provided. On February 17, 2027, the capability will be fully sunset and APIs will no longer be available. [...] migrate to Bigtable online serving."',
};
