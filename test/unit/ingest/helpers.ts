/** Shared by the ingest tests: real files, and running the streaming pieces over chunks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatarunError, type Problem } from '../../../functions/src/core/errors.ts';
import { CsvParser, type CsvParserOptions } from '../../../functions/src/core/ingest/csv-parser.ts';

export const REAL_DATA = '/work/shared/realdata';

/** The bytes of a file under /work/shared/realdata. */
export function realBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(REAL_DATA, path)));
}

/** The text of a UTF-8 file under /work/shared/realdata. */
export function realText(path: string): string {
  return readFileSync(join(REAL_DATA, path), 'utf8');
}

export type Row = { fields: string[]; line: number };

/** Cuts text into pieces of `size` characters (the last may be shorter). */
export function chunks(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces.length > 0 ? pieces : [''];
}

/** Parses text given as pieces, the way the pipeline feeds decoded chunks. */
export function parseChunks(pieces: readonly string[], options: CsvParserOptions = {}): Row[] {
  const rows: Row[] = [];
  const parser = new CsvParser(options);
  const onRow = (fields: string[], line: number) => rows.push({ fields, line });
  for (const piece of pieces) parser.push(piece, onRow);
  parser.end(onRow);
  return rows;
}

/** Parses a whole text in one piece. */
export function parse(text: string, options: CsvParserOptions = {}): Row[] {
  return parseChunks([text], options);
}

/** Runs `action` and returns the problems of the DatarunError it throws. */
export function problemsOf(action: () => unknown): Problem[] {
  try {
    action();
  } catch (error) {
    if (error instanceof DatarunError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a DatarunError, but nothing was thrown');
}
