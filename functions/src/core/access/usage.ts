import * as z from 'zod';

/**
 * Days are counted in China Standard Time (UTC+8, no daylight saving), the platform's
 * working day, so "today" on a dataset page is the reader's today.
 */
const DAY_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** How many days, today included, the recent figures cover. */
export const RECENT_DAYS = 30;

/** The day (`YYYY-MM-DD`, UTC+8) an instant falls on. */
export function usageDay(nowMs: number): string {
  return new Date(nowMs + DAY_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day `days` before `day`. */
export function dayBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

/** What is counted: the calls and downloads of one dataset, or of one API key. */
export const usageSubject = {
  dataset: (code: string) => `dataset:${code}`,
  key: (id: string) => `key:${id}`,
};

export type UsageKind = 'calls' | 'downloads';

/** The counts of one subject on one day. */
export type UsageCount = { subject: string; day: string; calls: number; downloads: number };

/**
 * Counts in memory between two writes to storage, so a request costs no usage write of its
 * own: many requests of one subject on one day become one `ADD`.
 */
export class UsageTally {
  #counts = new Map<string, UsageCount>();

  /** Counts one call or download of each subject. */
  add(subjects: readonly string[], kind: UsageKind, nowMs: number): void {
    const day = usageDay(nowMs);
    for (const subject of subjects) this.merge({ subject, day, calls: 0, downloads: 0, [kind]: 1 });
  }

  /** Adds counts back, such as those a failed write could not store. */
  merge(count: UsageCount): void {
    const id = `${count.subject}\n${count.day}`;
    const held = this.#counts.get(id) ?? {
      subject: count.subject,
      day: count.day,
      calls: 0,
      downloads: 0,
    };
    held.calls += count.calls;
    held.downloads += count.downloads;
    this.#counts.set(id, held);
  }

  /** Whether anything waits to be written. */
  get pending(): boolean {
    return this.#counts.size > 0;
  }

  /** Everything counted so far, and an empty tally. */
  drain(): UsageCount[] {
    const counts = [...this.#counts.values()];
    this.#counts = new Map();
    return counts;
  }
}

const FiguresSchema = z.object({
  calls: z.number().int().describe('API calls (requests other than downloads)'),
  downloads: z
    .number()
    .int()
    .describe('Downloads (requests to the download route that led to a file)'),
});

/** The usage of a dataset or a key: ever, the last 30 days, and those days one by one. */
export const UsageSummarySchema = z.object({
  total: FiguresSchema,
  recent: FiguresSchema.extend({
    days: z.number().int().describe('How many days the figures cover, today included'),
    since: z.iso.date().describe('The first day covered (UTC+8)'),
  }),
  daily: z
    .array(FiguresSchema.extend({ day: z.iso.date() }))
    .describe('The days of the recent period with any count, oldest first'),
});
export type UsageSummary = z.infer<typeof UsageSummarySchema>;

/** Sums stored daily counts into the usage summary as of `today`. */
export function summarizeUsage(counts: readonly UsageCount[], today: string): UsageSummary {
  const since = dayBefore(today, RECENT_DAYS - 1);
  const total = { calls: 0, downloads: 0 };
  const recent = { calls: 0, downloads: 0, days: RECENT_DAYS, since };
  const daily: UsageSummary['daily'] = [];
  for (const count of [...counts].sort((a, b) => a.day.localeCompare(b.day))) {
    total.calls += count.calls;
    total.downloads += count.downloads;
    if (count.day < since || count.day > today) continue;
    recent.calls += count.calls;
    recent.downloads += count.downloads;
    if (count.calls > 0 || count.downloads > 0)
      daily.push({ day: count.day, calls: count.calls, downloads: count.downloads });
  }
  return { total, recent, daily };
}

/** One answered request, as far as usage counting cares. */
export type AnsweredRequest = {
  method: string;
  status: number;
  /** The route that answered; absent when none did (404 of an unknown path). */
  operationId?: string;
  /** The dataset code the route was about, for routes with a `{code}` parameter. */
  code?: string;
  keyId?: string;
};

/** Routes that are about a dataset but are not a use of it: reading its usage is not. */
const NOT_A_USE = new Set(['dataset_usage']);

/**
 * What a request adds to usage: a download if the download route led to a file, else a call;
 * for the key that made it (any request), and for the dataset it was about (successful
 * answers only, so codes that do not exist never get counts). HEAD and preflights are not
 * counted; neither are requests refused before a route ran (401, 429), which never get here.
 */
export function usageOf(
  request: AnsweredRequest,
): { kind: UsageKind; subjects: string[] } | undefined {
  if (request.method !== 'GET' && request.method !== 'POST') return undefined;
  const succeeded = request.status < 400;
  const subjects: string[] = [];
  if (request.keyId) subjects.push(usageSubject.key(request.keyId));
  if (request.code && succeeded && request.operationId && !NOT_A_USE.has(request.operationId))
    subjects.push(usageSubject.dataset(request.code));
  if (subjects.length === 0) return undefined;
  const kind = request.operationId === 'dataset_download' && succeeded ? 'downloads' : 'calls';
  return { kind, subjects };
}
