import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { isResidentId } from '../../../functions/src/core/personal-data/resident-id.ts';
import { residentIdArbitrary, residentIdCheck, TODAY } from './valid-numbers.ts';

// The example printed in GB 11643-1999 itself (a woman born 1949-12-31 in 北京市朝阳区).
const STANDARD_EXAMPLE = '11010519491231002X';

function withCheck(body: string): string {
  return body + residentIdCheck(body);
}

describe('isResidentId', () => {
  it('accepts the example from GB 11643-1999, whose check character is X', () => {
    expect(isResidentId(STANDARD_EXAMPLE, TODAY)).toBe(true);
  });

  it('accepts a lower-case x as the check character', () => {
    expect(isResidentId(STANDARD_EXAMPLE.toLowerCase(), TODAY)).toBe(true);
  });

  it('accepts a number whose check character is 0', () => {
    expect(residentIdCheck('11010519491231103')).toBe('0');
    expect(isResidentId('110105194912311030', TODAY)).toBe(true);
  });

  it('rejects every check character but the right one', () => {
    const body = STANDARD_EXAMPLE.slice(0, 17);
    const accepted = [...'0123456789XxA'].filter((check) => isResidentId(body + check, TODAY));
    expect(accepted).toEqual(['X', 'x']);
  });

  it('accepts the residence permits of Hong Kong, Macao and Taiwan residents (81, 82, 83)', () => {
    for (const region of ['810000', '820000', '830000']) {
      expect(isResidentId(withCheck(`${region}19900307100`), TODAY), region).toBe(true);
    }
  });

  it('rejects region codes that start with no province-level code', () => {
    for (const province of [
      '00',
      '10',
      '16',
      '20',
      '24',
      '30',
      '38',
      '40',
      '47',
      '49',
      '55',
      '60',
      '66',
      '70',
      '72',
      '80',
      '84',
      '91',
      '99',
    ]) {
      expect(isResidentId(withCheck(`${province}010519900307100`), TODAY), province).toBe(false);
    }
  });

  it('accepts 29 February in leap years, 2000 included', () => {
    expect(isResidentId(withCheck('11010520000229100'), TODAY)).toBe(true);
    expect(isResidentId(withCheck('11010519960229100'), TODAY)).toBe(true);
  });

  it('rejects 29 February in years that are not leap years, 1900 included', () => {
    expect(isResidentId(withCheck('11010519000229100'), TODAY)).toBe(false);
    expect(isResidentId(withCheck('11010520230229100'), TODAY)).toBe(false);
  });

  it('rejects birth dates that are not on the calendar', () => {
    for (const date of ['19901301', '19900001', '19900100', '19900132', '19900431', '19909999']) {
      expect(isResidentId(withCheck(`110105${date}100`), TODAY), date).toBe(false);
    }
  });

  it('rejects births before 1900, such as the 1880 example in GB 11643-1999', () => {
    expect(isResidentId('440524188001010014', TODAY)).toBe(false);
    expect(isResidentId(withCheck('11010518991231100'), TODAY)).toBe(false);
    expect(isResidentId(withCheck('11010519000101100'), TODAY)).toBe(true);
  });

  it('rejects births after the given today, and accepts a birth on that very day', () => {
    expect(isResidentId(withCheck('11010520250630100'), '2025-06-30')).toBe(true);
    expect(isResidentId(withCheck('11010520250701100'), '2025-06-30')).toBe(false);
    expect(isResidentId(withCheck('11010520250701100'), '2025-07-01')).toBe(true);
  });

  it('rejects numbers of the wrong length or with a letter in the first 17 characters', () => {
    expect(isResidentId(STANDARD_EXAMPLE.slice(1), TODAY)).toBe(false);
    expect(isResidentId(`${STANDARD_EXAMPLE}0`, TODAY)).toBe(false);
    expect(isResidentId('1101051949123100XX', TODAY)).toBe(false);
    expect(isResidentId('１１０１０５１９４９１２３１００２Ｘ', TODAY)).toBe(false);
  });

  it('throws a DatarunError naming the field when today is not a real YYYY-MM-DD date', () => {
    for (const today of ['2025/06/30', '2025-6-30', '2023-02-29', '']) {
      expect(() => isResidentId(STANDARD_EXAMPLE, today), today).toThrow(DatarunError);
    }
    expect(() => isResidentId(STANDARD_EXAMPLE, 'today')).toThrow(
      /expected today's date as YYYY-MM-DD/,
    );
  });

  it('accepts any number built from a province, a past birth date, a sequence and its check', () => {
    fc.assert(fc.property(residentIdArbitrary(), (id) => isResidentId(id, TODAY)));
  });

  it('rejects any number with one character changed', () => {
    // Weights are powers of 2 modulo the prime 11, never 0, and digits differ by less than 11:
    // one changed digit always changes the sum modulo 11, so no change yields another valid ID.
    fc.assert(
      fc.property(
        residentIdArbitrary(),
        fc.nat(17),
        fc.constantFrom(...'0123456789X'),
        (id, position, replacement) => {
          const changed = id.slice(0, position) + replacement + id.slice(position + 1);
          fc.pre(changed.toUpperCase() !== id.toUpperCase());
          expect(isResidentId(changed, TODAY)).toBe(false);
        },
      ),
    );
  });
});
