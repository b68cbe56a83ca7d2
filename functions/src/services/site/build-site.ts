import { access, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import type { FederationStore } from '../../core/ports/federation-store.ts';
import { S3FederationStore } from '../../adapters/s3/federation-store.ts';
import {
  readPreviews,
  readPublicFederation,
  readPublicQuality,
  readPublicSnapshot,
} from './export-site-input.ts';
import { shanghaiDay } from '../../core/calendar/working-calendar.ts';
import { readSiteInput, writeSiteInput } from './site-input.ts';
import type { SiteOptions } from './site-input.ts';
import { buildAstroSite } from './astro-build.ts';
import type { AstroBuildOptions, AstroBuildResult } from './astro-build.ts';
import { buildSearchIndex } from './search-index.ts';
import { searchRecords } from './search-records.ts';
import { siteBuildHash } from './site-hash.ts';
import { pageDates, writeSitemap } from './sitemap.ts';

/** The repository root, where `site/` and the sources the site is built from are. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The Astro project of the portal. */
export const SITE_ROOT = join(REPO_ROOT, 'site');

/** Everything a site build reads besides the catalog: a change in any of it means a rebuild. */
const SOURCES = [
  'site',
  'functions/src/services/site',
  // The developers page renders the OpenAPI document of the API's routes and schemas.
  'functions/src/api',
  'functions/src/core',
  'node_modules/astro/package.json',
  'node_modules/pagefind/package.json',
].map((path) => join(REPO_ROOT, path));

/** Progress of a site build, for the command line. */
export type SiteBuildEvent =
  | { type: 'snapshot'; entries: number; withData: number }
  | { type: 'unchanged'; outDir: string }
  | { type: 'previews'; count: number; ms: number }
  | { type: 'pages'; pages: number; ms: number }
  | { type: 'index'; records: number; ms: number }
  | { type: 'built'; outDir: string; ms: number };

export type SiteBuildListener = (event: SiteBuildEvent) => void;

/** Where a build reads and writes. */
export type SiteBuildPaths = {
  /** The Astro project; `site/` of the repository unless a test builds another. */
  siteRoot?: string;
  /** The built site. */
  outDir: string;
  /** Build input, caches and the stamp of the last build (git-ignored). */
  workDir: string;
};

/** What one build from an input folder did and cost. */
export type SiteBuildStats = {
  pages: number;
  records: number;
  pagesMs: number;
  indexMs: number;
  /** CPU time and peak memory of the Astro process. */
  pagesCpuMs: number;
  pagesPeakRssBytes: number;
  /** Peak memory of the Pagefind binary, where the system reports it. */
  indexPeakRssBytes?: number;
};

type Stamp = { hash: string; outDir: string };

/**
 * From this many entries the two languages render in two processes at once. Each process pays
 * Astro's fixed start (about 7 s of CPU), which a small catalog does not win back.
 */
const SPLIT_FROM = 3000;

const inputDirOf = (workDir: string) => join(workDir, 'input');
const stampOf = (workDir: string) => join(workDir, 'build.json');

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Builds the public site from the public snapshot in the open bucket and the harvested catalogs:
 * exports the build input (snapshot, federated catalogs, quality report and corrections log,
 * options, previews of the first rows), then renders the pages with Astro while Pagefind indexes
 * the entries. When none of the snapshot, the harvested catalogs, the quality files nor the
 * site's sources changed since the last build into the same folder, nothing is rebuilt. Answers
 * whether it built.
 */
export async function buildSite(
  objects: ObjectStore,
  options: SiteOptions &
    SiteBuildPaths & {
      force?: boolean;
      onEvent?: SiteBuildListener;
      /**
       * Where the harvested catalogs are.
       * @default the federation store over the same object store
       */
      federation?: FederationStore;
    },
): Promise<{ built: boolean; stats?: SiteBuildStats }> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => {});
  const siteRoot = options.siteRoot ?? SITE_ROOT;
  const outDir = resolve(options.outDir);
  const { text, snapshot } = await readPublicSnapshot(objects);
  emit({ type: 'snapshot', entries: snapshot.entries.length, withData: snapshot.counts.withData });
  const federation = await readPublicFederation(
    options.federation ?? new S3FederationStore(objects),
  );
  const quality = await readPublicQuality(objects);
  // Entry pages judge freshness on the report's day; without a report, on today's. The day is
  // part of the options, and so of the hash: a new day without a report rebuilds the pages.
  const siteOptions: SiteOptions = {
    siteUrl: options.siteUrl,
    day: quality.quality?.day ?? shanghaiDay(Date.now()),
  };

  const sources = siteRoot === SITE_ROOT ? SOURCES : [siteRoot, ...SOURCES.slice(1)];
  const hash = await siteBuildHash(
    [text, federation.text, quality.text, JSON.stringify(siteOptions)],
    sources,
    REPO_ROOT,
  );
  const stampFile = stampOf(options.workDir);
  const stamp = await readFile(stampFile, 'utf8')
    .then((json) => JSON.parse(json) as Stamp)
    .catch(() => undefined);
  const complete =
    (await exists(join(outDir, 'index.html'))) &&
    (await exists(join(outDir, 'pagefind', 'pagefind.js')));
  if (!options.force && stamp?.hash === hash && stamp.outDir === outDir && complete) {
    emit({ type: 'unchanged', outDir });
    return { built: false };
  }

  await rm(stampFile, { force: true });
  const previewsStarted = Date.now();
  const previews = await readPreviews(objects, snapshot);
  emit({ type: 'previews', count: previews.size, ms: Date.now() - previewsStarted });
  const inputDir = inputDirOf(options.workDir);
  await writeSiteInput(inputDir, {
    snapshot,
    options: siteOptions,
    previews,
    federation: federation.catalogs,
    quality: quality.quality,
    corrections: quality.corrections,
  });

  const stats = await buildSiteFromInput({
    inputDir,
    siteRoot,
    outDir,
    cacheDir: join(options.workDir, 'cache'),
    onEvent: emit,
  });
  await mkdir(dirname(stampFile), { recursive: true });
  await writeFile(stampFile, JSON.stringify({ hash, outDir } satisfies Stamp));
  emit({ type: 'built', outDir, ms: Date.now() - started });
  return { built: true, stats };
}

/**
 * Builds the site from an input folder: Astro renders the pages while Pagefind indexes the
 * entries in its own process; the sitemap is written from the pages built, and the index is
 * moved into the site when both are done.
 */
export async function buildSiteFromInput(options: {
  inputDir: string;
  siteRoot?: string;
  outDir: string;
  cacheDir: string;
  onEvent?: SiteBuildListener;
}): Promise<SiteBuildStats> {
  const emit = options.onEvent ?? (() => {});
  const outDir = resolve(options.outDir);
  const input = await readSiteInput(options.inputDir);
  const indexDir = `${outDir}.pagefind`;
  await rm(indexDir, { recursive: true, force: true });

  // Rendering takes longest, so it starts first; the index is built meanwhile.
  const pagesStarted = Date.now();
  const astro: Omit<AstroBuildOptions, 'langs'> = {
    siteRoot: options.siteRoot ?? SITE_ROOT,
    outDir,
    inputDir: options.inputDir,
    cacheDir: options.cacheDir,
    siteUrl: input.options.siteUrl,
  };
  const split = input.entryCount >= SPLIT_FROM && availableParallelism() > 1;
  const pages = (split ? buildPagesPerLanguage(astro) : buildAstroSite(astro)).then(
    async (result) => {
      await writeSitemap(
        outDir,
        input.options.siteUrl,
        pageDates(input.snapshot(), input.federation()),
      );
      const ms = Date.now() - pagesStarted;
      emit({ type: 'pages', pages: result.pages, ms });
      return { ...result, ms };
    },
  );
  const indexStarted = Date.now();
  const index = (async () => {
    const result = await buildSearchIndex(
      searchRecords(input.snapshot(), input.federation()),
      indexDir,
    );
    const ms = Date.now() - indexStarted;
    emit({ type: 'index', records: result.records, ms });
    return { ...result, ms };
  })();
  const [built, indexed] = await Promise.allSettled([pages, index]);
  if (built.status === 'rejected' || indexed.status === 'rejected') {
    await rm(indexDir, { recursive: true, force: true });
    throw built.status === 'rejected' ? built.reason : (indexed as PromiseRejectedResult).reason;
  }
  await rm(join(outDir, 'pagefind'), { recursive: true, force: true });
  await rename(indexDir, join(outDir, 'pagefind'));
  return {
    pages: built.value.pages,
    records: indexed.value.records,
    pagesMs: built.value.ms,
    indexMs: indexed.value.ms,
    pagesCpuMs: built.value.cpuMs,
    pagesPeakRssBytes: built.value.peakRssBytes,
    ...(indexed.value.peakRssBytes !== undefined && {
      indexPeakRssBytes: indexed.value.peakRssBytes,
    }),
  };
}

/**
 * Renders the Chinese pages into `outDir` and the English ones next to it, in two Astro
 * processes at once (rendering is single-threaded, and a large catalog has tens of thousands
 * of pages), then moves the English pages in. Both builds compile the same sources, so their
 * hashed assets are the same files. Reports the CPU time of both and their combined peak.
 */
async function buildPagesPerLanguage(
  options: Omit<AstroBuildOptions, 'langs'>,
): Promise<AstroBuildResult> {
  const englishDir = `${options.outDir}.en`;
  const [chinese, english] = await Promise.all([
    buildAstroSite({ ...options, langs: ['zh-CN'], cacheDir: join(options.cacheDir, 'zh-CN') }),
    buildAstroSite({
      ...options,
      outDir: englishDir,
      langs: ['en'],
      cacheDir: join(options.cacheDir, 'en'),
    }),
  ]).catch(async (error: unknown) => {
    await rm(englishDir, { recursive: true, force: true });
    throw error;
  });
  await rm(join(options.outDir, 'en'), { recursive: true, force: true });
  await rename(join(englishDir, 'en'), join(options.outDir, 'en'));
  for (const asset of await readdir(join(englishDir, '_astro')).catch(() => [] as string[]))
    if (!(await exists(join(options.outDir, '_astro', asset))))
      await rename(join(englishDir, '_astro', asset), join(options.outDir, '_astro', asset));
  await rm(englishDir, { recursive: true, force: true });
  return {
    // Each process also wrote the other language's few fixed pages; only its own were kept.
    pages: chinese.pages - chinese.english + english.english,
    english: english.english,
    cpuMs: chinese.cpuMs + english.cpuMs,
    peakRssBytes: chinese.peakRssBytes + english.peakRssBytes,
  };
}
