import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeCursor,
  encodeCursor,
  queryFingerprint,
} from '../../../functions/src/core/search/cursor.ts';
import type { CatalogQuery } from '../../../functions/src/core/search/catalog-search.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

const query: CatalogQuery = { q: '人口', filters: { category: ['部门'] } };
const key = [18, '2026-03-06', '301/000002'];

function problemOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof DatarunError) return error.problems[0];
    throw error;
  }
  throw new Error('expected a DatarunError');
}

describe('decodeCursor', () => {
  it('reads back the key a cursor was made with', () => {
    expect(decodeCursor(encodeCursor(query, key), query)).toEqual(key);
  });

  it('accepts the cursor for the same query written differently', () => {
    const cursor = encodeCursor(query, key);
    expect(
      decodeCursor(cursor, { q: '  人口 ', filters: { category: ['部门', '部门'], agency: [] } }),
    ).toEqual(key);
  });

  it('refuses a cursor made for another query, naming the cursor parameter', () => {
    const cursor = encodeCursor(query, key);
    for (const other of [
      { ...query, q: '人口 上海' },
      { ...query, filters: {} },
      { ...query, sort: 'code' as const },
    ])
      expect(problemOf(() => decodeCursor(cursor, other))).toMatchObject({
        code: 'invalid-field',
        field: 'cursor',
        message: expect.stringContaining('another query'),
      });
  });

  it('refuses a cursor whose payload was edited', () => {
    const cursor = encodeCursor(query, key);
    const [payload, check] = cursor.split('.');
    const edited = Buffer.from(
      Buffer.from(payload!, 'base64url').toString('utf8').replace('301/000002', '301/000009'),
    ).toString('base64url');
    expect(problemOf(() => decodeCursor(`${edited}.${check}`, query))).toMatchObject({
      field: 'cursor',
      message: expect.stringContaining('altered'),
    });
  });

  it('refuses any string that is not a cursor, always as a cursor problem', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(problemOf(() => decodeCursor(text, query))).toMatchObject({ field: 'cursor' });
      }),
    );
  });

  it('refuses a cursor cut short or with a character changed', () => {
    const cursor = encodeCursor(query, key);
    fc.assert(
      fc.property(fc.nat({ max: cursor.length - 1 }), fc.boolean(), (at, cut) => {
        const broken = cut
          ? cursor.slice(0, at)
          : `${cursor.slice(0, at)}${cursor[at] === 'A' ? 'B' : 'A'}${cursor.slice(at + 1)}`;
        expect(problemOf(() => decodeCursor(broken, query))).toMatchObject({ field: 'cursor' });
      }),
    );
  });
});

describe('queryFingerprint', () => {
  it('ignores the order of filter values but not the order of words', () => {
    expect(queryFingerprint({ filters: { agency: ['nbs', 'sh-stats'] } })).toBe(
      queryFingerprint({ filters: { agency: ['sh-stats', 'nbs'] } }),
    );
    expect(queryFingerprint({ q: '上海 人口', filters: {} })).not.toBe(
      queryFingerprint({ q: '人口 上海', filters: {} }),
    );
  });

  it('tells the default order from an explicit other one', () => {
    expect(queryFingerprint({ filters: {} })).toBe(
      queryFingerprint({ filters: {}, sort: '-modified' }),
    );
    expect(queryFingerprint({ filters: {} })).not.toBe(
      queryFingerprint({ filters: {}, sort: 'modified' }),
    );
  });
});
