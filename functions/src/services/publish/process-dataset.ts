import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatarunError, problem } from '../../core/errors.ts';
import type { Problem } from '../../core/errors.ts';
import type { CatalogEntry } from '../../core/schemas/catalog-entry.ts';
import type { SourceDialect, TableSchema } from '../../core/schemas/dataset-version.ts';
import type { DistributionFormat } from '../../core/schemas/distribution.ts';
import type { Zone } from '../../core/schemas/vocabulary.ts';
import { ChunkDecoder, detectEncoding } from '../../core/ingest/encoding.ts';
import type { SourceEncoding } from '../../core/ingest/encoding.ts';
import { sniffDialect } from '../../core/ingest/dialect.ts';
import { CsvParser } from '../../core/ingest/csv-parser.ts';
import { TableReader } from '../../core/ingest/table-reader.ts';
import type { TypedRowHandler } from '../../core/ingest/record-matcher.ts';
import { csvLine } from '../../core/ingest/row-writers.ts';
import {
  tableSchemaFromFrictionless,
  tableSchemaFromItems,
} from '../../core/ingest/table-schema.ts';
import { TypeInference, fieldNames } from '../../core/ingest/type-inference.ts';
import type { TypedValue } from '../../core/ingest/values.ts';
import { scanCell } from '../../core/personal-data/cell-scanner.ts';
import { PersonalDataTally } from '../../core/personal-data/personal-data-tally.ts';
import { writeParquet } from '../../adapters/parquet/duckdb-parquet-writer.ts';
import { OutputFile, describeFile } from './output-file.ts';
import type { WrittenFile } from './output-file.ts';
import { DistributionWriter } from './distribution-writer.ts';

/** A dataset checked and converted, waiting in a work folder to be published. */
export type ProcessedDataset = {
  inputSha256: string;
  source: SourceDialect & { path: string; bytes: number };
  rowCount: number;
  schema: TableSchema;
  files: { format: DistributionFormat; path: string; bytes: number; sha256: string }[];
  ms: number;
};

export type ProcessArgs = {
  entry: CatalogEntry;
  /** The entry's file, for messages about its `data` block. */
  entryFile: string;
  dataFile: string;
  /** The data file as people know it, for messages. */
  dataFileName: string;
  schemaText: string | undefined;
  inputSha256: string;
  zone: Zone;
  /** YYYY-MM-DD; birth dates after it are not real, so such numbers are not ID numbers. */
  today: string;
  workDir: string;
  onStart?: (bytes: number) => void;
};

const SAMPLE_BYTES = 64 * 1024;
const CHUNK_BYTES = 1 << 20;

/**
 * Checks a data file and writes its three distributions into `workDir`, streaming, so memory
 * stays flat whatever the file's size. Detects encoding, delimiter and header unless the entry
 * declares them; applies the entry's 信息项 or Frictionless schema, else infers types in a
 * first pass; validates every row; blocks personal data from the open zone. Throws a
 * DatarunError naming the file, line and field of every problem found.
 */
export async function processDataset(args: ProcessArgs): Promise<ProcessedDataset> {
  const started = Date.now();
  const { entry, dataFile, dataFileName: file } = args;
  const before = await stat(dataFile);
  const size = before.size;
  args.onStart?.(size);
  const sample = await readSample(dataFile);
  const encoding =
    declaredEncoding(entry) ?? detected(detectEncoding(sample, size <= SAMPLE_BYTES, file));
  const sniffed = sniffDialect(
    new ChunkDecoder(encoding, { file }).decode(sample),
    size <= SAMPLE_BYTES,
  );
  const delimiter = entry.data?.delimiter ?? sniffed.delimiter;
  const header = entry.data?.header ?? sniffed.header;
  const schema = declaredSchema(args) ?? (await inferSchema(args, encoding, delimiter, header));

  await mkdir(args.workDir, { recursive: true });
  const names = schema.fields.map((f) => f.name);
  const parquetPath = join(args.workDir, 'data.parquet');
  const columns = schema.fields;
  // A file that starts as the normalised CSV may turn out to be it, byte for byte: DuckDB then
  // converts it on its own thread while the JavaScript pass runs, instead of after it.
  const early = startsNormalised(sample, encoding, delimiter, header, names)
    ? writeParquet({
        csvPath: dataFile,
        outPath: join(args.workDir, 'early.parquet'),
        columns,
        header: true,
        delimiter: ',',
      }).catch(() => undefined)
    : undefined;
  try {
    const pass = await convert(args, schema, encoding, delimiter, header);
    const fromSource = await early;
    // DuckDB and the pass each read the file: it must not have changed in between.
    const after = await stat(dataFile);
    const unchanged = after.size === size && after.mtimeMs === before.mtimeMs;
    if (fromSource && pass.sourceIsCsv && fromSource.rows === pass.rows && unchanged) {
      await rename(join(args.workDir, 'early.parquet'), parquetPath);
    } else {
      if (early) await rm(join(args.workDir, 'early.parquet'), { force: true });
      await writeParquet({
        csvPath: pass.csv.path,
        outPath: parquetPath,
        columns,
        header: true,
        delimiter: ',',
      });
    }
    const parquetFile = await describeFile(parquetPath);
    return {
      inputSha256: args.inputSha256,
      source: { path: entry.data!.path, bytes: size, encoding: pass.encoding, delimiter, header },
      rowCount: pass.rows,
      schema,
      files: [
        { format: 'csv', ...pass.csv },
        { format: 'json', ...pass.json },
        { format: 'parquet', ...parquetFile },
      ],
      ms: Date.now() - started,
    };
  } catch (error) {
    // DuckDB must be done with the work folder before the caller removes it.
    await early;
    throw error;
  }
}

type Pass = {
  rows: number;
  csv: WrittenFile;
  json: WrittenFile;
  encoding: SourceEncoding;
  /** Whether data.csv is the source file byte for byte. */
  sourceIsCsv: boolean;
};

/**
 * The JavaScript pass: decodes, checks every row and scans it for personal data, and writes the
 * CSV and JSON distributions. Rows that take the reader's fast lane in a UTF-8 file are written
 * from their source bytes (distribution-writer.ts); the others, and every row of a GB18030
 * file, from their typed values. Both ways write the same bytes.
 */
async function convert(
  args: ProcessArgs,
  schema: TableSchema,
  encoding: SourceEncoding,
  delimiter: string,
  header: boolean,
): Promise<Pass> {
  const { dataFile, dataFileName: file } = args;
  const csv = new OutputFile(join(args.workDir, 'data.csv'));
  const json = new OutputFile(join(args.workDir, 'data.json'));
  try {
    const reader = new TableReader(schema, { file, delimiter, header });
    const tally = args.zone === 'open' ? new PersonalDataTally() : undefined;
    const names = schema.fields.map((f) => f.name);
    const out = new DistributionWriter({
      fields: schema.fields,
      delimiter,
      header,
      csv,
      json,
      sourceBytes: encoding !== 'gb18030',
    });
    const onRow: TypedRowHandler = (values, line, fast) => {
      if (tally) scanRow(tally, names, values, args.today);
      // The run will fail: only the checks go on.
      if (reader.problems.count === 0) out.row(values, line, fast);
    };
    const decoder = new ChunkDecoder(encoding, { file, fallback: !declaredEncoding(args.entry) });
    for await (const chunk of createReadStream(dataFile, { highWaterMark: CHUNK_BYTES })) {
      out.source(chunk as Buffer);
      const text = decoder.decode(chunk as Buffer);
      // An all-ASCII start may turn out to be GB18030; a failing run needs no output.
      if (decoder.encoding === 'gb18030' || reader.problems.count > 0) out.dropSource();
      reader.push(text, onRow);
      await Promise.all([csv.drained(), json.drained()]);
    }
    const tail = decoder.end();
    if (decoder.encoding === 'gb18030') out.dropSource();
    reader.push(tail, onRow);
    reader.end(onRow);
    const sourceIsCsv = out.end();
    if (reader.problems.count > 0) throw new DatarunError(reader.problems.list());
    if (tally) {
      const { findings, sentences } = tally.report();
      if (findings.length > 0)
        throw new DatarunError(
          personalDataProblems(
            file,
            sentences,
            findings.map((f) => f.column),
          ),
        );
    }
    const [csvFile, jsonFile] = await Promise.all([csv.close(), json.close()]);
    return {
      rows: out.rows,
      csv: csvFile,
      json: jsonFile,
      encoding: decoder.encoding,
      sourceIsCsv,
    };
  } catch (error) {
    csv.destroy();
    json.destroy();
    throw error;
  }
}

/**
 * Whether a file starts as the normalised CSV does: UTF-8 without a byte-order mark, commas,
 * and exactly the header line row-writers.ts writes, LF included.
 */
function startsNormalised(
  sample: Uint8Array,
  encoding: SourceEncoding,
  delimiter: string,
  header: boolean,
  names: string[],
): boolean {
  if (encoding !== 'utf-8' || delimiter !== ',' || !header) return false;
  const line = Buffer.from(csvLine(names), 'utf8');
  return line.length <= sample.length && line.equals(sample.subarray(0, line.length));
}

function scanRow(
  tally: PersonalDataTally,
  names: string[],
  values: TypedValue[],
  today: string,
): void {
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    if (typeof value === 'string' && value.length >= 11)
      tally.add(names[k]!, scanCell(value, today));
  }
}

function personalDataProblems(file: string, sentences: string[], columns: string[]): Problem[] {
  return sentences.map((sentence, i) =>
    problem(
      'personal-data',
      `${sentence}: personal data may not be published openly; remove the column, or make the entry 不予开放 or level 2 or above`,
      {
        file,
        field: columns[i],
      },
    ),
  );
}

async function readSample(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function detected(result: SourceEncoding | Problem): SourceEncoding {
  if (typeof result === 'string') return result;
  throw new DatarunError(result);
}

function declaredEncoding(entry: CatalogEntry): SourceEncoding | undefined {
  const declared = entry.data?.encoding;
  return declared === 'gbk' ? 'gb18030' : declared;
}

/** The entry's Frictionless schema or its 信息项, whichever it declares. */
function declaredSchema({ entry, entryFile, schemaText }: ProcessArgs): TableSchema | undefined {
  const reference = entry.data?.schema;
  if (reference) {
    const [path, resource] = reference.split('#');
    let json: unknown;
    try {
      json = JSON.parse(schemaText ?? '');
    } catch (error) {
      throw new DatarunError(
        problem('invalid-field', `${path} is not valid JSON: ${(error as Error).message}`, {
          file: entryFile,
          field: 'data.schema',
        }),
      );
    }
    return tableSchemaFromFrictionless(json, { ...(resource && { resource }), file: path });
  }
  return entry.items.length > 0 ? tableSchemaFromItems(entry.items) : undefined;
}

/** A first pass over the whole file, so every value decides its column's type. */
async function inferSchema(
  args: ProcessArgs,
  encoding: SourceEncoding,
  delimiter: string,
  header: boolean,
): Promise<TableSchema> {
  const file = args.dataFileName;
  const decoder = new ChunkDecoder(encoding, { file });
  const parser = new CsvParser({ delimiter, file });
  let inference: TypeInference | undefined;
  const onRow = (fields: string[]) => {
    if (!inference) {
      inference = new TypeInference(fieldNames(header ? fields : null, fields.length));
      if (header) return;
    }
    inference.add(fields);
  };
  for await (const chunk of createReadStream(args.dataFile, { highWaterMark: CHUNK_BYTES }))
    parser.push(decoder.decode(chunk as Buffer), onRow);
  parser.push(decoder.end(), onRow);
  parser.end(onRow);
  if (!inference)
    throw new DatarunError(problem('empty-file', 'the file has no records', { file }));
  return inference.schema();
}
