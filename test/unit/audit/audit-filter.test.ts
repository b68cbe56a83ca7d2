import { describe, expect, it } from 'vitest';
import {
  decodeAuditCursor,
  encodeAuditCursor,
  matchesAuditFilter,
  parseAuditFilter,
} from '../../../functions/src/core/audit/audit-filter.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { sealAll, walkThrough } from './fixtures.ts';

const { records } = sealAll([
  ...walkThrough('sr_0001', Date.UTC(2026, 2, 2, 1)),
  ...walkThrough('sr_0002', Date.UTC(2026, 2, 3, 1)),
]);
const matching = (input: unknown) =>
  records.filter((r) => matchesAuditFilter(r, parseAuditFilter(input))).map((r) => r.seq);

describe('matchesAuditFilter', () => {
  it('keeps every record when nothing narrows the filter', () => {
    expect(matching({})).toHaveLength(10);
  });

  it('narrows by action, actor, agency, subject and outcome together', () => {
    expect(matching({ action: 'share-request.accept' })).toEqual([2, 3, 7, 8]);
    expect(matching({ action: 'share-request.accept', outcome: 'denied' })).toEqual([2, 7]);
    expect(matching({ actorUser: 'demo-consumer-sh-civil-affairs' })).toEqual([1, 5, 6, 10]);
    expect(matching({ agency: 'sh-foreign-affairs', subject: 'share-request:sr_0002' })).toEqual([
      7, 9,
    ]);
  });

  it('bounds time from (inclusive) to (exclusive), by day or by instant', () => {
    expect(matching({ from: '2026-03-03' })).toEqual([6, 7, 8, 9, 10]);
    expect(matching({ to: '2026-03-03' })).toEqual([1, 2, 3, 4, 5]);
    expect(matching({ from: '2026-03-02T01:30:00.000Z', to: '2026-03-02T03:00:00.000Z' })).toEqual([
      3, 4,
    ]);
    expect(matching({ from: '2026-03-02T01:05:00.000Z', to: '2026-03-02T01:30:00.000Z' })).toEqual([
      2,
    ]);
  });
});

describe('parseAuditFilter', () => {
  it('pages 50 records by default and reads a limit given as text', () => {
    expect(parseAuditFilter({}).limit).toBe(50);
    expect(parseAuditFilter({ limit: '120' }).limit).toBe(120);
  });

  it('refuses more than 500 records a page, an unknown outcome and an offset time, naming each field', () => {
    const error = (() => {
      try {
        parseAuditFilter({ limit: 501, outcome: 'maybe', from: '2026-03-02T09:00+08:00' });
      } catch (e) {
        return e as DatarunError;
      }
    })();
    expect(error).toBeInstanceOf(DatarunError);
    expect(error!.problems.map((p) => p.field).sort()).toEqual(['from', 'limit', 'outcome']);
  });
});

describe('decodeAuditCursor', () => {
  it('reads back the record number a cursor was made for', () => {
    expect(decodeAuditCursor(encodeAuditCursor(4321))).toBe(4321);
  });

  it('refuses a cursor that was altered, naming the cursor field', () => {
    const cursor = encodeAuditCursor(50);
    const altered = `${Buffer.from('{"below":5000}').toString('base64url')}.${cursor.split('.')[1]}`;
    for (const bad of [altered, 'abc', `${cursor}.x`, cursor.slice(0, -1)])
      expect(() => decodeAuditCursor(bad)).toThrow(/cursor is not one the audit log gave out/);
  });
});
