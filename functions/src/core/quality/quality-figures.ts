import { shanghaiDay } from '../calendar/working-calendar.ts';
import type { Dispute, DisputeState } from '../disputes/dispute.ts';
import type { CatalogSnapshot, SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import { onTimeRates } from '../sharing/on-time-rates.ts';
import type { ProviderOnTime } from '../sharing/on-time-rates.ts';
import type { ShareRequest } from '../sharing/share-request.ts';
import { completeness } from './completeness.ts';
import { freshnessOf } from './freshness.ts';
import { QUALITY_DEFINITIONS } from './quality-definitions.ts';
import type {
  Freshness,
  FreshnessLine,
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

/**
 * The quality and assessment figures (以应用效果为导向的考核) of the share catalog, per providing
 * agency (every agency with at least one entry, by code) and overall, with the public entries
 * that are overdue or due soon. Freshness is judged on the day of `nowMs` in Asia/Shanghai;
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
    definitions: { ...QUALITY_DEFINITIONS },
  };
}

/**
 * The report narrowed to one agency: its row of figures and its entries in the lists (the
 * overall figures and the source conflicts stay). Undefined when the agency has no row.
 */
export function narrowQualityReport(
  report: QualityReport,
  agency: string,
): QualityReport | undefined {
  if (!report.agencies.some((row) => row.agency === agency)) return undefined;
  return {
    ...report,
    agencies: report.agencies.filter((row) => row.agency === agency),
    overdueEntries: report.overdueEntries.filter((entry) => entry.provider === agency),
    dueSoon: report.dueSoon.filter((entry) => entry.provider === agency),
  };
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
