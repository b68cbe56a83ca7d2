/**
 * Pure helpers of the verification page (`/agency/verify/`): reading a batch typed or pasted as
 * CSV or JSON into the body of `POST /api/v1/verify/{code}`, and naming results. No DOM and no
 * zod here, so unit tests run them in Node and the page's bundle stays small.
 */
import { localized, textLang } from './agency-text.ts';
import type { PortalLang } from './agency-text.ts';

/** A verification service of the caller's agency, as `GET /api/v1/verify` lists it. */
export type VerifyService = {
  code: string;
  /** The entry's title as the grant's request recorded it (its Chinese title). */
  title: string | { zh: string; en?: string };
  grant: string;
  state: string;
  expiresOn?: string;
  keyFields: string[];
  verifiableFields: string[];
};

/** One record of a call: key values, and the values held for some verifiable fields. */
export type VerifyRecordInput = { key: Record<string, string>; fields: Record<string, string> };

/** What `POST /api/v1/verify/{code}` answers. */
export type VerifyOutcome = {
  code: string;
  version: number;
  grant: string;
  answers: { index: number; result: string; differing?: string[] }[];
  counts: { match: number; noMatch: number; notFound: number; ambiguous: number };
  distinctKeysLeftToday: number;
};

/** A service's title in the page language where it has one, marked with its own language. */
export function serviceTitle(
  title: VerifyService['title'],
  lang: PortalLang,
): { text: string; lang: PortalLang } {
  return typeof title === 'string'
    ? { text: title, lang: textLang(title) }
    : localized(title, lang);
}

/** A call verifies at most this many records (the API's `MAX_VERIFY_BATCH`). */
export const VERIFY_BATCH_LIMIT = 1000;

/** The results a call may answer, in the order the page counts them. */
export const VERIFY_RESULT_KEYS = [
  ['match', 'match'],
  ['no-match', 'noMatch'],
  ['not-found', 'notFound'],
  ['ambiguous', 'ambiguous'],
] as const;

/** A batch the page refuses before asking the API: the i18n key of the message and its values. */
export type BatchProblem = { key: string; params?: Record<string, string | number> };

/** The columns a service lets a caller send. */
export type VerifyColumns = Pick<VerifyService, 'keyFields' | 'verifiableFields'>;

/**
 * Splits CSV text into rows of cells (RFC 4180: commas, double quotes, "" inside quotes, CRLF
 * or LF). Blank lines are dropped; a quote left open is an error.
 */
export function parseCsv(text: string): string[][] | undefined {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let touched = false;
  const endRow = () => {
    row.push(cell);
    if (row.length > 1 || row[0]!.trim() !== '' || touched) rows.push(row);
    row = [];
    cell = '';
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (char === '"') {
      quoted = true;
      touched = true;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += char;
  }
  if (quoted) return undefined;
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

/** The records of a CSV batch whose first line names the columns. */
function csvRecords(
  text: string,
  columns: VerifyColumns,
): { records: VerifyRecordInput[] } | { problem: BatchProblem } {
  const rows = parseCsv(text);
  if (!rows) return { problem: { key: 'agency.verify.batch.openQuote' } };
  const [header, ...lines] = rows;
  if (!header || lines.length === 0) return { problem: { key: 'agency.verify.batch.empty' } };
  const names = header.map((name) => name.trim());
  for (const name of names)
    if (!columns.keyFields.includes(name) && !columns.verifiableFields.includes(name))
      return { problem: { key: 'agency.verify.batch.unknownColumn', params: { column: name } } };
  for (const key of columns.keyFields)
    if (!names.includes(key))
      return { problem: { key: 'agency.verify.batch.missingColumn', params: { column: key } } };
  const records: VerifyRecordInput[] = [];
  for (const [index, cells] of lines.entries()) {
    if (cells.length !== names.length)
      return {
        problem: {
          key: 'agency.verify.batch.width',
          params: { line: index + 2, n: cells.length, expected: names.length },
        },
      };
    const record: VerifyRecordInput = { key: {}, fields: {} };
    for (const [column, name] of names.entries()) {
      const value = cells[column]!.trim();
      if (columns.keyFields.includes(name)) record.key[name] = value;
      // An empty cell of a verifiable field means "not checked", as in the one-record form.
      else if (value !== '') record.fields[name] = value;
    }
    records.push(record);
  }
  return { records };
}

/** The records of a JSON batch: `[{key, fields}]` or `{records: [...]}`, passed on as written. */
function jsonRecords(text: string): { records: VerifyRecordInput[] } | { problem: BatchProblem } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      problem: { key: 'agency.verify.batch.badJson', params: { reason: (error as Error).message } },
    };
  }
  const list =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'records' in parsed
      ? (parsed as { records: unknown }).records
      : parsed;
  if (!Array.isArray(list) || list.length === 0)
    return { problem: { key: 'agency.verify.batch.jsonShape' } };
  // The API checks each record and names the one that is wrong; the page does not guess.
  return { records: list as VerifyRecordInput[] };
}

/**
 * A batch as the API takes it: JSON when the text starts with `[` or `{`, CSV otherwise. Problems
 * found here (nothing to send, more than 1,000 records, a column the service does not offer, a
 * key column missing, a short line) are said before anything is sent.
 */
export function parseBatch(
  text: string,
  columns: VerifyColumns,
): { records: VerifyRecordInput[] } | { problem: BatchProblem } {
  const trimmed = text.trim();
  if (!trimmed) return { problem: { key: 'agency.verify.batch.empty' } };
  const read = /^[[{]/.test(trimmed) ? jsonRecords(trimmed) : csvRecords(trimmed, columns);
  if ('records' in read && read.records.length > VERIFY_BATCH_LIMIT)
    return {
      problem: {
        key: 'agency.verify.batch.tooMany',
        params: { n: read.records.length, max: VERIFY_BATCH_LIMIT },
      },
    };
  return read;
}

/** The one record of the single-record form: every key field, the verifiable fields filled in. */
export function singleRecord(
  values: Record<string, string>,
  columns: VerifyColumns,
): VerifyRecordInput {
  const record: VerifyRecordInput = { key: {}, fields: {} };
  for (const name of columns.keyFields) record.key[name] = (values[`key.${name}`] ?? '').trim();
  for (const name of columns.verifiableFields) {
    const value = (values[`fields.${name}`] ?? '').trim();
    if (value) record.fields[name] = value;
  }
  return record;
}

/** The key fields left empty in the single-record form, as its controls are named. */
export function missingKeys(record: VerifyRecordInput, columns: VerifyColumns): string[] {
  return columns.keyFields.filter((name) => !record.key[name]).map((name) => `key.${name}`);
}

/** A header line and one example line for the batch hint: `code,name`. */
export function csvHeader(columns: VerifyColumns): string {
  return [...columns.keyFields, ...columns.verifiableFields].join(',');
}

/**
 * Where an API problem belongs in the single-record form: `records.0.key.code` → `key.code`,
 * `records.0.fields.name` → `fields.name`; other fields stay as named.
 */
export function singleField(field: string | undefined): string | undefined {
  return field?.replace(/^records\.0\./, '');
}

/** The record number (1-based) an API problem names, e.g. 4 for `records.3.key.code`. */
export function problemRecord(field: string | undefined): number | undefined {
  const match = /^records\.(\d+)(?:\.|$)/.exec(field ?? '');
  return match ? Number(match[1]) + 1 : undefined;
}
