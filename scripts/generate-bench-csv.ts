/**
 * Writes a deterministic benchmark CSV shaped like a government service registry export
 * (办件登记), built from the real public data in the repository's data/: township codes and names
 * from the 2023 NBS division list, titles, abstracts and agencies of the real catalog entries. Dates,
 * counts and scores come from a seeded generator, so the same seed gives the same bytes.
 *
 *   npx tsx scripts/generate-bench-csv.ts --mb 100 --out /tmp/bench-100.csv [--seed 1] [--schema FILE]
 *
 * The CSV is what the publish pipeline emits: UTF-8 without BOM, comma, LF, one header line,
 * RFC 4180 quoting, empty cell = null. The 信息项 (column definitions) go to --schema as YAML,
 * or to stdout when --schema is not given; the summary goes to stderr.
 */
import { createWriteStream } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { parse, stringify } from 'yaml';
import { CsvParser } from '../functions/src/core/ingest/csv-parser.ts';
import type { Item } from '../functions/src/core/schemas/catalog-entry.ts';

/** MB here means 10^6 bytes, the unit the throughput figures are quoted in. */
const BYTES_PER_MB = 1_000_000;
/** Rows are written in chunks of about this size so memory stays flat at any --mb. */
const CHUNK_BYTES = 1 << 20;
/** The repository's catalog folder, whose real entries and division codes feed the rows. */
const DEFAULT_DATA = join(import.meta.dirname, '..', 'data');

/** The columns of the generated CSV as 信息项, in file order. */
export const ITEMS: Item[] = [
  { name: '序号', type: '整型', description: '登记顺序号', required: true, key: true },
  {
    name: '行政区划代码',
    type: '字符型',
    length: 9,
    description: '乡级行政区划代码 (国家统计局 2023)',
    required: true,
    key: false,
  },
  { name: '街道名称', type: '字符型', description: '乡镇、街道名称', required: true, key: false },
  {
    name: '所属区县',
    type: '字符型',
    description: '所属县级行政区名称',
    required: true,
    key: false,
  },
  { name: '事项名称', type: '字符型', description: '办理事项名称', required: true, key: false },
  {
    name: '事项说明',
    type: '备注型',
    description: '事项摘要，可为空',
    required: false,
    key: false,
  },
  { name: '办理部门', type: '字符型', description: '承办部门名称', required: true, key: false },
  { name: '办结日期', type: '日期型', description: 'YYYY-MM-DD', required: true, key: false },
  { name: '办件数量', type: '整型', description: '当日办结件数', required: true, key: false },
  {
    name: '满意度',
    type: '数值型',
    description: '百分制，两位小数，可为空',
    required: false,
    key: false,
  },
];

type Street = { code: string; name: string; county: string };
type Matter = { title: string; abstract: string; agency: string };

/** Parses a small CSV file whole with the pipeline's own parser. */
async function readCsv(path: string): Promise<string[][]> {
  const rows: string[][] = [];
  const parser = new CsvParser({ delimiter: ',', file: path });
  parser.push(await readFile(path, 'utf8'), (fields) => rows.push(fields));
  parser.end((fields) => rows.push(fields));
  return rows;
}

async function loadStreets(data: string): Promise<Street[]> {
  const dir = join(data, 'datasets', 'cn-admin-divisions-modood', 'csv');
  const [areas, streets] = await Promise.all([
    readCsv(join(dir, 'areas.csv')),
    readCsv(join(dir, 'streets.csv')),
  ]);
  const countyByCode = new Map(areas.slice(1).map(([code, name]) => [code!, name!]));
  return streets.slice(1).map(([code, name, areaCode]) => {
    const county = countyByCode.get(areaCode!);
    if (county === undefined)
      throw new Error(`streets.csv: county ${areaCode} of ${code} is not in areas.csv`);
    return { code: code!, name: name!, county };
  });
}

/** Titles, abstracts and providers of the real catalog entries in the repository's data/. */
async function loadMatters(data: string): Promise<Matter[]> {
  const { agencies } = parse(await readFile(join(data, 'agencies.yaml'), 'utf8')) as {
    agencies: { code: string; name: { zh: string } }[];
  };
  const names = new Map(agencies.map((a) => [a.code, a.name.zh]));
  const files = (await readdir(join(data, 'entries'))).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const entry = parse(await readFile(join(data, 'entries', file), 'utf8')) as {
        title: { zh: string };
        abstract: { zh: string };
        provider: string;
      };
      return {
        title: entry.title.zh,
        abstract: entry.abstract.zh,
        agency: names.get(entry.provider) ?? entry.provider,
      };
    }),
  );
}

/** mulberry32: tiny, fast and the same on every platform, which is all a benchmark needs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Every day from 2019-01-01 to 2023-12-31, formatted once instead of per row. */
function dateRange(): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(2019, 0, 1); t <= Date.UTC(2023, 11, 31); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Streams rows to `out` until at least `targetBytes` are written; returns rows and bytes. */
export async function generateBenchCsv(options: {
  out: string;
  targetBytes: number;
  seed: number;
  data: string;
}): Promise<{ rows: number; bytes: number }> {
  const [streets, matters] = await Promise.all([
    loadStreets(options.data),
    loadMatters(options.data),
  ]);
  // Quote once per source value rather than once per row, and remember how many more UTF-8
  // bytes than UTF-16 units each holds: the rest of a row is ASCII, so its size is exact
  // without encoding it.
  const withExtra = (text: string) => ({ text, extra: Buffer.byteLength(text) - text.length });
  const streetCells = streets.map((s) =>
    withExtra(`${s.code},${csvCell(s.name)},${csvCell(s.county)}`),
  );
  const matterCells = matters.map((m) =>
    withExtra(`${csvCell(m.title)},${csvCell(m.abstract)},${csvCell(m.agency)}`),
  );
  const days = dateRange();
  const random = seededRandom(options.seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;

  const stream = createWriteStream(options.out);
  const failed = once(stream, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  const flush = async (text: string) => {
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
  };

  let chunk = `${ITEMS.map((item) => csvCell(item.name)).join(',')}\n`;
  let pending = Buffer.byteLength(chunk);
  let bytes = 0;
  let rows = 0;
  while (bytes + pending < options.targetBytes) {
    rows++;
    const street = pick(streetCells);
    const matter = pick(matterCells);
    // A heavy tail like real case counts: most days a handful, a few days thousands.
    const count = Math.floor(Math.exp(random() * 9));
    const score = random() < 0.02 ? '' : (80 + random() * 20).toFixed(2);
    const row = `${rows},${street.text},${matter.text},${pick(days)},${count},${score}\n`;
    chunk += row;
    pending += row.length + street.extra + matter.extra;
    if (pending >= CHUNK_BYTES) {
      await flush(chunk);
      bytes += pending;
      chunk = '';
      pending = 0;
    }
  }
  await flush(chunk);
  bytes += pending;
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
  return { rows, bytes };
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('generate-bench-csv')
    .description('Write a deterministic benchmark CSV of real Chinese registry-style data.')
    .requiredOption('--mb <n>', 'approximate size in MB (10^6 bytes)', Number)
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--seed <n>', 'seed of the generator', Number, 1)
    .option('--schema <file>', 'write the 信息项 YAML here instead of stdout')
    .option(
      '--data <dir>',
      'catalog folder whose real entries and division codes feed the rows',
      DEFAULT_DATA,
    )
    .parse(argv, { from: 'user' });
  const opts = program.opts<{
    mb: number;
    out: string;
    seed: number;
    schema?: string;
    data: string;
  }>();
  if (!(opts.mb > 0)) program.error('--mb must be a positive number');
  if (!Number.isInteger(opts.seed)) program.error('--seed must be an integer');

  const started = performance.now();
  const { rows, bytes } = await generateBenchCsv({
    out: opts.out,
    targetBytes: Math.round(opts.mb * BYTES_PER_MB),
    seed: opts.seed,
    data: opts.data,
  });
  const seconds = (performance.now() - started) / 1000;
  const yaml = `# 信息项 of ${opts.out} (scripts/generate-bench-csv.ts --seed ${opts.seed})\n${stringify({ items: ITEMS })}`;
  if (opts.schema) await writeFile(opts.schema, yaml);
  else process.stdout.write(yaml);
  console.error(
    `${opts.out}: ${rows} rows, ${bytes} bytes in ${seconds.toFixed(1)} s (${(bytes / BYTES_PER_MB / seconds).toFixed(0)} MB/s)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(process.argv.slice(2));
