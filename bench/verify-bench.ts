/**
 * `npm run bench:verify`: issue 8's target, a batch of 1,000 keys verified in at most 200 ms
 * in-process. The real NBS county table (103/000004, 2,978 rows) is published into fresh
 * embedded storage (s3rver + dynalite on loopback), a consumer is granted its verification
 * service, and then:
 * - cold: the first call, which reads data.csv and builds the index;
 * - warm, new keys: calls whose 1,000 keys were not asked today (the ledger grows);
 * - warm, seen keys: the same 1,000 keys again (free under the daily cap);
 * - core only: verifyRecords over the built index, no storage.
 * Every call goes through verifyCall: grant lookup, rate counter, key ledger, usage, audit.
 * Prints a Markdown table for docs/verification.md.
 */
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createSharingDeps, createVerifyDeps } from '../functions/src/adapters/index.ts';
import { FolderCatalogSource } from '../functions/src/adapters/fs/folder-catalog-source.ts';
import { SnapshotCache, shareCatalogReader } from '../functions/src/api/snapshot-cache.ts';
import { shanghaiDay } from '../functions/src/core/calendar/working-calendar.ts';
import type { Identity } from '../functions/src/core/identity/identity.ts';
import { median } from '../functions/src/core/quality/quality-figures.ts';
import type { CatalogEntryInput } from '../functions/src/core/schemas/catalog-entry.ts';
import { VerificationSpecSchema } from '../functions/src/core/verify/verification.ts';
import type { VerifyRequest } from '../functions/src/core/verify/verification.ts';
import { buildVerifyIndex, verifyRecords } from '../functions/src/core/verify/verify-records.ts';
import { publishCatalog } from '../functions/src/services/publish/publish-catalog.ts';
import { readVersionTable } from '../functions/src/services/disputes/version-table.ts';
import { submitShareRequest } from '../functions/src/services/sharing/submit-share-request.ts';
import { verifyCall } from '../functions/src/services/verify/verify-call.ts';
import type { VerifyDeps } from '../functions/src/services/verify/verify-deps.ts';
import { VerifyIndexCache } from '../functions/src/services/verify/verify-index-cache.ts';
import { DEMO_DATA, catalogFolder } from '../test/support/catalog-folder.ts';
import { startTestStorage } from '../test/support/storage.ts';

const CODE = '103/000004';
const CSV = 'datasets/cn-admin-divisions-modood/csv/areas.csv';
const BATCH = 1000;
const RUNS = 20;
const TARGET_MS = 200;

const since = (started: number) => performance.now() - started;
const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;

const entry = parse(
  await readFile(join(DEMO_DATA, 'entries', '103-000004.yaml'), 'utf8'),
) as CatalogEntryInput;
const folder = await catalogFolder([{ ...entry, related: [] }]);
await mkdir(join(folder, 'datasets', 'cn-admin-divisions-modood', 'csv'), { recursive: true });
await copyFile(join(DEMO_DATA, CSV), join(folder, CSV));
const storage = await startTestStorage();
try {
  await publishCatalog({
    source: new FolderCatalogSource(folder),
    stores: storage.stores,
    tmpDir: '/tmp',
  });
  const shareCache = new SnapshotCache(storage.stores.objects, undefined, 'share');
  const consumer: Identity = {
    user: 'bench-consumer',
    name: '基准测试用户',
    agency: 'zj-market',
    roles: ['consumer'],
    tokenId: 'bench',
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  };
  const today = shanghaiDay(Date.now());
  await submitShareRequest(
    {
      ...createSharingDeps(storage.stores, { messenger: { send: async () => {} } }),
      shareCatalog: shareCatalogReader(shareCache),
    },
    consumer,
    {
      code: CODE,
      service: 'verify',
      purpose: '基准测试：批量核验区划代码',
      fields: ['code', 'name', 'cityCode', 'provinceCode'],
      period: { from: today, to: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}` },
      legalBasis: '基准测试',
      contact: { name: '基准测试' },
    },
  );
  const deps: VerifyDeps = {
    ...createVerifyDeps(storage.stores, {
      limits: { callsPerMinute: 10_000, distinctKeysPerDay: 100_000 },
    }),
    indexes: new VerifyIndexCache(),
    shareCatalog: async () => (await shareCache.current()).index.byCode,
  };
  // Warm the snapshot cache and the storage clients, as a running API instance has them.
  await shareCache.current();

  const rows = (await readFile(join(DEMO_DATA, CSV), 'utf8'))
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map((cell) => cell.replace(/"/g, '')));
  const batch = (offset: number): VerifyRequest => ({
    records: Array.from({ length: BATCH }, (_, i) => {
      const [code, name, cityCode, provinceCode] = rows[(offset + i) % rows.length]!;
      // Every tenth record carries a wrong name, so no-match answers are part of the work.
      return {
        key: { code: code! },
        fields: {
          name: i % 10 === 0 ? `${name}X` : name!,
          cityCode: cityCode!,
          provinceCode: provinceCode!,
        },
      };
    }),
  });

  let started = performance.now();
  const first = await verifyCall(deps, consumer, CODE, batch(0));
  const coldMs = since(started);
  if (first.counts.match + first.counts.noMatch !== BATCH)
    throw new Error('the cold call did not find every key');

  const newKeys: number[] = [];
  for (let run = 1; run <= 2; run++) {
    started = performance.now();
    await verifyCall(deps, consumer, CODE, batch(run * BATCH));
    newKeys.push(since(started));
  }
  const seenKeys: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    started = performance.now();
    await verifyCall(deps, consumer, CODE, batch(0));
    seenKeys.push(since(started));
  }

  const version = (await storage.stores.versions.get(CODE, 1))!;
  started = performance.now();
  const table = await readVersionTable(storage.stores.objects, version);
  const readMs = since(started);
  started = performance.now();
  const spec = VerificationSpecSchema.parse(entry.verification);
  const index = buildVerifyIndex(table, spec);
  const buildMs = since(started);
  const core: number[] = [];
  const request = batch(0);
  for (let run = 0; run < RUNS; run++) {
    started = performance.now();
    verifyRecords(index, spec, request);
    core.push(since(started));
  }

  const warm = median(seenKeys)!;
  console.log(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)}\n`,
  );
  console.log(
    `Verification of ${BATCH.toLocaleString('en')} keys against ${CODE} (${table.rows.length.toLocaleString('en')} rows), embedded storage on loopback:\n`,
  );
  console.log('| call | median ms | p95 ms | runs |');
  console.log('|---|---|---|---|');
  console.log(`| cold: first call, builds the index | ${coldMs.toFixed(1)} | | 1 |`);
  console.log(
    `| warm, 1,000 keys new today | ${median(newKeys)!.toFixed(1)} | | ${newKeys.length} |`,
  );
  console.log(
    `| warm, 1,000 keys seen today | ${warm.toFixed(1)} | ${p95(seenKeys).toFixed(1)} | ${RUNS} |`,
  );
  console.log(
    `| core only: verifyRecords | ${median(core)!.toFixed(2)} | ${p95(core).toFixed(2)} | ${RUNS} |`,
  );
  console.log(
    `\nIndex: reading data.csv ${readMs.toFixed(1)} ms, building ${buildMs.toFixed(1)} ms.`,
  );
  console.log(
    `Target ≤ ${TARGET_MS} ms per warm 1,000-key call: ${warm <= TARGET_MS && median(newKeys)! <= TARGET_MS ? 'met' : 'NOT met'}.`,
  );
} finally {
  await storage.stop();
  await rm(folder, { recursive: true, force: true });
}
