import type { ForeignDataset, SkippedRecord } from './foreign-dataset.ts';
import { parseForeignDate } from './foreign-dates.ts';

/** One record per identity, in file order, with what became of the repeats. */
export type Deduped = {
  records: ForeignDataset[];
  duplicates: number;
  superseded: SkippedRecord[];
};

/**
 * Keeps one record per identity. Repeats with the same content count as duplicates; a repeat
 * that differs loses to the record with the later modified date (the first one on a tie) and is
 * listed with the record that superseded it.
 */
export function dedupe(records: readonly ForeignDataset[]): Deduped {
  const groups = new Map<string, ForeignDataset[]>();
  for (const record of records) {
    const group = groups.get(record.id);
    if (group) group.push(record);
    else groups.set(record.id, [record]);
  }
  const out: Deduped = { records: [], duplicates: 0, superseded: [] };
  for (const group of groups.values()) {
    const winner = group.reduce((best, r) => (modified(r) > modified(best) ? r : best));
    out.records.push(winner);
    const content = contentOf(winner);
    for (const other of group) {
      if (other === winner) continue;
      if (contentOf(other) === content) out.duplicates++;
      else
        out.superseded.push({
          ...other.at,
          id: other.id,
          reason: `superseded by record ${winner.at.index + 1} with the same identity`,
        });
    }
  }
  out.records.sort((a, b) => a.at.index - b.at.index);
  return out;
}

function modified(record: ForeignDataset): string {
  return parseForeignDate(record.modified) ?? '';
}

function contentOf(record: ForeignDataset): string {
  return JSON.stringify({ ...record, at: undefined });
}
