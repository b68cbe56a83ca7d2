import { DatarunError, problem } from '../errors.ts';
import type { ForeignDataset, RecordPosition, SkippedRecord } from './foreign-dataset.ts';
import { objectOf } from './foreign-values.ts';
import {
  advance,
  lineColumn,
  scanString,
  scanValue,
  setLine,
  skipSpace,
  skipTo,
  where,
} from './json-scanner.ts';
import type { Cursor, Extent, Where } from './json-scanner.ts';

/** One element of the records array, parsed, with where it starts (1-based line and column). */
export type JsonRecord = { value: unknown; index: number; line: number; column: number };
export type JsonRecords = { records: JsonRecord[]; skipped: SkippedRecord[]; total: number };

/** How many pieces of a broken one-line stretch are tried together when splitting it up again. */
const MAX_MERGE = 64;

/**
 * Reads the array of records at `path` (`[]` for a top-level array, `['dataset']` …) element by
 * element, so that a broken element costs only itself: it is listed with its line, column and
 * the parser's reason. Top-level values written one after another are all read, and a file cut
 * short keeps every element before the cut. Throws a `json-syntax` DatarunError when the file
 * holds no JSON or `path` does not lead to an array.
 */
export function readJsonRecords(text: string, file: string, path: readonly string[]): JsonRecords {
  const c: Cursor = { text, i: text.charCodeAt(0) === 0xfeff ? 1 : 0, line: 1, lineStart: 0 };
  const out: JsonRecords = { records: [], skipped: [], total: 0 };
  const fail = (message: string, at = where(c)) => {
    throw new DatarunError(problem('json-syntax', message, { file, ...lineColumn(at) }));
  };
  let found = false;
  skipSpace(c);
  if (c.i >= text.length) fail('the file holds no JSON');
  while (c.i < text.length) {
    const start = where(c);
    const ch = text[c.i]!;
    if (ch !== '[' && ch !== '{') {
      if (!found) fail(`expected a JSON array or object, found ${JSON.stringify(ch)}`);
      out.skipped.push({
        index: out.total++,
        ...lineColumn(start),
        reason: 'text that is not JSON',
      });
      skipTo(c, /[[{]/g);
    } else if (enter(c, path)) {
      found = true;
      readArray(c, out);
      if (path.length > 0) scanValue(c, Array<string>(path.length).fill('}'));
    } else {
      const name = path.length > 0 ? `"${path.join('.')}"` : 'the top level';
      if (!found) fail(`expected an array of records at ${name}`, start);
      out.skipped.push({
        index: out.total++,
        ...lineColumn(start),
        reason: `no array of records at ${name}`,
      });
      c.i = start.offset;
      setLine(c, start);
      scanValue(c);
    }
    skipSpace(c);
  }
  return out;
}

/**
 * Reads each record with `read`; one that is not a JSON object, or that `read` refuses with a
 * reason, is skipped. Skipped records come in file order, with those the JSON reader skipped.
 */
export function readObjects(
  json: JsonRecords,
  read: (record: Record<string, unknown>, at: RecordPosition) => ForeignDataset | string,
): { records: ForeignDataset[]; skipped: SkippedRecord[] } {
  const records: ForeignDataset[] = [];
  const skipped: SkippedRecord[] = [...json.skipped];
  for (const { value, ...at } of json.records) {
    const record = objectOf(value);
    const result = record ? read(record, at) : 'the record is not a JSON object';
    if (typeof result === 'string') skipped.push({ ...at, reason: result });
    else records.push(result);
  }
  skipped.sort((a, b) => a.index - b.index);
  return { records, skipped };
}

/** Moves from the start of a value to just inside the array at `path`; false if there is none. */
function enter(c: Cursor, path: readonly string[]): boolean {
  const ch = c.text[c.i];
  if (path.length === 0) {
    if (ch !== '[') return false;
    c.i++;
    return true;
  }
  if (ch !== '{') return false;
  c.i++;
  for (;;) {
    skipSpace(c);
    if (c.text[c.i] !== '"') return false;
    const keyStart = c.i;
    scanString(c);
    let key: unknown;
    try {
      key = JSON.parse(c.text.slice(keyStart, c.i));
    } catch {
      return false;
    }
    skipSpace(c);
    if (c.text[c.i] !== ':') return false;
    c.i++;
    skipSpace(c);
    if (key === path[0]) return enter(c, path.slice(1));
    if (scanValue(c).truncated) return false;
    skipSpace(c);
    if (c.text[c.i] !== ',') return false;
    c.i++;
  }
}

/** Reads the elements of an array whose `[` has been passed, up to its `]` or the end of the text. */
function readArray(c: Cursor, out: JsonRecords): void {
  for (;;) {
    skipSpace(c);
    const ch = c.text[c.i];
    if (ch === undefined) return;
    if (ch === ']') {
      c.i++;
      return;
    }
    if (ch === ',') {
      c.i++;
      continue;
    }
    const start = where(c);
    const extent = scanValue(c);
    parsePieces(c.text, start, extent, out);
    if (extent.truncated) return;
  }
}

/**
 * Parses one element. A broken stretch is split again at `}, {` to save the records in it (a
 * broken string in a one-line file can hide several); a piece counts as a record only if it
 * starts with the same key as the records before it, so nested objects are not taken for one.
 */
function parsePieces(text: string, start: Where, extent: Extent, out: JsonRecords): void {
  const slice = text.slice(start.offset, extent.end);
  const whole = tryParse(slice);
  if (whole.ok && !extent.truncated) {
    out.records.push({ value: whole.value, index: out.total++, ...lineColumn(start) });
    return;
  }
  const cuts = [0];
  for (const m of slice.matchAll(/\}\s*(?:,|\]\s*\[)\s*\{/g))
    cuts.push(m.index + m[0].lastIndexOf('{'));
  cuts.push(slice.length);
  const key = firstKey(out.records[out.records.length - 1]?.value);
  let from = 0;
  while (from < cuts.length - 1) {
    const at = advance(text, start, start.offset + cuts[from]!);
    let taken = 0;
    for (let to = from + 1; to < cuts.length && to - from <= MAX_MERGE && !taken; to++) {
      const piece = tryParse(trimComma(slice.slice(cuts[from], cuts[to])));
      if (piece.ok && (from === 0 || key === undefined || firstKey(piece.value) === key)) {
        out.records.push({ value: piece.value, index: out.total++, ...lineColumn(at) });
        taken = to;
      }
    }
    if (taken) {
      from = taken;
      continue;
    }
    let to = from + 1;
    while (to < cuts.length - 1 && !startsRecord(slice, cuts[to]!, key)) to++;
    const piece = trimComma(slice.slice(cuts[from], cuts[to]));
    const reason =
      extent.truncated && to === cuts.length - 1
        ? 'the file ends inside this record (truncated)'
        : parseReason(tryParse(piece), piece, text, at);
    out.skipped.push({ index: out.total++, ...lineColumn(at), reason });
    from = to;
  }
}

function firstKey(value: unknown): string | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? Object.keys(value)[0]
    : undefined;
}

/** Whether the text at `offset` opens an object whose first key is `key`. */
function startsRecord(slice: string, offset: number, key: string | undefined): boolean {
  if (key === undefined) return true;
  return slice.startsWith(JSON.stringify(key), slice.indexOf('"', offset));
}

/** A piece without what follows its last `}`: the comma, or the `]` of an array. */
function trimComma(piece: string): string {
  return piece.replace(/[\s,\]]+$/, '');
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

function tryParse(slice: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(slice) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** The parser's message, with its position in the piece turned into a line and column of the file. */
function parseReason(parsed: Parsed, piece: string, text: string, at: Where): string {
  if (parsed.ok) return 'the record is not closed before the next one starts';
  return parsed.message.replace(/ at position (\d+)(?: \(line \d+ column \d+\))?/, (_, pos) => {
    const there = advance(text, at, at.offset + Math.min(Number(pos), piece.length));
    return ` at line ${there.line}, column ${there.column}`;
  });
}
