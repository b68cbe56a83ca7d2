/**
 * Pure helpers of the disputed-data pages (the report form on entry pages, the reporter's status
 * page, the portal's disputes page): the checks made before sending, the API body, paths and
 * order. No DOM here, so unit tests run them in Node.
 */
import { portalPath } from './agency-text.ts';
import { labelOr } from './agency-text.ts';
import type { PortalLang, Tr } from './agency-text.ts';

/** What the report form holds, before it is sent. */
export type ReportDraft = {
  version: string;
  rowNumber: string;
  /** Key 信息项 values, by column, when the schema has a primary key. */
  key: Record<string, string>;
  field: string;
  description: string;
  expected: string;
  evidence: string;
  contactName: string;
  contactEmail: string;
};

/** A problem found before sending: the form field and the i18n key of its message. */
export type ReportProblem = { field: string; key: string };

const trimmedKey = (key: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(key)
      .map(([name, value]) => [name, value.trim()] as const)
      .filter(([, value]) => value !== ''),
  );

/**
 * The problems a person can fix before the API is asked: no row named (by number or key), a row
 * number that is not a whole number from 1, no field, nothing said about what is wrong, and a
 * missing contact when nobody is signed in. The API checks everything again.
 */
export function checkReport(draft: ReportDraft, signedIn: boolean): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const number = draft.rowNumber.trim();
  if (number && !/^[1-9]\d*$/.test(number))
    problems.push({ field: 'row.number', key: 'dispute.report.needRowNumber' });
  else if (!number && Object.keys(trimmedKey(draft.key)).length === 0)
    problems.push({ field: 'row', key: 'dispute.report.needRow' });
  if (!draft.field) problems.push({ field: 'field', key: 'dispute.report.needField' });
  if (!draft.description.trim())
    problems.push({ field: 'description', key: 'dispute.report.needText' });
  if (!signedIn) {
    if (!draft.contactName.trim())
      problems.push({ field: 'contact.name', key: 'dispute.report.needText' });
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.contactEmail.trim()))
      problems.push({ field: 'contact.email', key: 'dispute.report.needEmail' });
  }
  return problems;
}

/**
 * The API body of a report (`DisputeInput`): the row by number when one is given, else by the
 * key values filled in; optional texts only when filled; the contact only when nobody is signed
 * in (staff are known by their token).
 */
export function reportBody(code: string, draft: ReportDraft, signedIn: boolean) {
  const number = draft.rowNumber.trim();
  const expected = draft.expected.trim();
  const evidence = draft.evidence.trim();
  return {
    code,
    version: Number(draft.version),
    row: number ? { number: Number(number) } : { key: trimmedKey(draft.key) },
    field: draft.field,
    description: draft.description.trim(),
    ...(expected && { expected }),
    ...(evidence && { evidence }),
    ...(!signedIn && {
      contact: { name: draft.contactName.trim(), email: draft.contactEmail.trim() },
    }),
  };
}

/**
 * The status page in the page language: the API gives the Chinese path
 * (`/disputes/status/?id=…&token=…`); the English page links to `/en/…`. Anything that is not a
 * path on this site is refused.
 */
export function statusHref(lang: PortalLang, statusPath: string): string | undefined {
  if (!statusPath.startsWith('/') || statusPath.startsWith('//')) return undefined;
  if (statusPath.startsWith('/en/')) return lang === 'en' ? statusPath : statusPath.slice(3);
  return portalPath(lang, statusPath);
}

/** What a status link names: the dispute and its secret, from a page address's query. */
export function statusQuery(search: string): { id: string; token: string } | undefined {
  const params = new URLSearchParams(search);
  const id = params.get('id') ?? '';
  const token = params.get('token') ?? '';
  return /^dp_[a-z0-9]+$/.test(id) && token ? { id, token } : undefined;
}

/** Disputes as a provider works through them: overdue first, then soonest deadline, then newest. */
export function byUrgency<
  T extends { isOverdue: boolean; due?: { at: string } | undefined; createdAt: string },
>(disputes: readonly T[]): T[] {
  const due = (d: T) => (d.due ? Date.parse(d.due.at) : Number.POSITIVE_INFINITY);
  return [...disputes].sort(
    (a, b) =>
      Number(b.isOverdue) - Number(a.isOverdue) ||
      due(a) - due(b) ||
      (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0),
  );
}

/** A row as people read it: 第 3 行 (code = 110000). */
export function rowText(
  tr: Tr,
  row: { rowNumber?: number; row?: number; key?: Record<string, string> | undefined },
): string {
  const number = row.rowNumber ?? row.row ?? 0;
  const key = Object.entries(row.key ?? {})
    .map(([name, value]) => `${name} = ${value}`)
    .join(tr('dispute.listSeparator'));
  return key ? tr('dispute.rowWithKey', { n: number, key }) : tr('dispute.row', { n: number });
}

/** Why a call from a public page failed, in words; `tr` holds the `dispute.*` strings. */
export function disputeFailure(
  tr: Tr,
  result: {
    status: number;
    error: string;
    errors: readonly { message: string }[];
    failure?: 'unreachable' | 'unavailable' | undefined;
  },
): string {
  if (result.failure === 'unreachable') return tr('dispute.failure.unreachable');
  if (result.failure === 'unavailable' || (result.status === 404 && !result.error))
    return tr('dispute.failure.unavailable', { status: result.status });
  if (result.status === 429) return tr('dispute.failure.tooMany');
  const details = result.errors
    .map((problem) => problem.message)
    .filter((message) => message !== result.error);
  return tr('dispute.failure.failed', {
    status: result.status,
    reason: [result.error, ...details].join(' '),
  });
}

/** A step as lists show it: what happened, and the state it led to when that says more. */
export function stepText(tr: Tr, event: string, to: string): string {
  const happened = labelOr(tr, `dispute.event.${event}`, event);
  const state = labelOr(tr, `dispute.state.${to}`, to);
  return happened === state ? happened : `${happened} → ${state}`;
}

/** The caption of a correction's changed cells, singular for one. */
export function changesCaption(tr: Tr, count: number): string {
  return tr(count === 1 ? 'dispute.changes.captionOne' : 'dispute.changes.caption', { n: count });
}
