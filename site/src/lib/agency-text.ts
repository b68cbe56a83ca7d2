/**
 * Pure helpers of the agency portal pages: strings, dates, deadlines, paths and form checks.
 * No DOM and no storage here, so unit tests run them in Node and the browser bundles stay small
 * (nothing here imports zod or the i18n files).
 */
import type { Role } from '../../../functions/src/core/identity/identity.ts';

/** The page languages, as the pages' `<html lang>` writes them. */
export type PortalLang = 'zh-CN' | 'en';

/** Looks up a UI string passed from the i18n files, filling `{name}` placeholders. */
export type Tr = (key: string, params?: Record<string, string | number>) => string;

/** A translator over the strings a page passed; an unknown key shows as itself. */
export function makeTranslator(strings: Record<string, string>): Tr {
  return (key, params) => {
    const text = strings[key] ?? key;
    return params
      ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole))
      : text;
  };
}

/** The label of a value that may be new to the page (an event, a state): its key, or the value. */
export function labelOr(tr: Tr, key: string, fallback: string): string {
  const text = tr(key);
  return text === key ? fallback : text;
}

/** The path of a portal page in a language: `/agency/` in Chinese is `/en/agency/` in English. */
export function portalPath(lang: PortalLang, path: string): string {
  return lang === 'en' ? `/en${path}` : path;
}

/** The language of a piece of text: Chinese when it holds Han characters. */
export function textLang(text: string): PortalLang {
  return /\p{Script=Han}/u.test(text) ? 'zh-CN' : 'en';
}

/** Localized catalog text in the page language, falling back to the Chinese original. */
export function localized(
  text: { zh: string; en?: string | undefined } | undefined,
  lang: PortalLang,
): { text: string; lang: PortalLang } {
  if (!text) return { text: '', lang };
  return lang === 'en' && text.en
    ? { text: text.en, lang: 'en' }
    : { text: text.zh, lang: 'zh-CN' };
}

/**
 * Where to go after signing in: `next` when it is a path on this site, else `fallback`.
 * `//evil.example`, `https://…` and `/\evil` would leave the site, so they are refused.
 */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return fallback;
  const base = 'https://portal.invalid';
  const url = new URL(next, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

/** The sign-in page in a language, asking to come back to `next` afterwards. */
export function signInPath(lang: PortalLang, next?: string): string {
  const path = portalPath(lang, '/signin/');
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

const DAY_MS = 86_400_000;

/** How a deadline stands: whole days left, less than a day left, or days overdue. */
export type DeadlineStanding =
  { kind: 'left'; days: number } | { kind: 'lastDay' } | { kind: 'overdue'; days: number };

/** How the deadline `dueAt` (an instant) stands at `now` (epoch ms). */
export function deadlineStanding(dueAt: string, now: number): DeadlineStanding {
  const remaining = Date.parse(dueAt) - now;
  if (remaining < 0) return { kind: 'overdue', days: Math.max(1, Math.ceil(-remaining / DAY_MS)) };
  const days = Math.floor(remaining / DAY_MS);
  return days === 0 ? { kind: 'lastDay' } : { kind: 'left', days };
}

/** The deadline standing in words: 还剩 3 天, 已超期 2 天. */
export function deadlineText(tr: Tr, standing: DeadlineStanding): string {
  if (standing.kind === 'lastDay') return tr('agency.deadline.lastDay');
  return tr(standing.kind === 'left' ? 'agency.deadline.left' : 'agency.deadline.overdue', {
    n: standing.days,
  });
}

const LOCALES: Record<PortalLang, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

/** An instant in Beijing time, as people read it: 2026年11月28日 15:57, 28 Nov 2026, 15:57. */
export function formatInstant(iso: string, lang: PortalLang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(new Date(iso));
}

/** A calendar day (YYYY-MM-DD) as people read it. */
export function formatDay(day: string, lang: PortalLang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** The calendar day in Beijing at `now` (epoch ms), YYYY-MM-DD: deadlines and grants use it. */
export function beijingDay(now: number): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** `day` (YYYY-MM-DD) moved by `days`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The form element a problem belongs under: the field itself when the form has it, else the
 * nearest group (`contact.email` → `contact`, `fields.3` → `fields`); none when nothing fits.
 */
export function errorTarget(
  field: string | undefined,
  known: ReadonlySet<string>,
): string | undefined {
  let name = field;
  while (name) {
    if (known.has(name)) return name;
    const dot = name.lastIndexOf('.');
    name = dot > 0 ? name.slice(0, dot) : undefined;
  }
  return undefined;
}

/** What the request form holds, before it is sent. */
export type RequestDraft = {
  fields: string[];
  purpose: string;
  from: string;
  to: string;
  legalBasis: string;
  contactName: string;
  phone: string;
  email: string;
};

/** A problem found before sending: the form field and the i18n key of the message. */
export type DraftProblem = { field: string; key: string };

/**
 * The problems a person can fix before the API is asked: nothing chosen, required text left
 * empty, a period that ends before it starts. The API checks everything again.
 */
export function checkDraft(draft: RequestDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.fields.length === 0) problems.push({ field: 'fields', key: 'agency.form.needFields' });
  if (!draft.purpose.trim()) problems.push({ field: 'purpose', key: 'agency.form.needText' });
  if (!draft.from) problems.push({ field: 'period.from', key: 'agency.form.needDate' });
  if (!draft.to) problems.push({ field: 'period.to', key: 'agency.form.needDate' });
  else if (draft.from && draft.to < draft.from)
    problems.push({ field: 'period.to', key: 'agency.form.periodOrder' });
  if (!draft.legalBasis.trim()) problems.push({ field: 'legalBasis', key: 'agency.form.needText' });
  if (!draft.contactName.trim())
    problems.push({ field: 'contact.name', key: 'agency.form.needText' });
  return problems;
}

/** The API body of a request (`ShareRequestInput`) from what the form holds. */
export function draftInput(code: string, draft: RequestDraft) {
  const phone = draft.phone.trim();
  const email = draft.email.trim();
  return {
    code,
    purpose: draft.purpose.trim(),
    fields: draft.fields,
    period: { from: draft.from, to: draft.to },
    legalBasis: draft.legalBasis.trim(),
    contact: {
      name: draft.contactName.trim(),
      ...(phone && { phone }),
      ...(email && { email }),
    },
  };
}

/** The portal's pages, and who may use each; the request form is reached from the catalog. */
export const PORTAL_PAGES: readonly { id: PortalPageId; path: string; roles: readonly Role[] }[] = [
  { id: 'home', path: '/agency/', roles: ['consumer', 'provider', 'reviewer', 'admin'] },
  { id: 'catalog', path: '/agency/catalog/', roles: ['consumer', 'provider', 'reviewer', 'admin'] },
  { id: 'requests', path: '/agency/requests/', roles: ['consumer'] },
  { id: 'inbox', path: '/agency/inbox/', roles: ['provider'] },
  { id: 'review', path: '/agency/review/', roles: ['reviewer', 'admin'] },
  { id: 'disputes', path: '/agency/disputes/', roles: ['provider', 'reviewer', 'admin'] },
  { id: 'verify', path: '/agency/verify/', roles: ['consumer'] },
  { id: 'demands', path: '/agency/demands/', roles: ['consumer', 'provider', 'reviewer', 'admin'] },
  { id: 'systems', path: '/agency/systems/', roles: ['consumer', 'provider', 'reviewer', 'admin'] },
  { id: 'audit', path: '/agency/audit/', roles: ['admin'] },
];
export type PortalPageId =
  | 'home'
  | 'catalog'
  | 'request'
  | 'requests'
  | 'inbox'
  | 'review'
  | 'disputes'
  | 'verify'
  | 'demands'
  | 'systems'
  | 'audit';

/** The roles that may use a page. */
export function pageRoles(id: PortalPageId): readonly Role[] {
  return id === 'request' ? ['consumer'] : PORTAL_PAGES.find((page) => page.id === id)!.roles;
}

/** Whether someone with `roles` may use page `id`. */
export function mayUse(id: PortalPageId, roles: readonly string[]): boolean {
  return pageRoles(id).some((role) => roles.includes(role));
}

// Which page shows the request a notification is about, by who it was meant for (see
// notificationsFor in the core): requesters follow theirs in "my requests", providers in the
// inbox, reviewers in the queue.
const AUDIENCES: { page: PortalPageId; role: Role; kinds: readonly string[] }[] = [
  {
    page: 'requests',
    role: 'consumer',
    kinds: ['grant', 'accept', 'return', 'approve', 'reject', 'revoke', 'expire', 'lapse'],
  },
  { page: 'inbox', role: 'provider', kinds: ['grant', 'accept', 'withdraw', 'overdue'] },
  { page: 'review', role: 'reviewer', kinds: ['submit', 'resubmit', 'withdraw', 'overdue'] },
];

/** The page that shows what a notification of `kind` is about, for someone with `roles`. */
export function notificationPage(kind: string, roles: readonly string[]): PortalPageId | undefined {
  // Every step of a dispute (`dispute.report`, `dispute.overdue`, …) is followed on one page.
  if (kind.startsWith('dispute.')) return 'disputes';
  // So is every step of a demand (`demand.assign`, `demand.fulfil`, …), by everyone it concerns.
  if (kind.startsWith('demand.')) return 'demands';
  return AUDIENCES.find(
    (audience) => roles.includes(audience.role) && audience.kinds.includes(kind),
  )?.page;
}

/** An entry code as URLs write it: 314/000002 → 314-000002. */
export function codeSlug(code: string): string {
  return code.replace('/', '-');
}

/** Requests by deadline, soonest first; those with no deadline running come last, in order. */
export function byDeadline<T extends { due?: { at: string } | undefined }>(
  requests: readonly T[],
): T[] {
  const at = (request: T) => (request.due ? Date.parse(request.due.at) : Number.POSITIVE_INFINITY);
  return [...requests].sort((a, b) => at(a) - at(b));
}
