import { DatarunError, formatProblem } from '../../core/errors.ts';
import {
  diffHarvest,
  harvestCounts,
  harvestIdentities,
} from '../../core/federation/diff-harvest.ts';
import type { HarvestDiff } from '../../core/federation/diff-harvest.ts';
import type {
  FederatedCatalog,
  FederationSource,
  HarvestReport,
} from '../../core/federation/federated-catalog.ts';
import { SYSTEM_ACTOR } from '../../core/identity/identity.ts';
import { mapEntries } from '../../core/interop/map-entries.ts';
import type { AuditLog } from '../../core/ports/audit-log.ts';
import type { FederationStore } from '../../core/ports/federation-store.ts';
import { fetchSource } from './fetch-source.ts';
import type { FetchOptions } from './fetch-source.ts';

/** What a harvest needs: where harvested catalogs and run reports go, the audit log, a clock. */
export type HarvestDeps = {
  federation: FederationStore;
  audit: AuditLog;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default the global fetch */
  fetch?: typeof fetch;
  /** Timeouts, size limit and CKAN page size; the defaults suit a scheduled harvest. */
  fetchOptions?: Omit<FetchOptions, 'fetch'>;
};

/** The run of each source in progress in this process, so runs of one source queue up. */
const running = new Map<string, Promise<HarvestReport>>();

/**
 * Harvests one source now: fetch, read, map, compare with the catalog kept from earlier runs,
 * and store the catalog only when something changed. Every run stores its report; a run that
 * changed something or failed is also audited. A failed run (source unreachable, unreadable)
 * reports the error and changes nothing else. Runs of the same source never overlap here.
 */
export function harvestSource(deps: HarvestDeps, source: FederationSource): Promise<HarvestReport> {
  const before = running.get(source.id) ?? Promise.resolve();
  const run = before.then(
    () => harvestOnce(deps, source),
    () => harvestOnce(deps, source),
  );
  running.set(source.id, run);
  const release = () => {
    if (running.get(source.id) === run) running.delete(source.id);
  };
  run.then(release, release);
  return run;
}

async function harvestOnce(deps: HarvestDeps, source: FederationSource): Promise<HarvestReport> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const previous = await deps.federation.read(source.id);
  let diff: HarvestDiff | undefined;
  let error = '';
  try {
    diff = await harvest(deps, source, previous, startedAt, now);
  } catch (thrown) {
    if (thrown instanceof DatarunError) error = thrown.problems.map(formatProblem).join('; ');
    else error = thrown instanceof Error ? thrown.message : String(thrown);
    error ||= 'the harvest failed without saying why';
  }
  const report: HarvestReport = diff?.report ?? {
    source: source.id,
    startedAt,
    finishedAt: now().toISOString(),
    records: 0,
    added: [],
    changed: [],
    removed: [],
    unchanged: 0,
    skipped: [],
    error,
  };
  if (diff?.changed) await deps.federation.write(diff.catalog);
  await deps.federation.writeRun(report);
  if (diff?.changed || report.error) await audit(deps.audit, source, report);
  return report;
}

async function harvest(
  deps: HarvestDeps,
  source: FederationSource,
  previous: FederatedCatalog | undefined,
  startedAt: string,
  now: () => Date,
): Promise<HarvestDiff> {
  const fetched = await fetchSource(source, {
    ...deps.fetchOptions,
    ...(deps.fetch && { fetch: deps.fetch }),
  });
  const platform = platformOf(source, fetched.url, fetched.read.platform);
  const read = { ...fetched.read, platform };
  const mapped = mapEntries(read, {
    from: fetched.from,
    file: fetched.url,
    agencies: [],
    ...harvestIdentities(previous),
  });
  return diffHarvest(
    previous,
    {
      source,
      platform,
      agencies: mapped.agencies,
      entries: mapped.entries,
      skipped: mapped.report.skipped,
      records: mapped.report.records,
    },
    { startedAt, finishedAt: now().toISOString() },
  );
}

/**
 * The platform harvested entries come from. Another datarun instance is known by the origin it
 * was harvested from, whatever its export calls itself; other sources by the platform their
 * documents name, or the host they were fetched from when a reader could only fall back on
 * the file name.
 */
function platformOf(source: FederationSource, url: string, named: string): string {
  if (source.kind === 'datarun') return new URL(source.url).origin;
  const fileName = url.split(/[/\\]/).pop();
  return named && named !== fileName ? named : new URL(url).host;
}

function audit(log: AuditLog, source: FederationSource, report: HarvestReport) {
  return log.append({
    at: report.finishedAt,
    actor: SYSTEM_ACTOR,
    action: 'federation.harvest',
    subject: `federation-source:${source.id}`,
    outcome: report.error ? 'failed' : 'ok',
    ...(report.error && { reason: report.error.slice(0, 2000) }),
    details: {
      kind: source.kind,
      url: source.url,
      ...harvestCounts(report),
    },
  });
}
