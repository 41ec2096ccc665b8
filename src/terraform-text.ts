/**
 * User text must reach Terraform as text. Terraform evaluates `${...}`
 * (interpolation) and `%{...}` (directives) inside every string of a
 * configuration, so a tag value such as `${file("/etc/hostname")}` would be
 * evaluated at plan. Escaping them (`$${`, `%%{`) keeps the text literal.
 *
 * cdktf encodes references to other resources as string tokens
 * (`${TfToken[TOKEN.12]}`); those are not user text and pass unchanged. The
 * marker is cdktf's string-token encoding (STRING_TOKEN_REGEX in
 * cdktf/lib/tokens/private/encoding.js), matched here rather than through
 * `Tokenization` so the CLI, which parses input with the same function, does
 * not load cdktf (a test checks the two agree).
 */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/** Escapes Terraform template syntax in the literal parts of one string; cdktf tokens stay as they are. */
export function escapeTerraformTemplate(text: string): string {
  if (!text.includes('${') && !text.includes('%{')) return text;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(STRING_TOKEN)) {
    out += escapeLiteral(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeLiteral(text.slice(last));
}

/**
 * `${` not already escaped becomes `$${` (and `%{` becomes `%%{`). Terraform's
 * template scanner reads `$${` as a literal `${` wherever it stands in a run
 * of `$`, so every `${` preceded by a `$` is text: escaping is idempotent, and
 * props that pass through two doors (a construct, then the building block it
 * uses) are not escaped twice.
 */
function escapeLiteral(literal: string): string {
  return literal.replace(/(?<!\$)\$\{/g, () => '$${').replace(/(?<!%)%\{/g, () => '%%{');
}

/**
 * Escapes every string inside parsed props: plain objects and arrays are
 * copied, anything else (constructs, functions, class instances) is kept as is.
 */
export function escapeTerraformTemplates<T>(value: T): T {
  return escapeDeep(value) as T;
}

function escapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return escapeTerraformTemplate(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escapeTerraformTemplate(k)] = escapeDeep(v);
    return out;
  }
  return value;
}
