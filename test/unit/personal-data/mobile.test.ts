import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMobileNumber } from '../../../functions/src/core/personal-data/mobile.ts';
import { MOBILE_SEGMENTS, mobileArbitrary } from './valid-numbers.ts';

describe('isMobileNumber', () => {
  it('accepts exactly the segments allocated to mainland mobile networks', () => {
    const accepted = Array.from({ length: 100 }, (_, index) => String(100 + index)).filter(
      (segment) => isMobileNumber(`${segment}12345678`),
    );
    expect(accepted).toEqual(MOBILE_SEGMENTS);
  });

  it('rejects numbers with fewer or more than 11 digits', () => {
    expect(isMobileNumber('1381234567')).toBe(false);
    expect(isMobileNumber('138123456789')).toBe(false);
  });

  it('accepts the country prefix written as +86 or 0086, with or without a space or hyphen', () => {
    for (const number of [
      '+8613812345678',
      '+86 13812345678',
      '+86-13812345678',
      '008613812345678',
    ]) {
      expect(isMobileNumber(number), number).toBe(true);
    }
  });

  it('rejects a bare 86 glued to the number, which may be a 13-digit identifier', () => {
    expect(isMobileNumber('8613812345678')).toBe(false);
  });

  it('rejects separators, letters and full-width digits, which the cell scanner handles', () => {
    for (const number of [
      '138 1234 5678',
      '138-1234-5678',
      '1381234567x',
      '１３８１２３４５６７８',
    ]) {
      expect(isMobileNumber(number), number).toBe(false);
    }
  });

  it('accepts any 11-digit number in an allocated segment', () => {
    fc.assert(fc.property(mobileArbitrary(), (number) => isMobileNumber(number)));
  });
});
