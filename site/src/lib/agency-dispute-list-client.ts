/**
 * The portal's disputes page (`/agency/disputes/`): a provider's inbox of disputes about its
 * agency's data, a reviewer's queue of every open dispute, overdue first either way; and, for a
 * provider, its agency's entries overdue or due soon for their next version
 * (`GET /api/v1/stats/quality?agency=…`).
 */
import { el, inLang, startPortal } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { disputeCard } from './agency-dispute-card.ts';
import type { DisputeView } from './agency-dispute-card.ts';
import { codeSlug, formatDay, localized, portalPath } from './agency-text.ts';
import { byUrgency } from './dispute-text.ts';

/** An entry's freshness line in the quality report (`FreshnessLine`). */
type FreshnessLine = {
  code: string;
  title: { zh: string; en?: string };
  provider: string;
  freshness: { status: string; due?: string; daysLate?: number; daysLeft?: number };
};

/** Starts the disputes page inside `root`. */
export function startDisputeList(root: HTMLElement): void {
  const portal = startPortal(root, 'disputes');
  if (!portal) return;
  const { tr, session } = portal;
  const { roles } = session.identity;
  const view = roles.includes('provider') ? 'inbox' : 'queue';
  const list = root.querySelector<HTMLElement>('[data-dispute-list]')!;
  const filter = root.querySelector<HTMLFormElement>('[data-filter]')!;

  const load = async (state: string) => {
    portal.announce(tr('agency.common.loading'));
    list.setAttribute('aria-busy', 'true');
    const query = new URLSearchParams({ view, ...(state && { state }) });
    const answer = await portal.call<{ results: DisputeView[] }>(
      'GET',
      `/api/v1/disputes?${query}`,
    );
    list.removeAttribute('aria-busy');
    if (!answer.ok) {
      list.replaceChildren();
      portal.announce(portal.failure(answer));
      return;
    }
    const cards = await Promise.all(
      byUrgency(answer.data.results).map((dispute) => disputeCard(portal, dispute)),
    );
    list.replaceChildren(
      ...(cards.length > 0
        ? cards
        : [el('p', { class: 'note' }, tr(`agency.disputes.empty.${view}`))]),
    );
    portal.announce(tr('agency.disputes.count', { n: cards.length }));
  };
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(String(new FormData(filter).get('state') ?? ''));
  });
  void load('');
  if (roles.includes('provider'))
    void showFreshness(portal, root.querySelector<HTMLElement>('[data-freshness]')!);
}

/** The provider's entries overdue or due soon for their next version. */
async function showFreshness(portal: Portal, section: HTMLElement): Promise<void> {
  const { tr, lang, session } = portal;
  const agency = session.identity.agency;
  const note = section.querySelector<HTMLElement>('[data-freshness-status]')!;
  section.hidden = false;
  note.textContent = tr('agency.common.loading');
  const answer = await portal.call<{ overdueEntries: FreshnessLine[]; dueSoon: FreshnessLine[] }>(
    'GET',
    `/api/v1/stats/quality?agency=${encodeURIComponent(agency)}`,
  );
  if (!answer.ok) {
    // An agency without published entries has no figures: nothing is due.
    note.textContent =
      answer.status === 404 ? tr('agency.disputes.noEntries') : portal.failure(answer);
    return;
  }
  note.textContent = '';
  const item = (line: FreshnessLine, text: string) =>
    el(
      'li',
      {},
      el(
        'a',
        { href: portalPath(lang, `/datasets/${codeSlug(line.code)}/`) },
        inLang('span', localized(line.title, lang), lang),
      ),
      ` · ${text}`,
    );
  const fill = (target: HTMLElement, all: FreshnessLine[], text: (l: FreshnessLine) => string) => {
    const lines = all.filter((line) => line.provider === agency);
    target.replaceChildren(
      ...(lines.length > 0
        ? lines.map((line) => item(line, text(line)))
        : [el('li', {}, tr('agency.disputes.none'))]),
    );
  };
  fill(
    section.querySelector<HTMLElement>('[data-overdue-entries]')!,
    answer.data.overdueEntries,
    (l) =>
      tr('agency.disputes.overdueText', {
        n: l.freshness.daysLate ?? 0,
        due: l.freshness.due ? formatDay(l.freshness.due, lang) : '',
      }),
  );
  fill(section.querySelector<HTMLElement>('[data-due-soon]')!, answer.data.dueSoon, (l) =>
    tr('agency.disputes.dueSoonText', {
      n: l.freshness.daysLeft ?? 0,
      due: l.freshness.due ? formatDay(l.freshness.due, lang) : '',
    }),
  );
}
