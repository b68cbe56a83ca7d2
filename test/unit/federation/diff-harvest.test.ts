import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  diffHarvest,
  harvestIdentities,
} from '../../../functions/src/core/federation/diff-harvest.ts';
import type { HarvestedCatalog } from '../../../functions/src/core/federation/diff-harvest.ts';
import {
  FederatedCatalogSchema,
  FederationSourceSchema,
  HarvestReportSchema,
} from '../../../functions/src/core/federation/federated-catalog.ts';
import type { FederatedCatalog } from '../../../functions/src/core/federation/federated-catalog.ts';
import { CatalogEntrySchema } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { CatalogEntry } from '../../../functions/src/core/schemas/catalog-entry.ts';
import { agency, openEntry } from '../../support/entries.ts';

const SOURCE = FederationSourceSchema.parse({
  id: 'zhoushan',
  name: { zh: '舟山市公共数据开放平台' },
  kind: 'datarun',
  url: 'http://localhost:4322',
});
const PLATFORM = 'http://localhost:4322';

const T1 = { startedAt: '2026-11-28T10:00:00.000Z', finishedAt: '2026-11-28T10:00:02.000Z' };
const T2 = { startedAt: '2026-11-28T11:00:00.000Z', finishedAt: '2026-11-28T11:00:01.000Z' };
const T3 = { startedAt: '2026-11-28T12:00:00.000Z', finishedAt: '2026-11-28T12:00:01.000Z' };

/** A harvested entry as mapEntries gives it: valid, approved, with its origin. */
function harvested(code: string, overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  return CatalogEntrySchema.parse(
    openEntry({
      code,
      origin: { platform: PLATFORM, id: code },
      ...overrides,
    }),
  );
}

function mapped(entries: CatalogEntry[], more: Partial<HarvestedCatalog> = {}): HarvestedCatalog {
  return {
    source: SOURCE,
    platform: PLATFORM,
    agencies: [agency()],
    entries,
    skipped: [],
    records: entries.length,
    ...more,
  };
}

/** The catalog as the store gives it back: written as JSON, read and parsed. */
const stored = (catalog: FederatedCatalog): FederatedCatalog =>
  FederatedCatalogSchema.parse(JSON.parse(JSON.stringify(catalog)));

describe('diffHarvest', () => {
  it('adds every entry of a first harvest with its provenance and harvest time', () => {
    const { catalog, report, changed } = diffHarvest(
      undefined,
      mapped([harvested('101/000002'), harvested('101/000001')]),
      T1,
    );
    expect(changed).toBe(true);
    expect(report).toMatchObject({
      source: 'zhoushan',
      added: ['101/000001', '101/000002'],
      changed: [],
      removed: [],
      unchanged: 0,
      skipped: [],
      records: 2,
    });
    expect(HarvestReportSchema.parse(report)).toEqual(report);
    expect(FederatedCatalogSchema.parse(catalog)).toBeTruthy();
    expect(catalog.harvestedAt).toBe(T1.startedAt);
    expect(catalog.entries.map((e) => e.entry.code)).toEqual(['101/000001', '101/000002']);
    for (const kept of catalog.entries) {
      expect(kept).toMatchObject({ firstHarvestedAt: T1.startedAt, lastChangedAt: T1.startedAt });
      expect(kept.removedAt).toBeUndefined();
      expect(kept.entry.origin).toEqual({ platform: PLATFORM, id: kept.entry.code });
    }
  });

  it('writes a catalog even for a first harvest that found nothing', () => {
    const { catalog, changed, report } = diffHarvest(undefined, mapped([]), T1);
    expect(changed).toBe(true);
    expect(catalog.entries).toEqual([]);
    expect(report.added).toEqual([]);
  });

  it('changes nothing, harvest time included, when the source gives the same entries again', () => {
    const input = mapped([harvested('101/000001'), harvested('101/000002')]);
    const first = diffHarvest(undefined, input, T1);
    const previous = stored(first.catalog);
    const second = diffHarvest(previous, input, T2);
    expect(second.changed).toBe(false);
    expect(second.report).toMatchObject({ added: [], changed: [], removed: [], unchanged: 2 });
    expect(second.report.startedAt).toBe(T2.startedAt);
    expect(JSON.stringify(second.catalog)).toBe(JSON.stringify(previous));
  });

  it('reports an entry whose metadata changed, keeping when it was first harvested', () => {
    const first = diffHarvest(undefined, mapped([harvested('101/000001')]), T1);
    const retitled = harvested('101/000001', { title: { zh: '行政区划代码（2024年）' } });
    const second = diffHarvest(stored(first.catalog), mapped([retitled]), T2);
    expect(second.changed).toBe(true);
    expect(second.report).toMatchObject({ added: [], changed: ['101/000001'], unchanged: 0 });
    expect(second.catalog.harvestedAt).toBe(T2.startedAt);
    expect(second.catalog.entries[0]).toMatchObject({
      entry: { title: { zh: '行政区划代码（2024年）' } },
      firstHarvestedAt: T1.startedAt,
      lastChangedAt: T2.startedAt,
    });
  });

  it('marks an entry the source no longer lists as removed once, and keeps it', () => {
    const first = diffHarvest(
      undefined,
      mapped([harvested('101/000001'), harvested('101/000002')]),
      T1,
    );
    const second = diffHarvest(stored(first.catalog), mapped([harvested('101/000001')]), T2);
    expect(second.report).toMatchObject({ removed: ['101/000002'], unchanged: 1 });
    expect(second.catalog.entries.find((e) => e.entry.code === '101/000002')).toMatchObject({
      removedAt: T2.startedAt,
      lastChangedAt: T1.startedAt,
    });
    const third = diffHarvest(stored(second.catalog), mapped([harvested('101/000001')]), T3);
    expect(third.changed).toBe(false);
    expect(third.report.removed).toEqual([]);
    expect(third.catalog.entries.find((e) => e.entry.code === '101/000002')?.removedAt).toBe(
      T2.startedAt,
    );
  });

  it('counts an entry that comes back after being removed as changed, and clears its mark', () => {
    const both = mapped([harvested('101/000001'), harvested('101/000002')]);
    const first = diffHarvest(undefined, both, T1);
    const second = diffHarvest(stored(first.catalog), mapped([harvested('101/000001')]), T2);
    const third = diffHarvest(stored(second.catalog), both, T3);
    expect(third.report).toMatchObject({ added: [], changed: ['101/000002'], removed: [] });
    const back = third.catalog.entries.find((e) => e.entry.code === '101/000002');
    expect(back?.removedAt).toBeUndefined();
    expect(back).toMatchObject({ firstHarvestedAt: T1.startedAt, lastChangedAt: T3.startedAt });
  });

  it('skips a later entry that repeats a code of the same run, with a reason naming both records', () => {
    const { catalog, report } = diffHarvest(
      undefined,
      mapped([
        harvested('101/000001', { origin: { platform: PLATFORM, id: 'a' } }),
        harvested('101/000001', {
          origin: { platform: PLATFORM, id: 'b' },
          title: { zh: '另一条' },
        }),
      ]),
      T1,
    );
    expect(catalog.entries).toHaveLength(1);
    expect(catalog.entries[0]!.entry.origin?.id).toBe('a');
    expect(report.added).toEqual(['101/000001']);
    expect(report.skipped).toEqual([
      { index: 1, id: 'b', reason: expect.stringMatching(/101\/000001.*\(a\)/) },
    ]);
  });

  it('passes on what the readers skipped, with their positions', () => {
    const { report } = diffHarvest(
      undefined,
      mapped([harvested('101/000001')], {
        skipped: [{ index: 3, line: 40, column: 5, reason: 'no title' }],
        records: 5,
      }),
      T1,
    );
    expect(report.skipped).toEqual([{ index: 3, line: 40, column: 5, reason: 'no title' }]);
    expect(report.records).toBe(5);
  });

  it('rewrites the catalog when only the source settings or its agencies changed', () => {
    const input = mapped([harvested('101/000001')]);
    const previous = stored(diffHarvest(undefined, input, T1).catalog);
    const renamed = diffHarvest(
      previous,
      { ...input, agencies: [agency({ name: { zh: '国家统计局（新）' } })] },
      T2,
    );
    expect(renamed.changed).toBe(true);
    expect(renamed.report).toMatchObject({ added: [], changed: [], removed: [] });
    expect(renamed.catalog.harvestedAt).toBe(T2.startedAt);
    const slower = diffHarvest(
      previous,
      { ...input, source: { ...SOURCE, everyMinutes: 120 } },
      T2,
    );
    expect(slower.changed).toBe(true);
    expect(slower.catalog.source.everyMinutes).toBe(120);
  });

  it('keeps the agency of a removed entry, so its provider can still be named', () => {
    const first = diffHarvest(
      undefined,
      mapped([harvested('101/000001'), harvested('101/000002', { provider: 'zj-survey' })], {
        agencies: [agency(), agency({ code: 'zj-survey', name: { zh: '国家统计局浙江调查总队' } })],
      }),
      T1,
    );
    const second = diffHarvest(stored(first.catalog), mapped([harvested('101/000001')]), T2);
    expect(second.catalog.agencies.map((a) => a.code)).toEqual(['nbs', 'zj-survey']);
  });

  it('gives a second run over the same input no additions, changes or removals (property)', () => {
    const code = fc
      .tuple(fc.constantFrom('101', '203', '3A'), fc.integer({ min: 1, max: 30 }))
      .map(([prefix, n]) => `${prefix}/${String(n).padStart(6, '0')}`);
    const entry = fc
      .record({
        code,
        title: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim().length > 0),
        keywords: fc.array(fc.constantFrom('人口', '交通', '教育'), { maxLength: 3 }),
        id: fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim().length > 0),
      })
      .map(({ code, title, keywords, id }) =>
        harvested(code, {
          title: { zh: title.trim() },
          keywords,
          origin: { platform: PLATFORM, id: id.trim() },
        }),
      );
    fc.assert(
      fc.property(
        fc.option(fc.array(entry, { maxLength: 12 }), { nil: undefined }),
        fc.array(entry, { maxLength: 12 }),
        (before, entries) => {
          const previous =
            before === undefined
              ? undefined
              : stored(diffHarvest(undefined, mapped(before), T1).catalog);
          const first = diffHarvest(previous, mapped(entries), T2);
          const kept = stored(first.catalog);
          const second = diffHarvest(kept, mapped(entries), T3);
          expect(second.changed).toBe(false);
          expect(second.report).toMatchObject({ added: [], changed: [], removed: [] });
          expect(second.report.unchanged).toBe(new Set(entries.map((e) => e.code)).size);
          expect(JSON.stringify(second.catalog)).toBe(JSON.stringify(kept));
        },
      ),
    );
  });
});

describe('harvestIdentities', () => {
  it('maps each origin id to its code, removed entries included', () => {
    const first = diffHarvest(
      undefined,
      mapped([
        harvested('101/000001', { origin: { platform: PLATFORM, id: 'x-1' } }),
        harvested('101/000002', { origin: { platform: PLATFORM, id: 'x-2' } }),
      ]),
      T1,
    );
    const second = diffHarvest(
      stored(first.catalog),
      mapped([harvested('101/000001', { origin: { platform: PLATFORM, id: 'x-1' } })]),
      T2,
    );
    const { identities, usedCodes } = harvestIdentities(second.catalog);
    expect([...identities]).toEqual([
      ['x-1', '101/000001'],
      ['x-2', '101/000002'],
    ]);
    expect([...usedCodes]).toEqual([]);
  });

  it('counts the codes of entries without an origin as used by something else', () => {
    const { catalog } = diffHarvest(
      undefined,
      mapped([harvested('101/000001'), harvested('101/000002', { origin: undefined })]),
      T1,
    );
    const { identities, usedCodes } = harvestIdentities(catalog);
    expect([...identities.values()]).toEqual(['101/000001']);
    expect([...usedCodes]).toEqual(['101/000002']);
  });

  it('is empty before the first harvest', () => {
    const { identities, usedCodes } = harvestIdentities(undefined);
    expect(identities.size).toBe(0);
    expect(usedCodes.size).toBe(0);
  });
});
