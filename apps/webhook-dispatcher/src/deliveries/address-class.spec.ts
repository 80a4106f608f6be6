import { classifyAddress, isAllowedDestination, judgeAddress } from './address-class';

describe('classifyAddress (ipaddr.js ranges)', () => {
  // [address, range it falls in]; only 'unicast' is an allowed destination.
  const rows: [string, string][] = [
    // public: IPv4, IPv6, and IPv4-mapped public (judged by the IPv4 inside)
    ['8.8.8.8', 'unicast'],
    ['41.90.64.10', 'unicast'],
    ['172.32.0.1', 'unicast'],
    ['172.15.255.255', 'unicast'],
    ['100.128.0.1', 'unicast'],
    ['2606:4700:4700::1111', 'unicast'],
    ['2a00:1450:4001:80b::200e', 'unicast'],
    ['::ffff:8.8.8.8', 'unicast'],
    ['::ffff:808:808', 'unicast'],
    // loopback
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'], // deprecated text form, read by ipaddr.js as mapped
    // private (RFC 1918)
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:10.1.2.3', 'private'],
    ['::FFFF:192.168.0.1', 'private'],
    ['::ffff:ac10:1', 'private'], // 172.16.0.1 in hex
    // link-local, incl. the cloud metadata address
    ['169.254.169.254', 'linkLocal'],
    ['169.254.0.1', 'linkLocal'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['febf:ffff::1', 'linkLocal'],
    // CGNAT 100.64/10
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['::ffff:100.64.0.1', 'carrierGradeNat'],
    // unique local fc00::/7, deprecated site-local
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456:789a::1', 'uniqueLocal'],
    ['fec0::1', 'deprecatedSiteLocal'],
    // multicast
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['::ffff:224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['ff05::1:3', 'multicast'],
    // unspecified, broadcast
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:255.255.255.255', 'broadcast'],
    // reserved, documentation, benchmarking, discard
    ['192.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::ffff:192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['3fff::1', 'reserved'],
    ['2001:2::1', 'benchmarking'],
    ['100::1', 'discard'],
    // NAT64 (RFC 6052 well-known prefix and RFC 8215 local-use prefix): refused whatever IPv4 they carry
    ['64:ff9b::8.8.8.8', 'rfc6052'],
    ['64:ff9b::808:808', 'rfc6052'],
    ['64:ff9b::127.0.0.1', 'rfc6052'],
    ['64:ff9b:1::1', 'rfc6052'],
    ['64:ff9b:1:ffff::808:808', 'rfc6052'],
    // SIIT ::ffff:0:0:0/96 (RFC 6145)
    ['::ffff:0:8.8.8.8', 'rfc6145'],
    ['::ffff:0:7f00:1', 'rfc6145'],
    // 6to4 and Teredo: refused whatever IPv4 they carry
    ['2002:808:808::1', '6to4'],
    ['2002:7f00:1::', '6to4'],
    ['2001::1', 'teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    // deprecated IPv4-compatible ::/96 in hex (not a named range of ipaddr.js: our CIDR)
    ['::808:808', 'ipv4Compatible'],
    ['::2', 'ipv4Compatible'],
    // other special ranges ipaddr.js names
    ['192.175.48.1', 'as112'],
    ['192.52.193.1', 'amt'],
    ['2001:10::1', 'deprecatedOrchid'],
    ['2001:20::1', 'orchid2'],
    ['5f00::1', 'segmentRouting'],
    // not addresses at all (nor the odd IPv4 spellings some parsers accept)
    ['localhost', 'invalid'],
    ['', 'invalid'],
    ['999.1.1.1', 'invalid'],
    ['127.1', 'invalid'],
    ['2130706433', 'invalid'],
    ['0x7f.0.0.1', 'invalid'],
    ['[::1]', 'invalid'],
  ];

  it.each(rows)('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
    expect(isAllowedDestination(ip)).toBe(expected === 'unicast');
  });

  it('connects an IPv4-mapped address to the IPv4 address it was judged as', () => {
    expect(judgeAddress('::ffff:8.8.8.8')).toEqual({ address: '8.8.8.8', family: 4, range: 'unicast', allowed: true });
    expect(judgeAddress('::ffff:127.0.0.1')).toEqual({ address: '127.0.0.1', family: 4, range: 'loopback', allowed: false });
  });

  it('gives the normal form of other addresses', () => {
    expect(judgeAddress('2606:4700:4700:0:0:0:0:1111')).toEqual({ address: '2606:4700:4700::1111', family: 6, range: 'unicast', allowed: true });
    expect(judgeAddress('41.90.64.10')).toEqual({ address: '41.90.64.10', family: 4, range: 'unicast', allowed: true });
    expect(judgeAddress('example.com')).toBeNull();
  });
});
