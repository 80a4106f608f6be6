import * as ipaddr from 'ipaddr.js';

/**
 * Ranges refused on top of the ones ipaddr.js names (it calls them 'unicast'), as CIDR strings the
 * library parses. ipaddr.js 2.5 already names NAT64 (`rfc6052`: 64:ff9b::/96 and 64:ff9b:1::/48) and
 * SIIT (`rfc6145`: ::ffff:0:0:0/96); what it lacks is the deprecated IPv4-compatible block.
 */
const EXTRA_REFUSED: [range: string, cidr: [ipaddr.IPv4 | ipaddr.IPv6, number]][] = [
  ['ipv4Compatible', ipaddr.parseCIDR('::/96')], // RFC 4291 §2.5.5.1, deprecated; never a real destination
];

export interface AddressVerdict {
  /** Where to connect: the library's form of the address; for IPv4-mapped IPv6, the IPv4 address inside. */
  address: string;
  family: 4 | 6;
  /**
   * 'unicast' (allowed) or the range that refuses it, by ipaddr.js's names: loopback, private,
   * linkLocal, carrierGradeNat, uniqueLocal, multicast, unspecified, broadcast, reserved,
   * benchmarking, rfc6052 (NAT64), rfc6145 (SIIT), 6to4, teredo, deprecatedSiteLocal, discard, … or
   * ipv4Compatible.
   */
  range: string;
  allowed: boolean;
}

/**
 * Whether `ip` (as dns.lookup or a URL's host gives it) may be a webhook destination; null when it
 * is not an IP address at all. Only what ipaddr.js calls 'unicast' is allowed, minus EXTRA_REFUSED.
 *
 * IPv4-mapped addresses (`::ffff:a.b.c.d`) are judged as the IPv4 address inside, and the
 * connection then goes to that IPv4 address: the kernel would send it there anyway, so
 * `::ffff:8.8.8.8` is as good as 8.8.8.8 and `::ffff:127.0.0.1` is loopback. (ipaddr.js reads the
 * deprecated text form `::a.b.c.d` as mapped too; it is judged and connected to the same way.)
 * Every other IPv6 block that carries or translates to an IPv4 address (NAT64, SIIT, 6to4, Teredo)
 * is refused outright: where such a packet ends up depends on a translator we cannot see.
 */
export function judgeAddress(ip: string): AddressVerdict | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) parsed = ipaddr.IPv4.parse(ip);
  else if (ipaddr.IPv6.isValid(ip)) parsed = ipaddr.IPv6.parse(ip);
  else return null;
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();

  let range: string = parsed.range();
  if (range === 'unicast') range = EXTRA_REFUSED.find(([, cidr]) => parsed.kind() === cidr[0].kind() && parsed.match(cidr))?.[0] ?? range;
  return { address: parsed.toString(), family: parsed.kind() === 'ipv4' ? 4 : 6, range, allowed: range === 'unicast' };
}

/** The range `ip` falls in ('unicast' is the only allowed one), or 'invalid' when it is not an IP address. */
export function classifyAddress(ip: string): string {
  return judgeAddress(ip)?.range ?? 'invalid';
}

export function isAllowedDestination(ip: string): boolean {
  return judgeAddress(ip)?.allowed ?? false;
}
