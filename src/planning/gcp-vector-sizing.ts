import { ALLOYDB_SHAPES, CLOUD_SQL_CUSTOM_MACHINES, VECTOR_SEARCH_SHARDS } from '../catalog';
import type { VectorSearchShard } from '../catalog';
import { AiInfraError } from '../errors';

/**
 * Capacity of the Google Cloud vector engines from the same vectors ×
 * dimensions estimate the Aurora sizing uses: the HNSW (or ScaNN) index stays
 * in the buffer cache, which may take 75 % of the machine's memory, as the
 * Aurora floor assumes of an ACU; Vector Search holds the raw vectors in
 * shards of a fixed size.
 */

/** Share of an instance's memory the estimate lets the buffer cache use for the index (as for Aurora ACUs). */
export const INDEX_CACHE_SHARE = 0.75;

const GB_PER_GIB = 1024 ** 3 / 1e9;
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** A chosen PostgreSQL machine for a vector set. */
export interface PostgresVectorMachine {
  readonly vcpus: number;
  readonly memoryGB: number;
  /** Cloud SQL only: the custom tier (`db-custom-<vCPU>-<MB>`). */
  readonly tier?: string;
  /** Why this machine, for the decision record. */
  readonly reason: string;
}

/** The smallest AlloyDB shape whose cache share holds the index (GiB). */
export function alloyDbShapeFor(indexGiB: number | undefined, where: string): PostgresVectorMachine {
  const smallest = ALLOYDB_SHAPES[0];
  if (indexGiB === undefined) {
    return { vcpus: smallest.vcpus, memoryGB: smallest.memoryGB, reason: `no vectors × dimensions given: the smallest shape (${smallest.vcpus} vCPU, ${smallest.memoryGB} GB)` };
  }
  const needGB = (indexGiB * GB_PER_GIB) / INDEX_CACHE_SHARE;
  const shape = ALLOYDB_SHAPES.find((s) => s.memoryGB >= needGB);
  if (!shape) {
    const largest = ALLOYDB_SHAPES[ALLOYDB_SHAPES.length - 1];
    throw new AiInfraError({
      where,
      field: 'vectors',
      given: `an index of ${round3(indexGiB)} GiB`,
      allowed: `an index that fits ${INDEX_CACHE_SHARE * 100} % of the largest AlloyDB shape's memory (${largest.vcpus} vCPU, ${largest.memoryGB} GB)`,
      hint: 'Shard the vectors over several stores, lower the precision or dimensions, or use engine "vertex-vector-search"',
    });
  }
  return {
    vcpus: shape.vcpus,
    memoryGB: shape.memoryGB,
    reason: `the ${round3(indexGiB)} GiB index stays cached: ${shape.memoryGB} GB × ${INDEX_CACHE_SHARE} ≥ ${round3(needGB)} GB; smallest such shape (${shape.confidence === 'unconfirmed' ? 'shape unconfirmed, see catalog' : 'sourced shape'})`,
  };
}

/** The smallest Cloud SQL custom tier (most memory per vCPU) whose cache share holds the index (GiB). */
export function cloudSqlMachineFor(indexGiB: number | undefined, where: string): PostgresVectorMachine {
  const rule = CLOUD_SQL_CUSTOM_MACHINES;
  const memMB = (vcpus: number): number => vcpus * rule.maxMemoryMBPerVcpu;
  const machine = (vcpus: number, reason: string): PostgresVectorMachine => ({
    vcpus,
    memoryGB: round3((memMB(vcpus) * 1024 * 1024) / 1e9),
    tier: `db-custom-${vcpus}-${memMB(vcpus)}`,
    reason,
  });
  if (indexGiB === undefined) return machine(rule.vcpus[0], 'no vectors × dimensions given: the smallest custom tier');
  const needMB = (indexGiB * 1024) / INDEX_CACHE_SHARE;
  const vcpus = rule.vcpus.find((v) => memMB(v) >= needMB);
  if (vcpus === undefined) {
    const top = rule.vcpus[rule.vcpus.length - 1];
    throw new AiInfraError({
      where,
      field: 'vectors',
      given: `an index of ${round3(indexGiB)} GiB`,
      allowed: `an index that fits ${INDEX_CACHE_SHARE * 100} % of the largest Cloud SQL custom tier's memory (${top} vCPU, ${memMB(top)} MB)`,
      hint: 'Use engine "alloydb" (larger shapes) or "vertex-vector-search", or shard the vectors',
    });
  }
  return machine(vcpus, `the ${round3(indexGiB)} GiB index stays cached: ${memMB(vcpus)} MB × ${INDEX_CACHE_SHARE} ≥ ${Math.ceil(needMB)} MB; smallest custom tier at ${rule.maxMemoryMBPerVcpu} MB per vCPU`);
}

/** Shards of a Vector Search index for a vector set. */
export interface VectorSearchLayout {
  readonly shard: VectorSearchShard;
  readonly shards: number;
  /** float32 vector data, GB (Vector Search stores float32). */
  readonly dataGB: number;
  readonly reason: string;
}

/**
 * The shard size of a Vector Search index: the smallest shard that holds all
 * vectors (n × d × 4 B) in one shard; past the largest, as many large shards
 * as the data needs. Unsized: one small shard.
 */
export function vectorSearchLayoutFor(vectors: number | undefined, dimensions: number | undefined): VectorSearchLayout {
  if (vectors === undefined || dimensions === undefined) {
    const shard = VECTOR_SEARCH_SHARDS[0];
    return { shard, shards: 1, dataGB: 0, reason: `no vectors × dimensions given: ${shard.shardSize} (${shard.shardGB} GB, ${shard.machineType})` };
  }
  const dataGB = round3((vectors * dimensions * 4) / 1e9);
  const fits = VECTOR_SEARCH_SHARDS.find((s) => s.shardGB >= dataGB);
  if (fits) {
    return { shard: fits, shards: 1, dataGB, reason: `${dataGB} GB of float32 vectors fit one ${fits.shardSize} shard (${fits.shardGB} GB, served by ${fits.machineType})` };
  }
  const largest = VECTOR_SEARCH_SHARDS[VECTOR_SEARCH_SHARDS.length - 1];
  const shards = Math.ceil(dataGB / largest.shardGB);
  return { shard: largest, shards, dataGB, reason: `${dataGB} GB of float32 vectors need ${shards} ${largest.shardSize} shards (${largest.shardGB} GB each, ${largest.machineType})` };
}

/** An AlloyDB shape the user named by its vCPUs, or an AiInfraError listing the shapes. */
export function givenAlloyDbShape(vcpus: number, where: string): PostgresVectorMachine {
  const shape = ALLOYDB_SHAPES.find((s) => s.vcpus === vcpus);
  if (!shape) {
    throw new AiInfraError({ where, field: 'gcp.vcpus', given: vcpus, allowed: `one of ${ALLOYDB_SHAPES.map((s) => s.vcpus).join(', ')} (AlloyDB shapes)` });
  }
  return { vcpus, memoryGB: shape.memoryGB, reason: 'gcp.vcpus given' };
}

/** A Cloud SQL custom tier the user named by its vCPUs (most memory per vCPU), or an AiInfraError. */
export function givenCloudSqlMachine(vcpus: number, where: string): PostgresVectorMachine {
  const rule = CLOUD_SQL_CUSTOM_MACHINES;
  if (!rule.vcpus.includes(vcpus)) {
    throw new AiInfraError({ where, field: 'gcp.vcpus', given: vcpus, allowed: `one of ${rule.vcpus.join(', ')} (Cloud SQL custom tiers this library offers)` });
  }
  const mb = vcpus * rule.maxMemoryMBPerVcpu;
  return { vcpus, memoryGB: round3((mb * 1024 * 1024) / 1e9), tier: `db-custom-${vcpus}-${mb}`, reason: 'gcp.vcpus given' };
}
