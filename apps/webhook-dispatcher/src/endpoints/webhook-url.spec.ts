import { isValidWebhookUrl } from './webhook-url';

describe('isValidWebhookUrl', () => {
  it.each([
    ['https://merchant.example/hooks/lipa', true],
    ['http://merchant.example:8080/hooks', true],
    ['https://203.0.113.7/hook', true],
    ['https://[2001:db8::1]/hook', true],
    ['/hooks/lipa', false],
    ['merchant.example/hooks', false],
    ['ftp://merchant.example/hooks', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['https://', false],
    ['', false],
  ])('%s → %s', (url, valid) => {
    expect(isValidWebhookUrl(url)).toBe(valid);
  });
});
