import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBankCard } from '../../../functions/src/core/personal-data/bank-card.ts';
import { scanCell } from '../../../functions/src/core/personal-data/cell-scanner.ts';
import { isValidCreditCode } from '../../../functions/src/core/personal-data/credit-code.ts';
import { isResidentId } from '../../../functions/src/core/personal-data/resident-id.ts';
import {
  bankCardArbitrary,
  chineseTextArbitrary,
  digits,
  mobileArbitrary,
  residentIdArbitrary,
  TODAY,
} from './valid-numbers.ts';

const ID = '11010519491231002X'; // the example in GB 11643-1999
const MOBILE = '13812345678';
const CARD = '6205500000000000004'; // a published UnionPay test number

function scan(value: string): readonly string[] {
  return scanCell(value, TODAY);
}

// Splits `number` after each of `sizes` digits: grouped('13812345678', [3, 4], ' ') is "138 1234 5678".
function grouped(number: string, sizes: number[], separator: string): string {
  const groups: string[] = [];
  let start = 0;
  for (const size of sizes) {
    groups.push(number.slice(start, start + size));
    start += size;
  }
  const rest = number.slice(start);
  return (rest === '' ? groups : [...groups, rest]).join(separator);
}

function toFullWidth(text: string): string {
  return text.replace(/[0-9A-Za-z+]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));
}

describe('scanCell', () => {
  it('finds numbers embedded in Chinese text', () => {
    expect(scan(`联系电话：${MOBILE}，`)).toEqual(['mobile']);
    expect(scan(`身份证号${ID}`)).toEqual(['resident-id']);
    expect(scan(`身份证号码为${ID.toLowerCase()}。`)).toEqual(['resident-id']);
    expect(scan(`卡号${CARD}（工资卡）`)).toEqual(['bank-card']);
  });

  it('lists every kind found in a cell, in a fixed order', () => {
    expect(scan(`卡${CARD} 手机${MOBILE} 证件${ID}`)).toEqual([
      'resident-id',
      'mobile',
      'bank-card',
    ]);
  });

  it('finds numbers written in full-width digits', () => {
    expect(scan(`电话：${toFullWidth(MOBILE)}`)).toEqual(['mobile']);
    expect(scan(`身份证：${toFullWidth(ID)}`)).toEqual(['resident-id']);
  });

  it('ignores a number that is part of a longer run of digits', () => {
    expect(scan(`0${MOBILE}`)).toEqual([]);
    expect(scan(`${MOBILE}9`)).toEqual([]);
    expect(scan(`1${ID}`)).toEqual([]);
    expect(scan(`${ID.slice(0, 17)}00`)).toEqual([]);
  });

  it('ignores the integer and the fraction part of a decimal number', () => {
    expect(scan(`${MOBILE}.5`)).toEqual([]);
    expect(scan(`0.${MOBILE}`)).toEqual([]);
    expect(scan(`－${toFullWidth(MOBILE)}．５`)).toEqual([]);
  });

  it('finds a number followed by a full stop that is not a decimal point', () => {
    expect(scan(`Call ${MOBILE}.`)).toEqual(['mobile']);
    expect(scan(`电话${MOBILE}.联系人`)).toEqual(['mobile']);
  });

  it('ignores digits glued to Latin letters, as in hashes and UUIDs', () => {
    expect(scan(`a${MOBILE}`)).toEqual([]);
    expect(scan(`${MOBILE}b`)).toEqual([]);
    expect(scan(`c4eb2a91-7797-4583-8428-f${MOBILE}`)).toEqual([]);
    expect(scan(`${ID}A`)).toEqual([]);
  });

  it('ignores real 统一社会信用代码, including an 18-digit one', () => {
    for (const code of ['914403001922038216', '9144030071526726XG', '11140800558745220K']) {
      expect(scan(`统一社会信用代码：${code}`), code).toEqual([]);
    }
  });

  it('does not take a credit code for a card number even when it passes the Luhn check', () => {
    const unionCode = '814403000000000163'; // a trade union's code shape, starting with 81
    expect(isValidCreditCode(unionCode) && isBankCard(unionCode)).toBe(true);
    expect(scan(unionCode)).toEqual([]);
  });

  it('reports a number that passes both the credit-code and the resident-ID rules as an ID', () => {
    const both = '110119199003070023';
    expect(isValidCreditCode(both) && isResidentId(both, TODAY)).toBe(true);
    expect(scan(both)).toEqual(['resident-id']);
  });

  it('finds numbers written in groups joined by single spaces or hyphens', () => {
    expect(scan('手机 138 1234 5678')).toEqual(['mobile']);
    expect(scan('手机 138-1234-5678')).toEqual(['mobile']);
    expect(scan('卡号 6205 5000 0000 0000 004')).toEqual(['bank-card']);
    expect(scan('卡号 4111-1111-1111-1111')).toEqual(['bank-card']);
    expect(scan('身份证 110105 19491231 002X')).toEqual(['resident-id']);
  });

  it('ignores groups with mixed separators, double spaces or a shape no number is written in', () => {
    expect(scan('138 1234-5678')).toEqual([]);
    expect(scan('138  1234  5678')).toEqual([]);
    expect(scan('138 1234 5678 9')).toEqual([]);
    expect(scan('13 81 23 45 67 8')).toEqual([]);
    expect(scan('0571 138 1234 5678')).toEqual([]);
    expect(scan('2019 2020 2021 2022')).toEqual([]);
  });

  it('finds a mobile after +86 or 0086, but not after a bare 86 glued to it', () => {
    expect(scan(`+86${MOBILE}`)).toEqual(['mobile']);
    expect(scan(`＋８６${toFullWidth(MOBILE)}`)).toEqual(['mobile']);
    expect(scan(`0086${MOBILE}`)).toEqual(['mobile']);
    expect(scan('+86 138 1234 5678')).toEqual(['mobile']);
    expect(scan('0086 138-1234-5678')).toEqual(['mobile']);
    expect(scan(`86${MOBILE}`)).toEqual([]);
  });

  it('finds nothing in a cell with fewer than 11 digits', () => {
    expect(scan('1381234567')).toEqual([]);
    expect(scan('北京市东城区东华门街道110101001')).toEqual([]);
  });

  it('throws on a malformed today even for a cell it turns away at once', () => {
    expect(() => scanCell('东华门街道', '2025-13-01')).toThrow(/YYYY-MM-DD/);
  });

  it('finds any valid resident ID, mobile or card number, in any form it reads, in Chinese text', () => {
    const separator = fc.constantFrom(' ', '-');
    const personal = fc.oneof(
      fc
        .tuple(residentIdArbitrary(), separator)
        .chain(([id, sep]) =>
          fc
            .constantFrom(id, grouped(id, [6, 8], sep))
            .map((value) => ({ value, kind: 'resident-id' })),
        ),
      fc.tuple(mobileArbitrary(), separator).chain(([mobile, sep]) => {
        const forms = [mobile, grouped(mobile, [3, 4], sep), `+86${mobile}`, `0086${mobile}`];
        forms.push(
          `+86${sep}${grouped(mobile, [3, 4], sep)}`,
          `0086 ${grouped(mobile, [3, 4], sep)}`,
        );
        return fc.constantFrom(...forms).map((value) => ({ value, kind: 'mobile' }));
      }),
      fc
        .tuple(bankCardArbitrary(), separator)
        // An 18-digit card number may also be a valid ID or credit code; those are tested above.
        .filter(([card]) => !isResidentId(card, TODAY) && !isValidCreditCode(card))
        .chain(([card, sep]) =>
          fc
            .constantFrom(card, grouped(card, [4, 4, 4, 4], sep))
            .map((value) => ({ value, kind: 'bank-card' })),
        ),
    );
    fc.assert(
      fc.property(
        chineseTextArbitrary(),
        personal,
        fc.boolean(),
        chineseTextArbitrary(),
        (before, { value, kind }, wide, after) => {
          expect(scan(before + (wide ? toFullWidth(value) : value) + after)).toEqual([kind]);
        },
      ),
    );
  });

  it('never reports an ID with one digit changed, though it may then be a card number', () => {
    fc.assert(
      fc.property(residentIdArbitrary(), fc.nat(16), fc.nat(9), (id, position, digit) => {
        const changed = id.slice(0, position) + digit + id.slice(position + 1);
        fc.pre(changed !== id);
        const isCard = isBankCard(changed) && !isValidCreditCode(changed);
        expect(scan(`身份证号${changed}。`)).toEqual(isCard ? ['bank-card'] : []);
      }),
    );
  });

  it('never reports a valid ID or mobile with a digit glued to either side', () => {
    fc.assert(
      fc.property(
        fc.oneof(residentIdArbitrary(), mobileArbitrary()),
        digits(1),
        fc.boolean(),
        (number, digit, atStart) => {
          const kinds = scan(atStart ? digit + number : number + digit);
          expect(kinds).not.toContain('resident-id');
          expect(kinds).not.toContain('mobile');
        },
      ),
    );
  });

  it('never reports a number with a decimal part', () => {
    const number = fc.integer({ min: 11, max: 19 }).chain(digits);
    fc.assert(
      fc.property(number, digits(2), fc.boolean(), (whole, fraction, fractionFirst) => {
        expect(scan(fractionFirst ? `${fraction}.${whole}` : `${whole}.${fraction}`)).toEqual([]);
      }),
    );
  });

  it('never reports division codes, years, dates or epoch times', () => {
    const harmless = fc.oneof(
      digits(6),
      digits(9),
      digits(12),
      fc.integer({ min: 1900, max: 2100 }).map((year) => `${year}年`),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => String(date.getTime())),
    );
    fc.assert(
      fc.property(fc.array(harmless, { maxLength: 4 }), (values) => {
        expect(scan(values.join(','))).toEqual([]);
      }),
    );
  });
});
