/**
 * The catalogs the interoperability benchmark works on, from real records only: the five
 * Chinese portal exports in /work/shared/realdata read and mapped by the importer, cycled with
 * fresh codes until the catalog has the size of the 2018 national catalog (15,052 entries).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCnpds } from '../functions/src/core/interop/read-cnpds.ts';
import { mapEntries } from '../functions/src/core/interop/map-entries.ts';
import type { Agency } from '../functions/src/core/schemas/agency.ts';
import type { CatalogEntry } from '../functions/src/core/schemas/catalog-entry.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../functions/src/core/schemas/catalog-snapshot.ts';
import { computeZone } from '../functions/src/core/catalog/zone.ts';

export const CNPDS = '/work/shared/realdata/cn-gov-open-data-catalog-metadata-cnpds';
export const PORTAL_FILES = [
  'shanghai_shanghai.json',
  'zhejiang_zhejiang.json',
  'zhejiang_zhoushan.json',
  'guizhou_guiyang.json',
  'anhui_anhui.json',
];

/** Every distinct record of the five portal exports, mapped onto catalog entries. */
export async function realCatalog(): Promise<{ agencies: Agency[]; entries: CatalogEntry[] }> {
  let agencies: Agency[] = [];
  const entries: CatalogEntry[] = [];
  const used = new Set<string>();
  for (const name of PORTAL_FILES) {
    const file = join(CNPDS, name);
    const read = readCnpds(await readFile(file, 'utf8'), file);
    const mapped = mapEntries(read, {
      from: 'cnpds',
      file,
      agencies,
      identities: new Map(),
      usedCodes: used,
    });
    agencies = mapped.agencies;
    for (const entry of mapped.entries) {
      used.add(entry.code);
      entries.push(entry);
    }
  }
  return { agencies, entries };
}

/**
 * A public snapshot of `size` entries: the real entries, then the same records again under
 * fresh 顺序码 in their own 分类码 (and a fresh origin id), until there are enough.
 */
export async function cycledSnapshot(size: number): Promise<CatalogSnapshot> {
  const { agencies, entries } = await realCatalog();
  const nextSequence = new Map<string, number>();
  for (const { code } of entries) {
    const [prefix, sequence] = code.split('/') as [string, string];
    nextSequence.set(prefix, Math.max(nextSequence.get(prefix) ?? 0, Number(sequence)));
  }
  const out: SnapshotEntry[] = [];
  for (let i = 0; out.length < size; i++) {
    const entry = entries[i % entries.length]!;
    const round = Math.floor(i / entries.length);
    let code = entry.code;
    if (round > 0) {
      const prefix = code.split('/')[0]!;
      const sequence = nextSequence.get(prefix)! + 1;
      nextSequence.set(prefix, sequence);
      code = `${prefix}/${String(sequence).padStart(6, '0')}`;
    }
    const { status: _status, data: _data, ...metadata } = entry;
    out.push({
      ...metadata,
      code,
      ...(entry.origin && {
        origin: {
          ...entry.origin,
          id: round > 0 ? `${entry.origin.id}#${round}` : entry.origin.id,
        },
      }),
      status: 'published',
      zone: computeZone(entry),
      hasData: false,
      updatedAt: '2026-11-28T00:00:00.000Z',
      versions: [],
    });
  }
  return {
    kind: 'public',
    generatedAt: '2026-11-28T00:00:00.000Z',
    counts: { entries: out.length, agencies: agencies.length, withData: 0, linkRate: 0 },
    agencies,
    entries: out,
  };
}
