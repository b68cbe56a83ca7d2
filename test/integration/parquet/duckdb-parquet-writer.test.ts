import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { writeParquet } from '../../../functions/src/adapters/parquet/duckdb-parquet-writer.ts';
import type { ParquetColumn } from '../../../functions/src/adapters/parquet/duckdb-parquet-writer.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

const HOSTILE = `a"b'c; DROP TABLE x`;
const COLUMNS: ParquetColumn[] = [
  { name: '序号', type: 'integer' },
  { name: '行政区划代码', type: 'string' },
  { name: '邮政编码', type: 'string' },
  { name: '街道名称', type: 'string' },
  { name: '办结日期', type: 'date' },
  { name: '受理时间', type: 'datetime' },
  { name: '办件数量', type: 'integer' },
  { name: '满意度', type: 'number' },
  { name: '是否公开', type: 'boolean' },
  { name: HOSTILE, type: 'string' },
];
// Township codes and names from the NBS 2023 division list; postal codes keep leading zeros.
const CSV = [
  `序号,行政区划代码,邮政编码,街道名称,办结日期,受理时间,办件数量,满意度,是否公开,"a""b'c; DROP TABLE x"`,
  `1,110101001,010010,东华门街道,2023-06-30,2023-06-30T09:15:00,9223372036854775807,98.5,true,"含逗号,和""引号"""`,
  `2,150102001,000001,"海拉尔路街道",2024-02-29,2023-06-30 17:45:30.25,-9223372036854775808,-0.001,false,"第一行\n第二行"`,
  `3,,,,,,,,,`,
  `4,440608400,528500,高明监狱,1999-12-31,2023-06-30T01:15:00Z,0,1e-7,,`,
  `5,310115010,200120,南码头路街道,2000-01-01,2023-06-30T09:15:00+08:00,42,100,true,a'); COPY x TO '/tmp/x'; --`,
  '',
].join('\n');

let dir: string;
let db: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datarun-parquet-test-'));
  db = await DuckDBInstance.create(':memory:');
  connection = await db.connect();
});

afterAll(async () => {
  connection.closeSync();
  db.closeSync();
  await rm(dir, { recursive: true, force: true });
});

async function csvFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function write(csvPath: string, outPath: string, columns: readonly ParquetColumn[] = COLUMNS) {
  return writeParquet({ csvPath, outPath, columns, header: true, delimiter: ',' });
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** The problems writeParquet failed with; fails the test when it succeeded. */
async function problemsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => expect.unreachable('the write should have failed'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatarunError);
  return (error as DatarunError).problems;
}

describe('writeParquet', () => {
  it('writes every value with its declared type, Chinese names and nulls included', async () => {
    const out = join(dir, 'all-types.parquet');
    const result = await write(await csvFile('all-types.csv', CSV), out);
    expect(result.rows).toBe(5);

    const described = await connection.runAndReadAll(
      'SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($1))',
      [out],
    );
    expect(described.getRows()).toEqual([
      ['序号', 'BIGINT'],
      ['行政区划代码', 'VARCHAR'],
      ['邮政编码', 'VARCHAR'],
      ['街道名称', 'VARCHAR'],
      ['办结日期', 'DATE'],
      ['受理时间', 'TIMESTAMP'],
      ['办件数量', 'BIGINT'],
      ['满意度', 'DOUBLE'],
      ['是否公开', 'BOOLEAN'],
      [HOSTILE, 'VARCHAR'],
    ]);

    // Text forms compare every digit: bigints and timestamps are exact.
    const rows = await connection.runAndReadAll(
      'SELECT COLUMNS(*)::VARCHAR FROM read_parquet($1) ORDER BY 序号',
      [out],
    );
    expect(rows.getRows()).toEqual([
      [
        '1',
        '110101001',
        '010010',
        '东华门街道',
        '2023-06-30',
        '2023-06-30 09:15:00',
        '9223372036854775807',
        '98.5',
        'true',
        '含逗号,和"引号"',
      ],
      [
        '2',
        '150102001',
        '000001',
        '海拉尔路街道',
        '2024-02-29',
        '2023-06-30 17:45:30.25',
        '-9223372036854775808',
        '-0.001',
        'false',
        '第一行\n第二行',
      ],
      ['3', null, null, null, null, null, null, null, null, null],
      [
        '4',
        '440608400',
        '528500',
        '高明监狱',
        '1999-12-31',
        '2023-06-30 09:15:00',
        '0',
        '1e-07',
        null,
        null,
      ],
      [
        '5',
        '310115010',
        '200120',
        '南码头路街道',
        '2000-01-01',
        '2023-06-30 09:15:00',
        '42',
        '100.0',
        'true',
        `a'); COPY x TO '/tmp/x'; --`,
      ],
    ]);
    expect(existsSync('/tmp/x')).toBe(false);
    expect(result.bytes).toBe((await readFile(out)).length);
  });

  it('stores codes as UTF-8 text and local times as timestamps not adjusted to UTC', async () => {
    const out = join(dir, 'schema.parquet');
    await write(await csvFile('schema.csv', CSV), out);
    const schema = await connection.runAndReadAll(
      `SELECT name, type, converted_type, logical_type::VARCHAR FROM parquet_schema($1) WHERE name IN ('行政区划代码', '办结日期', '受理时间')`,
      [out],
    );
    expect(schema.getRows()).toEqual([
      ['行政区划代码', 'BYTE_ARRAY', 'UTF8', null],
      ['办结日期', 'INT32', 'DATE', null],
      [
        '受理时间',
        'INT64',
        'TIMESTAMP_MICROS',
        expect.stringMatching(/isAdjustedToUTC=0.*MICROS=MicroSeconds/),
      ],
    ]);
  });

  it('writes the same bytes on every run', async () => {
    const csv = await csvFile('twice.csv', CSV);
    await write(csv, join(dir, 'first.parquet'));
    await write(csv, join(dir, 'second.parquet'));
    expect(await sha256(join(dir, 'second.parquet'))).toBe(
      await sha256(join(dir, 'first.parquet')),
    );
  });

  it('reads a FIFO as it is written and produces the same bytes as from a file', async () => {
    const fromFile = join(dir, 'from-file.parquet');
    await write(await csvFile('fifo-source.csv', CSV), fromFile);
    const fifo = join(dir, 'stream.csv');
    execFileSync('mkfifo', [fifo]);
    const fromFifo = join(dir, 'from-fifo.parquet');
    const writing = write(fifo, fromFifo);
    const feed = createWriteStream(fifo);
    feed.end(CSV);
    await once(feed, 'finish');
    expect((await writing).rows).toBe(5);
    expect(await sha256(fromFifo)).toBe(await sha256(fromFile));
  });

  it('lets the writer of a FIFO finish when it fails before reading it', async () => {
    const fifo = join(dir, 'refused.csv');
    execFileSync('mkfifo', [fifo]);
    const columns: ParquetColumn[] = [
      { name: 'ID', type: 'integer' },
      { name: 'id', type: 'integer' },
    ];
    const writing = problemsOf(write(fifo, join(dir, 'refused.parquet'), columns));
    const feed = createWriteStream(fifo);
    // Finishing or failing with EPIPE are both fine; hanging is not.
    const closed = new Promise<void>((resolve) => feed.on('close', () => resolve()));
    feed.on('error', () => undefined);
    feed.end(`ID,id\n1,2\n`);
    await closed;
    expect(await writing).toEqual([expect.objectContaining({ code: 'duplicate' })]);
  });

  it('writes a header-only CSV as an empty table with all columns', async () => {
    const out = join(dir, 'header-only.parquet');
    const result = await write(await csvFile('header-only.csv', `${CSV.split('\n')[0]}\n`), out);
    expect(result.rows).toBe(0);
    const described = await connection.runAndReadAll(
      'SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet($1))',
      [out],
    );
    expect(described.getRows()).toEqual([[BigInt(COLUMNS.length)]]);
  });

  it('names the line of a row with too few fields', async () => {
    const csv = await csvFile('short.csv', `序号,名称\n1,甲\n2\n`);
    const columns: ParquetColumn[] = [
      { name: '序号', type: 'integer' },
      { name: '名称', type: 'string' },
    ];
    const problems = await problemsOf(write(csv, join(dir, 'short.parquet'), columns));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'ragged-row',
        file: csv,
        line: 3,
        message: 'expected 2 fields, found 1',
      }),
    ]);
  });

  it('stops at an unterminated quote', async () => {
    const csv = await csvFile('quote.csv', `序号,名称\n1,"甲\n2,乙\n`);
    const columns: ParquetColumn[] = [
      { name: '序号', type: 'integer' },
      { name: '名称', type: 'string' },
    ];
    const problems = await problemsOf(write(csv, join(dir, 'quote.parquet'), columns));
    expect(problems[0]).toMatchObject({ code: 'csv-syntax', line: 2 });
    expect(problems[0]!.message).toMatch(/unterminated quote/);
  });

  it('names line and column of a date that does not exist', async () => {
    const csv = await csvFile('date.csv', `序号,办结日期\n1,2023-02-28\n2,2023-02-30\n`);
    const columns: ParquetColumn[] = [
      { name: '序号', type: 'integer' },
      { name: '办结日期', type: 'date' },
    ];
    const problems = await problemsOf(write(csv, join(dir, 'date.parquet'), columns));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'invalid-value', line: 3, column: 2, field: '办结日期' }),
    ]);
    expect(problems[0]!.message).toContain('2023-02-30');
  });

  it('refuses an integer with a fraction instead of rounding it', async () => {
    const csv = await csvFile('fraction.csv', `序号,办件数量\n1,3\n2,1.5\n`);
    const columns: ParquetColumn[] = [
      { name: '序号', type: 'integer' },
      { name: '办件数量', type: 'integer' },
    ];
    const problems = await problemsOf(write(csv, join(dir, 'fraction.parquet'), columns));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'invalid-value', column: 2, field: '办件数量' }),
    ]);
    expect(problems[0]!.message).toContain('found "1.5"');
  });

  it('refuses an integer beyond 64 bits', async () => {
    const csv = await csvFile('huge.csv', `序号\n9223372036854775808\n`);
    const problems = await problemsOf(
      write(csv, join(dir, 'huge.parquet'), [{ name: '序号', type: 'integer' }]),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'invalid-value', field: '序号', column: 1 }),
    ]);
  });

  it('refuses a number too large for a 64-bit float instead of writing infinity', async () => {
    const csv = await csvFile('inf.csv', `金额\n1e400\n`);
    const problems = await problemsOf(
      write(csv, join(dir, 'inf.parquet'), [{ name: '金额', type: 'number' }]),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid-value', field: '金额' })]);
  });

  it('refuses a header whose columns are in another order', async () => {
    const csv = await csvFile('order.csv', `名称,序号\n甲,1\n`);
    const columns: ParquetColumn[] = [
      { name: '序号', type: 'integer' },
      { name: '名称', type: 'string' },
    ];
    const problems = await problemsOf(write(csv, join(dir, 'order.parquet'), columns));
    expect(problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ['header-mismatch', 1, 1],
      ['header-mismatch', 1, 2],
    ]);
  });

  it('refuses an empty file', async () => {
    const csv = await csvFile('empty.csv', '');
    const problems = await problemsOf(
      write(csv, join(dir, 'empty.parquet'), [{ name: '序号', type: 'integer' }]),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'empty-file', file: csv })]);
  });

  it('refuses names that differ only in case, which DuckDB would rename', async () => {
    const csv = await csvFile('case.csv', `ID,id\n1,2\n`);
    const columns: ParquetColumn[] = [
      { name: 'ID', type: 'integer' },
      { name: 'id', type: 'integer' },
    ];
    const problems = await problemsOf(write(csv, join(dir, 'case.parquet'), columns));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'duplicate', field: 'id', column: 2 }),
    ]);
  });

  it('refuses a path that DuckDB would expand as a pattern', async () => {
    await csvFile('a1.csv', `序号\n1\n`);
    await csvFile('a[1].csv', `序号\n2\n`);
    const problems = await problemsOf(
      write(join(dir, 'a[1].csv'), join(dir, 'pattern.parquet'), [
        { name: '序号', type: 'integer' },
      ]),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'config', file: join(dir, 'a[1].csv') }),
    ]);
  });

  it('leaves neither the output nor a partial file behind when it fails', async () => {
    const csv = await csvFile('late-error.csv', `序号\n${'1\n'.repeat(5000)}x\n`);
    const out = join(dir, 'late-error.parquet');
    await problemsOf(write(csv, out, [{ name: '序号', type: 'integer' }]));
    expect((await readdir(dir)).filter((f) => f.startsWith('late-error.parquet'))).toEqual([]);
  });
});
