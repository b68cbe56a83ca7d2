import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { parseCrossChecks } from '../../../functions/src/core/quality/cross-check.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import {
  readCrossChecks,
  runCrossChecks,
} from '../../../functions/src/services/quality/run-cross-checks.ts';
import type { CrossCheckRunReport } from '../../../functions/src/services/quality/run-cross-checks.ts';
import { copyOfDemoCatalog, DEMO_DATA } from '../../support/catalog-folder.ts';
import { startTestStorage } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';

/** The entries the demo's cross-checks name: the division tables, ISO codes, World Bank tables. */
const NEEDED = [
  '103-000002',
  '103-000003',
  '103-000004',
  '103-000005',
  '314-000001',
  '301-000007',
  '301-000008',
];

let storage: TestStorage;
let folder: string;
let first: CrossCheckRunReport;
const NOW = Date.parse('2026-11-30T02:00:00.000Z');

beforeAll(async () => {
  storage = await startTestStorage();
  folder = await copyOfDemoCatalog();
  for (const file of await readdir(join(folder, 'entries')))
    if (!NEEDED.includes(file.replace('.yaml', ''))) await rm(join(folder, 'entries', file));
  // The inventory names entries removed above; the cross-checks need no systems.
  await rm(join(folder, 'information-systems.yaml'));
  await publishCatalog({
    source: new FolderCatalogSource(folder),
    stores: storage.stores,
    tmpDir: '/tmp',
  });
  const config = await readCrossChecks(new FolderCatalogSource(DEMO_DATA));
  first = await runCrossChecks({ stores: storage.stores, config, nowMs: NOW });
}, 180_000);
afterAll(async () => {
  await storage?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const dataset = (report: CrossCheckRunReport, check: string, code: string) =>
  report.checks.find((c) => c.id === check)!.datasets.find((d) => d.code === code)!;

describe('runCrossChecks on the demo catalog', () => {
  it('finds the division tables consistent, row for row', () => {
    expect(first.problems).toEqual([]);
    const counts = (check: string) =>
      first.checks
        .find((c) => c.id === check)!
        .datasets.map((d) => [d.code, d.compared, d.mismatches]);
    expect(counts('province-codes')).toEqual([
      ['103/000003', 342, 0],
      ['103/000004', 2978, 0],
      ['103/000005', 41352, 0],
    ]);
    expect(counts('prefecture-codes')).toEqual([
      ['103/000004', 2978, 0],
      ['103/000005', 41352, 0],
    ]);
    expect(counts('county-codes')).toEqual([['103/000005', 41352, 0]]);
    expect(first.checks.find((c) => c.id === 'province-codes')!.reference).toMatchObject({
      version: 1,
      values: 31,
    });
  });

  it('finds the World Bank aggregates and Kosovo, which have no ISO 3166 code, and files the first ten', () => {
    const population = dataset(first, 'country-codes', '301/000007');
    expect(population).toMatchObject({
      compared: 17195,
      mismatches: 50,
      mismatchedRows: 3250,
      filed: 10,
      known: 0,
    });
    const gdp = dataset(first, 'country-codes', '301/000008');
    expect(gdp).toMatchObject({
      compared: 13979,
      mismatches: 50,
      mismatchedRows: 2866,
      filed: 10,
      known: 0,
    });
    expect(population.findings.map((f) => f.value)).toEqual([
      'AFE',
      'AFW',
      'ARB',
      'CEB',
      'CHI',
      'CSS',
      'EAP',
      'EAR',
      'EAS',
      'ECA',
    ]);
    expect(population.findings[0]).toMatchObject({ rows: [66, 67, 68, 69, 70], count: 65 });
  });

  it('finds the five names the GDP file gives otherwise than the population file', () => {
    const names = dataset(first, 'world-bank-country-names', '301/000008');
    expect(names).toMatchObject({ compared: 13979, mismatches: 5, mismatchedRows: 313, filed: 5 });
    expect(names.findings.find((f) => f.value === 'SOM')).toMatchObject({
      kind: 'label',
      label: 'Somalia',
      expected: ['Somalia, Fed. Rep.'],
    });
  });

  it('stores the candidates for their providers, with no deadline', async () => {
    const stored = await storage.stores.disputes.byCode('301/000007');
    expect(stored).toHaveLength(10);
    for (const dispute of stored) {
      expect(dispute).toMatchObject({ state: 'candidate', origin: 'cross-check', provider: 'nbs' });
      expect(dispute.due).toBeUndefined();
      expect(dispute.crossCheck).toMatchObject({ check: 'country-codes', reference: '314/000001' });
    }
    expect((await storage.stores.disputes.all()).length).toBe(25);
  });

  it('files nothing new when run again, counting the findings as known', async () => {
    const config = await readCrossChecks(new FolderCatalogSource(DEMO_DATA));
    const again = await runCrossChecks({ stores: storage.stores, config, nowMs: NOW + 86_400_000 });
    const datasets = again.checks.flatMap((c) => c.datasets);
    expect(datasets.reduce((n, d) => n + d.filed, 0)).toBe(0);
    expect(datasets.reduce((n, d) => n + d.known, 0)).toBe(25);
    expect((await storage.stores.disputes.all()).length).toBe(25);
    const runs = await storage.stores.audit.list({ action: 'cross-check.run' });
    expect(runs.records).toHaveLength(2);
    expect(runs.records[0]).toMatchObject({ outcome: 'ok', actor: { role: 'system' } });
  });

  it('runs nothing of a check naming an unknown column, says where, and runs the others', async () => {
    const config = parseCrossChecks({
      path: 'data/cross-checks.yaml',
      text: [
        'checks:',
        '  - id: iso-codes',
        '    title: { zh: 国家代码, en: Country codes }',
        '    field: 国家和地区代码',
        '    reference: { code: 314/000001, column: ISO3166-1-Alpha-3 }',
        '    compare:',
        '      - { code: 301/000007, column: Country Code }',
        '      - { code: 301/000008, column: Country code }',
        '  - id: absent',
        '    title: { zh: 无, en: None }',
        '    field: 代码',
        '    reference: { code: 999/000001, column: code }',
        '    compare: [ { code: 103/000003, column: provinceCode } ]',
      ].join('\n'),
    });
    const before = (await storage.stores.disputes.all()).length;
    const report = await runCrossChecks({ stores: storage.stores, config, nowMs: NOW });
    expect(report.problems).toEqual([
      expect.objectContaining({
        file: 'data/cross-checks.yaml',
        line: 8,
        field: 'checks[0].compare[1].column',
      }),
      expect.objectContaining({ line: 12, field: 'checks[1].reference.code' }),
    ]);
    expect(report.problems[0]!.message).toContain('iso-codes');
    expect(report.problems[0]!.message).toContain('no column "Country code"');
    expect(report.problems[1]!.message).toContain('no catalog entry 999/000001');
    expect(report.checks.every((check) => check.datasets.length === 0)).toBe(true);
    expect((await storage.stores.disputes.all()).length).toBe(before);
    const [run] = (await storage.stores.audit.list({ action: 'cross-check.run' })).records;
    expect(run).toMatchObject({ outcome: 'failed' });
  });
});
