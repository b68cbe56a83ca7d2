import { CatalogEntrySchema, EntryCodeSchema } from '../schemas/catalog-entry.ts';
import type { CatalogEntry, CatalogEntryInput } from '../schemas/catalog-entry.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Category } from '../schemas/vocabulary.ts';
import type * as z from 'zod';
import { formatPath } from '../field-path.ts';
import type {
  ForeignDataset,
  ImportFormat,
  ImportReport,
  ReadResult,
  SkippedRecord,
} from './foreign-dataset.ts';
import { cnpdsProfile } from './cnpds-portals.ts';
import { classCode, CodeBook } from './entry-codes.ts';
import { AgencyBook, NATIONAL, platformSlug } from './map-agencies.ts';
import { mapRecord } from './map-record.ts';
import type { FieldNote } from './map-record.ts';
import { dedupe } from './dedupe-records.ts';
import { sourceFieldNames } from './source-fields.ts';

export type MapOptions = {
  from: ImportFormat;
  file: string;
  /** Agencies already in the target catalog; new ones are appended after them, never reordered. */
  agencies: readonly Agency[];
  /** origin.id → code of entries already in the target catalog from the same platform: their codes are kept. */
  identities: ReadonlyMap<string, string>;
  /** Codes already taken in the target catalog by anything else. */
  usedCodes: ReadonlySet<string>;
  /** Where new agencies are, when the source does not say (CNPDS profiles say; foreign sources: the caller's --region/--agency-level, else 100000 / 国家级, reported as defaulted). */
  agencyDefaults?: { region: string; level: Agency['level'] };
};
export type MappedCatalog = { agencies: Agency[]; entries: CatalogEntry[]; report: ImportReport };

/** Native fields a round trip does not carry: where the data file was, and references resolved here. */
const NOT_NATIVE = new Set(['code', 'provider', 'origin', 'data', 'related']);
const TALLIED = [
  ...['title', 'abstract', 'provider', 'category', 'format', 'shareType', 'shareMethod'],
  ...['openType', 'openCondition', 'updateCycle', 'issued', 'modified', 'level', 'keywords'],
  ...['contact', 'licence', 'spatial', 'temporal', 'origin', 'agency.region', 'agency.level'],
];

/**
 * Maps what a reader got out of a foreign file onto catalog entries and agencies: every entry
 * valid, every code unique in the target catalog and kept for a record imported before, each
 * repeated or broken record counted or listed with its reason. `created`, `updated` and
 * `unchanged` are left 0: only the writer knows them.
 */
export function mapEntries(read: ReadResult, options: MapOptions): MappedCatalog {
  const report: ImportReport = {
    file: options.file,
    from: options.from,
    platform: read.platform,
    records: read.total,
    imported: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    duplicates: 0,
    skipped: [...read.skipped],
    fields: Object.fromEntries(TALLIED.map((f) => [f, { mapped: 0, defaulted: 0 }])),
    dropped: {},
  };
  const names = sourceFieldNames(options.from, read.platform);
  const place = options.agencyDefaults ? { ...options.agencyDefaults, defaulted: false } : NATIONAL;
  const prefix =
    (options.from === 'cnpds' && cnpdsProfile(read.platform)?.key) || platformSlug(read.platform);
  const agencies = new AgencyBook(options.agencies, prefix, place);
  const codes = new CodeBook([...options.usedCodes, ...options.identities.values()]);
  const held = new Set(options.identities.values());
  const unique = dedupe(read.records);
  report.duplicates = unique.duplicates;
  report.skipped.push(...unique.superseded);

  const entries: CatalogEntry[] = [];
  const related = new Map<CatalogEntry, string[]>();
  for (const record of unique.records) {
    const mapped = record.publisher?.name.zh.trim()
      ? mapRecord(record, read.platform, names)
      : 'no publisher (provider)';
    if (typeof mapped === 'string') {
      report.skipped.push(skipped(record, mapped));
      continue;
    }
    const { agency, created } = agencies.resolve(record.publisher!);
    const base = { ...mapped.entry, provider: agency.code };
    const nativeFields = natives(record.native);
    const candidates =
      Object.keys(nativeFields).length > 0 ? [{ ...base, ...nativeFields }, base] : [base];
    let outcome: CatalogEntry | string = '';
    let withNatives = false;
    for (const candidate of candidates) {
      const cls = classCode(candidate.category as Category, agencies.position(agency));
      const code =
        options.identities.get(record.id) ?? nativeCode(record, held, codes) ?? codes.next(cls);
      if (!code) {
        outcome = `分类码 ${cls} has no free 顺序码 left`;
        continue;
      }
      const result = CatalogEntrySchema.safeParse({ code, ...candidate });
      if (result.success) {
        outcome = result.data;
        withNatives = candidate !== base;
        break;
      }
      outcome = result.error.issues.map(describe).join('; ');
    }
    if (typeof outcome === 'string') {
      if (created) agencies.discard(agency);
      report.skipped.push(skipped(record, outcome));
      continue;
    }
    codes.take(outcome.code);
    entries.push(outcome);
    if (Array.isArray(record.native?.related)) related.set(outcome, record.native.related);
    const notes = withNatives
      ? mapped.notes.map((n) =>
          n.field in nativeFields ? { field: n.field, how: 'mapped' as const } : n,
        )
      : mapped.notes;
    tally(report, notes, created, place);
    for (const name of new Set(mapped.dropped))
      report.dropped[name] = (report.dropped[name] ?? 0) + 1;
  }
  resolveRelated(related, codes, report, names.related);
  report.imported = entries.length;
  report.skipped.sort((a, b) => a.index - b.index);
  return { agencies: agencies.list, entries, report };
}

/** A code read back from a datarun export, when it is well-formed and free. */
function nativeCode(record: ForeignDataset, held: ReadonlySet<string>, codes: CodeBook) {
  const code = record.native?.code;
  return typeof code === 'string' &&
    EntryCodeSchema.safeParse(code).success &&
    !held.has(code) &&
    codes.isFree(code)
    ? code
    : undefined;
}

function describe(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Native fields that pass their own field's schema. */
function natives(native: ForeignDataset['native']): Partial<CatalogEntryInput> {
  const shape = CatalogEntrySchema.shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean } }
  >;
  return Object.fromEntries(
    Object.entries(native ?? {}).filter(
      ([key, value]) =>
        !NOT_NATIVE.has(key) && value !== undefined && shape[key]?.safeParse(value).success,
    ),
  );
}

/** Related codes read back from a datarun export, kept where they name an entry of the catalog. */
function resolveRelated(
  related: Map<CatalogEntry, string[]>,
  codes: CodeBook,
  report: ImportReport,
  name: string,
): void {
  for (const [entry, list] of related) {
    const known = list.filter((code) => code !== entry.code && !codes.isFree(code));
    if (known.length > 0) entry.related = known;
    if (known.length < list.length) report.dropped[name] = (report.dropped[name] ?? 0) + 1;
  }
}

function tally(
  report: ImportReport,
  notes: FieldNote[],
  createdAgency: boolean,
  place: typeof NATIONAL,
) {
  const all: FieldNote[] = [{ field: 'provider', how: 'mapped' }, ...notes];
  if (createdAgency)
    for (const field of ['agency.region', 'agency.level'])
      all.push(
        place.defaulted
          ? {
              field,
              how: 'defaulted',
              value: field === 'agency.region' ? place.region : place.level,
            }
          : { field, how: 'mapped' },
      );
  for (const { field, how, value } of all) {
    const t = (report.fields[field] ??= { mapped: 0, defaulted: 0 });
    t[how]++;
    if (how === 'defaulted' && value !== undefined) t.default = value;
  }
}

function skipped(record: ForeignDataset, reason: string): SkippedRecord {
  return { ...record.at, id: record.id, reason };
}
