/**
 * The pure parts of the package check (`npm run verify:package`, part of `npm test`):
 * which links of a Markdown page must resolve inside the packed tarball, how a
 * synthesized stack is compared across cdktf and its fork CDK Terrain, and the
 * package.json a consumer of the tarball gets. The runner is scripts/verify-package.ts.
 */

/** The relative link targets of a Markdown page (`[text](target)`), without `#anchors`; absolute URLs and pure anchors are left out. */
export function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const links = new Set<string>();
  const re = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
  for (let m = re.exec(withoutCode); m; m = re.exec(withoutCode)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    links.add(target.replace(/#.*$/, '').replace(/^\.\//, '').replace(/\/$/, ''));
  }
  return [...links].filter((l) => l !== '').sort();
}

/**
 * Links that resolve to nothing in the package: a link resolves when the tarball
 * holds that file, or a file under that directory.
 */
export function unresolvedLinks(links: ReadonlyArray<string>, packageFiles: ReadonlyArray<string>): string[] {
  const files = new Set(packageFiles.map((f) => f.replace(/^package\//, '')));
  return links.filter((l) => !files.has(l) && ![...files].some((f) => f.startsWith(`${l}/`)));
}

/**
 * A synthesized stack or manifest with the tool's own version stamps removed, so the
 * output of cdktf and of CDK Terrain can be compared: `//.metadata.version` in
 * cdk.tf.json and `version` in cdktf's manifest.json. Nothing else is touched.
 */
export function withoutVersionStamps(json: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
  const meta = (copy['//'] as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  if (meta) delete meta.version;
  if (copy.stacks && typeof copy.version === 'string') delete copy.version;
  return copy;
}

/** The paths (`resource.aws_s3_bucket.x.bucket`) where two JSON documents differ, at most `limit`. */
export function jsonDifferences(a: unknown, b: unknown, limit = 10, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) return [at || '(root)'];
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (out.length >= limit) break;
    out.push(...jsonDifferences(a[k], b[k], limit - out.length, at ? `${at}.${k}` : k));
  }
  return out;
}

/** The ```json block that follows a heading in a Markdown page, parsed. */
export function jsonBlockAfter(markdown: string, heading: string): Record<string, unknown> {
  const at = markdown.indexOf(heading);
  if (at < 0) throw new Error(`no heading "${heading}"`);
  const m = /```json\n([\s\S]*?)```/.exec(markdown.slice(at));
  if (!m) throw new Error(`no json block after "${heading}"`);
  return JSON.parse(m[1]) as Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** Merges a package.json fragment into a package.json: maps (`dependencies`, `overrides`, ...) key by key, other fields replaced. */
export function mergePackageJson(base: Json, fragment: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(fragment)) {
    const cur = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' ? { ...(cur as Json), ...(v as Json) } : v;
  }
  return out;
}
