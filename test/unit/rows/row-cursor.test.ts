import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { Problem } from '../../../functions/src/core/errors.ts';
import { decodeRowCursor, encodeRowCursor } from '../../../functions/src/core/rows/row-cursor.ts';
import { parseRowQuery } from '../../../functions/src/core/rows/row-query-params.ts';
import type { Field } from './naive-rows.ts';

const FIELDS: Field[] = [
  { name: 'name', type: 'string' },
  { name: 'n', type: 'integer' },
];
const query = (text: string) => parseRowQuery(new URLSearchParams(text), FIELDS);
const scope = { code: '103/000004', version: 2 };

function problemOf(run: () => unknown): Problem {
  try {
    run();
  } catch (error) {
    if (error instanceof DatarunError) return error.problems[0]!;
    throw error;
  }
  throw new Error('expected a DatarunError');
}

describe('decodeRowCursor', () => {
  const asked = query('name=北京&n__gt=3&sort=-n&q=a');
  const cursor = encodeRowCursor(scope, asked, 41);

  it('reads back the row, whatever fields, limit, count or format the next page asks for', () => {
    const next = query('n__gt=3&name=北京&sort=-n&q=a&fields=n&limit=7&count=none&format=csv');
    expect(decodeRowCursor(cursor, scope, next, 100)).toBe(41);
  });

  it('refuses a cursor of another query, naming cursor', () => {
    for (const other of [
      'name=北京&n__gt=4&sort=-n&q=a',
      'name=北京&n__gt=3&sort=n&q=a',
      'name=北京&n__gt=3&sort=-n',
    ])
      expect(problemOf(() => decodeRowCursor(cursor, scope, query(other), 100))).toMatchObject({
        field: 'cursor',
        message: expect.stringContaining('another query'),
      });
    expect(
      problemOf(() => decodeRowCursor(cursor, { ...scope, code: '103/000005' }, asked, 100)),
    ).toMatchObject({ field: 'cursor', message: expect.stringContaining('another query') });
  });

  it('refuses a cursor of another version and says which version it belongs to', () => {
    expect(
      problemOf(() => decodeRowCursor(cursor, { ...scope, version: 3 }, asked, 100)),
    ).toMatchObject({
      field: 'cursor',
      message: expect.stringContaining('pass version=2'),
    });
  });

  it('refuses a cursor edited anywhere, or pointing past the table', () => {
    fc.assert(
      fc.property(fc.nat(cursor.length - 1), fc.constantFrom(...'AZaz09-_.x'), (at, char) => {
        const edited = cursor.slice(0, at) + char + cursor.slice(at + 1);
        fc.pre(edited !== cursor);
        expect(problemOf(() => decodeRowCursor(edited, scope, asked, 100)).field).toBe('cursor');
      }),
    );
    for (const bad of ['', '.', 'abc', `${cursor}.x`, cursor.slice(0, -1), '__proto__', '{"r":1}'])
      expect(problemOf(() => decodeRowCursor(bad, scope, asked, 100)).field).toBe('cursor');
    expect(problemOf(() => decodeRowCursor(cursor, scope, asked, 41)).field).toBe('cursor');
  });
});
