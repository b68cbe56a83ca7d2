/**
 * The audit log for admins (`GET /api/v1/audit`): a filter form, a table of records with the
 * start of each record's chain hash, and "more" following the API's cursor.
 */
import { el, startPortal } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { formatInstant, labelOr } from './agency-text.ts';

type AuditRecord = {
  seq: number;
  at: string;
  actor: { user: string; name: string; agency: string; role: string };
  action: string;
  subject: string;
  outcome: string;
  reason?: string;
  hash: string;
};

const FILTERS = ['action', 'agency', 'user', 'subject', 'outcome', 'from', 'to'] as const;
/** Enough of a SHA-256 hash to tell records apart at a glance and find one again. */
const HASH_PREFIX = 12;

/** Starts the audit page inside `root`. */
export function startAudit(root: HTMLElement): void {
  const portal = startPortal(root, 'audit');
  if (!portal) return;
  const { tr } = portal;
  const form = root.querySelector<HTMLFormElement>('[data-filter]')!;
  const table = root.querySelector<HTMLElement>('[data-records]')!;
  const body = table.querySelector<HTMLElement>('tbody')!;
  const more = root.querySelector<HTMLButtonElement>('[data-more]')!;
  let query = new URLSearchParams();
  let cursor: string | undefined;
  let shown = 0;

  const load = async (append: boolean) => {
    const params = new URLSearchParams(query);
    if (append && cursor) params.set('cursor', cursor);
    portal.announce(tr('agency.common.loading'));
    more.disabled = true;
    const answer = await portal.call<{ results: AuditRecord[] }>('GET', `/api/v1/audit?${params}`);
    more.disabled = false;
    if (!answer.ok) {
      portal.announce(portal.failure(answer));
      return;
    }
    const rows = answer.data.results.map((record) => recordRow(portal, record));
    if (append) body.append(...rows);
    else body.replaceChildren(...rows);
    shown = append ? shown + rows.length : rows.length;
    cursor = answer.next;
    table.hidden = shown === 0;
    more.hidden = !cursor;
    portal.announce(
      shown === 0
        ? tr('agency.audit.none')
        : tr(cursor ? 'agency.audit.countMore' : 'agency.audit.count', { n: shown }),
    );
    if (append) rows[0]?.querySelector<HTMLElement>('th')?.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    query = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(data.get(name) ?? '').trim();
      if (value) query.set(name, value);
    }
    cursor = undefined;
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  void load(false);
}

function recordRow(portal: Portal, record: AuditRecord): HTMLElement {
  const { tr, lang } = portal;
  return el(
    'tr',
    {},
    el('th', { scope: 'row', class: 'num', tabindex: -1 }, String(record.seq)),
    el('td', {}, el('time', { datetime: record.at }, formatInstant(record.at, lang))),
    el(
      'td',
      {},
      tr('agency.request.actor', {
        name: record.actor.name,
        role: labelOr(tr, `agency.role.${record.actor.role}`, record.actor.role),
        agency: record.actor.agency,
      }),
    ),
    el('td', {}, el('code', {}, record.action)),
    el('td', {}, el('code', {}, record.subject)),
    el('td', {}, labelOr(tr, `agency.audit.outcome.${record.outcome}`, record.outcome)),
    el('td', {}, record.reason ?? ''),
    el('td', {}, el('code', { 'data-hash': record.hash }, record.hash.slice(0, HASH_PREFIX))),
  );
}
