import { describe, expect, it } from 'vitest';
import {
  isRealDate,
  toBoolean,
  toDate,
  toDatetime,
  toInteger,
  toNumber,
} from '../../../functions/src/core/ingest/values.ts';

describe('toInteger', () => {
  it('keeps canonical integers, including ones beyond Number.MAX_SAFE_INTEGER, digit for digit', () => {
    for (const text of ['0', '42', '-7', '12345678901234567890123'])
      expect(toInteger(text)).toBe(text);
  });

  it('writes away a plus sign, leading zeros, thousands separators and surrounding spaces', () => {
    expect(toInteger('+5')).toBe('5');
    expect(toInteger('007')).toBe('7');
    expect(toInteger('-000')).toBe('0');
    expect(toInteger('1,234,567')).toBe('1234567');
    expect(toInteger(' 12 ')).toBe('12');
  });

  it('rejects fractions, exponents, misplaced separators and words', () => {
    for (const text of ['1.5', '1e3', '1,23', '12a', '-', '', 'NaN', '一'])
      expect(toInteger(text)).toBeUndefined();
  });
});

describe('toNumber', () => {
  it('keeps canonical numbers exactly as written', () => {
    for (const text of ['3521418059.923445', '25.340', '-9.99', '1e-7', '2.5E+10', '0.5']) {
      expect(toNumber(text)).toBe(text);
    }
  });

  it('normalises the loose forms people type', () => {
    expect(toNumber('.5')).toBe('0.5');
    expect(toNumber('-.5')).toBe('-0.5');
    expect(toNumber('5.')).toBe('5');
    expect(toNumber('+1.50')).toBe('1.50');
    expect(toNumber('00012.5')).toBe('12.5');
    expect(toNumber('1,234.5')).toBe('1234.5');
    expect(toNumber('-0.0')).toBe('-0.0');
    expect(toNumber('-00')).toBe('0');
  });

  it('rejects what JSON cannot hold or a person would misread', () => {
    for (const text of ['NaN', 'Infinity', '12%', '¥12', '1.2.3', '.', 'e5', '1,5', '0x1F', '']) {
      expect(toNumber(text)).toBeUndefined();
    }
  });
});

describe('toBoolean', () => {
  it('reads true/false in three cases, 是/否 and 1/0', () => {
    for (const text of ['true', 'True', 'TRUE', '是', '1']) expect(toBoolean(text)).toBe(true);
    for (const text of ['false', 'False', 'FALSE', '否', '0']) expect(toBoolean(text)).toBe(false);
  });

  it('rejects anything else', () => {
    for (const text of ['yes', 'Y', 'tRue', '对', '2', ' true'])
      expect(toBoolean(text)).toBeUndefined();
  });
});

describe('toDate', () => {
  it('writes dashed, slashed and 年月日 dates as YYYY-MM-DD', () => {
    expect(toDate('2023-06-30')).toBe('2023-06-30');
    expect(toDate('2023/6/30')).toBe('2023-06-30');
    expect(toDate('2023-6-3')).toBe('2023-06-03');
    expect(toDate('2023年6月30日')).toBe('2023-06-30');
    expect(toDate('2024-02-29')).toBe('2024-02-29');
  });

  it('rejects days that do not exist and mixed or partial forms', () => {
    for (const text of [
      '2023-02-29',
      '2023-13-01',
      '2023-04-31',
      '2023/06-30',
      '1958-03',
      '20230630',
      '2023年6月',
    ]) {
      expect(toDate(text)).toBeUndefined();
    }
  });
});

describe('toDatetime', () => {
  it('writes ISO date-times with T, seconds and a colon in the offset', () => {
    expect(toDatetime('2023-06-30T14:05:09Z')).toBe('2023-06-30T14:05:09Z');
    expect(toDatetime('2023-06-30 14:05')).toBe('2023-06-30T14:05:00');
    expect(toDatetime('2023-06-30T14:05:09.123+0800')).toBe('2023-06-30T14:05:09.123+08:00');
  });

  it('rejects impossible times and dates', () => {
    for (const text of [
      '2023-06-30T24:00:00',
      '2023-06-30T12:60',
      '2023-02-30T00:00',
      '2023-06-30',
      '2023-06-30T12:00+25:00',
    ]) {
      expect(toDatetime(text)).toBeUndefined();
    }
  });
});

describe('isRealDate', () => {
  it('follows the Gregorian leap-year rules', () => {
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2023, 11, 31)).toBe(false);
    expect(isRealDate(2023, 0, 1)).toBe(false);
  });
});
