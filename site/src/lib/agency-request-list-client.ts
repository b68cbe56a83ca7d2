/**
 * The request lists of the portal: my agency's requests (`view=mine`), the provider's inbox
 * (`inbox`) and the reviewer's queue (`queue`), the last two soonest deadline first. The
 * reviewer's page also shows the on-time rates.
 */
import { formatNumber, formatPercent } from './format.ts';
import { el, inLang, startPortal } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { requestCard } from './agency-request-card.ts';
import type { RequestView } from './agency-request-card.ts';
import { byDeadline, localized } from './agency-text.ts';

type View = 'mine' | 'inbox' | 'queue';
const PAGES = { mine: 'requests', inbox: 'inbox', queue: 'review' } as const;

/** Starts a request list page inside `root`. */
export function startRequestList(root: HTMLElement, view: View): void {
  const portal = startPortal(root, PAGES[view]);
  if (!portal) return;
  const { tr } = portal;
  const list = root.querySelector<HTMLElement>('[data-list]')!;
  const filter = root.querySelector<HTMLFormElement>('[data-filter]')!;
  const params = new URLSearchParams(location.search);
  const submitted = params.get('submitted');
  const marked = submitted ?? params.get('highlight');
  const mark = submitted ? 'submitted' : 'highlight';

  const load = async (state: string, focusMarked: boolean) => {
    portal.announce(tr('agency.common.loading'));
    list.setAttribute('aria-busy', 'true');
    const query = new URLSearchParams({ view, ...(state && { state }) });
    const answer = await portal.call<{ results: RequestView[] }>(
      'GET',
      `/api/v1/share-requests?${query}`,
    );
    list.removeAttribute('aria-busy');
    if (!answer.ok) {
      list.replaceChildren();
      portal.announce(portal.failure(answer));
      return;
    }
    const requests = view === 'mine' ? answer.data.results : byDeadline(answer.data.results);
    const cards = await Promise.all(
      requests.map((request) =>
        requestCard(portal, request, { mark: request.id === marked ? mark : undefined }),
      ),
    );
    list.replaceChildren(
      ...(cards.length > 0 ? cards : [el('p', { class: 'note' }, tr(`agency.list.empty.${view}`))]),
    );
    const card = cards.find((candidate) => candidate.dataset.request === marked);
    const counted = tr('agency.list.count', { n: cards.length });
    if (card && focusMarked) {
      card.querySelector<HTMLElement>('h3')!.focus();
      portal.announce(submitted ? `${tr('agency.list.submitted')} ${counted}` : counted);
    } else portal.announce(counted);
  };

  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(String(new FormData(filter).get('state') ?? ''), false);
  });
  void load('', true);
  if (view === 'queue') void showOnTime(portal, root.querySelector<HTMLElement>('[data-on-time]')!);
}

type Rate = { decided: number; onTime: number; rate: number | null; overdueOpen: number };
type OnTime = {
  agencies: (Rate & { agency: string; agencyName?: { zh: string; en?: string } })[];
  acceptance: Rate;
};

/** The on-time rates table (`GET /api/v1/deadlines/on-time`). */
async function showOnTime(portal: Portal, section: HTMLElement): Promise<void> {
  const { tr, lang } = portal;
  const body = section.querySelector<HTMLElement>('tbody')!;
  const note = section.querySelector<HTMLElement>('[data-on-time-status]')!;
  note.textContent = tr('agency.common.loading');
  const answer = await portal.call<OnTime>('GET', '/api/v1/deadlines/on-time');
  if (!answer.ok) {
    note.textContent = portal.failure(answer);
    return;
  }
  note.textContent = '';
  const rate = (value: Rate) =>
    value.rate === null ? tr('agency.onTime.noneDecided') : formatPercent(value.rate, lang);
  const row = (name: HTMLElement, value: Rate) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, name),
      el('td', { class: 'num' }, formatNumber(value.decided, lang)),
      el('td', { class: 'num' }, formatNumber(value.onTime, lang)),
      el('td', { class: 'num' }, rate(value)),
      el('td', { class: 'num' }, formatNumber(value.overdueOpen, lang)),
    );
  const rows = await Promise.all(
    answer.data.agencies.map(async (agency) => {
      const name = agency.agencyName
        ? localized(agency.agencyName, lang)
        : await portal.agencyName(agency.agency);
      return row(inLang('span', name, lang), agency);
    }),
  );
  body.replaceChildren(
    row(el('span', {}, tr('agency.onTime.acceptance')), answer.data.acceptance),
    ...rows,
  );
}
