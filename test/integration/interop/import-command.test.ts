import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCatalog } from '../../../functions/src/services/interop/import-catalog.ts';
import { loadCatalog } from '../../../functions/src/services/load-catalog.ts';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { copyOfDemoCatalog } from '../../support/catalog-folder.ts';
import { runDatarun } from '../../support/run-datarun.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CNPDS = '/work/shared/realdata/cn-gov-open-data-catalog-metadata-cnpds';
const cleanup: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'datarun-import-'));
  cleanup.push(dir);
  return dir;
}

async function importFile(name: string, outDir: string) {
  const file = join(CNPDS, name);
  return importCatalog({ from: 'cnpds', file, bytes: await readFile(file), outDir });
}

/** Every file of a folder with its text and modification time. */
async function snapshot(dir: string) {
  const names = (await readdir(join(dir, 'entries')))
    .map((n) => `entries/${n}`)
    .concat('agencies.yaml');
  return new Map(
    await Promise.all(
      names.map(
        async (n) =>
          [
            n,
            `${await readFile(join(dir, n), 'utf8')}@${(await stat(join(dir, n))).mtimeMs}`,
          ] as const,
      ),
    ),
  );
}

afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

describe('importCatalog', () => {
  it.each([
    { name: 'shanghai_shanghai.json', records: 4494, imported: 2232, duplicates: 2258, skipped: 4 },
    { name: 'zhejiang_zhejiang.json', records: 1309, imported: 1309, duplicates: 0, skipped: 0 },
    { name: 'zhejiang_zhoushan.json', records: 522, imported: 522, duplicates: 0, skipped: 0 },
    { name: 'guizhou_guiyang.json', records: 2469, imported: 2469, duplicates: 0, skipped: 0 },
    { name: 'anhui_anhui.json', records: 700, imported: 700, duplicates: 0, skipped: 0 },
  ])(
    'imports $name into a catalog folder that loads with no problem',
    async (expected) => {
      const dir = await tempDir();
      const report = await importFile(expected.name, dir);
      expect(report).toMatchObject({
        records: expected.records,
        imported: expected.imported,
        created: expected.imported,
        duplicates: expected.duplicates,
      });
      expect(report.skipped).toHaveLength(expected.skipped);
      const catalog = await loadCatalog(new FolderCatalogSource(dir));
      expect(catalog.entries).toHaveLength(expected.imported);
    },
    60_000,
  );

  it('changes no file and keeps every code when the same export is imported again', async () => {
    const dir = await tempDir();
    await importFile('zhejiang_zhejiang.json', dir);
    const before = await snapshot(dir);
    const again = await importFile('zhejiang_zhejiang.json', dir);
    expect(again).toMatchObject({ imported: 1309, created: 0, updated: 0, unchanged: 1309 });
    expect(await snapshot(dir)).toEqual(before);
  }, 60_000);

  it('imports into the demo catalog, matching its agencies by name and leaving its entries alone', async () => {
    const dir = await copyOfDemoCatalog();
    cleanup.push(dir);
    const entriesBefore = await snapshot(dir);
    const agenciesBefore = await readFile(join(dir, 'agencies.yaml'), 'utf8');
    await importFile('zhejiang_zhoushan.json', dir);
    await importFile('anhui_anhui.json', dir);
    const catalog = await loadCatalog(new FolderCatalogSource(dir));
    const after = await snapshot(dir);
    for (const [name, was] of entriesBefore)
      if (name !== 'agencies.yaml') expect(after.get(name), name).toBe(was);
    expect((await readFile(join(dir, 'agencies.yaml'), 'utf8')).startsWith(agenciesBefore)).toBe(
      true,
    );
    expect(catalog.entries).toHaveLength(74 + 522 + 700);
    const imported = catalog.entries.filter(({ entry }) => entry.origin);
    const providers = new Set(imported.map(({ entry }) => entry.provider));
    expect(providers).toContain('zs-water');
    expect(providers).toContain('ah-stats');
    const byWater = imported.find(({ entry }) => entry.title.zh === '舟山市水雨情信息')!.entry;
    expect(byWater.provider).toBe('zs-water');
    expect(byWater.code).not.toBe('212/000001');
  }, 60_000);
});

describe('datarun import', () => {
  const datarun = (args: string[]) => runDatarun(args);

  it('prints progress and a summary, and exits 2 when records were skipped', async () => {
    const dir = await tempDir();
    const file = join(CNPDS, 'shanghai_shanghai.json');
    const result = await datarun(['import', '--from', 'cnpds', file, '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Read 4,494 records from data.sh.gov.cn');
    expect(result.stdout).toMatch(/imported\s+2,232 \(created 2,232, updated 0, unchanged 0\)/);
    expect(result.stdout).toMatch(/duplicates\s+2,258/);
    expect(result.stdout).toContain(
      `${file}:19576:5: 上海市崇明区人民政府办公室/上海市崇明区公共建筑能耗监测信息/2019-12-26: superseded by record 641`,
    );
    expect(result.stdout).toMatch(/详情页网址: 2,232/);
  }, 60_000);

  it('exits 0 with nothing skipped, and prints the report as JSON with --json', async () => {
    const dir = await tempDir();
    const result = await datarun([
      'import',
      '--from',
      'cnpds',
      join(CNPDS, 'zhejiang_zhoushan.json'),
      '--out',
      dir,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      platform: 'data.zhoushan.gov.cn',
      records: 522,
      imported: 522,
      skipped: [],
    });
    expect(report.fields.updateCycle).toEqual({ mapped: 0, defaulted: 522, default: '不定期' });
  }, 60_000);

  it('exits 1 and writes nothing when the file is not JSON or a flag is wrong', async () => {
    const dir = join(await tempDir(), 'out');
    const notJson = await datarun([
      'import',
      '--from',
      'ckan',
      join(ROOT, 'package.json'),
      '--out',
      dir,
    ]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('expected an array of records at "result.results"');
    const level = await datarun([
      'import',
      '--from',
      'datajson',
      join(ROOT, 'package.json'),
      '--out',
      dir,
      '--agency-level',
      'x',
    ]);
    expect(level.code).toBe(1);
    expect(level.stderr).toContain('--agency-level x: expected one of 国家级, 省级, 市级, 区县级');
    await expect(stat(dir)).rejects.toThrow();
  }, 60_000);
});
