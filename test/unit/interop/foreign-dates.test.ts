import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseForeignDate } from '../../../functions/src/core/interop/foreign-dates.ts';

describe('parseForeignDate', () => {
  it.each([
    ['2023-04-06', '2023-04-06'],
    ['2023/4/6', '2023-04-06'],
    ['2023.04.06', '2023-04-06'],
    ['2023年4月6日', '2023-04-06'],
    ['20230406', '2023-04-06'],
    ['2023-04-06 12:30:00', '2023-04-06'],
    [' 2023-04-06T12:30:00.123 ', '2023-04-06'],
  ])('reads %j as %s', (written, iso) => {
    expect(parseForeignDate(written)).toBe(iso);
  });

  it('dates ISO timestamps with a zone in China Standard Time (UTC+8)', () => {
    expect(parseForeignDate('2023-04-05T15:59:59Z')).toBe('2023-04-05');
    expect(parseForeignDate('2023-04-05T16:00:00Z')).toBe('2023-04-06');
    expect(parseForeignDate('2023-04-06T00:30:00+09:00')).toBe('2023-04-05');
    expect(parseForeignDate('2023-04-06T12:00:00-0500')).toBe('2023-04-07');
    expect(parseForeignDate('2023-04-06T07:59:59+00')).toBe('2023-04-06');
  });

  it('reads epoch milliseconds and seconds, as numbers or digit strings, in UTC+8', () => {
    // 2023-04-05T16:00:00Z is midnight of 6 April in Beijing; one millisecond earlier is the 5th.
    expect(parseForeignDate(1680710400000)).toBe('2023-04-06');
    expect(parseForeignDate(1680710399999)).toBe('2023-04-05');
    expect(parseForeignDate('1680710400000')).toBe('2023-04-06');
    expect(parseForeignDate(1680710400)).toBe('2023-04-06');
    expect(parseForeignDate('1680710399')).toBe('2023-04-05');
    // 舟山's 上线日期 of 水利项目全过程管理平台-乡镇信息
    expect(parseForeignDate(1624612929000)).toBe('2021-06-25');
  });

  it('gives undefined for dates that do not exist and for anything else', () => {
    for (const value of ['2023-02-30', '2023-13-01', '2023/4/31', '2023年2月29日', '20230230'])
      expect(parseForeignDate(value), value).toBeUndefined();
    for (const value of [
      '',
      'abc',
      '2023',
      '2023-04',
      '123456789',
      'R/P1D',
      null,
      undefined,
      {},
      -5,
      1.5,
    ])
      expect(parseForeignDate(value), String(value)).toBeUndefined();
    expect(parseForeignDate('2023-04-06T24:00:00Z')).toBeUndefined();
  });

  it('reads every real date the same in every written form', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const [y, m, day] = iso.split('-');
          const forms = [
            iso,
            `${y}/${Number(m)}/${Number(day)}`,
            `${y}.${m}.${day}`,
            `${y}年${Number(m)}月${Number(day)}日`,
            `${y}${m}${day}`,
            `${iso} 23:59:59`,
            `${iso}T00:00:00+08:00`,
          ];
          for (const form of forms) expect(parseForeignDate(form), form).toBe(iso);
        },
      ),
    );
  });
});
