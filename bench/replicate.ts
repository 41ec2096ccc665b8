// Rebuilds a synthesized cdk.tf.json with the provider classes directly: the
// "raw" side of the synth and cold-start comparisons. Both the runtime path
// (instantiate classes) and the codegen path (write a TypeScript app) share
// the naming and key-conversion rules here, so what is compared is the same
// set of resources with the same attribute values.
import type { TerraformStack } from 'cdktf';

/** Attributes whose value is a string map: their keys are data, never converted. */
const MAP_ATTRIBUTES = new Set(['tags', 'tags_all', 'labels']);

/** Meta-arguments the classes take as construct references; replayed as overrides. */
const OVERRIDE_META = new Set(['depends_on', 'provider']);

export type TfJson = Record<string, any>;

/** One resource, data source or provider block of a cdk.tf.json. */
export interface TfBlock {
  readonly kind: 'resource' | 'data' | 'provider';
  /** Terraform type (`aws_eks_node_group`) or provider name (`aws`). */
  readonly type: string;
  /** Logical id (provider blocks: their index). */
  readonly id: string;
  readonly config: Record<string, unknown>;
}

/** Where the provider class for a block lives and what it is called. */
export interface ProviderBinding {
  /** Deep module path: `@cdktf/provider-aws/lib/eks-node-group`. */
  readonly modulePath: string;
  /** The namespace the package root exports it under: `eksNodeGroup`. */
  readonly rootNamespace: string;
  /** `EksNodeGroup`. */
  readonly className: string;
}

const PROVIDER_PACKAGES: Record<string, { pkg: string; providerClass: string }> = {
  aws: { pkg: '@cdktf/provider-aws', providerClass: 'AwsProvider' },
  kubernetes: { pkg: '@cdktf/provider-kubernetes', providerClass: 'KubernetesProvider' },
  helm: { pkg: '@cdktf/provider-helm', providerClass: 'HelmProvider' },
};

const pascal = (kebab: string) => kebab.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The prebuilt-provider naming rule: `aws_eks_node_group` → `lib/eks-node-group`,
 * class `EksNodeGroup`; data `aws_iam_policy_document` → `lib/data-aws-iam-policy-document`,
 * class `DataAwsIamPolicyDocument`; the provider block → `lib/provider`, `AwsProvider`.
 */
export function bindingFor(block: Pick<TfBlock, 'kind' | 'type'>): ProviderBinding {
  const providerName = block.kind === 'provider' ? block.type : block.type.split('_')[0];
  const pkg = PROVIDER_PACKAGES[providerName];
  if (!pkg) throw new Error(`bench/replicate: no provider package for "${block.type}"; add "${providerName}" to PROVIDER_PACKAGES`);
  if (block.kind === 'provider') return { modulePath: `${pkg.pkg}/lib/provider`, rootNamespace: 'provider', className: pkg.providerClass };
  const rest = block.type.slice(providerName.length + 1).replace(/_/g, '-');
  const mod = block.kind === 'data' ? `data-${providerName}-${rest}` : rest;
  return { modulePath: `${pkg.pkg}/lib/${mod}`, rootNamespace: camel(mod), className: pascal(mod) };
}

/** Every resource, data source and provider block of a cdk.tf.json, in file order. */
export function blocksOf(json: TfJson): TfBlock[] {
  const out: TfBlock[] = [];
  for (const [name, list] of Object.entries(json.provider ?? {})) {
    (list as Record<string, unknown>[]).forEach((config, i) => out.push({ kind: 'provider', type: name, id: String(i), config }));
  }
  for (const kind of ['data', 'resource'] as const) {
    for (const [type, byId] of Object.entries(json[kind] ?? {})) {
      for (const [id, config] of Object.entries(byId as Record<string, Record<string, unknown>>)) out.push({ kind, type, id, config });
    }
  }
  return out;
}

/** `{ resource: { type: count } , data: {...} }` of a cdk.tf.json. */
export function countByType(json: TfJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const b of blocksOf(json)) {
    if (b.kind === 'provider') continue;
    const key = b.kind === 'data' ? `data.${b.type}` : b.type;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const snakeToCamel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function toClassConfig(value: unknown, keepKeys = false): unknown {
  if (Array.isArray(value)) return value.map((v) => toClassConfig(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[keepKeys ? k : snakeToCamel(k)] = keepKeys ? v : toClassConfig(v, MAP_ATTRIBUTES.has(k));
  }
  return out;
}

/** The constructor config of a block (camelCase keys, map attributes untouched) and the meta-arguments replayed as overrides. */
export function splitConfig(block: TfBlock): { config: Record<string, unknown>; overrides: Record<string, unknown> } {
  const config: Record<string, unknown> = {};
  const overrides: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(block.config)) {
    if (OVERRIDE_META.has(k)) overrides[k] = v;
    else config[snakeToCamel(k)] = toClassConfig(v, MAP_ATTRIBUTES.has(k));
  }
  return { config, overrides };
}

export type ProviderClass = new (scope: TerraformStack, id: string, config: Record<string, unknown>) => {
  overrideLogicalId?: (id: string) => void;
  addOverride: (path: string, value: unknown) => void;
};

/** Loads the provider classes the blocks need, by deep path (module load is kept out of the timed loop). */
export async function loadClasses(blocks: ReadonlyArray<TfBlock>): Promise<Map<string, ProviderClass>> {
  const classes = new Map<string, ProviderClass>();
  for (const b of blocks) {
    const binding = bindingFor(b);
    if (classes.has(binding.modulePath)) continue;
    const mod = (await import(binding.modulePath)) as Record<string, unknown>;
    const cls = mod[binding.className];
    if (typeof cls !== 'function') throw new Error(`bench/replicate: ${binding.modulePath} has no class ${binding.className}`);
    classes.set(binding.modulePath, cls as ProviderClass);
  }
  return classes;
}

/** A block ready to instantiate: class loaded, config converted (outside any timed section). */
export interface PreparedBlock {
  readonly cls: ProviderClass;
  readonly constructId: string;
  readonly logicalId?: string;
  readonly config: Record<string, unknown>;
  readonly overrides: ReadonlyArray<[string, unknown]>;
}

export function prepare(blocks: ReadonlyArray<TfBlock>, classes: Map<string, ProviderClass>): PreparedBlock[] {
  return blocks.map((b) => {
    const { config, overrides } = splitConfig(b);
    return {
      cls: classes.get(bindingFor(b).modulePath)!,
      constructId: `${b.kind}.${b.type}.${b.id}`,
      logicalId: b.kind === 'provider' ? undefined : b.id,
      config,
      overrides: Object.entries(overrides),
    };
  });
}

/** Instantiates every block in `stack` with its provider class, keeping the logical ids. */
export function instantiate(stack: TerraformStack, blocks: ReadonlyArray<PreparedBlock>): void {
  for (const b of blocks) {
    const obj = new b.cls(stack, b.constructId, b.config);
    if (b.logicalId !== undefined) obj.overrideLogicalId!(b.logicalId);
    for (const [k, v] of b.overrides) obj.addOverride(k, v);
  }
}

/** Paths (type.id.attribute) where two cdk.tf.json documents differ; empty when identical. */
export function diffJson(a: TfJson, b: TfJson, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return [path || '<root>'];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => diffJson(a[k], b[k], path ? `${path}.${k}` : k));
}

/**
 * A TypeScript program that builds the blocks with the provider classes.
 * `deep` imports each class by deep path; `root` imports the namespaces from
 * the package root, as code written against the root index does.
 */
export function generateApp(blocks: ReadonlyArray<TfBlock>, style: 'deep' | 'root'): string {
  const bindings = new Map<string, ProviderBinding>();
  for (const b of blocks) {
    const binding = bindingFor(b);
    bindings.set(binding.modulePath, binding);
  }
  const lines: string[] = ["import { TerraformStack } from 'cdktf';", "import { Construct } from 'constructs';"];
  const ref = new Map<string, string>();
  if (style === 'deep') {
    for (const b of [...bindings.values()].sort((x, y) => x.modulePath.localeCompare(y.modulePath))) {
      lines.push(`import { ${b.className} } from '${b.modulePath}';`);
      ref.set(b.modulePath, b.className);
    }
  } else {
    const byPkg = new Map<string, string[]>();
    for (const b of bindings.values()) {
      const pkg = b.modulePath.split('/lib/')[0];
      byPkg.set(pkg, [...(byPkg.get(pkg) ?? []), b.rootNamespace]);
      ref.set(b.modulePath, `${b.rootNamespace}.${b.className}`);
    }
    for (const [pkg, names] of byPkg) lines.push(`import { ${names.sort().join(', ')} } from '${pkg}';`);
  }
  lines.push('', 'export function build(scope: Construct, id: string): TerraformStack {', '  const stack = new TerraformStack(scope, id);');
  blocks.forEach((b, i) => {
    const { config, overrides } = splitConfig(b);
    const call = `new ${ref.get(bindingFor(b).modulePath)}(stack, ${JSON.stringify(`${b.kind}.${b.type}.${b.id}`)}, ${JSON.stringify(config, null, 2).replace(/\n/g, '\n  ')})`;
    const meta = Object.entries(overrides).map(([k, v]) => `  r${i}.addOverride(${JSON.stringify(k)}, ${JSON.stringify(v)});`);
    if (b.kind === 'provider' && meta.length === 0) {
      lines.push(`  ${call};`);
    } else {
      lines.push(`  const r${i} = ${call};`);
      if (b.kind !== 'provider') lines.push(`  r${i}.overrideLogicalId(${JSON.stringify(b.id)});`);
      lines.push(...meta);
    }
  });
  lines.push('  return stack;', '}', '');
  return lines.join('\n');
}
