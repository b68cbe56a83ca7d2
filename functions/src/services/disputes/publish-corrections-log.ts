import { correctionsLog } from '../../core/disputes/corrections-log.ts';
import type { Dispute } from '../../core/disputes/dispute.ts';
import type { CorrectionsLog } from '../../core/disputes/dispute-views.ts';
import type { DisputeRepository } from '../../core/ports/dispute-repository.ts';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import { PUBLIC_SNAPSHOT_KEY, QUALITY_KEYS } from '../../core/publish/object-keys.ts';
import type { CatalogSnapshot } from '../../core/schemas/catalog-snapshot.ts';

export type CorrectionsLogDeps = {
  objects: Pick<ObjectStore, 'getText' | 'putText'>;
  disputes: Pick<DisputeRepository, 'all'>;
};

/**
 * Writes the public corrections log (`catalog/corrections.json`, open bucket) from every
 * dispute and the public snapshot as storage holds them now; run after the snapshots. It is
 * left alone when only its time would change. `pending` are disputes as they are about to be
 * stored (a correction is published before its dispute records it), and win over stored ones.
 */
export async function publishCorrectionsLog(
  deps: CorrectionsLogDeps,
  now: Date,
  pending: readonly Dispute[] = [],
): Promise<CorrectionsLog> {
  const [stored, snapshotText, previousText] = await Promise.all([
    deps.disputes.all(),
    deps.objects.getText('open', PUBLIC_SNAPSHOT_KEY),
    deps.objects.getText('open', QUALITY_KEYS.correctionsJson),
  ]);
  const replaced = new Set(pending.map((dispute) => dispute.id));
  const disputes = [...stored.filter((dispute) => !replaced.has(dispute.id)), ...pending];
  const snapshot = snapshotText ? (JSON.parse(snapshotText) as CatalogSnapshot) : undefined;
  const publicCodes = new Set(snapshot?.entries.map((entry) => entry.code) ?? []);
  const log = correctionsLog(disputes, publicCodes, now.toISOString());
  const previous = previousText ? (JSON.parse(previousText) as CorrectionsLog) : undefined;
  // Buckets are versioned: an unchanged log would only pile up object versions.
  if (previous && JSON.stringify(previous.entries) === JSON.stringify(log.entries)) return previous;
  await deps.objects.putText(
    'open',
    QUALITY_KEYS.correctionsJson,
    JSON.stringify(log),
    'application/json',
  );
  return log;
}
