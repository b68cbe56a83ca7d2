import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FolderCatalogSource } from '../../functions/src/adapters/fs/folder-catalog-source.ts';
import { loadCatalog } from '../../functions/src/services/load-catalog.ts';
import { FederatedCatalogSchema } from '../../functions/src/core/federation/federated-catalog.ts';
import type { FederatedCatalog } from '../../functions/src/core/federation/federated-catalog.ts';
import type { Origin } from '../../functions/src/core/schemas/catalog-entry.ts';
import { DEMO_DATA } from '../support/catalog-folder.ts';

/** The demo catalog's entries copied from the 舟山 portal (data.zhoushan.gov.cn). */
export const ZHOUSHAN_CODES = ['211/000003', '212/000001', '212/000002'] as const;

/** The source the fixture's catalog was harvested from: the city instance of the demo. */
export const ZHOUSHAN_SOURCE = {
  id: 'zhoushan',
  name: { zh: '舟山市公共数据开放平台', en: 'Zhoushan Public Data Portal' },
  kind: 'dcat',
  url: 'http://127.0.0.1:4322/catalog/dcat.jsonld',
  everyMinutes: 60,
} as const;

/**
 * The portal record an entry file names in its first comment line
 * (`… http://data.zhoushan.gov.cn/#/OpenData/DataSet/Detail?id=4793.`), as an origin.
 */
async function originOf(code: string): Promise<Origin> {
  const text = await readFile(join(DEMO_DATA, 'entries', `${code.replace('/', '-')}.yaml`), 'utf8');
  const url = /(https?:\/\/data\.zhoushan\.gov\.cn\/\S+?)\.?\s/.exec(text)?.[1];
  const id = url && /[?&]id=(\d+)/.exec(url)?.[1];
  if (!url || !id) throw new Error(`entries/${code} names no 舟山 portal record`);
  return { platform: 'data.zhoushan.gov.cn', id, url };
}

/**
 * A harvested catalog made of the demo catalog's real 舟山 entries, each with the portal record it
 * came from as its origin: the first one the source has since removed, the last one harvested
 * without a link to its original page. Validated, so it is what the harvester stores.
 */
export async function zhoushanCatalog(): Promise<FederatedCatalog> {
  const { agencies, entries } = await loadCatalog(new FolderCatalogSource(DEMO_DATA));
  const chosen = ZHOUSHAN_CODES.map((code) => {
    const found = entries.find(({ entry }) => entry.code === code);
    if (!found) throw new Error(`the demo catalog has no entry ${code}`);
    return found.entry;
  });
  const federated = await Promise.all(
    chosen.map(async (entry, i) => {
      const { url, ...withoutUrl } = await originOf(entry.code);
      const last = i === chosen.length - 1;
      return {
        entry: { ...entry, origin: last ? withoutUrl : { ...withoutUrl, url } },
        sha256: String(i).repeat(64),
        firstHarvestedAt: '2026-11-20T02:00:00.000Z',
        lastChangedAt: `2026-11-2${i + 1}T02:00:00.000Z`,
        ...(i === 0 && { removedAt: '2026-11-27T02:00:00.000Z' }),
      };
    }),
  );
  return FederatedCatalogSchema.parse({
    source: ZHOUSHAN_SOURCE,
    harvestedAt: '2026-11-27T02:00:00.000Z',
    platform: '127.0.0.1:4322',
    agencies: agencies.filter((agency) => chosen.some((entry) => entry.provider === agency.code)),
    entries: federated,
  });
}
