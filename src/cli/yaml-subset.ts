/**
 * A small, strict YAML reader for intent files (`ai-infra compare`), so the
 * CLI needs no YAML dependency. It reads the block style people write by hand:
 *
 * - mappings (`key: value`, `key:` then an indented block) and sequences
 *   (`- item`, `- key: value` items), indented with spaces;
 * - flow collections on one line: `[a, b]`, `{ key: value }`;
 * - scalars: `null` / `~`, `true` / `false`, decimal numbers (`8`, `0.5`, `1e3`),
 *   double-quoted (JSON escapes), single-quoted (`''` for a quote) and plain strings;
 * - `#` comments.
 *
 * Anything else (anchors, aliases, tags, block scalars `|` / `>`, several
 * documents, tabs in indentation, duplicate keys) is refused with the line
 * number, never guessed at. Documented in docs/cli.md.
 */

/** A YAML input the subset refuses; `line` is 1-based. */
export class YamlSubsetError extends Error {
  constructor(public readonly line: number, public readonly reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'YamlSubsetError';
  }
}

interface Line {
  readonly no: number;
  readonly indent: number;
  readonly text: string;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses `source` (the subset above) into plain JSON values. */
export function parseYamlSubset(source: string): unknown {
  const lines = toLines(source);
  if (lines.length === 0) return null;
  const reader = new BlockReader(lines);
  const value = reader.block(lines[0].indent);
  if (reader.pos < lines.length) {
    const l = lines[reader.pos];
    throw new YamlSubsetError(l.no, `unexpected indentation of ${JSON.stringify(l.text)} (a key or item at ${l.indent} spaces matches no parent)`);
  }
  return value;
}

function toLines(source: string): Line[] {
  const out: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const no = i + 1;
    const lead = /^[ \t]*/.exec(raw)![0];
    if (lead.includes('\t') && raw.trim() !== '') throw new YamlSubsetError(no, 'tabs in indentation (indent with spaces)');
    const text = stripComment(raw, no).trim();
    if (text === '') return;
    if (text === '---' || text === '...' || text.startsWith('--- ') || text.startsWith('%')) {
      throw new YamlSubsetError(no, 'document markers and directives are not supported (one document per file)');
    }
    out.push({ no, indent: lead.length, text });
  });
  return out;
}

/** The line without a `#` comment (a `#` at the start or after a space, outside quotes). */
function stripComment(raw: string, no: number): string {
  let quote: string | undefined;
  // A quote opens a quoted scalar only where a scalar starts; inside a plain scalar (`it's`) it is text.
  let prev = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === '\'') && (prev === '' || ':-[{,'.includes(prev))) {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(raw[i - 1]))) {
      return raw.slice(0, i);
    }
    if (c !== ' ') prev = c;
  }
  if (quote) throw new YamlSubsetError(no, `unterminated ${quote === '"' ? 'double' : 'single'}-quoted string (quoted strings stay on one line)`);
  return raw;
}

class BlockReader {
  public pos = 0;
  constructor(private readonly lines: Line[]) {}

  /** The block (mapping, sequence or scalar) whose first line is at `pos` and indented by `indent`. */
  public block(indent: number): unknown {
    const first = this.lines[this.pos];
    if (isSequenceItem(first.text)) return this.sequence(indent);
    if (splitKey(first.text, first.no)) return this.mapping(indent);
    this.pos++;
    return scalarOrFlow(first.text, first.no);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.indent !== indent || !isSequenceItem(line.text)) break;
      const rest = line.text.slice(1).replace(/^ +/, '');
      if (rest === '') {
        this.pos++;
        items.push(this.nested(indent, line.no));
      } else {
        // `- key: value` starts a mapping whose keys sit where `key` does.
        const column = indent + line.text.length - rest.length;
        this.lines[this.pos] = { no: line.no, indent: column, text: rest };
        items.push(this.block(column));
      }
    }
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.indent !== indent || isSequenceItem(line.text)) break;
      const kv = splitKey(line.text, line.no);
      if (!kv) throw new YamlSubsetError(line.no, `expected "key: value", got ${JSON.stringify(line.text)}`);
      if (Object.prototype.hasOwnProperty.call(out, kv.key)) throw new YamlSubsetError(line.no, `duplicate key ${JSON.stringify(kv.key)}`);
      this.pos++;
      if (kv.value !== '') {
        out[kv.key] = scalarOrFlow(kv.value, line.no);
        continue;
      }
      const next = this.lines[this.pos];
      // A sequence may sit at its key's own indentation (`key:` then `- item`).
      if (next && next.indent === indent && isSequenceItem(next.text)) out[kv.key] = this.sequence(indent);
      else out[kv.key] = this.nested(indent, line.no);
    }
    return out;
  }

  /** The block indented deeper than `parent`, or null when there is none. */
  private nested(parent: number, no: number): unknown {
    const next = this.lines[this.pos];
    if (!next || next.indent <= parent) return null;
    const value = this.block(next.indent);
    const after = this.lines[this.pos];
    if (after && after.indent > parent && after.indent !== next.indent) {
      throw new YamlSubsetError(after.no, `inconsistent indentation (${after.indent} spaces under the block that starts at line ${no})`);
    }
    return value;
  }
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** `key: value` / `key:` outside quotes and brackets, or undefined when the line is not a mapping entry. */
function splitKey(text: string, no: number): { key: string; value: string } | undefined {
  if (text.startsWith('[') || text.startsWith('{')) return undefined;
  if (/^[&*!|>?]/.test(text)) refuseIndicator(text[0], no);
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === '\'') && i === 0) {
      quote = c;
    } else if (c === ':' && (i === text.length - 1 || text[i + 1] === ' ')) {
      const rawKey = text.slice(0, i).trim();
      const key = rawKey.startsWith('"') || rawKey.startsWith('\'') ? quoted(rawKey, no) : rawKey;
      if (key === '') throw new YamlSubsetError(no, 'empty key');
      return { key, value: text.slice(i + 1).trim() };
    }
  }
  return undefined;
}

function refuseIndicator(c: string, no: number): never {
  const what: Record<string, string> = {
    '&': 'anchors', '*': 'aliases', '!': 'tags', '|': 'block scalars', '>': 'block scalars', '?': 'complex keys',
  };
  throw new YamlSubsetError(no, `${what[c]} (${c}) are not supported by the intent-file YAML subset; write the value out, or use JSON`);
}

function scalarOrFlow(text: string, no: number): unknown {
  if (text.startsWith('[') || text.startsWith('{')) {
    const flow = new FlowReader(text, no);
    const value = flow.value();
    flow.end();
    return value;
  }
  return scalar(text, no);
}

function scalar(text: string, no: number): unknown {
  if (/^[&*!|>]/.test(text)) refuseIndicator(text[0], no);
  if (text.startsWith('"') || text.startsWith('\'')) return quoted(text, no);
  if (text === 'null' || text === '~' || text === 'Null' || text === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (NUMBER.test(text)) return Number(text);
  return text;
}

function quoted(text: string, no: number): string {
  if (text.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(text)) throw new YamlSubsetError(no, `bad double-quoted string ${text} (text after the closing quote, or an unterminated string)`);
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new YamlSubsetError(no, `bad escape in ${text} (JSON escapes only)`);
    }
  }
  if (!/^'(?:[^']|'')*'$/.test(text)) throw new YamlSubsetError(no, `bad single-quoted string ${text} (text after the closing quote, or an unterminated string)`);
  return text.slice(1, -1).replace(/''/g, '\'');
}

/** One-line flow collections: `[a, "b", {k: 1}]`, `{ a: 1, b: [x, y] }`. */
class FlowReader {
  private i = 0;
  constructor(private readonly s: string, private readonly no: number) {}

  public value(): unknown {
    this.space();
    const c = this.s[this.i];
    if (c === '[') return this.list();
    if (c === '{') return this.map();
    return scalar(this.token(), this.no);
  }

  public end(): void {
    this.space();
    if (this.i < this.s.length) throw new YamlSubsetError(this.no, `unexpected ${JSON.stringify(this.s.slice(this.i))} after a flow collection`);
  }

  private list(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.space();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      if (this.separator(']')) return out;
    }
  }

  private map(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.space();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      const rawKey = this.token(':');
      const key = rawKey.startsWith('"') || rawKey.startsWith('\'') ? quoted(rawKey, this.no) : rawKey;
      if (this.s[this.i] !== ':') throw new YamlSubsetError(this.no, `expected ":" after key ${JSON.stringify(key)} in a flow mapping`);
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new YamlSubsetError(this.no, `duplicate key ${JSON.stringify(key)}`);
      this.i++;
      out[key] = this.value();
      if (this.separator('}')) return out;
    }
  }

  /** Consumes `,` (returns false) or the closing bracket (returns true). */
  private separator(close: string): boolean {
    this.space();
    const c = this.s[this.i];
    this.i++;
    if (c === ',') return false;
    if (c === close) return true;
    throw new YamlSubsetError(this.no, `expected "," or "${close}" in a flow collection, got ${c === undefined ? 'the end of the line' : JSON.stringify(c)}`);
  }

  /** A scalar token: quoted, or plain up to `,`, a closing bracket or `stop`. */
  private token(stop?: string): string {
    const start = this.i;
    const q = this.s[start];
    if (q === '"' || q === '\'') {
      for (this.i = start + 1; this.i < this.s.length; this.i++) {
        if (q === '"' && this.s[this.i] === '\\') {this.i++;} else if (this.s[this.i] === q) {
          if (q === '\'' && this.s[this.i + 1] === '\'') this.i++;
          else break;
        }
      }
      this.i++;
      return this.s.slice(start, this.i);
    }
    while (this.i < this.s.length && !',]}'.includes(this.s[this.i]) && this.s[this.i] !== stop) this.i++;
    const text = this.s.slice(start, this.i).trim();
    if (text === '') throw new YamlSubsetError(this.no, 'empty value in a flow collection');
    return text;
  }

  private space(): void {
    while (this.s[this.i] === ' ') this.i++;
  }
}
