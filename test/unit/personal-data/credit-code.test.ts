import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidCreditCode } from '../../../functions/src/core/personal-data/credit-code.ts';
import { creditCodeCheck, digits } from './valid-numbers.ts';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// Codes as printed on public registrations and documents, each checked against its standard.
const REAL_CODES = {
  华为技术有限公司: '914403001922038216',
  '腾讯科技（深圳）有限公司': '9144030071526726XG',
  '阿里巴巴（中国）有限公司': '91330100716105852F',
  小米通讯技术有限公司: '91110108558521630L',
  晋中市文化和旅游局: '11140800558745220K',
  荥阳市司法局: '11410182005291054B',
};

describe('isValidCreditCode', () => {
  it.each(Object.entries(REAL_CODES))('accepts the real code of %s', (_name, code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('accepts a code whose weighted sum is a multiple of 31, so its check character is 0', () => {
    expect(creditCodeCheck('91440300192203839')).toBe('0');
    expect(isValidCreditCode('914403001922038390')).toBe(true);
  });

  it('rejects every check character but the right one', () => {
    const body = REAL_CODES.华为技术有限公司.slice(0, 17);
    const accepted = [...`${ALPHABET}IOZSVx`].filter((check) => isValidCreditCode(body + check));
    expect(accepted).toEqual(['6']);
  });

  it('rejects the letters I, O, Z, S and V, which the code alphabet leaves out', () => {
    for (const letter of 'IOZSV') {
      const body = `91110108${letter}58521630`;
      expect(isValidCreditCode(body + 'L'), letter).toBe(false);
    }
  });

  it('rejects a letter in the region code (positions 3-8) even with a matching check character', () => {
    const body = '9111A108558521630';
    expect(isValidCreditCode(body + creditCodeCheck(body))).toBe(false);
  });

  it('rejects lower-case letters, and codes that are not 18 characters long', () => {
    expect(isValidCreditCode('9144030071526726xg')).toBe(false);
    expect(isValidCreditCode('91440300192203821')).toBe(false);
    expect(isValidCreditCode('9144030019220382160')).toBe(false);
    expect(isValidCreditCode('')).toBe(false);
  });

  it('accepts any code completed with its check character, and rejects any changed character', () => {
    const body = fc
      .tuple(
        fc.constantFrom(...'159ANY'),
        fc.constantFrom(...'12359'),
        digits(6),
        fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 9, maxLength: 9 }),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        body,
        fc.nat(16),
        fc.constantFrom(...ALPHABET),
        (start, position, replacement) => {
          const code = start + creditCodeCheck(start);
          expect(isValidCreditCode(code)).toBe(true);
          // Weights are powers of 3, none a multiple of the prime 31, and values differ by less
          // than 31: changing one character always changes the sum modulo 31.
          const changed = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(isValidCreditCode(changed)).toBe(changed === code);
        },
      ),
    );
  });
});
