import { describe, expect, it } from 'vitest';
import { correctionsLog } from '../../../functions/src/core/disputes/corrections-log.ts';
import { DisputeSchema } from '../../../functions/src/core/disputes/dispute.ts';
import type { Dispute, DisputeState } from '../../../functions/src/core/disputes/dispute.ts';
import { CorrectionsLogSchema } from '../../../functions/src/core/disputes/dispute-views.ts';

const NOW = '2025-03-10T02:00:00.000Z';
const PUBLIC = new Set(['103/000002', '103/000004']);

let serial = 0;

/** A stored dispute in `state`; a corrected one carries a correction published at `at`. */
function dispute(
  code: string,
  state: DisputeState,
  at = '2025-03-03T02:00:00.000Z',
  version = 2,
): Dispute {
  serial++;
  return DisputeSchema.parse({
    id: `dp_${String(serial).padStart(10, '0')}`,
    revision: 1,
    origin: 'public',
    input: {
      code,
      version: 1,
      row: { number: serial },
      field: 'name',
      description: '名称有误',
    },
    cell: { rowNumber: serial, value: '河北生' },
    title: '统计用区划代码',
    provider: 'nbs',
    reporter: { user: 'public:a@example.org', name: 'A', agency: 'public', role: 'public' },
    statusTokenSha256: 'a'.repeat(64),
    state,
    createdAt: '2025-03-01T02:00:00.000Z',
    updatedAt: at,
    overdue: [],
    ...(state === 'corrected' && {
      correction: {
        version,
        basedOn: version - 1,
        changes: [{ row: serial, field: 'name', before: '河北生', after: '河北省' }],
        at,
      },
    }),
    history: [
      {
        at: '2025-03-01T02:00:00.000Z',
        actor: { user: 'public:a@example.org', name: 'A', agency: 'public', role: 'public' },
        event: 'report',
        to: 'reported',
      },
    ],
  });
}

describe('correctionsLog', () => {
  it('lists the corrections of each public entry newest first, with its open and rejected counts', () => {
    const older = dispute('103/000002', 'corrected', '2025-03-03T02:00:00.000Z', 2);
    const newer = dispute('103/000002', 'corrected', '2025-03-05T02:00:00.000Z', 3);
    const log = correctionsLog(
      [
        older,
        dispute('103/000002', 'reported'),
        dispute('103/000002', 'verifying'),
        newer,
        dispute('103/000002', 'rejected'),
        dispute('103/000004', 'rejected'),
      ],
      PUBLIC,
      NOW,
    );
    expect(CorrectionsLogSchema.parse(log)).toEqual(log);
    expect(log.generatedAt).toBe(NOW);
    expect(Object.keys(log.entries)).toEqual(['103/000002', '103/000004']);
    const provinces = log.entries['103/000002']!;
    expect(provinces.corrections.map((line) => line.dispute)).toEqual([newer.id, older.id]);
    expect(provinces.corrections[0]).toEqual({
      dispute: newer.id,
      code: '103/000002',
      reportedVersion: 1,
      version: 3,
      at: '2025-03-05T02:00:00.000Z',
      field: 'name',
      changes: newer.correction!.changes,
    });
    expect([provinces.open, provinces.rejected]).toEqual([2, 1]);
    expect(log.entries['103/000004']).toEqual({ corrections: [], open: 0, rejected: 1 });
  });

  it('leaves out entries outside the public catalog, whatever their disputes', () => {
    const log = correctionsLog(
      [dispute('314/000003', 'corrected'), dispute('314/000003', 'reported')],
      PUBLIC,
      NOW,
    );
    expect(log.entries).toEqual({});
  });

  it('does not count candidates nobody confirmed, nor dismissed ones', () => {
    const log = correctionsLog(
      [dispute('103/000004', 'candidate'), dispute('103/000004', 'dismissed')],
      PUBLIC,
      NOW,
    );
    expect(log.entries).toEqual({});
  });

  it('gives the same log for the same disputes in any order', () => {
    const disputes = [
      dispute('103/000004', 'corrected', '2025-03-04T02:00:00.000Z'),
      dispute('103/000002', 'corrected', '2025-03-04T02:00:00.000Z'),
      dispute('103/000002', 'corrected', '2025-03-04T02:00:00.000Z'),
      dispute('103/000002', 'reported'),
    ];
    const forward = JSON.stringify(correctionsLog(disputes, PUBLIC, NOW));
    expect(JSON.stringify(correctionsLog([...disputes].reverse(), PUBLIC, NOW))).toBe(forward);
  });
});
