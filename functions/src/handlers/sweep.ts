import { configFromEnv } from '../config.ts';
import { createDisputeDeps, createSharingDeps, createStores } from '../adapters/index.ts';
import { SnapshotCache, shareCatalogReader } from '../api/snapshot-cache.ts';
import { sweepDeadlines } from '../services/sharing/sweep-deadlines.ts';
import { sweepDisputes } from '../services/disputes/sweep-disputes.ts';

const stores = createStores(configFromEnv(process.env));
const sharing = {
  ...createSharingDeps(stores),
  shareCatalog: shareCatalogReader(new SnapshotCache(stores.objects, {}, 'share')),
};
const disputes = createDisputeDeps(stores);

/**
 * Lambda entry point of the deadline sweeper, run by an EventBridge schedule: marks and
 * escalates overdue share-request steps, ends expired grants, closes lapsed returns; marks and
 * escalates disputes not verified in time.
 */
export async function handler() {
  const report = await sweepDeadlines(sharing);
  console.log(JSON.stringify({ level: 'info', message: 'share deadlines swept', ...report }));
  const disputed = await sweepDisputes(disputes);
  console.log(JSON.stringify({ level: 'info', message: 'dispute deadlines swept', ...disputed }));
  return { ...report, disputes: disputed };
}
