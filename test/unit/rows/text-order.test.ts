import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compareText,
  foldText,
  textComparator,
} from '../../../functions/src/core/rows/text-order.ts';
import { datetimeKey, parseLiteral } from '../../../functions/src/core/rows/typed-literal.ts';

const byCodePoints = (a: string, b: string) => {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

describe('compareText', () => {
  it('orders by code point, emoji after full-width forms', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareText(a, b))).toBe(Math.sign(byCodePoints(a, b)));
      }),
    );
    expect(compareText('😀', '（')).toBeGreaterThan(0);
  });
});

describe('textComparator', () => {
  it('sorts as compareText does, with or without characters beyond U+FFFF', () => {
    for (const values of [
      ['b', 'a', '（', 'ｂ'],
      ['😀', '（', 'a', '😀a'],
    ]) {
      const compare = textComparator(values);
      expect([...values].sort(compare)).toEqual([...values].sort(compareText));
    }
  });
});

describe('foldText', () => {
  it('folds case, full width and composed accents together', () => {
    expect(foldText('ＡＢＣ１２３')).toBe('abc123');
    expect(foldText('E\u0301')).toBe(foldText('é'));
    expect(foldText('北京')).toBe('北京');
  });
});

describe('parseLiteral', () => {
  it('reads datetimes at their instant, dates as midnight, and years before 100 as written', () => {
    expect(parseLiteral('datetime', '2023-01-01T08:00:00+08:00')).toBe(Date.UTC(2023, 0, 1));
    expect(parseLiteral('datetime', '2023-01-01')).toBe(Date.UTC(2023, 0, 1));
    expect(datetimeKey('0050-03-01T00:00:00Z')).toBe(new Date('0050-03-01T00:00:00Z').getTime());
    expect(parseLiteral('datetime', 'tomorrow')).toBeUndefined();
  });

  it('reads numbers with ASCII digits only', () => {
    expect(parseLiteral('number', '-2.5e3')).toBe(-2500);
    for (const text of ['１', 'NaN', 'Infinity', '0x10', '1,000', ' 1', ''])
      expect(parseLiteral('number', text)).toBeUndefined();
    expect(parseLiteral('integer', '007')).toBe(7);
    expect(parseLiteral('integer', '1.0')).toBeUndefined();
  });
});
