import { createStores } from '../../adapters/index.ts';
import type { StorageSession } from '../storage-session.ts';

/** Lists the catalog as storage holds it: one line per entry. */
export async function runCatalogList(session: StorageSession): Promise<void> {
  const stores = createStores(session.config, session.clients);
  const [records, versions] = await Promise.all([stores.catalog.list(), stores.versions.listAll()]);
  if (records.length === 0) {
    console.log('The catalog is empty. Publish it with: npx datarun publish');
    return;
  }
  const rows = new Map(versions.map((v) => [`${v.code}@${v.version}`, v.rowCount]));
  for (const record of records) {
    const version = record.currentVersion;
    const data =
      version !== undefined
        ? `v${version} ${record.zone}/ ${rows.get(`${record.code}@${version}`)?.toLocaleString('en')} rows`
        : 'no data';
    console.log(
      `${record.code}  ${record.status.padEnd(9)}  ${data.padEnd(28)}  ${record.title.zh}`,
    );
  }
  const linked = records.filter((r) => r.status === 'published' && r.hasData).length;
  const published = records.filter((r) => r.status === 'published').length;
  console.log(
    `${records.length} entries, ${published} published, 挂接率 ${((100 * linked) / Math.max(published, 1)).toFixed(1)}%`,
  );
}
