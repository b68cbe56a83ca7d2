/**
 * What every agency portal page does in the browser: read the session (or say how to sign in),
 * show who is signed in with a sign-out button, show the portal links the person's roles may
 * use, call the API with the token (a 401 sends them to sign in again), and build elements with
 * text only (`textContent`, never HTML).
 */
import { callApi } from './agency-api.ts';
import type { ApiResult, Problem } from './agency-api.ts';
import { clearSession, personName, readSession } from './agency-session.ts';
import type { Session } from './agency-session.ts';
import {
  errorTarget,
  localized,
  makeTranslator,
  mayUse,
  portalPath,
  signInPath,
} from './agency-text.ts';
import type { PortalLang, PortalPageId, Tr } from './agency-text.ts';

type Child = Node | string | null | undefined | false;
type Localized = { zh: string; en?: string };
type Attributes = Record<string, string | number | boolean | null | undefined>;

/** An element with attributes and children; strings become text nodes, never markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** Text in its own language: a `lang` attribute where it differs from the page. */
export function inLang(
  tag: 'span' | 'h2' | 'h3' | 'p' | 'dd' | 'td' | 'li',
  text: { text: string; lang: PortalLang },
  page: PortalLang,
  attributes: Attributes = {},
): HTMLElement {
  return el(tag, { ...attributes, lang: text.lang === page ? undefined : text.lang }, text.text);
}

/** A `<dl>` of label/value pairs; values may be elements. Empty values are left out. */
export function definitionList(
  className: string,
  rows: [string, Child | Child[]][],
): HTMLDListElement {
  const list = el('dl', { class: className });
  for (const [label, value] of rows) {
    const values = Array.isArray(value) ? value : [value];
    if (values.every((v) => v === '' || v === null || v === undefined || v === false)) continue;
    list.append(el('dt', {}, label), el('dd', {}, ...values));
  }
  return list;
}

/** Clears the problems shown in a form. */
export function clearProblems(form: HTMLElement): void {
  for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) slot.textContent = '';
  for (const control of form.querySelectorAll('[aria-invalid]'))
    control.removeAttribute('aria-invalid');
}

/**
 * Shows each problem under the field (or group of fields) it names and marks the fields
 * invalid; answers what to focus and the messages no field of the form fits.
 */
export function showProblems(
  form: HTMLElement,
  problems: readonly { field?: string | undefined; message: string }[],
): { focus?: HTMLElement; unplaced: string[] } {
  const slots = new Map<string, HTMLElement>();
  for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]'))
    slots.set(slot.dataset.errorFor!, slot);
  const unplaced: string[] = [];
  let focus: HTMLElement | undefined;
  for (const problem of problems) {
    const target = errorTarget(problem.field, new Set(slots.keys()));
    if (!target) {
      unplaced.push(problem.message);
      continue;
    }
    const slot = slots.get(target)!;
    slot.textContent = slot.textContent
      ? `${slot.textContent} ${problem.message}`
      : problem.message;
    const controls = [...form.querySelectorAll<HTMLElement>(`[name="${CSS.escape(target)}"]`)];
    for (const control of controls) control.setAttribute('aria-invalid', 'true');
    focus ??=
      controls[0] ??
      form.querySelector<HTMLElement>(
        `[data-group="${CSS.escape(target)}"] input, [data-group="${CSS.escape(target)}"] textarea`,
      ) ??
      undefined;
  }
  return { focus, unplaced };
}

/** A portal page, once the session is known. */
export type Portal = {
  root: HTMLElement;
  lang: PortalLang;
  tr: Tr;
  session: Session;
  /** Says something in the page's live status region. */
  announce(text: string): void;
  /** Calls the API as the signed-in person; a 401 ends the session and goes to sign in. */
  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResult<T>>;
  /** Why a call failed, in words a person can act on. */
  failure(result: ApiResult<unknown> & { ok: false }): string;
  /** The catalog's agencies, in catalog order (none when the list cannot be read). */
  agencies(): Promise<Map<string, Localized>>;
  /** An agency's name in the page language (its code when the catalog does not know it). */
  agencyName(code: string): Promise<{ text: string; lang: PortalLang }>;
  /** A portal path in the page language. */
  path(path: string): string;
};

/** The strings and language a page passed on its `[data-agency]` root. */
export function pageSetup(root: HTMLElement): { lang: PortalLang; tr: Tr } {
  const strings = JSON.parse(root.dataset.strings ?? '{}') as Record<string, string>;
  return { lang: root.dataset.lang === 'en' ? 'en' : 'zh-CN', tr: makeTranslator(strings) };
}

/** Why a call failed, in words; `tr` holds the `agency.common.*` strings. */
export function failureText(tr: Tr, result: ApiResult<unknown> & { ok: false }): string {
  if (result.failure === 'unreachable') return tr('agency.common.unreachable');
  if (result.failure === 'unavailable' || (result.status === 404 && !result.error))
    return tr('agency.common.unavailable', { status: result.status });
  if (result.status === 403) return tr('agency.common.forbidden', { reason: result.error });
  const details = result.errors
    .map((problem: Problem) => problem.message)
    .filter((message) => message !== result.error);
  return tr('agency.common.failed', {
    status: result.status,
    reason: [result.error, ...details].join(' '),
  });
}

/** Ends the session: tells the API the token is done with, forgets it, goes to sign in. */
export async function signOut(lang: PortalLang, token: string): Promise<void> {
  // The token is forgotten even when the API cannot be told; it expires on its own.
  await callApi('POST', '/api/v1/auth/sign-out', { token, body: {} });
  clearSession();
  location.assign(`${portalPath(lang, '/signin/')}?signedout=1`);
}

/**
 * Starts a portal page inside `root`: answers the portal, or undefined when nobody is signed
 * in or the person's roles may not use the page (the page then says so and links onwards).
 */
export function startPortal(root: HTMLElement, page: PortalPageId): Portal | undefined {
  const { lang, tr } = pageSetup(root);
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const announce = (text: string) => {
    status.textContent = text;
  };
  const here = `${location.pathname}${location.search}`;
  const session = readSession();
  if (!session) {
    const notice = root.querySelector<HTMLElement>('[data-signed-out]')!;
    notice.querySelector('a')!.setAttribute('href', signInPath(lang, here));
    notice.hidden = false;
    return undefined;
  }
  const { identity } = session;
  const bar = root.querySelector<HTMLElement>('[data-identity-bar]')!;
  bar.querySelector('[data-identity]')!.textContent = tr('agency.common.signedInAs', {
    name: personName(identity, lang),
    roles: identity.roles
      .map((role) => tr(`agency.role.${role}`))
      .join(tr('agency.common.listSeparator')),
  });
  bar.querySelector('[data-sign-out]')!.addEventListener('click', () => {
    void signOut(lang, session.token);
  });
  bar.hidden = false;
  const nav = root.querySelector<HTMLElement>('[data-agency-nav]')!;
  for (const link of nav.querySelectorAll<HTMLElement>('[data-page]'))
    link.closest('li')!.hidden = !mayUse(link.dataset.page as PortalPageId, identity.roles);
  nav.hidden = false;

  if (!mayUse(page, identity.roles)) {
    const forbidden = root.querySelector<HTMLElement>('[data-forbidden]')!;
    forbidden.textContent = tr('agency.common.notForRoles', {
      roles: identity.roles
        .map((role) => tr(`agency.role.${role}`))
        .join(tr('agency.common.listSeparator')),
    });
    forbidden.hidden = false;
    return undefined;
  }
  root.querySelector<HTMLElement>('[data-portal-content]')!.hidden = false;

  let agencies: Promise<Map<string, Localized>> | undefined;
  const loadAgencies = async () => {
    const names = new Map<string, Localized>();
    const result = await callApi<{ items: { code: string; name: Localized }[] }>(
      'GET',
      '/api/v1/agencies',
    );
    if (result.ok) for (const agency of result.data.items) names.set(agency.code, agency.name);
    return names;
  };

  return {
    root,
    lang,
    tr,
    session,
    announce,
    path: (path) => portalPath(lang, path),
    failure: (result) => failureText(tr, result),
    async call<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
      const result = await callApi<T>(method, path, { token: session.token, body });
      if (!result.ok && result.status === 401) {
        announce(tr('agency.common.sessionEnded'));
        clearSession();
        location.assign(signInPath(lang, here));
      }
      return result;
    },
    agencies() {
      agencies ??= loadAgencies();
      return agencies;
    },
    async agencyName(code) {
      agencies ??= loadAgencies();
      const name =
        (await agencies).get(code) ?? (code === identity.agency ? identity.agencyName : undefined);
      if (name) return localized(name, lang);
      return { text: code === 'platform' ? tr('agency.common.platform') : code, lang };
    },
  };
}
