import type { Agency } from '../schemas/agency.ts';
import type { CatalogEntryInput } from '../schemas/catalog-entry.ts';

/** The formats `datarun import --from` reads. */
export const IMPORT_FORMATS = ['cnpds', 'ckan', 'datajson', 'dcat'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Where a record is in the file it was read from: its position in the list, and line and column where known (1-based). */
export type RecordPosition = { index: number; line?: number; column?: number };

/** An agency as another platform names it. */
export type ForeignAgency = {
  name: { zh: string; en?: string };
  /** Its identifier there, when the source has one (a datarun agency code, a CKAN organization name). */
  id?: string;
  website?: string;
  email?: string;
  /** Our own agency fields read back from a datarun export (round trip), used as they are. */
  native?: Partial<Agency>;
};

/**
 * One dataset as another platform describes it, read from one record of a foreign file and
 * not yet mapped to our catalog entry. Values stay as the source wrote them (dates, frequency,
 * formats, open type); `mapEntries` turns them into our vocabulary.
 */
export type ForeignDataset = {
  at: RecordPosition;
  /**
   * Its identity on the source platform: code, identifier, IRI or package id; for portals
   * without one, a key made of provider, title and first publication date. Re-importing the
   * same record gives the same identity, which keeps its code.
   */
  id: string;
  /** The record's landing page on the source platform. */
  url?: string;
  title: { zh: string; en?: string };
  abstract?: { zh?: string; en?: string };
  publisher?: ForeignAgency;
  keywords: string[];
  /** Theme or domain labels (数据领域, 国家主题分类, dcat:theme labels or IRIs) as given. */
  themes: string[];
  issued?: unknown;
  modified?: unknown;
  /** Update frequency as written: 每年, `不定期(更新说明:…)`, R/P1Y, an EU frequency IRI … */
  updateCycle?: string;
  /** Format names or media types as given: `['xlsx','csv']`, `数据库-sqlServer`, `text/csv`. */
  formats: string[];
  /** Open type or access level as given: 有条件开放, `public`, an EU access-right IRI … */
  openType?: string;
  openCondition?: string;
  contact?: { name?: string; email?: string; phone?: string };
  licence?: string;
  spatial?: string;
  temporal?: { start?: unknown; end?: unknown };
  /** Our own entry fields read back from a datarun export (round trip), used as they are. */
  native?: Partial<CatalogEntryInput>;
  /** Names of the source's fields this reader saw on the record and did not carry over. */
  dropped: string[];
};

/** A record that was not imported, and why. */
export type SkippedRecord = RecordPosition & { id?: string; reason: string };

/** What a reader got out of one file. Fatal problems (unreadable file) throw a DatarunError instead. */
export type ReadResult = {
  /** The source platform's name for provenance: `data.sh.gov.cn`, a catalog's homepage, a CKAN site. */
  platform: string;
  /** Records found in the file, good or bad. */
  total: number;
  records: ForeignDataset[];
  /** Records that could not be read at all (broken JSON, no title …). */
  skipped: SkippedRecord[];
};

/** What happened to one of our fields over an import. */
export type FieldTally = { mapped: number; defaulted: number; default?: string };

/** The report of one import: counts, what was skipped and why, and per field what was mapped, defaulted or dropped. */
export type ImportReport = {
  file: string;
  from: ImportFormat;
  platform: string;
  /** Records found in the file. */
  records: number;
  /** Entries the catalog holds from this import: created + updated + unchanged. */
  imported: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Records that repeat an earlier record of the same file (same identity, same content). */
  duplicates: number;
  skipped: SkippedRecord[];
  /** Per field of our catalog entry. */
  fields: Record<string, FieldTally>;
  /** Per foreign field name: how many records carried it and it was not carried over. */
  dropped: Record<string, number>;
};
