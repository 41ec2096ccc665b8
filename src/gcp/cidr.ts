/**
 * IPv4 CIDR arithmetic for planning GCP subnets and secondary ranges at synth:
 * carving fabric subnets out of a base range and proving that no two ranges
 * of one design overlap (GCP rejects overlapping subnet and secondary ranges
 * in one VPC, and pods must never share addresses with a GPU NIC network).
 */

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** First and last address of a CIDR, as unsigned 32-bit numbers. */
export interface CidrRange {
  readonly cidr: string;
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n` in network form (host bits zero); undefined when it is not one. */
export function parseCidr(cidr: string): CidrRange | undefined {
  const m = CIDR.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const first = ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
  const size = 2 ** (32 - prefix);
  if (first % size !== 0) return undefined;
  return { cidr, first, last: first + size - 1, prefix };
}

/** Whether `s` is an IPv4 CIDR in network form with a prefix of /min to /max. */
export function isCidr(s: string, min = 0, max = 32): boolean {
  const r = parseCidr(s);
  return r !== undefined && r.prefix >= min && r.prefix <= max;
}

function format(n: number, prefix: number): string {
  return `${[24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.')}/${prefix}`;
}

/**
 * Terraform's `cidrsubnet(base, newBits, index)`: the index-th sub-range of
 * `base` with a prefix `newBits` longer. Throws on a bad base or an index
 * outside the base (an internal error: callers size their requests).
 */
export function cidrSubnet(base: string, newBits: number, index: number): string {
  const r = parseCidr(base);
  if (!r) throw new Error(`cidrSubnet: ${base} is not an IPv4 CIDR in network form`);
  const prefix = r.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) throw new Error(`cidrSubnet: index ${index} does not fit ${base} with ${newBits} new bits`);
  return format(r.first + index * 2 ** (32 - prefix), prefix);
}

/** The first pair of ranges that overlap, by name, or undefined when all are disjoint. */
export function firstOverlap(ranges: Readonly<Record<string, string>>): [string, string] | undefined {
  const parsed = Object.entries(ranges).map(([name, cidr]) => ({ name, r: parseCidr(cidr) }));
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      const a = parsed[i].r;
      const b = parsed[j].r;
      if (a && b && a.first <= b.last && b.first <= a.last) return [parsed[i].name, parsed[j].name];
    }
  }
  return undefined;
}
