import { parsePrivateTargets, PrivateTargets } from './webhook-http.client';

describe('parsePrivateTargets (WEBHOOK_ALLOWED_PRIVATE_TARGETS)', () => {
  it.each(['', ' ', ',', ' , '])('%j allows nothing', (text) => {
    const targets = parsePrivateTargets(text);
    expect(targets.entries).toEqual([]);
    expect(targets.allows('localhost', 80)).toBe(false);
    expect(targets.allows('127.0.0.1', 8080)).toBe(false);
  });

  it('reads host, host:port, [ipv6]:port and a bare IPv6 address, normalised', () => {
    expect(parsePrivateTargets('localhost, LocalHost:4000,127.0.0.1:8080,[::1]:9000,::1,[0:0:0:0:0:0:0:1],receiver.internal').entries).toEqual([
      { host: 'localhost', port: null },
      { host: 'localhost', port: 4000 },
      { host: '127.0.0.1', port: 8080 },
      { host: '::1', port: 9000 },
      { host: '::1', port: null },
      { host: '::1', port: null },
      { host: 'receiver.internal', port: null },
    ]);
  });

  it('a host entry allows every port of that host, a host:port entry only that port', () => {
    const targets = parsePrivateTargets('localhost,127.0.0.1:8080,[::1]:9000');
    expect(targets.allows('localhost', 1234)).toBe(true);
    expect(targets.allows('LOCALHOST', 80)).toBe(true);
    expect(targets.allows('127.0.0.1', 8080)).toBe(true);
    expect(targets.allows('127.0.0.1', 8081)).toBe(false);
    expect(targets.allows('::1', 9000)).toBe(true);
    expect(targets.allows('[0:0:0:0:0:0:0:1]', 9000)).toBe(true);
    expect(targets.allows('::1', 9001)).toBe(false);
    // only what is listed: not other loopback addresses, not other names
    expect(targets.allows('127.0.0.2', 8080)).toBe(false);
    expect(targets.allows('localhost.example', 80)).toBe(false);
    expect(targets.allows('10.0.0.1', 8080)).toBe(false);
  });

  it('an IPv4 entry also matches that address written as IPv4-mapped IPv6', () => {
    expect(parsePrivateTargets('127.0.0.1:8080').allows('::ffff:127.0.0.1', 8080)).toBe(true);
  });

  it.each([
    ['*', 'is not a host name or IP address'],
    ['*:8080', 'is not a host name or IP address'],
    ['0.0.0.0', 'would allow every address'],
    ['[::]:8080', 'would allow every address'],
    ['::', 'would allow every address'],
    ['localhost:0', 'has no valid port'],
    ['localhost:65536', 'has no valid port'],
    ['localhost:', 'has no valid port'],
    ['localhost:http', 'has no valid port'],
    ['[localhost]:80', 'is not an IPv6 address in brackets'],
    ['10.0.0.0/8', 'is not a host name or IP address'],
    ['-bad-.example', 'is not a host name or IP address'],
  ])('refuses %j (%s)', (text, why) => {
    expect(() => parsePrivateTargets(text)).toThrow(why);
  });

  it('PrivateTargets.none allows nothing and prints as the empty setting', () => {
    expect(PrivateTargets.none.allows('localhost', 80)).toBe(false);
    expect(PrivateTargets.none.toString()).toBe('');
    expect(parsePrivateTargets('localhost,127.0.0.1:8080,[::1]:9000').toString()).toBe('localhost,127.0.0.1:8080,[::1]:9000');
  });
});
