import {
  CN_WORKING_CALENDAR,
  workingDeadline,
} from '../../../functions/src/core/calendar/working-calendar.ts';
import { DisputeSchema } from '../../../functions/src/core/disputes/dispute.ts';
import type { Dispute } from '../../../functions/src/core/disputes/dispute.ts';
import { SYSTEM_ACTOR } from '../../../functions/src/core/identity/identity.ts';
import type { Actor } from '../../../functions/src/core/identity/identity.ts';
import { newReportedDispute } from '../../../functions/src/core/disputes/dispute-machine.ts';
import type { DisputeEventContext } from '../../../functions/src/core/disputes/dispute-machine.ts';

/** The real calendar: Chinese public holidays and make-up working days count. */
export const cnDeadline = (fromMs: number, days: number) =>
  workingDeadline(CN_WORKING_CALENDAR, fromMs, days);

/** Friday 24 January 2025, 10:00 in Shanghai: the Friday before the Spring Festival. */
export const REPORTED_AT = Date.parse('2025-01-24T02:00:00Z');

export const PROVIDER: Actor = {
  user: 'p-nbs',
  name: '统计局核实员',
  agency: 'nbs',
  role: 'provider',
};
export const PUBLIC_REPORTER: Actor = {
  user: 'public:zhang@example.org',
  name: '张三',
  agency: 'public',
  role: 'public',
};

/** A public report on the real provinces table (103/000002), row 3, as reported. */
export function reported(nowMs = REPORTED_AT): Dispute {
  return newReportedDispute({
    id: 'dp_testreport0001',
    origin: 'public',
    input: {
      code: '103/000002',
      version: 1,
      row: { number: 3 },
      field: 'name',
      description: '省份名称有错别字',
      contact: { name: '张三', email: 'zhang@example.org' },
    },
    cell: { rowNumber: 3, value: '山西生' },
    title: '统计用区划代码（省级）',
    provider: 'nbs',
    reporter: PUBLIC_REPORTER,
    statusTokenSha256: 'a'.repeat(64),
    nowMs,
    workingDeadline: cnDeadline,
  });
}

/** A cross-check's finding waiting for its provider: no deadline runs. */
export function candidate(nowMs = REPORTED_AT): Dispute {
  const at = new Date(nowMs).toISOString();
  return DisputeSchema.parse({
    id: 'dp_testcandidate01',
    revision: 1,
    origin: 'cross-check',
    input: {
      code: '103/000004',
      version: 1,
      row: { number: 7 },
      field: 'provinceCode',
      description: '区划代码不在权威来源中',
    },
    cell: { rowNumber: 7, value: '99' },
    title: '统计用区划代码（县级）',
    provider: 'nbs',
    reporter: SYSTEM_ACTOR,
    statusTokenSha256: 'c'.repeat(64),
    state: 'candidate',
    createdAt: at,
    updatedAt: at,
    overdue: [],
    history: [{ at, actor: SYSTEM_ACTOR, event: 'cross-check', to: 'candidate' }],
  });
}

/** The context of a provider's step at `nowMs`. */
export function by(nowMs: number, actor: Actor = PROVIDER): DisputeEventContext {
  return { actor, nowMs, workingDeadline: cnDeadline };
}

/** A valid correction payload. */
export const CORRECTION = {
  version: 2,
  basedOn: 1,
  changes: [{ row: 3, field: 'name', before: '山西生', after: '山西省' }],
  at: '2025-01-27T03:00:00.000Z',
};
