/**
 * Measures one publish step on a generated CSV, in a process of its own so peak memory is the
 * step's alone. Prints one JSON line. `run-all.ts` runs it for every step and size.
 *
 *   npx tsx bench/publish-throughput.ts --step pipeline|publish|scan --csv FILE --items FILE
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'yaml';
import { CatalogEntrySchema } from '../functions/src/core/schemas/catalog-entry.ts';
import type { CatalogEntry } from '../functions/src/core/schemas/catalog-entry.ts';
import { processDataset } from '../functions/src/services/publish/process-dataset.ts';
import { publishCatalog } from '../functions/src/services/publish/publish-catalog.ts';
import { FolderCatalogSource } from '../functions/src/adapters/fs/folder-catalog-source.ts';
import { createStores } from '../functions/src/adapters/index.ts';
import { startEmbeddedStorage } from '../functions/src/local/embedded-storage.ts';
import { CsvParser } from '../functions/src/core/ingest/csv-parser.ts';
import { ChunkDecoder } from '../functions/src/core/ingest/encoding.ts';
import { scanCell } from '../functions/src/core/personal-data/cell-scanner.ts';
import { BENCH_CODE, benchEntry, writeBenchCatalog } from './bench-catalog.ts';

const program = new Command()
  .requiredOption('--step <step>', 'pipeline | publish | scan')
  .requiredOption('--csv <file>', 'the generated CSV')
  .requiredOption('--items <file>', 'its 信息项 YAML')
  .parse();
const opts = program.opts<{ step: string; csv: string; items: string }>();

const { items } = parse(await readFile(opts.items, 'utf8')) as { items: unknown };
const entry: CatalogEntry = CatalogEntrySchema.parse(benchEntry(items));
const { size } = await stat(opts.csv);
const work = await mkdtemp(join(tmpdir(), 'datarun-bench-'));
const loadBefore = loadavg()[0]!;
const cpuBefore = process.cpuUsage();
const started = performance.now();
let rows = 0;
/** The scan step times the scan alone; parsing the cells first is not part of it. */
let timedSeconds: number | undefined;
/** Milliseconds from the start to the end of each phase of a whole publish. */
const phases: Record<string, number> = {};
const mark = (phase: string) => (phases[phase] = Math.round(performance.now() - started));

try {
  if (opts.step === 'scan') rows = await scanOnly();
  else if (opts.step === 'pipeline') rows = await pipelineOnly();
  else if (opts.step === 'publish') rows = await wholePublish();
  else throw new Error(`unknown step ${opts.step}`);
} finally {
  await rm(work, { recursive: true, force: true });
}

const seconds = timedSeconds ?? (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    step: opts.step,
    mb: size / 1e6,
    rows,
    seconds,
    mbPerSecond: size / 1e6 / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    // CPU of every thread (JavaScript, DuckDB, file system), and how busy the machine was.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loadAverage: [loadBefore, loadavg()[0]!],
    ...(Object.keys(phases).length > 0 && { phasesMs: phases }),
  }),
);

/** The personal-data scan alone: cells are parsed first, then only the scan is timed. */
async function scanOnly(): Promise<number> {
  const cells: string[] = [];
  const parser = new CsvParser({ delimiter: ',' });
  const decoder = new ChunkDecoder('utf-8');
  for await (const chunk of createReadStream(opts.csv, { highWaterMark: 1 << 20 }))
    parser.push(decoder.decode(chunk as Buffer), (fields) => cells.push(...fields));
  parser.end((fields) => cells.push(...fields));
  const scanStart = performance.now();
  let found = 0;
  for (const cell of cells) found += scanCell(cell, '2026-11-28').length;
  timedSeconds = (performance.now() - scanStart) / 1000;
  if (found > 0) throw new Error(`the generated data must hold no personal data; found ${found}`);
  return cells.length;
}

/** Check and convert to the three formats, no storage. */
async function pipelineOnly(): Promise<number> {
  const result = await processDataset({
    entry,
    entryFile: 'bench.yaml',
    dataFile: opts.csv,
    dataFileName: opts.csv,
    schemaText: undefined,
    inputSha256: '0'.repeat(64),
    zone: 'open',
    today: '2026-11-28',
    workDir: join(work, 'out'),
  });
  return result.rowCount;
}

/** A whole publish into the embedded servers: pipeline, upload, pointer, snapshots. */
async function wholePublish(): Promise<number> {
  const data = await writeBenchCatalog(work, opts.csv, items);
  const storage = await startEmbeddedStorage({ stateDir: join(work, 'state') });
  mark('storageStarted');
  try {
    // The phases end at: catalog loaded and input hashed, data checked and converted, version
    // objects uploaded (all three files, one after another), snapshots written.
    const summary = await publishCatalog({
      source: new FolderCatalogSource(data),
      stores: createStores(storage.config, storage.clients),
      tmpDir: work,
      onEvent: (event) => {
        if (event.type === 'checking') mark('inputHashed');
        else if (event.type === 'checked') mark('converted');
        else if (event.type === 'published') mark('uploaded');
        else if (event.type === 'snapshot') mark('snapshots');
      },
    });
    if (summary.published.length !== 1) throw new Error('the benchmark dataset was not published');
    return (await createStores(storage.config, storage.clients).versions.get(BENCH_CODE, 1))!
      .rowCount;
  } finally {
    await storage.stop();
  }
}
