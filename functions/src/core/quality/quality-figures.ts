import { shanghaiDay } from '../calendar/working-calendar.ts';
import type { Demand } from '../demands/demand.ts';
import { demandFigures } from '../demands/demand-figures.ts';
import type { ProviderDemandFigures } from '../demands/demand-figures.ts';
import { SYSTEM_LEVELS, SYSTEM_NETWORKS } from '../inventory/information-system.ts';
import type { InformationSystem } from '../inventory/information-system.ts';
import { deadEnds, inventoryFigures, inventoryReport } from '../inventory/inventory-figures.ts';
import type { LocalizedText } from '../schemas/common.ts';
import type { Dispute, DisputeState } from '../disputes/dispute.ts';
import type { CatalogSnapshot, SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import { onTimeRates } from '../sharing/on-time-rates.ts';
import type { ProviderOnTime } from '../sharing/on-time-rates.ts';
import type { ShareRequest } from '../sharing/share-request.ts';
import { completeness } from './completeness.ts';
import { freshnessOf } from './freshness.ts';
import { QUALITY_DEFINITIONS } from './quality-definitions.ts';
import type {
  DemandQuality,
  DemandQualityFigures,
  Freshness,
  FreshnessLine,
  InventoryQuality,
  InventoryQualityFigures,
  QualityFigures,
  QualityReport,
  SourceConflict,
} from './quality-report.ts';

/** Downloads and API calls of one dataset since counting began. */
export type UsageTotals = { calls: number; downloads: number };

/** Everything the quality report is computed from. */
export type QualityInput = {
  /** The share catalog: every published entry, with its data wherever it is. */
  shareSnapshot: CatalogSnapshot;
  /** Codes of the entries in the public catalog; only they are listed as overdue or due soon. */
  publicCodes: ReadonlySet<string>;
  disputes: readonly Dispute[];
  shareRequests: readonly ShareRequest[];
  /** Usage per entry code; entries without any count none. */
  usage: ReadonlyMap<string, UsageTotals>;
  sourceConflicts: readonly SourceConflict[];
  /** Every demand (需求清单), in any state. */
  demands: readonly Demand[];
  /** The whole information-system inventory (信息系统清单). */
  systems: readonly InformationSystem[];
  nowMs: number;
};

const DAY_MS = 86_400_000;
const OPEN_STATES: readonly DisputeState[] = ['reported', 'verifying'];
const RESOLVED_STATES: readonly DisputeState[] = ['corrected', 'rejected'];

type Judged = { entry: SnapshotEntry; freshness: Freshness };

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** The middle value, or the mean of the two middle values; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Calendar days (fractional) from a dispute's report to the step that resolved it. */
export function resolutionDays(dispute: Dispute): number | undefined {
  if (!RESOLVED_STATES.includes(dispute.state)) return undefined;
  const step = dispute.history.find((s) => s.to === dispute.state && s.from !== s.to);
  if (!step) return undefined;
  return (Date.parse(step.at) - Date.parse(dispute.createdAt)) / DAY_MS;
}

function figures(
  judged: readonly Judged[],
  disputes: readonly Dispute[],
  decisions: Pick<ProviderOnTime, 'decided' | 'onTime'>,
  usage: ReadonlyMap<string, UsageTotals>,
  nowMs: number,
): QualityFigures {
  const entries = judged.length;
  const withData = judged.filter(({ entry }) => entry.hasData).length;
  const scheduled = judged.filter(({ freshness }) => freshness.status !== 'irregular').length;
  const overdue = judged.filter(({ freshness }) => freshness.status === 'overdue').length;
  const onSchedule = scheduled - overdue;
  const open = disputes.filter((d) => OPEN_STATES.includes(d.state));
  const resolved = disputes.filter((d) => RESOLVED_STATES.includes(d.state));
  const used = judged.map(({ entry }) => usage.get(entry.code) ?? { calls: 0, downloads: 0 });
  return {
    entries,
    withData,
    linkRate: ratio(withData, entries),
    scheduled,
    onSchedule,
    overdue,
    onTimeUpdateRate: ratio(onSchedule, scheduled),
    completeness: ratio(
      judged.reduce((sum, { entry }) => sum + completeness(entry), 0),
      entries,
    ),
    openDisputes: open.length,
    overdueDisputes: open.filter((d) => d.due !== undefined && Date.parse(d.due.at) < nowMs).length,
    resolvedDisputes: resolved.length,
    correctedDisputes: resolved.filter((d) => d.state === 'corrected').length,
    medianResolutionDays: median(resolved.map(resolutionDays).filter((days) => days !== undefined)),
    shareDecisions: decisions.decided,
    shareDecisionsOnTime: decisions.onTime,
    shareOnTimeRate: ratio(decisions.onTime, decisions.decided),
    downloads: used.reduce((sum, u) => sum + u.downloads, 0),
    apiCalls: used.reduce((sum, u) => sum + u.calls, 0),
  };
}

function line({ entry, freshness }: Judged): FreshnessLine {
  return {
    code: entry.code,
    title: entry.title,
    provider: entry.provider,
    updateCycle: entry.updateCycle,
    freshness,
  };
}

const byCode = (a: Judged, b: Judged) => (a.entry.code < b.entry.code ? -1 : 1);

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Names = ReadonlyMap<string, LocalizedText>;

function demandRow(
  recorded: number,
  items: Omit<ProviderDemandFigures, 'provider'> | undefined,
): DemandQualityFigures {
  return {
    demandsRecorded: recorded,
    itemsAccepted: items?.accepted ?? 0,
    itemsFulfilled: items?.fulfilled ?? 0,
    itemsFulfilledOnTime: items?.fulfilledOnTime ?? 0,
    itemsOverdue: items?.overdue ?? 0,
    fulfilmentOnTimeRate: items?.onTimeRate ?? null,
  };
}

/**
 * Demand figures per agency (every requester and every provider with an accepted item, by
 * code) and overall. The responsibility-item counts are demandFigures' own.
 */
export function demandQuality(
  demands: readonly Demand[],
  day: string,
  names: Names,
): DemandQuality {
  const items = demandFigures(demands, day);
  const recorded = new Map<string, number>();
  for (const demand of demands)
    recorded.set(demand.requester.agency, (recorded.get(demand.requester.agency) ?? 0) + 1);
  const byProvider = new Map(items.map((figures) => [figures.provider, figures]));
  const agencies = [...new Set([...recorded.keys(), ...byProvider.keys()])].sort(byText);
  const sum = (key: 'accepted' | 'fulfilled' | 'fulfilledOnTime' | 'overdue') =>
    items.reduce((total, figures) => total + figures[key], 0);
  const fulfilled = sum('fulfilled');
  return {
    overall: {
      ...demandRow(demands.length, {
        accepted: sum('accepted'),
        fulfilled,
        fulfilledOnTime: sum('fulfilledOnTime'),
        overdue: sum('overdue'),
        onTimeRate: ratio(sum('fulfilledOnTime'), fulfilled),
      }),
      demandsAwaitingAssignment: demands.filter((demand) => demand.state === 'submitted').length,
    },
    agencies: agencies.map((agency) => ({
      agency,
      name: names.get(agency) ?? { zh: agency },
      figures: demandRow(recorded.get(agency) ?? 0, byProvider.get(agency)),
    })),
  };
}

function connection(systems: readonly InformationSystem[]): InventoryQualityFigures {
  const figures = inventoryFigures(systems);
  return {
    systems: figures.systems,
    connectedSystems: figures.connected,
    connectionRate: figures.connectionRate,
    deadEnds: deadEnds(systems).length,
  };
}

/**
 * Connection figures of the inventory per owning agency (by code), overall, and overall by
 * level and by network; a level or network without systems shows zeros.
 */
export function inventoryQuality(
  systems: readonly InformationSystem[],
  names: Names,
): InventoryQuality {
  const report = inventoryReport(systems);
  const ends = new Map<string, number>();
  for (const end of report.deadEnds) ends.set(end.owner, (ends.get(end.owner) ?? 0) + 1);
  return {
    overall: connection(systems),
    agencies: report.agencies.map(({ agency, figures }) => ({
      agency,
      name: names.get(agency) ?? { zh: agency },
      figures: {
        systems: figures.systems,
        connectedSystems: figures.connected,
        connectionRate: figures.connectionRate,
        deadEnds: ends.get(agency) ?? 0,
      },
    })),
    levels: SYSTEM_LEVELS.map((level) => ({
      level,
      figures: connection(systems.filter((system) => system.level === level)),
    })),
    networks: SYSTEM_NETWORKS.map((network) => ({
      network,
      figures: connection(systems.filter((system) => system.network === network)),
    })),
  };
}

/**
 * The quality and assessment figures (以应用效果为导向的考核) of the share catalog, per providing
 * agency (every agency with at least one entry, by code) and overall, with the public entries
 * that are overdue or due soon, the demand and responsibility-item figures and the inventory's
 * connection figures. Freshness and overdue items are judged on the day of `nowMs` in Asia/Shanghai;
 * docs/quality.md gives each figure's formula. Overall counts every dispute and share request,
 * also those of agencies that no longer provide an entry.
 */
export function computeQualityReport(input: QualityInput): QualityReport {
  const day = shanghaiDay(input.nowMs);
  const judged: Judged[] = input.shareSnapshot.entries.map((entry) => ({
    entry,
    freshness: freshnessOf(entry, day),
  }));
  const rates = onTimeRates(input.shareRequests, input.nowMs);
  const names = new Map(input.shareSnapshot.agencies.map((a) => [a.code, a.name]));
  // Grouped once: filtering the whole catalog per agency made a national catalog take seconds.
  const entriesOf = groupBy(judged, ({ entry }) => entry.provider);
  const disputesOf = groupBy(input.disputes, (d) => d.provider);
  const providers = [...entriesOf.keys()].sort();
  const none = { decided: 0, onTime: 0 };
  const overallDecisions = rates.providers.reduce(
    (sum, p) => ({ decided: sum.decided + p.decided, onTime: sum.onTime + p.onTime }),
    none,
  );
  const listed = judged.filter(({ entry }) => input.publicCodes.has(entry.code));
  return {
    generatedAt: new Date(input.nowMs).toISOString(),
    day,
    overall: figures(judged, input.disputes, overallDecisions, input.usage, input.nowMs),
    agencies: providers.map((agency) => ({
      agency,
      name: names.get(agency) ?? { zh: agency },
      figures: figures(
        entriesOf.get(agency) ?? [],
        disputesOf.get(agency) ?? [],
        rates.providers.find((p) => p.provider === agency) ?? none,
        input.usage,
        input.nowMs,
      ),
    })),
    overdueEntries: listed
      .filter(({ freshness }) => freshness.status === 'overdue')
      .sort((a, b) => b.freshness.daysLate! - a.freshness.daysLate! || byCode(a, b))
      .map(line),
    dueSoon: listed
      .filter(({ freshness }) => freshness.status === 'due-soon')
      .sort((a, b) => a.freshness.daysLeft! - b.freshness.daysLeft! || byCode(a, b))
      .map(line),
    sourceConflicts: [...input.sourceConflicts],
    demands: demandQuality(input.demands, day, names),
    inventory: inventoryQuality(input.systems, names),
    definitions: { ...QUALITY_DEFINITIONS },
  };
}

/**
 * The report narrowed to one agency: its rows of figures (catalog, demands, inventory) and its
 * entries in the lists; the overall figures, the level and network figures and the source
 * conflicts stay. Undefined when the agency has no row in any part.
 */
export function narrowQualityReport(
  report: QualityReport,
  agency: string,
): QualityReport | undefined {
  const mine = <T extends { agency: string }>(rows: readonly T[]) =>
    rows.filter((row) => row.agency === agency);
  const narrowed: QualityReport = {
    ...report,
    agencies: mine(report.agencies),
    overdueEntries: report.overdueEntries.filter((entry) => entry.provider === agency),
    dueSoon: report.dueSoon.filter((entry) => entry.provider === agency),
    ...(report.demands && {
      demands: { ...report.demands, agencies: mine(report.demands.agencies) },
    }),
    ...(report.inventory && {
      inventory: { ...report.inventory, agencies: mine(report.inventory.agencies) },
    }),
  };
  const rows =
    narrowed.agencies.length +
    (narrowed.demands?.agencies.length ?? 0) +
    (narrowed.inventory?.agencies.length ?? 0);
  return rows === 0 ? undefined : narrowed;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
