import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Reads a CSV with DuckDB's own reader, every value as text: an independent parser to check
 * the pipeline's output against. GBK files are decoded by the platform's TextDecoder first.
 */
export async function readCsvIndependently(
  path: string,
  options: { gbk?: boolean } = {},
): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'datarun-check-'));
  try {
    let file = path;
    if (options.gbk) {
      file = join(dir, 'utf8.csv');
      await writeFile(file, new TextDecoder('gb18030').decode(await readFile(path)));
    }
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      const reader = await connection.runAndReadAll(
        'SELECT * FROM read_csv($1, all_varchar = true, header = true, strict_mode = true, null_padding = false)',
        [file],
      );
      return reader.getRows().map((row) => row.map((v) => (v === null ? '' : String(v))));
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
