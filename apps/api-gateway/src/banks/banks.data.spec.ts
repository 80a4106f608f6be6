import { BANKS } from './banks.data';

describe('the supported banks list', () => {
  it.each([
    ['equity', '247247'],
    ['kcb', '522522'],
    ['kcb', '522533'],
    ['co_op', '400200'],
    ['co_op', '400222'],
    ['standard_chartered', '329329'],
  ])('lists %s with paybill %s', (code, paybill) => {
    expect(BANKS.find((bank) => bank.code === code)?.paybills).toContain(paybill);
  });

  it('gives every bank a unique snake_case code', () => {
    const codes = BANKS.map((bank) => bank.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('cites a public http(s) source for every bank', () => {
    for (const bank of BANKS) expect(() => new URL(bank.source)).not.toThrow();
    for (const bank of BANKS) expect(new URL(bank.source).protocol).toMatch(/^https?:$/);
  });

  it('gives every bank at least one paybill, each a 5–7 digit shortcode listed under one bank only', () => {
    const seen = new Map<string, string>();
    for (const bank of BANKS) {
      expect(bank.paybills.length).toBeGreaterThan(0);
      for (const paybill of bank.paybills) {
        expect(paybill).toMatch(/^\d{5,7}$/);
        expect(seen.get(paybill) ?? bank.code).toBe(bank.code);
        seen.set(paybill, bank.code);
      }
    }
  });

  it('has a name for every bank', () => {
    for (const bank of BANKS) expect(bank.name.trim().length).toBeGreaterThan(0);
  });
});
