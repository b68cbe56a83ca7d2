/** A small catalog with disputes, share requests and usage, whose quality figures are worked out by hand. */
import type { QualityInput } from '../../../functions/src/core/quality/quality-figures.ts';
import type { Dispute, DisputeState } from '../../../functions/src/core/disputes/dispute.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import type { ShareRequest } from '../../../functions/src/core/sharing/share-request.ts';
import { applyEvent } from '../../../functions/src/core/sharing/share-request-machine.ts';
import type { ShareEventType } from '../../../functions/src/core/sharing/share-request-machine.ts';
import { SYSTEM_ACTOR } from '../../../functions/src/core/identity/identity.ts';
import {
  HOUR_MS,
  LEGAL_ENTITIES,
  OTHER_CONSUMER,
  POPULATION,
  SENDER,
  T0,
  contextAt,
  fresh,
  validEvent,
} from '../sharing/support.ts';
import { demands, systems } from './lists-fixture.ts';

/** The figures are read at noon on Saturday 28 November 2026, Shanghai. */
export const NOW = Date.parse('2026-11-28T04:00:00.000Z');

export function entry(
  code: string,
  provider: string,
  fields: Partial<SnapshotEntry> & Pick<SnapshotEntry, 'updateCycle' | 'modified'>,
): SnapshotEntry {
  return {
    code,
    title: { zh: `目录 ${code}` },
    abstract: { zh: '摘要' },
    provider,
    category: '部门',
    format: '电子表格',
    items: [],
    shareType: '无条件共享',
    shareMethod: ['文件'],
    openType: '无条件开放',
    issued: '2020-01-01',
    related: [],
    level: 1,
    keywords: [],
    status: 'published',
    zone: 'open',
    hasData: false,
    updatedAt: '2026-11-01T00:00:00.000Z',
    versions: [],
    ...fields,
  };
}

const withData = (createdAt: string) => ({
  hasData: true,
  latest: { version: 1, createdAt, rowCount: 1, schema: { fields: [] }, distributions: [] },
  versions: [{ version: 1, createdAt, rowCount: 1 }],
});

/** Every completeness field filled: completeness 1. */
const complete = {
  title: { zh: '目录', en: 'Entry' },
  abstract: { zh: '摘要', en: 'Abstract' },
  keywords: ['人口'],
  contact: { email: 'data@example.gov.cn' },
  licence: 'CC-BY-4.0',
  spatial: '浙江省',
  temporal: { start: '2020-01-01' },
  items: [
    {
      name: '姓名',
      nameEn: 'name',
      type: '字符型',
      description: '姓名',
      required: true,
      key: false,
    },
  ],
} satisfies Partial<SnapshotEntry>;

/** Five of the ten completeness fields (English title and abstract, keywords, contact, licence). */
const half = {
  title: { zh: '目录', en: 'Entry' },
  abstract: { zh: '摘要', en: 'Abstract' },
  keywords: ['市场'],
  contact: { phone: '0571-12345678' },
  licence: 'CC-BY-4.0',
} satisfies Partial<SnapshotEntry>;

/**
 * Six entries, judged on 2026-11-28:
 * - E1 101/000001 police 每年 from 2025-06-01, no data, not public → due 2026-06-01, 180 days late
 *   (29 in June + 31 + 31 + 30 + 31 + 28 in November); completeness 0 (不予开放: 0 of 9).
 * - E2 101/000002 police 每月, version on 11-20 (Shanghai) → due 12-20, 22 days left; complete (1).
 * - E6 101/000003 police 每周 from 11-10, no data → due 11-17, 11 days late; completeness 0.
 * - E3 102/000001 market 每日, version at 23:30 on 11-27 Shanghai → due 11-28 today: due soon, 0 left;
 *   completeness 5/10 = 0.5.
 * - E4 102/000002 market 不定期, no data → irregular; completeness 0.
 * - E5 103/000001 market 每季度 from 05-15, no data → due 08-15, 105 days late (16 + 30 + 31 + 28).
 */
export const shareSnapshot: CatalogSnapshot = {
  kind: 'share',
  generatedAt: '2026-11-27T00:00:00.000Z',
  counts: { entries: 6, agencies: 2, withData: 2, linkRate: 1 / 3 },
  agencies: [
    { code: 'zj-police', name: { zh: '浙江省公安厅' }, level: '省级', region: '330000' },
    { code: 'zj-market', name: { zh: '浙江省市场监督管理局' }, level: '省级', region: '330000' },
  ],
  entries: [
    entry('101/000001', 'zj-police', {
      updateCycle: '每年',
      modified: '2025-06-01',
      openType: '不予开放',
      level: 3,
      zone: 'shared',
    }),
    entry('101/000002', 'zj-police', {
      updateCycle: '每月',
      modified: '2026-01-01',
      ...complete,
      ...withData('2026-11-20T02:00:00.000Z'),
    }),
    entry('101/000003', 'zj-police', { updateCycle: '每周', modified: '2026-11-10' }),
    entry('102/000001', 'zj-market', {
      updateCycle: '每日',
      modified: '2026-11-01',
      ...half,
      ...withData('2026-11-27T15:30:00.000Z'),
    }),
    entry('102/000002', 'zj-market', { updateCycle: '不定期', modified: '2024-01-01' }),
    entry('103/000001', 'zj-market', { updateCycle: '每季度', modified: '2026-05-15' }),
  ],
};
const publicCodes = new Set(['101/000002', '101/000003', '102/000001', '102/000002', '103/000001']);

export function dispute(
  id: string,
  provider: string,
  state: DisputeState,
  createdAt: string,
  options: { resolvedAt?: string; dueAt?: string } = {},
): Dispute {
  const actor = SYSTEM_ACTOR;
  const history: Dispute['history'] = [
    { at: createdAt, actor, event: 'report', to: state === 'candidate' ? 'candidate' : 'reported' },
  ];
  if (state === 'verifying')
    history.push({ at: createdAt, actor, event: 'verify', from: 'reported', to: 'verifying' });
  if (options.resolvedAt)
    history.push({ at: options.resolvedAt, actor, event: 'decide', from: 'verifying', to: state });
  return {
    id: `dp_${id.padEnd(10, '0')}`,
    revision: history.length,
    origin: 'public',
    input: {
      code: '101/000002',
      version: 1,
      row: { number: 1 },
      field: '姓名',
      description: '姓名有误',
    },
    cell: { rowNumber: 1, value: '张三' },
    title: '目录',
    provider,
    reporter: actor,
    statusTokenSha256: '0'.repeat(64),
    state,
    createdAt,
    updatedAt: options.resolvedAt ?? createdAt,
    ...(options.dueAt && { due: { at: options.dueAt, extended: false } }),
    overdue: [],
    history,
  };
}

/**
 * Police: resolved in 1.5, 2.0 and 4.0 days (median 2.0); one open past its deadline, one open
 * within it. Market: a candidate and a dismissed candidate (neither counts) and one rejected in
 * 6 hours = 0.25 days. Overall median of 0.25, 1.5, 2.0, 4.0 = (1.5 + 2.0) / 2 = 1.75.
 */
const disputes: Dispute[] = [
  dispute('a', 'zj-police', 'corrected', '2026-11-01T00:00:00.000Z', {
    resolvedAt: '2026-11-02T12:00:00.000Z',
  }),
  dispute('b', 'zj-police', 'rejected', '2026-11-05T00:00:00.000Z', {
    resolvedAt: '2026-11-07T00:00:00.000Z',
  }),
  dispute('c', 'zj-police', 'corrected', '2026-11-10T00:00:00.000Z', {
    resolvedAt: '2026-11-14T00:00:00.000Z',
  }),
  dispute('d', 'zj-police', 'reported', '2026-11-13T00:00:00.000Z', {
    dueAt: '2026-11-20T15:59:59.999Z',
  }),
  dispute('e', 'zj-police', 'verifying', '2026-11-26T00:00:00.000Z', {
    dueAt: '2026-12-03T15:59:59.999Z',
  }),
  dispute('f', 'zj-market', 'candidate', '2026-11-20T00:00:00.000Z'),
  dispute('g', 'zj-market', 'dismissed', '2026-11-20T00:00:00.000Z', {
    resolvedAt: '2026-11-21T00:00:00.000Z',
  }),
  dispute('h', 'zj-market', 'rejected', '2026-11-20T00:00:00.000Z', {
    resolvedAt: '2026-11-20T06:00:00.000Z',
  }),
];

function at(request: ShareRequest, type: ShareEventType, nowMs: number): ShareRequest {
  return applyEvent(request, validEvent(type, request, nowMs), contextAt(nowMs, SENDER[type]));
}
const dueOf = (request: ShareRequest) => Date.parse(request.due!.at);

/** Police: one decision on time, one a millisecond late (1/2). Market: one on time (1/1). */
export function shareRequests(): ShareRequest[] {
  let a = at(fresh({ id: 'sr_aaaaaaaaaaaa' }), 'accept', T0 + HOUR_MS);
  a = at(a, 'approve', T0 + 2 * 24 * HOUR_MS);
  let b = at(fresh({ id: 'sr_bbbbbbbbbbbb' }), 'accept', T0 + HOUR_MS);
  b = at(b, 'reject', dueOf(b) + 1);
  let c = fresh({ id: 'sr_cccccccccccc', entry: LEGAL_ENTITIES, requester: OTHER_CONSUMER });
  c = at(c, 'accept', T0 + HOUR_MS);
  c = at(c, 'approve', T0 + 3 * 24 * HOUR_MS);
  if (POPULATION.provider !== 'zj-police' || LEGAL_ENTITIES.provider !== 'zj-market')
    throw new Error('the demo entries changed providers: the hand-computed figures no longer hold');
  return [a, b, c];
}

/** Police entries: E2 10 calls 4 downloads, E6 2 calls; market E3 5 calls 1 download. */
const usage = new Map([
  ['101/000002', { calls: 10, downloads: 4 }],
  ['101/000003', { calls: 2, downloads: 0 }],
  ['102/000001', { calls: 5, downloads: 1 }],
  ['999/000001', { calls: 100, downloads: 100 }],
]);

export function input(): QualityInput {
  return {
    shareSnapshot,
    publicCodes,
    disputes,
    shareRequests: shareRequests(),
    usage,
    sourceConflicts: [],
    demands: demands(),
    systems: systems(),
    nowMs: NOW,
  };
}
