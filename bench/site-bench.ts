/**
 * `npm run bench:site -- --entries 15052 [--repository-only]`: builds the portal for a generated catalog of that
 * many entries (see site-catalog.ts for where the records come from), measures the Astro build
 * and the Pagefind index in a child process (time, peak memory), then loads the built site in
 * Chromium and counts the bytes a first and a later search transfer. Prints a Markdown table
 * for docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { SiteBuildStats } from '../functions/src/services/site/build-site.ts';
import { serveSite } from '../functions/src/services/site/serve-site.ts';
import { writeSiteInput } from '../functions/src/services/site/site-input.ts';
import { launchChromium } from '../test/e2e/browser.ts';
import { generateCatalog } from './site-catalog.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '15052' },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'bench-output', 'site') },
    // What a clean clone (CI) uses: the repository's own catalog, even where the real exports are.
    'repository-only': { type: 'boolean', default: false },
  },
});
const size = Number(values.entries);
if (!Number.isInteger(size) || size < 1)
  throw new Error('--entries must be a positive whole number');
const work = values.out!;
const inputDir = join(work, 'input');
const outDir = join(work, 'dist');
const cacheDir = join(work, 'cache');

type StepResult = SiteBuildStats & { totalMs: number; cpuMs: number; nodePeakRssBytes: number };

function runBuild(): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'site-build-step.ts'),
        inputDir,
        outDir,
        cacheDir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`the site build failed (exit ${code})\n${stdout}`));
      else resolve(JSON.parse(line) as StepResult);
    });
  });
}

/** Bytes the browser receives for each of three searches in a row, counted by the DevTools protocol. */
async function searchBytes(): Promise<{ query: string; bytes: number; requests: number }[]> {
  const app = new Hono();
  app.on(['GET', 'HEAD'], '*', serveSite(outDir));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
      bytes += event.encodedDataLength;
      requests++;
    });
    await page.goto(`http://127.0.0.1:${port}/search/`, { waitUntil: 'networkidle' });
    const results: { query: string; bytes: number; requests: number }[] = [];
    for (const query of ['人口', '上海市企业登记', '行政区划代码查询']) {
      bytes = 0;
      requests = 0;
      await page.fill('#search-query', query);
      await page.click('form[role="search"] button[type="submit"]');
      await page.waitForSelector('[data-search][data-state="done"]', { timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      results.push({ query, bytes, requests });
    }
    return results;
  } finally {
    await browser.close();
    server.close();
  }
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
console.error(`generating a catalog of ${size.toLocaleString('en')} entries …`);
const { source, snapshot, previews } = await generateCatalog(size, {
  repositoryOnly: values['repository-only']!,
});
await writeSiteInput(inputDir, {
  snapshot,
  options: { siteUrl: 'http://localhost:4321' },
  previews,
});
console.error(`source: ${source}\nbuilding the site (Astro + Pagefind) …`);
const build = await runBuild();
console.error('measuring search transfer in Chromium …');
const searches = await searchBytes();

const mb = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const perThousand = (build.totalMs / 1000 / size) * 1000;
console.log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)} at the end`,
);
console.log(
  `Catalog: ${size.toLocaleString('en')} entries (${snapshot.counts.agencies} agencies, ${snapshot.counts.withData} with data) from ${source}\n`,
);
console.log('| measure | value | target |');
console.log('|---|---|---|');
console.log(
  `| pages built (Astro, one process per language) | ${build.pages.toLocaleString('en')} in ${(build.pagesMs / 1000).toFixed(1)} s (${(build.pagesCpuMs / 1000).toFixed(0)} s of CPU) | |`,
);
console.log(
  `| entries indexed (Pagefind, at the same time) | ${build.records.toLocaleString('en')} in ${(build.indexMs / 1000).toFixed(1)} s | |`,
);
console.log(
  `| build + index, wall clock | ${(build.totalMs / 1000).toFixed(1)} s | ≤ ${((size / 1000) * 4).toFixed(0)} s |`,
);
console.log(`| per 1,000 entries | ${perThousand.toFixed(2)} s | ≤ 4 s |`);
console.log(
  `| peak memory: build driver / Astro processes / Pagefind | ${mb(build.nodePeakRssBytes)} / ${mb(build.pagesPeakRssBytes)} / ${mb(build.indexPeakRssBytes)} | |`,
);
console.log(
  `| peak memory, all together (upper bound: sum of peaks) | ${mb(build.nodePeakRssBytes + build.pagesPeakRssBytes + (build.indexPeakRssBytes ?? 0))} | ≤ 2048 MB |`,
);
for (const [i, search] of searches.entries())
  console.log(
    `| ${i === 0 ? 'first' : 'later'} search "${search.query}" | ${kb(search.bytes)} in ${search.requests} requests | ≤ ${i === 0 ? 250 : 100} KB |`,
  );
