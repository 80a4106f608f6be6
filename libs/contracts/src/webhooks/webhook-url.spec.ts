import { webhookUrlProblem } from './webhook-url';

describe('webhookUrlProblem', () => {
  const notHttp = 'The webhook URL must be an absolute http or https URL';

  it.each([
    ['https://merchant.example/hooks/lipa', 'test'],
    ['https://merchant.example/hooks/lipa', 'live'],
    ['http://merchant.example:8080/hooks', 'test'],
    ['https://203.0.113.7/hook', 'live'],
    ['https://[2001:db8::1]/hook', 'live'],
    ['HTTPS://Merchant.Example/Hooks?x=1#frag', 'live'],
    [`https://merchant.example/${'a'.repeat(2048 - 'https://merchant.example/'.length)}`, 'live'],
  ] as const)('%s is acceptable in %s mode', (url, mode) => {
    expect(webhookUrlProblem(url, mode)).toBeNull();
  });

  it.each([
    ['/hooks/lipa', 'test', notHttp],
    ['merchant.example/hooks', 'test', notHttp],
    ['ftp://merchant.example/hooks', 'test', notHttp],
    ['javascript:alert(1)', 'test', notHttp],
    ['file:///etc/passwd', 'test', notHttp],
    ['https://', 'test', notHttp],
    ['', 'test', notHttp],
    ['https://user:pass@merchant.example/hooks', 'test', 'The webhook URL must not contain a user name or password'],
    ['https://user@merchant.example/hooks', 'live', 'The webhook URL must not contain a user name or password'],
    ['https://:secret@merchant.example/hooks', 'test', 'The webhook URL must not contain a user name or password'],
    ['http://merchant.example/hooks', 'live', 'A live webhook URL must use https'],
    ['http://127.0.0.1:8080/hooks', 'live', 'A live webhook URL must use https'],
    [`https://merchant.example/${'a'.repeat(2049 - 'https://merchant.example/'.length)}`, 'test', 'The webhook URL must be at most 2048 characters'],
  ] as const)('%s in %s mode: %s', (url, mode, problem) => {
    expect(webhookUrlProblem(url, mode)).toBe(problem);
  });
});
