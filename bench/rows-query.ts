/**
 * Row queries on a published 1,000,000-row dataset, in-process: generates the rows with the
 * publish benchmark's generator (real division names and catalog entries), publishes them into
 * the embedded servers, loads the version through the object store as the API does, then
 * times warm pages. Prints a Markdown table for docs/benchmarks.md.
 *
 *   node --expose-gc --openssl-legacy-provider --import tsx bench/rows-query.ts [--rows 1000000]
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { FolderCatalogSource } from '../functions/src/adapters/fs/folder-catalog-source.ts';
import { createStores } from '../functions/src/adapters/index.ts';
import { createApi } from '../functions/src/api/app.ts';
import { queryDatasetRows, rowCacheUsage } from '../functions/src/api/rows/dataset-rows-query.ts';
import type { RowsContext } from '../functions/src/api/rows/dataset-rows-query.ts';
import { SnapshotCache } from '../functions/src/api/snapshot-cache.ts';
import { startEmbeddedStorage } from '../functions/src/local/embedded-storage.ts';
import { publishCatalog } from '../functions/src/services/publish/publish-catalog.ts';
import { ITEMS, generateBenchCsv } from '../scripts/generate-bench-csv.ts';
import { codeSlug } from '../functions/src/core/publish/object-keys.ts';
import { BENCH_CODE, writeBenchCatalog } from './bench-catalog.ts';

const opts = new Command()
  .option('--rows <n>', 'rows in the dataset', Number, 1_000_000)
  .parse()
  .opts<{ rows: number }>();

const REPO = join(import.meta.dirname, '..');
const OUT = join(REPO, 'bench-output');
const CODE = BENCH_CODE;

/** The generator writes by size; the first `rows` rows of a large enough file are taken. */
async function benchCsv(rows: number): Promise<string> {
  const path = join(OUT, `rows-${rows}.csv`);
  if (existsSync(path)) return path;
  await mkdir(OUT, { recursive: true });
  const whole = `${path}.whole`;
  console.error(`generating ${rows.toLocaleString('en')} rows …`);
  await generateBenchCsv({
    out: whole,
    targetBytes: rows * 280 + 1e6,
    seed: 1,
    data: join(REPO, 'data'),
  });
  // The generated rows hold no line breaks inside values: one line is one record.
  const out = createWriteStream(path);
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(whole) })) {
    if (lines++ > rows) break;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await rm(whole);
  return path;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

type Figure = {
  what: string;
  samples: number;
  p50: number;
  p99: number;
  note: string;
  /** The first page before any index it needs was built. */
  cold?: number;
};

async function time(run: () => Promise<void>, samples: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b);
}

const figures: Figure[] = [];
function record(what: string, ms: number[], note: string, cold?: number): void {
  figures.push({
    what,
    samples: ms.length,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    note,
    ...(cold !== undefined && { cold }),
  });
}

const csv = await benchCsv(opts.rows);
const work = await mkdtemp(join(tmpdir(), 'datarun-rows-bench-'));
const storage = await startEmbeddedStorage({ stateDir: join(work, 'state') });
try {
  const data = await writeBenchCatalog(work, csv, ITEMS);
  const stores = createStores(storage.config, storage.clients);
  console.error('publishing …');
  const publishStarted = performance.now();
  await publishCatalog({ source: new FolderCatalogSource(data), stores, tmpDir: work });
  const publishSeconds = (performance.now() - publishStarted) / 1000;

  const snapshots = new SnapshotCache(stores.objects, { checkEveryMs: 3_600_000 });
  const context: RowsContext = { catalog: () => snapshots.current(), objects: stores.objects };
  const query = (params: Record<string, string>) =>
    queryDatasetRows(context, { code: CODE }, new URLSearchParams(params));

  console.error('loading …');
  const loadStarted = performance.now();
  const first = await query({ limit: '1', count: 'exact' });
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  globalThis.gc?.();
  const after = process.memoryUsage();
  if (first.total?.value !== opts.rows)
    throw new Error(`expected ${opts.rows} rows, the version has ${first.total?.value}`);

  /** Times the pages of a walk by cursor, after one walk that builds the indexes it needs. */
  async function walk(what: string, params: Record<string, string>, pages: number, note: string) {
    const run = async () => {
      const ms: number[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < pages; i++) {
        const started = performance.now();
        const page = await query({ ...params, ...(cursor && { cursor }) });
        ms.push(performance.now() - started);
        cursor = page.next;
        if (!cursor) break;
      }
      return ms;
    };
    const [cold] = await run();
    record(
      what,
      (await run()).sort((a, b) => a - b),
      note,
      cold,
    );
  }

  const filter = { 办理部门: '国家统计局', 办件数量__gte: '100', limit: '100' };
  await walk(
    'filtered page, equality + range, by cursor',
    filter,
    300,
    '办理部门=国家统计局&办件数量__gte=100',
  );
  await walk(
    'filtered page, rare value + range, by cursor',
    { 所属区县: '朝阳区', 办结日期__gte: '2022-01-01', limit: '100' },
    300,
    '所属区县=朝阳区&办结日期__gte=2022-01-01',
  );
  await walk('sorted page, by cursor', { sort: '-满意度', limit: '100' }, 300, 'sort=-满意度');
  await walk(
    'filtered and sorted on two keys, by cursor',
    { ...filter, sort: '办结日期,-办件数量' },
    300,
    '…&sort=办结日期,-办件数量',
  );
  await query({ q: '养老' });
  record(
    'q search, first page',
    await time(() => query({ q: '养老' }).then(() => undefined), 50),
    'q=养老 over 6 text columns',
  );
  const counted = (await query({ ...filter, count: 'exact', limit: '1' })).total!.value;
  record(
    'count=exact with two filters',
    await time(() => query({ ...filter, count: 'exact', limit: '1' }).then(() => undefined), 50),
    `${counted.toLocaleString('en')} matches`,
  );
  record(
    'offset page at 9,900',
    await time(() => query({ ...filter, offset: '9900' }).then(() => undefined), 50),
    'offset=9900&limit=100',
  );

  // The same filtered walk through the whole app (Hono, envelope, JSON), as Lambda runs it.
  const app = createApi({ stores });
  const base = `/api/v1/datasets/${codeSlug(CODE)}/rows?${new URLSearchParams(filter).toString()}`;
  const httpWalk = async () => {
    const ms: number[] = [];
    let url = base;
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      const response = await app.request(url);
      const body = (await response.json()) as { next?: string };
      ms.push(performance.now() - started);
      if (!body.next) break;
      url = `${base}&cursor=${encodeURIComponent(body.next)}`;
    }
    return ms.sort((a, b) => a - b);
  };
  await httpWalk();
  record(
    'filtered page through the app (JSON envelope)',
    await httpWalk(),
    'app.request, no network',
  );

  const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  console.log(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)} at the end\n`,
  );
  console.log(
    `Dataset: ${opts.rows.toLocaleString('en')} rows, ${ITEMS.length} columns, published in ${publishSeconds.toFixed(1)} s. ` +
      `Load from the object store (first query): ${loadSeconds.toFixed(1)} s, RSS ${mb(after.rss)} after it.\n`,
  );
  console.log(
    '| query (100-row pages, warm) | samples | p50 ms | p99 ms | first page, cold | target |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const f of figures)
    console.log(
      `| ${f.what} (${f.note}) | ${f.samples} | ${f.p50.toFixed(2)} | ${f.p99.toFixed(2)} | ${f.cold === undefined ? '' : `${f.cold.toFixed(0)} ms`} | ${f.what.startsWith('filtered page, equality') ? '≤ 5 / ≤ 25' : ''} |`,
    );
  globalThis.gc?.();
  const usage = rowCacheUsage(stores.objects);
  console.log(
    `\nAfter all queries: the row cache estimates ${mb(usage.bytes)} for the table with the indexes and sort orders built; RSS ${mb(process.memoryUsage().rss)}, heap ${mb(process.memoryUsage().heapUsed)}.`,
  );
} finally {
  await storage.stop();
  await rm(work, { recursive: true, force: true });
}
