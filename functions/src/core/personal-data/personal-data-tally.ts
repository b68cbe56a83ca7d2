/**
 * Counts, per column, the rows in which the scanner found personal data, and says so in words
 * a person can act on. It keeps counts only: no value ever reaches a report.
 */
import { PERSONAL_DATA_KINDS, type PersonalDataKind } from './cell-scanner.ts';

/** How many rows of one column hold one kind of personal data. */
export type PersonalDataFinding = { column: string; kind: PersonalDataKind; rows: number };

/** Every finding, and one sentence per column that holds personal data. */
export type PersonalDataReport = { findings: PersonalDataFinding[]; sentences: string[] };

const DESCRIPTIONS: Record<PersonalDataKind, string> = {
  'resident-id': 'resident ID numbers',
  mobile: 'mainland mobile numbers',
  'bank-card': 'bank card numbers',
};

/** Rows per column per kind of personal data, in the order columns were first seen. */
export class PersonalDataTally {
  private readonly counts = new Map<string, Map<PersonalDataKind, number>>();

  /** Counts one row of `column` for each kind found in its cell; nothing for an empty list. */
  add(column: string, kinds: readonly PersonalDataKind[]): void {
    if (kinds.length === 0) return;
    let byKind = this.counts.get(column);
    if (!byKind) this.counts.set(column, (byKind = new Map()));
    for (const kind of kinds) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }

  /** The findings so far, kinds in PERSONAL_DATA_KINDS order, and a sentence per column. */
  report(): PersonalDataReport {
    const findings: PersonalDataFinding[] = [];
    const sentences: string[] = [];
    for (const [column, byKind] of this.counts) {
      const clauses: string[] = [];
      for (const kind of PERSONAL_DATA_KINDS) {
        const rows = byKind.get(kind);
        if (rows === undefined) continue;
        findings.push({ column, kind, rows });
        clauses.push(`${rows} ${rows === 1 ? 'row holds' : 'rows hold'} ${DESCRIPTIONS[kind]}`);
      }
      sentences.push(`column ${JSON.stringify(column)}: ${clauses.join(', ')}`);
    }
    return { findings, sentences };
  }
}
