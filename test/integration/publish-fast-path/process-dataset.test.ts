import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { CsvParser } from '../../../functions/src/core/ingest/csv-parser.ts';
import { csvLine } from '../../../functions/src/core/ingest/row-writers.ts';
import { CatalogEntrySchema } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { Zone } from '../../../functions/src/core/schemas/vocabulary.ts';
import { writeParquet } from '../../../functions/src/adapters/parquet/duckdb-parquet-writer.ts';
import {
  processDataset,
  type ProcessedDataset,
} from '../../../functions/src/services/publish/process-dataset.ts';
import { ITEMS, generateBenchCsv } from '../../../scripts/generate-bench-csv.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import { openEntry } from '../../support/entries.ts';

// The benchmark's rows, built from the repository's real division codes and catalog entries:
// canonical CSV, as the pipeline writes it. A little over two read chunks of 1 MiB.
const ROWS_BYTES = 2_300_000;
// Synthetic numbers that pass every check (the GB 11643 example ID); no real person's data.
const ID = '11010519491231002X';
const COLUMNS = ITEMS.map((item) => item.name);
const COUNT = COLUMNS.indexOf('办件数量');
const DATE = COLUMNS.indexOf('办结日期');

let dir: string;
let canonical: Buffer;
let runs = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datarun-fast-path-'));
  await generateBenchCsv({
    out: join(dir, 'canonical.csv'),
    targetBytes: ROWS_BYTES,
    seed: 7,
    data: DEMO_DATA,
  });
  canonical = await readFile(join(dir, 'canonical.csv'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the pipeline on `bytes` as an open entry of the benchmark's 信息项. */
async function processBytes(
  bytes: Uint8Array,
  options: { zone?: Zone; header?: boolean } = {},
): Promise<ProcessedDataset> {
  const run = ++runs;
  const name = `input-${run}.csv`;
  await writeFile(join(dir, name), bytes);
  const entry = CatalogEntrySchema.parse(
    openEntry({ items: ITEMS, data: { path: name, header: options.header ?? true } }),
  );
  return processDataset({
    entry,
    entryFile: 'entries/103-000001.yaml',
    dataFile: join(dir, name),
    dataFileName: name,
    schemaText: undefined,
    inputSha256: '0'.repeat(64),
    zone: options.zone ?? 'open',
    today: '2026-11-28',
    workDir: join(dir, `work-${run}`),
  });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const digests = (result: ProcessedDataset) =>
  Object.fromEntries(result.files.map((f) => [f.format, f.sha256]));

/** The canonical file's records, each a list of cells, header first. */
function records(bytes: Buffer): string[][] {
  const rows: string[][] = [];
  const parser = new CsvParser();
  parser.push(bytes.toString('utf8'), (fields) => rows.push(fields));
  parser.end((fields) => rows.push(fields));
  return rows;
}

/** Writes records back as CSV, with `spell` choosing how each cell is written. */
function rewrite(
  rows: string[][],
  spell: (cell: string, row: number, column: number) => string,
  lineBreak = '\n',
): string {
  return rows
    .map((row, r) => row.map((cell, c) => spell(cell, r, c)).join(',') + lineBreak)
    .join('');
}

const plain = (cell: string) => csvLine([cell]).slice(0, -1);

describe('processDataset on canonical and other files', () => {
  it('publishes a canonical file as its own bytes, with the Parquet DuckDB writes from that CSV', async () => {
    const result = await processBytes(canonical);
    const csv = result.files.find((f) => f.format === 'csv')!;
    expect([csv.bytes, csv.sha256]).toEqual([canonical.length, sha256(canonical)]);
    const parquetFromCsv = join(dir, 'from-csv.parquet');
    await writeParquet({
      csvPath: csv.path,
      outPath: parquetFromCsv,
      columns: result.schema.fields,
      header: true,
      delimiter: ',',
    });
    expect(digests(result).parquet).toBe(sha256(await readFile(parquetFromCsv)));
    expect(result.rowCount).toBe(records(canonical).length - 1);
  });

  it('publishes the same bytes from a twin with a byte-order mark, CRLF, needless quotes and loose spellings', async () => {
    const twin = rewrite(
      records(canonical),
      (cell, row, column) => {
        if (row === 0 || cell === '') return plain(cell);
        if (column === COUNT && row % 3 === 0) return `+${cell}`;
        if (column === DATE && row % 5 === 0) return cell.replaceAll('-', '/');
        return row % 2 === 0 ? `"${cell.replaceAll('"', '""')}"` : plain(cell);
      },
      '\r\n',
    );
    const [fromCanonical, fromTwin] = await Promise.all([
      processBytes(canonical),
      processBytes(Buffer.from(`\ufeff${twin}`, 'utf8')),
    ]);
    expect(digests(fromTwin)).toEqual(digests(fromCanonical));
  });

  it('publishes the same bytes when a slow row comes late, after the rows copied as they are', async () => {
    const rows = records(canonical);
    const late = rows.length - 3;
    const changed = rewrite(rows, (cell, row, column) =>
      row === late && column === COUNT ? `"00${cell}"` : plain(cell),
    );
    expect(changed).not.toBe(canonical.toString('utf8'));
    const [fromCanonical, fromChanged] = await Promise.all([
      processBytes(canonical),
      processBytes(Buffer.from(changed, 'utf8')),
    ]);
    expect(digests(fromChanged)).toEqual(digests(fromCanonical));
  });

  it('publishes a GBK file that starts in ASCII as it publishes its UTF-8 original', async () => {
    // Past the 64 KiB sample in ASCII only, so the encoding is settled while reading; no
    // header line, as the names are Chinese.
    const encodable = (row: string[]) => row.every((cell) => gb18030(cell) !== undefined);
    const rows = records(canonical)
      .slice(1)
      .filter(encodable)
      .map((row, r) => (r < 2000 ? row.map((cell, c) => (c >= 2 && c <= 6 ? 'x' : cell)) : row));
    const text = rewrite(rows, plain);
    const [fromUtf8, fromGbk] = await Promise.all([
      processBytes(Buffer.from(text, 'utf8'), { header: false }),
      processBytes(gb18030(text)!, { header: false }),
    ]);
    expect(fromGbk.source.encoding).toBe('gb18030');
    expect(fromGbk.rowCount).toBe(rows.length);
    expect(digests(fromGbk)).toEqual(digests(fromUtf8));
  });

  it('writes the same bytes on every run, as resuming after a crash needs', async () => {
    const first = await processBytes(canonical);
    const second = await processBytes(canonical);
    expect(digests(second)).toEqual(digests(first));
  });

  it('names the line and field of a bad value in a canonical file, and DuckDB is done with the folder', async () => {
    const rows = records(canonical);
    const bad = rewrite(rows, (cell, row, column) =>
      row === 2000 && column === DATE ? '2023-02-30' : plain(cell),
    );
    const error = await processBytes(Buffer.from(bad, 'utf8')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatarunError);
    expect((error as DatarunError).problems).toEqual([
      expect.objectContaining({ code: 'invalid-value', line: 2001, field: '办结日期' }),
    ]);
    const work = join(dir, `work-${runs}`);
    expect((await readdir(work)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('still finds personal data in rows copied as they are', async () => {
    const rows = records(canonical);
    const leaked = rewrite(rows, (cell, row, column) =>
      row === 1500 && column === COLUMNS.indexOf('事项说明') ? `联系人证件${ID}` : plain(cell),
    );
    const error = await processBytes(Buffer.from(leaked, 'utf8')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatarunError);
    expect((error as DatarunError).problems.map((p) => [p.code, p.field])).toEqual([
      ['personal-data', '事项说明'],
    ]);
    await expect(
      processBytes(Buffer.from(leaked, 'utf8'), { zone: 'shared' }),
    ).resolves.toBeDefined();
  });
});

/** The two-byte GB18030 (GBK) code of every character that has one, from the platform's decoder. */
const GBK = (() => {
  const decoder = new TextDecoder('gb18030');
  const codes = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && !codes.has(char)) codes.set(char, [lead, trail]);
    }
  return codes;
})();

/** GBK bytes of a text, or undefined if a character has no two-byte code. */
function gb18030(text: string): Buffer | undefined {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const pair = code < 0x80 ? [code] : GBK.get(char);
    if (!pair) return undefined;
    bytes.push(...pair);
  }
  return Buffer.from(bytes);
}
