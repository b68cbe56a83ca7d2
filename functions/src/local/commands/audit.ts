import { AuditFilterSchema } from '../../core/audit/audit-filter.ts';
import type { AuditFilterInput } from '../../core/audit/audit-filter.ts';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { verifyAuditLog } from '../../core/audit/verify-log.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { DynamoAuditLog } from '../../adapters/dynamodb/audit-log.ts';
import type { StorageSession } from '../storage-session.ts';

/** The command-line flag of each filter field, for messages about a wrong one. */
const FLAGS: Record<string, string> = {
  action: '--action',
  actorUser: '--actor',
  agency: '--agency',
  subject: '--subject',
  outcome: '--outcome',
  from: '--from',
  to: '--to',
  limit: '--limit',
  cursor: '--cursor',
};

function auditLog(session: StorageSession): DynamoAuditLog {
  return new DynamoAuditLog(
    session.clients.dynamodb,
    session.config.tables.audit,
    session.config.auditHash,
  );
}

/**
 * Verifies the whole chain and the head, printing progress every 10,000 records; a broken
 * log prints the first record where it breaks and sets exit code 1.
 */
export async function runAuditVerify(session: StorageSession): Promise<void> {
  const verdict = await verifyAuditLog(auditLog(session), (checked) =>
    console.log(`  checked ${checked.toLocaleString('en')} records…`),
  );
  if (!verdict.ok) {
    console.log(`audit log broken at record #${verdict.seq}: ${verdict.kind} — ${verdict.message}`);
    process.exitCode = 1;
    return;
  }
  const algorithms = verdict.algorithms.length > 0 ? ` (${verdict.algorithms.join(', ')})` : '';
  const pending =
    verdict.head < verdict.count
      ? `; record #${verdict.count} awaits its head update, which the next append makes`
      : '';
  console.log(
    `audit log intact: ${verdict.count.toLocaleString('en')} records${algorithms}, head at ${verdict.head}${pending}`,
  );
}

/** Prints one page of records matching the filter, newest first, and the cursor of the next. */
export async function runAuditList(
  session: StorageSession,
  filter: AuditFilterInput,
): Promise<void> {
  const parsed = AuditFilterSchema.safeParse(filter);
  if (!parsed.success)
    throw new DatarunError(
      parsed.error.issues.map((issue) =>
        problem('invalid-value', issue.message, {
          field: FLAGS[String(issue.path[0])] ?? String(issue.path[0]),
        }),
      ),
    );
  const page = await auditLog(session).list(parsed.data);
  if (page.records.length === 0) {
    console.log(parsed.data.cursor ? 'No more records.' : 'No audit records match.');
    return;
  }
  for (const record of page.records) console.log(formatRow(record));
  console.log(`${page.records.length} record(s), newest first`);
  if (page.next) console.log(`More: add --cursor ${page.next}`);
}

function formatRow(record: AuditRecord): string {
  return [
    `#${record.seq}`.padStart(7),
    record.at.slice(0, 19).replace('T', ' '),
    record.outcome.padEnd(6),
    `${record.actor.user}@${record.actor.agency} (${record.actor.role})`.padEnd(32),
    record.action.padEnd(24),
    record.subject,
    ...(record.reason ? [`— ${record.reason}`] : []),
  ].join('  ');
}
