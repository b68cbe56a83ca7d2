import type { Dispute } from './dispute.ts';
import type { CorrectionLogLine, CorrectionsLog } from './dispute-views.ts';

type LogEntry = CorrectionsLog['entries'][string];

/**
 * The public corrections log: for each entry of the public catalog that has had a report,
 * its corrections (newest first), how many reports are still being verified and how many
 * were rejected. Entries outside `publicCodes` are left out whatever their disputes, and
 * candidates a provider has not confirmed are not counted: nobody reported them.
 */
export function correctionsLog(
  disputes: readonly Dispute[],
  publicCodes: ReadonlySet<string>,
  nowIso: string,
): CorrectionsLog {
  const byCode = new Map<string, LogEntry>();
  const entryOf = (code: string): LogEntry => {
    let entry = byCode.get(code);
    if (!entry) byCode.set(code, (entry = { corrections: [], open: 0, rejected: 0 }));
    return entry;
  };
  for (const dispute of disputes) {
    const code = dispute.input.code;
    if (!publicCodes.has(code)) continue;
    if (dispute.state === 'reported' || dispute.state === 'verifying') entryOf(code).open++;
    else if (dispute.state === 'rejected') entryOf(code).rejected++;
    else if (dispute.state === 'corrected' && dispute.correction)
      entryOf(code).corrections.push(logLine(dispute, dispute.correction));
  }
  const entries: CorrectionsLog['entries'] = {};
  // Sorted, so the same disputes always give the same bytes.
  for (const code of [...byCode.keys()].sort()) {
    const entry = byCode.get(code)!;
    entry.corrections.sort(
      (a, b) =>
        b.at.localeCompare(a.at) || b.version - a.version || a.dispute.localeCompare(b.dispute),
    );
    entries[code] = entry;
  }
  return { generatedAt: nowIso, entries };
}

function logLine(
  dispute: Dispute,
  correction: NonNullable<Dispute['correction']>,
): CorrectionLogLine {
  return {
    dispute: dispute.id,
    code: dispute.input.code,
    reportedVersion: dispute.input.version,
    version: correction.version,
    at: correction.at,
    field: dispute.input.field,
    changes: correction.changes,
  };
}
