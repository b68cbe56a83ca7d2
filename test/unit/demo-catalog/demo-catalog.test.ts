import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AgenciesFileSchema } from '../../../functions/src/core/schemas/agency.ts';
import type { Agency } from '../../../functions/src/core/schemas/agency.ts';
import { CatalogEntrySchema } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { CatalogEntry } from '../../../functions/src/core/schemas/catalog-entry.ts';
import {
  CATEGORIES,
  OPEN_TYPES,
  SHARE_TYPES,
  UPDATE_CYCLES,
} from '../../../functions/src/core/schemas/vocabulary.ts';

// Guards the demo catalog in data/: the loader reports problems to people, this test keeps the
// committed data itself valid, real-data-backed and covering every vocabulary value.

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data');
const ENTRIES_DIR = join(DATA, 'entries');
const DATASETS_DIR = join(DATA, 'datasets');
const GBK_FILE = 'datasets/cn-nbs-stats-gbk-csv/data/国内生产总值.csv';
/** SHA-256 of the GBK export as delivered in /work/shared/realdata/cn-nbs-stats-gbk-csv. */
const GBK_SHA256 = '8fc3932c0924908f1de6fe0191bc0e62db8280017d7616c69bfd0a6be09f2e04';
const REALDATA_GBK = '/work/shared/realdata/cn-nbs-stats-gbk-csv/data/国内生产总值.csv';
const DIVISIONS = join(DATASETS_DIR, 'cn-admin-divisions-modood/csv');

type EntryFile = { file: string; entry: CatalogEntry };

function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'));
}

let agenciesCache: Agency[] | undefined;
let entriesCache: EntryFile[] | undefined;

/** The agencies file, parsed once; the schema test reports it if it does not parse. */
function loadAgencies(): Agency[] {
  agenciesCache ??=
    AgenciesFileSchema.safeParse(readYaml(join(DATA, 'agencies.yaml'))).data?.agencies ?? [];
  return agenciesCache;
}

function entryFileNames(): string[] {
  return readdirSync(ENTRIES_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
}

/** The entry files that parse, read once; the schema test names the ones that do not. */
function loadEntries(): EntryFile[] {
  entriesCache ??= entryFileNames().flatMap((file) => {
    const result = CatalogEntrySchema.safeParse(readYaml(join(ENTRIES_DIR, file)));
    return result.success ? [{ file, entry: result.data }] : [];
  });
  return entriesCache;
}

function linkedEntries(): CatalogEntry[] {
  return loadEntries()
    .map(({ entry }) => entry)
    .filter((entry) => entry.data !== undefined);
}

/** The first column of a modood division CSV, each code padded to the 6-digit form. */
function divisionCodes(file: string): string[] {
  return readFileSync(join(DIVISIONS, file), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => line.split(',')[0]!.padEnd(6, '0'));
}

describe('data/agencies.yaml', () => {
  it('parses against AgenciesFileSchema', () => {
    const result = AgenciesFileSchema.safeParse(readYaml(join(DATA, 'agencies.yaml')));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('lists at least 8 agencies, provincial and municipal ones among them', () => {
    const agencies = loadAgencies();
    expect(agencies.length).toBeGreaterThanOrEqual(8);
    const levels = new Set(agencies.map((a) => a.level));
    expect(levels).toContain('省级');
    expect(levels).toContain('市级');
  });

  it('uses each agency code once and names parents that are listed', () => {
    const agencies = loadAgencies();
    const codes = agencies.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    const unknownParents = agencies.filter((a) => a.parent && !codes.includes(a.parent));
    expect(unknownParents.map((a) => a.code)).toEqual([]);
  });

  it('places every non-national agency in a real administrative division', () => {
    const known = new Set(['provinces.csv', 'cities.csv', 'areas.csv'].flatMap(divisionCodes));
    const unknown = loadAgencies().filter((a) =>
      a.level === '国家级' ? a.region !== '100000' : !known.has(a.region),
    );
    expect(unknown.map((a) => `${a.code} ${a.region}`)).toEqual([]);
  });
});

describe('data/entries', () => {
  it('parses every entry file against CatalogEntrySchema', () => {
    const failures = entryFileNames().flatMap((file) => {
      const result = CatalogEntrySchema.safeParse(readYaml(join(ENTRIES_DIR, file)));
      return (result.error?.issues ?? []).map(
        (issue) => `${file} ${issue.path.join('.')}: ${issue.message}`,
      );
    });
    expect(failures).toEqual([]);
  });

  it('names every file after its code', () => {
    const misnamed = loadEntries().filter(
      ({ file, entry }) => file !== `${entry.code.replace('/', '-')}.yaml`,
    );
    expect(misnamed.map(({ file }) => file)).toEqual([]);
  });

  it('uses each code once', () => {
    const codes = loadEntries().map(({ entry }) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('builds each 分类码 from the category, or for 部门 from the provider’s position', () => {
    const positions = new Map(loadAgencies().map((a, i) => [a.code, i + 1]));
    const expected = (entry: CatalogEntry): string => {
      if (entry.category === '部门')
        return `3${String(positions.get(entry.provider)).padStart(2, '0')}`;
      const index = CATEGORIES.indexOf(entry.category);
      return entry.category.startsWith('基础/')
        ? `1${String(index + 1).padStart(2, '0')}`
        : `2${String(index - 4).padStart(2, '0')}`;
    };
    const wrong = loadEntries().filter(({ entry }) => entry.code.split('/')[0] !== expected(entry));
    expect(wrong.map(({ file }) => file)).toEqual([]);
  });

  it('names providers and related entries that exist', () => {
    const agencyCodes = new Set(loadAgencies().map((a) => a.code));
    const entries = loadEntries();
    const codes = new Set(entries.map(({ entry }) => entry.code));
    const broken = entries.flatMap(({ file, entry }) => [
      ...(agencyCodes.has(entry.provider) ? [] : [`${file} provider ${entry.provider}`]),
      ...entry.related.filter((code) => !codes.has(code)).map((code) => `${file} related ${code}`),
    ]);
    expect(broken).toEqual([]);
  });

  it('holds at least 60 entries', () => {
    expect(loadEntries().length).toBeGreaterThanOrEqual(60);
  });

  it('uses every share type, open type, update cycle and category', () => {
    const entries = loadEntries().map(({ entry }) => entry);
    const missing = [
      ...SHARE_TYPES.filter((v) => !entries.some((e) => e.shareType === v)),
      ...OPEN_TYPES.filter((v) => !entries.some((e) => e.openType === v)),
      ...UPDATE_CYCLES.filter((v) => !entries.some((e) => e.updateCycle === v)),
      ...CATEGORIES.filter((v) => !entries.some((e) => e.category === v)),
    ];
    expect(missing).toEqual([]);
  });

  it('has entries at levels 2, 3 and 4 and entries not yet approved', () => {
    const entries = loadEntries().map(({ entry }) => entry);
    expect(new Set(entries.map((e) => e.level))).toEqual(new Set([1, 2, 3, 4]));
    const statuses = new Set(entries.map((e) => e.status));
    for (const status of ['draft', 'submitted', 'withdrawn', 'approved']) {
      expect(statuses).toContain(status);
    }
  });
});

describe('linked data in data/datasets', () => {
  it('links at least 12 entries to files that exist', () => {
    const linked = linkedEntries();
    expect(linked.length).toBeGreaterThanOrEqual(12);
    const missing = linked.filter((e) => !existsSync(join(DATA, e.data!.path)));
    expect(missing.map((e) => `${e.code} ${e.data!.path}`)).toEqual([]);
  });

  it('leaves some entries without data, so the 挂接率 stays below 1', () => {
    const rate = linkedEntries().length / loadEntries().length;
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThan(1);
  });

  it('gives every linked entry an English title', () => {
    const untitled = linkedEntries().filter((e) => !e.title.en);
    expect(untitled.map((e) => e.code)).toEqual([]);
  });

  it('keeps a SOURCE.md at the top of the source folder of every linked file', () => {
    const orphans = linkedEntries().filter((e) => {
      const [source] = relative(DATASETS_DIR, join(DATA, e.data!.path)).split('/');
      return !existsSync(join(DATASETS_DIR, source!, 'SOURCE.md'));
    });
    expect(orphans.map((e) => e.data!.path)).toEqual([]);
  });

  it('resolves every data.schema to a file, and a #resource to a resource of that package', () => {
    const broken = linkedEntries().flatMap((e) => {
      if (!e.data!.schema) return [];
      const [path, resource] = e.data!.schema.split('#');
      const file = join(DATA, path!);
      if (!existsSync(file)) return [`${e.code} ${path}`];
      if (resource === undefined) return [];
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { resources: { name: string }[] };
      return pkg.resources.some((r) => r.name === resource) ? [] : [`${e.code} #${resource}`];
    });
    expect(broken).toEqual([]);
  });

  it('approves every linked entry and opens most of them to everyone', () => {
    const linked = linkedEntries();
    expect(linked.filter((e) => e.status !== 'approved').map((e) => e.code)).toEqual([]);
    const restricted = linked.filter((e) => e.level !== 1 || e.openType !== '无条件开放');
    expect(restricted.length).toBeGreaterThanOrEqual(2);
    expect(restricted.length).toBeLessThanOrEqual(3);
  });

  it('keeps the GBK statistics export byte for byte as delivered', () => {
    const bytes = readFileSync(join(DATA, GBK_FILE));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(GBK_SHA256);
    if (existsSync(REALDATA_GBK)) expect(bytes.equals(readFileSync(REALDATA_GBK))).toBe(true);
  });

  it('keeps the copied datasets under 6 MB', () => {
    const size = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce(
        (sum, d) =>
          sum + (d.isDirectory() ? size(join(dir, d.name)) : statSync(join(dir, d.name)).size),
        0,
      );
    expect(size(DATASETS_DIR)).toBeLessThan(6 * 1024 * 1024);
  });
});
