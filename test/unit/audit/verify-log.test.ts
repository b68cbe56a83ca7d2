import { describe, expect, it } from 'vitest';
import type { AuditHead, AuditRecord } from '../../../functions/src/core/audit/audit-record.ts';
import { verifyAuditLog } from '../../../functions/src/core/audit/verify-log.ts';
import { sealAll, walkThrough } from './fixtures.ts';

/** A log in memory whose head can be read as it was at some later moment. */
function memoryLog(records: AuditRecord[], heads: AuditHead[]) {
  let headReads = 0;
  return {
    async *readAll(after = 0) {
      for (const record of records) if (record.seq > after) yield record;
    },
    async head() {
      return heads[Math.min(headReads++, heads.length - 1)]!;
    },
  };
}

describe('verifyAuditLog', () => {
  it('reports progress every 10,000 records', async () => {
    const entries = Array.from({ length: 4 }, () => walkThrough()).flat();
    const many = Array.from({ length: 1_001 }, () => entries).flat();
    const { records, head } = sealAll(many.slice(0, 20_001));
    const seen: number[] = [];
    const verdict = await verifyAuditLog(memoryLog(records, [head]), (n) => seen.push(n));
    expect(seen).toEqual([10_000, 20_000]);
    expect(verdict).toMatchObject({ ok: true, count: 20_001, head: 20_001 });
  });

  it('reads on after records appended while it read, rather than calling them truncated', async () => {
    const { records } = sealAll(walkThrough());
    const shown = records.slice(0, 3);
    const log = memoryLog(shown, [{ seq: 5, hash: records[4]!.hash }]);
    const original = log.readAll;
    let calls = 0;
    log.readAll = (after = 0) =>
      calls++ === 0 ? original(after) : memoryLog(records, []).readAll(after);
    expect(await verifyAuditLog(log)).toMatchObject({ ok: true, count: 5, head: 5 });
  });

  it('calls a head past the last stored record a truncation once nothing more is there', async () => {
    const { records, head } = sealAll(walkThrough());
    expect(await verifyAuditLog(memoryLog(records.slice(0, 4), [head]))).toMatchObject({
      ok: false,
      kind: 'truncated',
      seq: 5,
    });
  });
});
