import { createHash } from 'node:crypto';
import type { Stores } from '../../adapters/index.ts';
import type { DatasetVersion } from '../../core/schemas/dataset-version.ts';
import type { CatalogSnapshot } from '../../core/schemas/catalog-snapshot.ts';
import { buildSnapshot } from '../../core/publish/snapshot.ts';
import { PUBLIC_SNAPSHOT_KEY, SHARE_SNAPSHOT_KEY } from '../../core/publish/object-keys.ts';
import { catalogExports } from '../../core/exports/catalog-exports.ts';
import { publicSiteFromEnv } from '../../config.ts';
import type { PublicSite } from '../../config.ts';
import type { PublishListener } from './events.ts';
import { publishCorrectionsLog } from '../disputes/publish-corrections-log.ts';
import { publishQualityReport } from '../quality/publish-quality-report.ts';

/**
 * Regenerates the public catalog snapshot (open bucket) and the share catalog snapshot
 * (shared bucket) from what storage holds now, and the public catalog's exports beside the
 * public snapshot; then the public corrections log and the quality figures, which read them.
 * `site` is the public origin and contact the exports name; by default what the configuration
 * reads (`DATARUN_PUBLIC_URL`, `DATARUN_CONTACT_EMAIL`).
 */
export async function writeSnapshots(
  stores: Stores,
  emit: PublishListener = () => {},
  site: PublicSite = publicSiteFromEnv(process.env),
): Promise<void> {
  const [records, versions, agencies] = await Promise.all([
    stores.catalog.list(),
    stores.versions.listAll(),
    stores.agencies.list(),
  ]);
  const byCode = new Map<string, DatasetVersion[]>();
  for (const version of versions)
    byCode.set(version.code, [...(byCode.get(version.code) ?? []), version]);
  for (const [kind, zone, key] of [
    ['public', 'open', PUBLIC_SNAPSHOT_KEY],
    ['share', 'shared', SHARE_SNAPSHOT_KEY],
  ] as const) {
    const snapshot = buildSnapshot(kind, records, byCode, agencies);
    const text = JSON.stringify(snapshot);
    // Buckets are versioned: rewriting the same bytes would only pile up object versions.
    if ((await stores.objects.getText(zone, key)) !== text)
      await stores.objects.putText(zone, key, text, 'application/json');
    emit({ type: 'snapshot', kind, entries: snapshot.entries.length, key: `${zone}:${key}` });
    if (kind === 'public') await writeExports(stores, snapshot, site, emit);
  }
  // Both read the snapshots just written: which entries are public, who provides what.
  await publishCorrectionsLog(stores, new Date());
  await publishQualityReport(stores);
}

/**
 * Writes each export of the public catalog whose bytes changed. Their SHA-256 travels as
 * object metadata, so the check reads a head, not a file that may be tens of megabytes.
 */
async function writeExports(
  stores: Stores,
  snapshot: CatalogSnapshot,
  site: PublicSite,
  emit: PublishListener,
): Promise<void> {
  const files = await catalogExports(snapshot, site.publicUrl, {
    contactEmail: site.contactEmail,
  });
  for (const file of files) {
    const sha256 = createHash('sha256').update(file.text).digest('hex');
    const written = (await stores.objects.head('open', file.key))?.sha256 !== sha256;
    if (written)
      await stores.objects.putText('open', file.key, file.text, file.contentType, { sha256 });
    emit({
      type: 'export',
      key: `open:${file.key}`,
      bytes: Buffer.byteLength(file.text),
      written,
    });
  }
}
