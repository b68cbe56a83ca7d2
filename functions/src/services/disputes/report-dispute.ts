import { computeZone } from '../../core/catalog/zone.ts';
import { disputeId, tokenSha256 } from '../../core/disputes/dispute-id.ts';
import type { Dispute, DisputeInput } from '../../core/disputes/dispute.ts';
import { newReportedDispute } from '../../core/disputes/dispute-machine.ts';
import type { DisputeReceipt } from '../../core/disputes/dispute-views.ts';
import { locateColumn, locateRow } from '../../core/disputes/locate-row.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import type { Problem } from '../../core/errors.ts';
import type { Actor, Identity } from '../../core/identity/identity.ts';
import type { SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';
import { guard } from '../sharing/guard.ts';
import type { DisputeDeps } from './dispute-deps.ts';
import { recordDisputeStep } from './record-dispute-step.ts';
import { readVersionTable } from './version-table.ts';

/** A report's outcome: the stored dispute, and the receipt the reporter gets. */
export type ReportOutcome = { dispute: Dispute; receipt: DisputeReceipt };

/** The site path of a reporter's status page, secret included. */
export function statusPath(id: string, token: string): string {
  return `/disputes/status/?id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}`;
}

/**
 * A report of a cell that looks wrong (疑义数据反馈). Members of the public report on entries of
 * the public catalog whose data is open, with a contact; signed-in staff on any entry of the
 * share catalog. The version, row and field must exist (a 400 naming the field otherwise); the
 * cell's value is recorded as the version publishes it. The same report sent again (same
 * entry, version, row, field and reporter) stores nothing and answers the dispute already
 * there, without its status secret. A new report is audited, its provider notified, and the
 * reporter given the status link's secret, which is stored only as a hash.
 */
export async function reportDispute(
  deps: DisputeDeps,
  identity: Identity | undefined,
  input: DisputeInput,
): Promise<ReportOutcome> {
  const { entry, reporter, reporterKey } = identity
    ? await staffReporter(deps, identity, input)
    : await publicReporter(deps, input);
  const listed = entry.versions.some((v) => v.version === input.version);
  const version = listed ? await deps.versions.get(entry.code, input.version) : undefined;
  if (!version)
    throw new DatarunError(
      problem(
        'invalid-field',
        `${entry.code} has no version ${input.version}; its versions are ${entry.versions.map((v) => v.version).join(', ') || 'none yet'}`,
        { field: 'version' },
      ),
    );
  const table = await readVersionTable(deps.objects, version);
  const row = locateRow(table, input.row, 'row');
  const column = locateColumn(table, input.field, 'field');
  const problems: Problem[] = [
    ...('problem' in row ? [row.problem] : []),
    ...('problem' in column ? [column.problem] : []),
  ];
  if ('problem' in row || 'problem' in column) throw new DatarunError(problems);
  const located = row.row;

  const nowMs = deps.now();
  const token = deps.newToken();
  const dispute = newReportedDispute({
    id: disputeId([entry.code, input.version, located.number, input.field, reporterKey]),
    origin: identity ? 'agency' : 'public',
    input,
    cell: {
      rowNumber: located.number,
      ...(located.key && { key: located.key }),
      value: table.rows[located.index]![column.index] ?? '',
    },
    title: entry.title.zh,
    provider: entry.provider,
    reporter,
    statusTokenSha256: tokenSha256(token),
    nowMs,
    workingDeadline: deps.workingDeadline,
  });
  try {
    await deps.disputes.create(dispute);
  } catch (error) {
    if (!(error instanceof DatarunError && error.code === 'conflict')) throw error;
    const existing = await deps.disputes.get(dispute.id);
    if (!existing) throw error;
    return { dispute: existing, receipt: receiptOf(existing, true) };
  }
  await recordDisputeStep(deps, {
    actor: reporter,
    action: 'dispute.report',
    event: 'report',
    after: dispute,
    details: { row: located.number, origin: dispute.origin },
  });
  return {
    dispute,
    receipt: { ...receiptOf(dispute, false), token, statusPath: statusPath(dispute.id, token) },
  };
}

function receiptOf(dispute: Dispute, duplicate: boolean): DisputeReceipt {
  return {
    id: dispute.id,
    state: dispute.state,
    duplicate,
    ...(dispute.due && { dueAt: dispute.due.at }),
  };
}

type Reporter = { entry: SnapshotEntry; reporter: Actor; reporterKey: string };

/** Signed-in staff: any entry of the share catalog, as the policy allows; the contact is theirs. */
async function staffReporter(
  deps: DisputeDeps,
  identity: Identity,
  input: DisputeInput,
): Promise<Reporter> {
  const entry = (await deps.shareCatalog()).get(input.code);
  if (!entry)
    throw new DatarunError(
      problem('not-found', `no published catalog entry ${JSON.stringify(input.code)}`, {
        field: 'code',
      }),
    );
  const reporter = await guard(
    deps,
    identity,
    'dispute.report',
    { provider: entry.provider, zone: computeZone(entry) },
    `dataset:${entry.code}`,
  );
  return { entry, reporter, reporterKey: identity.user };
}

/** A member of the public: open entries of the public catalog only, and a contact is needed. */
async function publicReporter(deps: DisputeDeps, input: DisputeInput): Promise<Reporter> {
  const entry = (await deps.publicCatalog()).get(input.code);
  if (!entry || computeZone(entry) !== 'open')
    throw new DatarunError(
      problem(
        'not-found',
        `no open dataset ${JSON.stringify(input.code)} in the public catalog; agency staff sign in to report on entries of the share catalog`,
        { field: 'code' },
      ),
    );
  if (!input.contact)
    throw new DatarunError(
      problem(
        'invalid-field',
        'give a contact (name and e-mail), so the provider can reach you about your report',
        { field: 'contact' },
      ),
    );
  const email = input.contact.email.toLowerCase();
  return {
    entry,
    reporter: {
      user: `public:${email}`,
      name: input.contact.name,
      agency: 'public',
      role: 'public',
    },
    reporterKey: email,
  };
}
