/**
 * Guessing how a CSV file is written from a sample of its text. Declared values (the entry's
 * `data.delimiter` and `data.header`) override these guesses; the caller decides that.
 */
import { DatarunError } from '../errors.ts';
import { CsvParser } from './csv-parser.ts';

export type SniffedDialect = { delimiter: string; header: boolean };

/** Candidate delimiters, in order of preference when the evidence ties. */
const DELIMITERS = [',', ';', '\t', '|'];
const MAX_RECORDS = 200;

const LOOKS_NUMERIC = /^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;
const LOOKS_DATE = /^\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?$|^\d{4}年\d{1,2}月(?:\d{1,2}日)?$/;

/**
 * Sniffs the delimiter and whether the first record is a header. `complete` says whether the
 * sample is the whole file; if not, its last record may be cut off and is not used.
 */
export function sniffDialect(sample: string, complete = false): SniffedDialect {
  let best:
    { delimiter: string; records: string[][]; consistency: number; width: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const records = readRecords(sample, delimiter, complete);
    if (!records) continue;
    const { consistency, width } = measure(records);
    if (width < 2) continue;
    if (
      !best ||
      consistency > best.consistency ||
      (consistency === best.consistency && width > best.width)
    ) {
      best = { delimiter, records, consistency, width };
    }
  }
  if (!best) return { delimiter: ',', header: true };
  return { delimiter: best.delimiter, header: looksLikeHeader(best.records) };
}

/**
 * The sample's first records with this delimiter, blank lines left out, or undefined if the
 * sample is not CSV with it. Without `end`, a record the sample cuts off is never emitted.
 */
function readRecords(sample: string, delimiter: string, complete: boolean): string[][] | undefined {
  const records: string[][] = [];
  const parser = new CsvParser({ delimiter });
  const keep = (fields: string[]) => {
    if (records.length < MAX_RECORDS + 1 && !(fields.length === 1 && fields[0] === ''))
      records.push(fields);
  };
  try {
    parser.push(sample, keep);
    if (complete) parser.end(keep);
  } catch (error) {
    if (error instanceof DatarunError) return undefined;
    throw error;
  }
  return records;
}

/** The most common field count (width), and the share of records that have it. */
function measure(records: string[][]): { consistency: number; width: number } {
  if (records.length === 0) return { consistency: 0, width: 0 };
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let width = 0;
  let most = 0;
  for (const [w, c] of counts) {
    if (c > most || (c === most && w > width)) [width, most] = [w, c];
  }
  return { consistency: most / records.length, width };
}

const dataLike = (value: string) => LOOKS_NUMERIC.test(value) || LOOKS_DATE.test(value);

/**
 * A header is likely when, in a column whose later values are mostly numbers or dates, the
 * first record holds text; unlikely when it holds a number or date there too, or when a first
 * value recurs further down its column (headers name a column, they do not repeat its values).
 * When the records give no evidence, as in an all-text table, the answer is yes.
 */
function looksLikeHeader(records: string[][]): boolean {
  const [first, ...rest] = records;
  if (!first || rest.length === 0) return true;
  let forHeader = 0;
  let againstHeader = 0;
  first.forEach((raw, c) => {
    const cell = raw.trim();
    const column = rest.map((r) => (r[c] ?? '').trim()).filter((v) => v !== '');
    if (column.length === 0 || cell === '') return;
    if (column.includes(cell)) againstHeader++;
    if (column.filter(dataLike).length < column.length * 0.8) return;
    if (dataLike(cell)) againstHeader++;
    else forHeader++;
  });
  return forHeader > 0 || againstHeader === 0;
}
