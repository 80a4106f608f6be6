import { AddressClass, classifyAddress, isAllowedDestination } from './address-class';

describe('classifyAddress', () => {
  const rows: [string, AddressClass][] = [
    // IPv4
    ['8.8.8.8', 'public'],
    ['41.90.64.10', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['172.32.0.1', 'public'],
    ['172.15.255.255', 'public'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['169.254.169.254', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    // IPv6
    ['2606:4700:4700::1111', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    // IPv6 carrying IPv4: judged by the IPv4 inside
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['64:ff9b::808:808', 'public'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:0808:0808::1', 'public'],
    ['::127.0.0.1', 'reserved'],
    // not addresses at all
    ['localhost', 'invalid'],
    ['', 'invalid'],
    ['999.1.1.1', 'invalid'],
  ];

  it.each(rows)('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });

  it('allows only public addresses as destinations', () => {
    expect(isAllowedDestination('8.8.8.8')).toBe(true);
    expect(isAllowedDestination('2606:4700:4700::1111')).toBe(true);
    expect(isAllowedDestination('127.0.0.1')).toBe(false);
    expect(isAllowedDestination('::ffff:10.0.0.1')).toBe(false);
    expect(isAllowedDestination('not-an-ip')).toBe(false);
  });
});
