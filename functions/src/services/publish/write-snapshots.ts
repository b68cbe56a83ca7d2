import type { Stores } from '../../adapters/index.ts';
import type { DatasetVersion } from '../../core/schemas/dataset-version.ts';
import { buildSnapshot } from '../../core/publish/snapshot.ts';
import { PUBLIC_SNAPSHOT_KEY, SHARE_SNAPSHOT_KEY } from '../../core/publish/object-keys.ts';
import type { PublishListener } from './events.ts';

/**
 * Regenerates the public catalog snapshot (open bucket) and the share catalog snapshot
 * (shared bucket) from what storage holds now.
 */
export async function writeSnapshots(
  stores: Stores,
  emit: PublishListener = () => {},
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
  }
}
