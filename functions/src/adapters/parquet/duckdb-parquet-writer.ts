/**
 * Writes the Parquet distribution of a version with DuckDB, from the pipeline's normalised CSV
 * (UTF-8, comma, LF, RFC 4180 quoting, one header line, empty cell = null).
 *
 * Choices, measured on 100 MB and 1 GB CSVs from scripts/generate-bench-csv.ts:
 * - One DuckDB instance per call, one thread. One thread is what makes the bytes the same on
 *   every run (two threads cut row groups differently from run to run), it keeps peak memory
 *   near 300 MB for a 1 GB input, and it leaves the other core to the JavaScript pass.
 *   Opening an instance costs ~25 ms, and its sandbox (below) can only be set per instance.
 * - The instance is sandboxed: it may read the CSV and write the output and nothing else,
 *   loads no extension, and its configuration is locked before any path is used.
 * - Paths are bound as parameters. Column names never reach the CSV reader (it sees c0..cN);
 *   they appear only as quoted aliases, so any name is safe and names DuckDB would fold
 *   together (`A` and `a`) are caught before writing.
 * - Types are explicit, never guessed. Where DuckDB's own casts would change a value without
 *   saying so (`1.5` read as integer 2, an overflow read as infinity, a UTC offset dropped),
 *   the value is checked or converted in SQL and a bad one stops the write.
 */
import { constants } from 'node:fs';
import { mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, quotedIdentifier, quotedString } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DatarunError, problem } from '../../core/errors.ts';
import type { Problem } from '../../core/errors.ts';
import type { TableFieldType } from '../../core/schemas/vocabulary.ts';

/** One column of the CSV, in file order, with the type it is published as. */
export type ParquetColumn = { name: string; type: TableFieldType };

/** What `writeParquet` reads and writes. `header` and `delimiter` state the CSV contract. */
export type WriteParquetOptions = {
  csvPath: string;
  outPath: string;
  columns: readonly ParquetColumn[];
  header: true;
  delimiter: ',';
};

/**
 * Datetimes without an offset are local time in China; ones with an offset are converted to
 * it. The zone has had no daylight saving since 1991, so local times convert back unchanged.
 */
const LOCAL_TIME_ZONE = 'Asia/Shanghai';
/** DuckDB's buffer pool; one thread streaming CSV to Parquet stays far below it. */
const MEMORY_LIMIT = '512MB';
/** zstd: a third smaller than snappy here, at the same speed on one thread. */
const COMPRESSION = 'zstd';
/** DuckDB expands these in a file name (`a[1].csv` reads `a1.csv`); a URL would need httpfs. */
const UNSAFE_PATH = /[*?[\]{}]|^[a-z][a-z0-9+.-]*:\/\//i;

const READER_TYPES: Record<TableFieldType, string> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  integer: 'VARCHAR',
  date: 'DATE',
  datetime: 'VARCHAR',
  boolean: 'BOOLEAN',
};

/** Writes `outPath` from the CSV at `csvPath` (a file or a FIFO); returns its size and row count. */
export async function writeParquet(
  options: WriteParquetOptions,
): Promise<{ bytes: number; rows: number }> {
  const { columns } = options;
  // DuckDB matches allowed paths as written; absolute paths make that match exact.
  const csvPath = resolve(options.csvPath);
  const outPath = resolve(options.outPath);
  const source = await stat(csvPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new DatarunError(
      problem('file-not-found', 'the CSV file does not exist', { file: csvPath }),
    );
  });
  const partialPath = `${outPath}.partial`;
  const tempDirectory = await mkdtemp(join(tmpdir(), 'datarun-duckdb-'));
  let instance: DuckDBInstance | undefined;
  let connection: DuckDBConnection | undefined;
  let written = false;
  try {
    checkOptions(options);
    instance = await DuckDBInstance.create(':memory:', {
      threads: '1',
      memory_limit: MEMORY_LIMIT,
      preserve_insertion_order: 'true',
      temp_directory: tempDirectory,
      autoload_known_extensions: 'false',
      autoinstall_known_extensions: 'false',
    });
    connection = await instance.connect();
    await connection.run(`SET TimeZone = ${quotedString(LOCAL_TIME_ZONE)}`);
    await connection.run(
      `SET allowed_paths = [${[csvPath, partialPath].map(quotedString).join(', ')}]`,
    );
    await connection.run('SET enable_external_access = false');
    await connection.run('SET lock_configuration = true');

    await checkNamesSurvive(connection, columns);
    // A FIFO can be read once only; whoever feeds it writes the header from these columns.
    if (source.isFile()) await checkHeader(connection, csvPath, columns);
    const result = await connection.run(
      `COPY (SELECT ${columns.map(selectExpression).join(', ')} FROM ${csvReader(columns)})
       TO $2 (FORMAT parquet, COMPRESSION ${COMPRESSION})`,
      [csvPath, partialPath],
    );
    const rows = Number((await result.getRows())[0]?.[0]);
    await rename(partialPath, outPath);
    written = true;
    return { bytes: (await stat(outPath)).size, rows };
  } catch (error) {
    throw toDatarunError(error, csvPath, columns);
  } finally {
    connection?.closeSync();
    instance?.closeSync();
    if (!written) await rm(partialPath, { force: true });
    await rm(tempDirectory, { recursive: true, force: true });
    if (!written && source.isFIFO()) await releaseWriter(csvPath);
  }
}

/**
 * A writer opening a FIFO waits until a reader opens it. When the write fails before DuckDB
 * opened it, opening and closing it here lets that writer go on to fail with EPIPE, not hang.
 */
async function releaseWriter(fifoPath: string): Promise<void> {
  const handle = await open(fifoPath, constants.O_RDONLY | constants.O_NONBLOCK);
  await handle.close();
}

function checkOptions({ csvPath, outPath, columns, header, delimiter }: WriteParquetOptions): void {
  const problems: Problem[] = [];
  if (header !== true || delimiter !== ',') {
    problems.push(problem('config', 'the CSV must have a header line and use commas'));
  }
  for (const path of [csvPath, outPath]) {
    if (UNSAFE_PATH.test(path)) {
      problems.push(
        problem('config', 'a local path without * ? [ ] { } is needed', { file: path }),
      );
    }
  }
  if (columns.length === 0) problems.push(problem('config', 'at least one column is needed'));
  const seen = new Set<string>();
  columns.forEach(({ name }, i) => {
    const at = { field: name, column: i + 1 };
    if (name === '' || name.includes('\0')) {
      problems.push(
        problem('invalid-field', 'a column name must be non-empty text without NUL', at),
      );
    } else if (seen.has(name)) {
      problems.push(problem('duplicate', 'the column name appears twice', at));
    }
    seen.add(name);
  });
  if (problems.length > 0) throw new DatarunError(problems);
}

/** DuckDB folds some names together (`A`, `a`) and would write `a_1`; refuse instead. */
async function checkNamesSurvive(
  connection: DuckDBConnection,
  columns: readonly ParquetColumn[],
): Promise<void> {
  // The star over a subquery is where DuckDB renames, as COPY does; a bare SELECT keeps both.
  const aliases = columns.map(({ name }) => `NULL AS ${quotedIdentifier(name)}`).join(', ');
  const probe = await connection.run(`SELECT * FROM (SELECT ${aliases}) LIMIT 0`);
  const names = probe.columnNames();
  const problems = columns.flatMap(({ name }, i) =>
    names[i] === name
      ? []
      : [
          problem(
            'duplicate',
            'Parquet readers cannot tell this name from an earlier one that differs only in case',
            { field: name, column: i + 1 },
          ),
        ],
  );
  if (problems.length > 0) throw new DatarunError(problems);
}

/** The header is skipped by the reader, so a file whose columns are in another order would be mislabelled. */
async function checkHeader(
  connection: DuckDBConnection,
  csvPath: string,
  columns: readonly ParquetColumn[],
): Promise<void> {
  const names = columns.map((_, i) => `${quotedString(`c${i}`)}: 'VARCHAR'`).join(', ');
  const reader = await connection.runAndReadAll(
    `SELECT * FROM read_csv($1, columns = {${names}}, header = false, ${DIALECT}) LIMIT 1`,
    [csvPath],
  );
  const header = reader.getRows()[0];
  if (header === undefined) {
    throw new DatarunError(problem('empty-file', 'the CSV has no header line', { file: csvPath }));
  }
  const problems = columns
    .map(({ name }, i) => ({ name, found: header[i] === null ? '' : String(header[i]), i }))
    .filter(({ name, found }) => name !== found)
    .map(({ name, found, i }) =>
      problem('header-mismatch', `expected column "${name}", found "${found}"`, {
        file: csvPath,
        line: 1,
        column: i + 1,
        field: name,
      }),
    );
  if (problems.length > 0) throw new DatarunError(problems);
}

/** Everything about the dialect is stated, so nothing is sniffed. */
const DIALECT = [
  `delim = ','`,
  `quote = '"'`,
  `escape = '"'`,
  `new_line = '\\n'`,
  `encoding = 'utf-8'`,
  'auto_detect = false',
  'strict_mode = true',
  'null_padding = false',
  'ignore_errors = false',
  'allow_quoted_nulls = true',
  `dateformat = '%Y-%m-%d'`,
].join(', ');

function csvReader(columns: readonly ParquetColumn[]): string {
  const types = columns
    .map(({ type }, i) => `${quotedString(`c${i}`)}: ${quotedString(READER_TYPES[type])}`)
    .join(', ');
  return `read_csv($1, columns = {${types}}, header = true, ${DIALECT})`;
}

/** Stops the write on a bad value, naming the column by position so the error can be traced. */
function failWith(column: ParquetColumn, i: number, expected: string, value: string): string {
  const message = `column ${i + 1} "${column.name}": expected ${expected}, found "`;
  return `error(${quotedString(message)} || ${value} || '"')`;
}

function selectExpression(column: ParquetColumn, i: number): string {
  const c = `c${i}`;
  const as = `AS ${quotedIdentifier(column.name)}`;
  switch (column.type) {
    case 'integer':
      return `CASE WHEN ${c} IS NULL THEN NULL ELSE coalesce(CASE WHEN regexp_full_match(${c}, '-?[0-9]+') THEN TRY_CAST(${c} AS BIGINT) END, ${failWith(column, i, 'an integer within 64 bits', c)}) END ${as}`;
    case 'number':
      return `CASE WHEN ${c} IS NULL OR isfinite(${c}) THEN ${c} ELSE ${failWith(column, i, 'a finite 64-bit number', `${c}::VARCHAR`)} END ${as}`;
    case 'datetime':
      return `CASE WHEN ${c} IS NULL THEN NULL ELSE CAST(coalesce(TRY_CAST(${c} AS TIMESTAMPTZ), ${failWith(column, i, 'a date and time', c)}) AS TIMESTAMP) END ${as}`;
    case 'string':
    case 'date':
    case 'boolean':
      return `${c} ${as}`;
  }
}

const CSV_LINE = /CSV Error on Line: (\d+)/;
const CONVERTING = /Error when converting column "c(\d+)"\. (.*)/;
const OUR_CHECK = /^Invalid Input Error: (column (\d+) [\s\S]*)$/;
const RAGGED = /Expected Number of Columns: (\d+) Found: (\d+)/;

/** Turns DuckDB's report of bad input into problems; anything else is a fault and passes through. */
function toDatarunError(
  error: unknown,
  csvPath: string,
  columns: readonly ParquetColumn[],
): unknown {
  if (error instanceof DatarunError || !(error instanceof Error)) return error;
  const text = error.message;
  const file = csvPath;
  const lineMatch = CSV_LINE.exec(text);
  const line = lineMatch ? Number(lineMatch[1]) : undefined;
  const ours = OUR_CHECK.exec(text);
  if (ours) {
    const index = Number(ours[2]) - 1;
    return new DatarunError(
      problem('invalid-value', ours[1]!, { file, column: index + 1, field: columns[index]?.name }),
    );
  }
  const converting = CONVERTING.exec(text);
  if (converting) {
    const index = Number(converting[1]);
    const name = columns[index]?.name;
    return new DatarunError(
      problem('invalid-value', converting[2]!, { file, line, column: index + 1, field: name }),
    );
  }
  const ragged = RAGGED.exec(text);
  if (ragged) {
    return new DatarunError(
      problem('ragged-row', `expected ${ragged[1]} fields, found ${ragged[2]}`, { file, line }),
    );
  }
  if (lineMatch) {
    // DuckDB puts the reason last before its list of fixes, after the offending line.
    const lines = text.split('\n');
    const fixes = lines.findIndex((l) => l.startsWith('Possible fixes'));
    const reason = lines.slice(0, fixes === -1 ? undefined : fixes).filter((l) => l.trim() !== '');
    return new DatarunError(
      problem('csv-syntax', reason.at(-1)?.trim() ?? 'the CSV cannot be read', { file, line }),
    );
  }
  return error;
}
