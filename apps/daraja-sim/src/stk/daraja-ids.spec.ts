import { accessToken, checkoutRequestId, merchantRequestId, mpesaReceiptNumber } from './daraja-ids';

describe('simulated Daraja identifiers', () => {
  it('MerchantRequestID has the current form', () => {
    expect(merchantRequestId()).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\d{2,7}$/);
  });

  it('CheckoutRequestID encodes the EAT time, the millisecond and the MSISDN', () => {
    // 06:52:43.250 UTC is 09:52:43 in Nairobi.
    expect(checkoutRequestId(new Date('2024-07-21T06:52:43.250Z'), '254722943992')).toBe('ws_CO_21072024095243250722943992');
    expect(checkoutRequestId(new Date('2024-07-21T06:52:43.007Z'), '254722943992')).toBe('ws_CO_210720240952437722943992');
  });

  it.each([
    ['2026-10-02T09:00:00Z', 'UJ2'],
    ['2024-07-06T09:00:00Z', 'SG6'],
    ['2017-01-31T09:00:00Z', 'LAV'],
    ['2019-12-10T09:00:00Z', 'NLA'],
    // 22:00 UTC on 31 Dec is already 1 Jan in Nairobi.
    ['2025-12-31T22:00:00Z', 'UA1'],
  ])('receipt for %p starts with %p', (iso, prefix) => {
    const receipt = mpesaReceiptNumber(new Date(iso));
    expect(receipt).toMatch(/^[A-Z0-9]{10}$/);
    expect(receipt.slice(0, 3)).toBe(prefix);
  });

  it('access tokens are 28 alphanumerics', () => {
    expect(accessToken()).toMatch(/^[A-Za-z0-9]{28}$/);
  });
});
