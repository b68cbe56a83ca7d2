import type { Actor } from '../../../functions/src/core/identity/identity.ts';
import { EMPTY_HEAD, sealRecord } from '../../../functions/src/core/audit/audit-record.ts';
import type {
  AuditAlgorithm,
  AuditEntry,
  AuditHead,
  AuditRecord,
} from '../../../functions/src/core/audit/audit-record.ts';

/** Demo users of data/users.yaml, acting as the audit log records them. */
export const CONSUMER: Actor = {
  user: 'demo-consumer-sh-civil-affairs',
  name: '演示用户·上海市民政局共享申请人',
  agency: 'sh-civil-affairs',
  role: 'consumer',
};
export const PROVIDER: Actor = {
  user: 'demo-provider-sh-foreign-affairs',
  name: '演示用户·上海市外办数据提供方审批人',
  agency: 'sh-foreign-affairs',
  role: 'provider',
};
export const REVIEWER: Actor = {
  user: 'demo-reviewer-zj-big-data',
  name: '演示用户·平台受理审核员',
  agency: 'zj-big-data',
  role: 'reviewer',
};

/** The steps of one share request of 314/000002, as the sharing services log them. */
export function walkThrough(request = 'sr_0001', startMs = Date.UTC(2026, 2, 2, 1)): AuditEntry[] {
  const at = (minutes: number) => new Date(startMs + minutes * 60_000).toISOString();
  return [
    {
      at: at(0),
      actor: CONSUMER,
      action: 'share-request.create',
      subject: `share-request:${request}`,
      outcome: 'ok',
      details: { code: '314/000002', to: 'submitted', revision: 1 },
    },
    {
      at: at(5),
      actor: PROVIDER,
      action: 'share-request.accept',
      subject: `share-request:${request}`,
      outcome: 'denied',
      reason: 'only reviewers accept requests',
    },
    {
      at: at(30),
      actor: REVIEWER,
      action: 'share-request.accept',
      subject: `share-request:${request}`,
      outcome: 'ok',
      details: { from: 'submitted', to: 'accepted', revision: 2 },
    },
    {
      at: at(90),
      actor: PROVIDER,
      action: 'share-request.approve',
      subject: `share-request:${request}`,
      outcome: 'ok',
      details: { from: 'accepted', to: 'approved', revision: 3, fields: ['Name', 'Email'] },
    },
    {
      at: at(120),
      actor: CONSUMER,
      action: 'grant.download',
      subject: `share-request:${request}`,
      outcome: 'ok',
      details: { grant: 'gr_0001', rows: 1843, fields: ['Name', 'Email'] },
    },
  ];
}

/** Seals entries one after another, each with the algorithm at its index (sm3 by default). */
export function sealAll(
  entries: readonly AuditEntry[],
  algorithms: readonly AuditAlgorithm[] = [],
): { records: AuditRecord[]; head: AuditHead } {
  const records: AuditRecord[] = [];
  let head = EMPTY_HEAD;
  entries.forEach((entry, index) => {
    const record = sealRecord(entry, head, algorithms[index] ?? 'sm3');
    records.push(record);
    head = { seq: record.seq, hash: record.hash };
  });
  return { records, head };
}
