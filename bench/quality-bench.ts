/**
 * `npm run bench:quality`: issue 7's costs, each part in a fresh process so its peak memory is
 * its own.
 * - report: computeQualityReport over the 15,052-entry snapshot built from the five real
 *   portal exports (bench/interop-catalog.ts), as share and public catalog, with 5,000 disputes
 *   in every state, then qualityCsv of the result;
 * - correction: the real NBS county (2,978 rows) and township (41,352 rows) tables published
 *   into fresh embedded storage, then five reports (reportDispute) and five corrections
 *   (publishCorrection) of one cell each, a different cell every time.
 * Prints Markdown tables for docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createDisputeDeps } from '../functions/src/adapters/index.ts';
import { FolderCatalogSource } from '../functions/src/adapters/fs/folder-catalog-source.ts';
import { SnapshotCache } from '../functions/src/api/snapshot-cache.ts';
import { DisputeSchema } from '../functions/src/core/disputes/dispute.ts';
import type { Dispute, DisputeState, DisputeStep } from '../functions/src/core/disputes/dispute.ts';
import type { Identity } from '../functions/src/core/identity/identity.ts';
import { qualityCsv } from '../functions/src/core/quality/quality-csv.ts';
import { computeQualityReport, median } from '../functions/src/core/quality/quality-figures.ts';
import { sourceConflicts } from '../functions/src/core/quality/source-claims.ts';
import type { CatalogEntryInput } from '../functions/src/core/schemas/catalog-entry.ts';
import type { CatalogSnapshot } from '../functions/src/core/schemas/catalog-snapshot.ts';
import { publishCorrection } from '../functions/src/services/disputes/publish-correction.ts';
import { reportDispute } from '../functions/src/services/disputes/report-dispute.ts';
import type { DisputeDeps } from '../functions/src/services/disputes/dispute-deps.ts';
import { publishCatalog } from '../functions/src/services/publish/publish-catalog.ts';
import { DEMO_DATA, catalogFolder } from '../test/support/catalog-folder.ts';
import { startTestStorage } from '../test/support/storage.ts';
import { cycledSnapshot } from './interop-catalog.ts';

const SIZE = 15_052;
const DISPUTES = 5_000;
const RUNS = 5;
const NOW = '2026-11-28T04:00:00.000Z';
const DAY_MS = 86_400_000;
const TABLES = [
  { code: '103/000004', csv: 'datasets/cn-admin-divisions-modood/csv/areas.csv' },
  { code: '103/000005', csv: 'datasets/cn-admin-divisions-modood/csv/streets.csv' },
];

type Figures = Record<string, number | string>;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const since = (started: number) => performance.now() - started;

/** Runs `work` `times` times and answers the median in milliseconds. */
async function medianMs(times: number, work: (run: number) => unknown): Promise<number> {
  const took: number[] = [];
  for (let run = 0; run < times; run++) {
    const started = performance.now();
    await work(run);
    took.push(since(started));
  }
  return median(took)!;
}

/**
 * `count` disputes on the snapshot's entries, spread over them, in every state the machine
 * has, their reports over the year before NOW; resolved ones took 1 to 14 days.
 */
function disputesOn(snapshot: CatalogSnapshot, count: number): Dispute[] {
  const states: DisputeState[] = [
    'reported',
    'reported',
    'verifying',
    'corrected',
    'corrected',
    'corrected',
    'rejected',
    'rejected',
    'candidate',
    'dismissed',
  ];
  const nowMs = Date.parse(NOW);
  return Array.from({ length: count }, (_, i) => {
    const entry = snapshot.entries[(i * 7919) % snapshot.entries.length]!;
    const state = states[i % states.length]!;
    const createdMs = nowMs - ((i * 37) % 365) * DAY_MS - 3_600_000;
    const at = (ms: number) => new Date(ms).toISOString();
    const reporter = {
      user: `public:reporter${i % 400}@example.org`,
      name: `报告人${i % 400}`,
      agency: 'public',
      role: 'public' as const,
    };
    const provider = {
      user: `provider-${entry.provider}`,
      name: '核查员',
      agency: entry.provider,
      role: 'provider' as const,
    };
    const system = {
      user: 'system',
      name: '跨源校核',
      agency: 'platform',
      role: 'system' as const,
    };
    const resolvedMs = createdMs + (1 + (i % 14)) * DAY_MS;
    const history: DisputeStep[] =
      state === 'candidate' || state === 'dismissed'
        ? [{ at: at(createdMs), actor: system, event: 'cross-check', to: 'candidate' }]
        : [{ at: at(createdMs), actor: reporter, event: 'report', to: 'reported' }];
    if (state === 'verifying' || state === 'corrected' || state === 'rejected')
      history.push({
        at: at(createdMs + DAY_MS),
        actor: provider,
        event: 'verify',
        from: 'reported',
        to: 'verifying',
      });
    if (state === 'corrected' || state === 'rejected')
      history.push({
        at: at(resolvedMs),
        actor: provider,
        event: state === 'corrected' ? 'correct' : 'reject',
        from: 'verifying',
        to: state,
        ...(state === 'rejected' && { reason: '经核查，原值与登记一致' }),
      });
    if (state === 'dismissed')
      history.push({
        at: at(resolvedMs),
        actor: provider,
        event: 'dismiss',
        from: 'candidate',
        to: 'dismissed',
      });
    const open = state === 'reported' || state === 'verifying';
    return DisputeSchema.parse({
      id: `dp_bench${String(i).padStart(6, '0')}`,
      revision: history.length,
      origin: state === 'candidate' || state === 'dismissed' ? 'cross-check' : 'public',
      input: {
        code: entry.code,
        version: 1,
        row: { number: 1 + (i % 500) },
        field: 'name',
        description: '名称与最新公告不一致',
      },
      cell: { rowNumber: 1 + (i % 500), value: '某某' },
      title: entry.title.zh,
      provider: entry.provider,
      reporter,
      statusTokenSha256: 'c'.repeat(64),
      state,
      createdAt: at(createdMs),
      updatedAt: history.at(-1)!.at,
      ...(open && { due: { at: at(createdMs + 7 * DAY_MS), extended: false } }),
      overdue: [],
      ...(state === 'corrected' && {
        correction: {
          version: 2,
          basedOn: 1,
          changes: [{ row: 1 + (i % 500), field: 'name', before: '某某', after: '某某某' }],
          at: at(resolvedMs),
        },
      }),
      history,
    });
  });
}

async function reportStep(): Promise<Figures> {
  const publicSnapshot = await cycledSnapshot(SIZE);
  const shareSnapshot: CatalogSnapshot = { ...publicSnapshot, kind: 'share' };
  const disputes = disputesOn(publicSnapshot, DISPUTES);
  const inputsRssMb = peakRssMb();
  const nowMs = Date.parse(NOW);
  let conflicts: ReturnType<typeof sourceConflicts> = [];
  const conflictsMs = await medianMs(RUNS, () => {
    conflicts = sourceConflicts(shareSnapshot.entries);
  });
  const input = {
    shareSnapshot,
    publicCodes: new Set(publicSnapshot.entries.map((entry) => entry.code)),
    disputes,
    shareRequests: [],
    demands: [],
    systems: [],
    usage: new Map(),
    sourceConflicts: conflicts,
    nowMs,
  };
  const firstStarted = performance.now();
  let report = computeQualityReport(input);
  const firstMs = since(firstStarted);
  const reportMs = await medianMs(RUNS, () => {
    report = computeQualityReport(input);
  });
  let csv = '';
  const csvMs = await medianMs(RUNS, () => {
    csv = qualityCsv(report);
  });
  return {
    entries: shareSnapshot.entries.length,
    agencies: report.agencies.length,
    disputes: disputes.length,
    openDisputes: report.overall.openDisputes,
    overdueEntries: report.overdueEntries.length,
    firstMs,
    reportMs,
    conflictsMs,
    csvMs,
    csvKb: Buffer.byteLength(csv) / 1024,
    jsonKb: Buffer.byteLength(JSON.stringify(report)) / 1024,
    inputsRssMb,
    peakRssMb: peakRssMb(),
  };
}

/** The demo entry of `code`, with its real table at the same path in the bench folder. */
async function demoEntry(code: string): Promise<CatalogEntryInput> {
  const text = await readFile(join(DEMO_DATA, 'entries', `${code.replace('/', '-')}.yaml`), 'utf8');
  return { ...(parse(text) as CatalogEntryInput), related: [] };
}

async function correctionStep(): Promise<Figures> {
  const storage = await startTestStorage();
  const { stores } = storage;
  const files: Record<string, string> = {};
  for (const table of TABLES) files[table.csv] = await readFile(join(DEMO_DATA, table.csv), 'utf8');
  const folder = await catalogFolder(
    await Promise.all(TABLES.map((t) => demoEntry(t.code))),
    files,
  );
  const publishStarted = performance.now();
  await publishCatalog({ source: new FolderCatalogSource(folder), stores, tmpDir: tmpdir() });
  const publishMs = since(publishStarted);

  // The API's caches, asking storage on every call whether the snapshot changed.
  const publicCache = new SnapshotCache(stores.objects, { checkEveryMs: 0 });
  const shareCache = new SnapshotCache(stores.objects, { checkEveryMs: 0 }, 'share');
  const deps: DisputeDeps = {
    ...createDisputeDeps(stores, { messenger: { send: async () => {} } }),
    publicCatalog: async () => (await publicCache.current()).index.byCode,
    shareCatalog: async () => (await shareCache.current()).index.byCode,
  };
  const staff: Identity = {
    user: 'consumer-bench',
    name: '校核员',
    agency: 'nbs',
    roles: ['consumer'],
    tokenId: 'bench',
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  };
  await deps.shareCatalog();
  const figures: Figures = { publishMs };
  for (const [t, table] of TABLES.entries()) {
    const lines = files[table.csv]!.split('\n')
      .slice(1)
      .filter((line) => line !== '');
    const keys = lines.map((line) => line.slice(0, line.indexOf(',')));
    const names = lines.map((line) => line.split(',')[1]!.replaceAll('"', ''));
    const rows = Array.from(
      { length: RUNS },
      (_, run) => 1 + Math.floor(((run + 0.5) * keys.length) / RUNS),
    );
    const reported: Dispute[] = [];
    const reportMs = await medianMs(RUNS, async (run) => {
      const record = (await stores.catalog.get(table.code))!;
      const { dispute } = await reportDispute(deps, staff, {
        code: table.code,
        version: record.currentVersion!,
        row: { key: { code: keys[rows[run]! - 1]! } },
        field: 'name',
        description: '名称与区划公告不一致，请核对',
      });
      reported.push(dispute);
    });
    const correctMs = await medianMs(RUNS, async (run) => {
      const dispute = reported[run]!;
      const correction = await publishCorrection({
        stores,
        tmpDir: tmpdir(),
        dispute,
        edits: [{ field: 'name', value: `${names[rows[run]! - 1]}（核）` }],
        note: '基准测试更正',
        now: new Date(),
      });
      await stores.disputes.replace({
        ...dispute,
        revision: dispute.revision + 1,
        state: 'corrected',
        correction,
      });
    });
    figures[`rows${t}`] = keys.length;
    figures[`report${t}`] = reportMs;
    figures[`correct${t}`] = correctMs;
    figures[`version${t}`] = (await stores.catalog.get(table.code))!.currentVersion!;
  }
  figures.peakRssMb = peakRssMb();
  await storage.stop();
  await rm(folder, { recursive: true, force: true });
  return figures;
}

function step(name: string): Figures {
  const run = spawnSync(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', import.meta.filename, name],
    {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      maxBuffer: 1 << 24,
    },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (run.status !== 0 || !line) throw new Error(`${name} failed:\n${run.stderr}`);
  return JSON.parse(line) as Figures;
}

const which = process.argv[2];
if (which === 'report') console.log(JSON.stringify(await reportStep()));
else if (which === 'correction') console.log(JSON.stringify(await correctionStep()));
else if (which !== undefined) throw new Error(`unknown step ${which}: report or correction`);
else {
  const n = (value: number | string | undefined, digits = 0) =>
    Number(value).toLocaleString('en', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  console.error('computing the quality report of a 15,052-entry catalog …');
  const report = step('report');
  console.error('publishing the county and township tables, then reporting and correcting …');
  const correction = step('correction');
  console.log(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)} at the end\n`,
  );
  console.log('| quality report (pure, in memory) | median of 5 | first run | peak RSS |');
  console.log('|---|---|---|---|');
  console.log(
    `| \`computeQualityReport\`: ${n(report.entries)} entries, ${n(report.agencies)} agencies, ${n(report.disputes)} disputes (${n(report.openDisputes)} open), no share requests | ${n(report.reportMs)} ms | ${n(report.firstMs)} ms | ${n(report.peakRssMb)} MB (inputs alone ${n(report.inputsRssMb)} MB) |`,
  );
  console.log(`| \`sourceConflicts\` of the same entries | ${n(report.conflictsMs)} ms | | |`);
  console.log(
    `| \`qualityCsv\` of that report (${n(report.csvKb)} KB; the report as JSON ${n(report.jsonKb)} KB) | ${n(report.csvMs, 1)} ms | | |`,
  );
  console.log(
    `\n| one cell, embedded servers | rows | \`reportDispute\`, median of 5 | \`publishCorrection\`, median of 5 |`,
  );
  console.log('|---|---|---|---|');
  for (const [t, table] of TABLES.entries())
    console.log(
      `| ${table.code} | ${n(correction[`rows${t}`])} | ${n(correction[`report${t}`])} ms | ${n(correction[`correct${t}`])} ms |`,
    );
  console.log(
    `\nPublishing both tables first: ${n(Number(correction.publishMs) / 1000, 1)} s; peak RSS of the whole correction run ${n(correction.peakRssMb)} MB; ${report.overdueEntries} overdue public entries listed.`,
  );
}
