import { isIPv4, isIPv6 } from 'node:net';

export type AddressClass = 'public' | 'private' | 'loopback' | 'link_local' | 'cgnat' | 'multicast' | 'unspecified' | 'reserved' | 'invalid';

type Range = [cidr: string, cls: Exclude<AddressClass, 'public' | 'invalid'>];

/** IPv4 ranges a merchant webhook must never reach (RFC 6890 special-purpose registry, the parts that matter). */
const IPV4_RANGES: Range[] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link_local'], // includes the cloud metadata address 169.254.169.254
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'], // includes 255.255.255.255
];

const IPV6_RANGES: Range[] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'reserved'], // deprecated IPv4-compatible addresses
  ['100::/64', 'reserved'], // discard
  ['2001::/32', 'reserved'], // Teredo: hides an arbitrary IPv4 address
  ['2001:db8::/32', 'reserved'], // documentation
  ['fc00::/7', 'private'], // unique local
  ['fe80::/10', 'link_local'],
  ['fec0::/10', 'private'], // deprecated site-local
  ['ff00::/8', 'multicast'],
];

/**
 * What kind of address `ip` is; only 'public' may be a webhook destination. IPv6 addresses that
 * carry an IPv4 address (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged
 * by the IPv4 address inside, so `::ffff:127.0.0.1` is loopback.
 */
export function classifyAddress(ip: string): AddressClass {
  const address = ip.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) does not change the address
  if (isIPv4(address)) return classifyV4(v4ToNumber(address));
  if (!isIPv6(address)) return 'invalid';
  const bytes = v6ToBytes(address);
  const embedded = embeddedV4(bytes);
  if (embedded !== null) return classifyV4(embedded);
  for (const [cidr, cls] of IPV6_RANGES) {
    const [base, bits] = cidr.split('/');
    if (v6InPrefix(bytes, v6ToBytes(base), Number(bits))) return cls;
  }
  return 'public';
}

export function isAllowedDestination(ip: string): boolean {
  return classifyAddress(ip) === 'public';
}

function classifyV4(value: number): AddressClass {
  for (const [cidr, cls] of IPV4_RANGES) {
    const [base, bits] = cidr.split('/');
    const size = Number(bits);
    const mask = size === 0 ? 0 : (0xffffffff << (32 - size)) >>> 0;
    if ((value & mask) >>> 0 === (v4ToNumber(base) & mask) >>> 0) return cls;
  }
  return 'public';
}

function v4ToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

function embeddedV4(b: number[]): number | null {
  const tail = ((b[12] << 24) | (b[13] << 16) | (b[14] << 8) | b[15]) >>> 0;
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return tail; // ::ffff:a.b.c.d
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return tail; // 64:ff9b::a.b.c.d
  if (b[0] === 0x20 && b[1] === 0x02) return ((b[2] << 24) | (b[3] << 16) | (b[4] << 8) | b[5]) >>> 0; // 2002:AABB:CCDD::
  return null;
}

/** 16 bytes of an address that node:net already accepted as IPv6. */
function v6ToBytes(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v = v4ToNumber(dotted[1]);
    text = text.slice(0, -dotted[1].length) + `${((v >>> 16) & 0xffff).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return groups.flatMap((g) => {
    const v = parseInt(g, 16);
    return [(v >> 8) & 0xff, v & 0xff];
  });
}

function v6InPrefix(bytes: number[], base: number[], bits: number): boolean {
  for (let i = 0; i < 16 && bits > 0; i += 1, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i] & mask) !== (base[i] & mask)) return false;
  }
  return true;
}
