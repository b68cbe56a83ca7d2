import { problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import type { SourcedEntry } from '../catalog/check-catalog.ts';
import { BASE_LIBRARY_PREFIX } from '../schemas/catalog-entry.ts';
import type { CatalogEntry } from '../schemas/catalog-entry.ts';
import type { SourceConflict } from './quality-report.ts';

/** What a claim needs of an entry; catalog entries and stored catalog records both have it. */
export type ClaimingEntry = Pick<CatalogEntry, 'code' | 'category' | 'issued' | 'items'>;

/**
 * The 信息项 of base libraries that two or more entries claim to be the authoritative source of
 * (一数一源), one conflict per library and item name. The source kept is the earliest issued
 * entry, then the lowest code, so the verdict does not depend on the order entries are read in.
 */
export function sourceConflicts(entries: readonly ClaimingEntry[]): SourceConflict[] {
  const claims = new Map<string, { library: string; item: string; entries: ClaimingEntry[] }>();
  for (const entry of entries) {
    if (!entry.category.startsWith(BASE_LIBRARY_PREFIX)) continue;
    for (const item of entry.items) {
      if (item.authoritative !== true) continue;
      const key = JSON.stringify([entry.category, item.name]);
      const claim = claims.get(key) ?? { library: entry.category, item: item.name, entries: [] };
      claim.entries.push(entry);
      claims.set(key, claim);
    }
  }
  const conflicts: SourceConflict[] = [];
  for (const claim of claims.values()) {
    if (claim.entries.length < 2) continue;
    const [source, ...claimants] = [...claim.entries].sort(bySeniority);
    conflicts.push({
      library: claim.library,
      item: claim.item,
      source: source!.code,
      claimants: claimants.map((entry) => entry.code),
    });
  }
  return conflicts.sort(
    (a, b) =>
      compare(a.library, b.library) || compare(a.item, b.item) || compare(a.source, b.source),
  );
}

/**
 * A warning for every entry whose claim to be an authoritative source is flagged: its file and
 * `items[i].authoritative`, the 信息项, and the entry kept as the source. Publishing goes on.
 */
export function sourceClaimProblems(entries: readonly SourcedEntry[]): Problem[] {
  const byCode = new Map(entries.map((sourced) => [sourced.entry.code, sourced]));
  const problems: Problem[] = [];
  for (const conflict of sourceConflicts(entries.map((sourced) => sourced.entry))) {
    const source = byCode.get(conflict.source)!;
    for (const code of conflict.claimants) {
      const { file, entry } = byCode.get(code)!;
      const index = entry.items.findIndex((item) => item.name === conflict.item);
      problems.push(
        problem(
          'duplicate',
          `信息项 "${conflict.item}" of the base library ${conflict.library} already has its authoritative source (一数一源): ${conflict.source} (${source.file}, issued ${source.entry.issued}); this entry's claim is flagged: remove authoritative: true here or there`,
          { file, field: `items[${index}].authoritative` },
        ),
      );
    }
  }
  return problems;
}

function bySeniority(a: ClaimingEntry, b: ClaimingEntry): number {
  return compare(a.issued, b.issued) || compare(a.code, b.code);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
