/**
 * The share catalog search (`GET /api/v1/share-catalog`): words, 共享类型 and providing agency;
 * each result with its share attributes and 信息项, and a link to the request form unless it is
 * 不予共享, whose legal basis is shown instead. The query is kept in the address, so a result
 * list can be bookmarked and the back button returns to it.
 */
import { clip } from './format.ts';
import { el, inLang, startPortal } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { entryDetails, entryItems, requestable } from './agency-entry.ts';
import type { ShareEntry } from './agency-entry.ts';
import { codeSlug, localized } from './agency-text.ts';

type Page = { total: number; page: number; pageSize: number; results: ShareEntry[] };

const FILTERS = ['q', 'shareType', 'provider'] as const;

/** Starts the catalog search inside `root`. */
export function startCatalog(root: HTMLElement): void {
  const portal = startPortal(root, 'catalog');
  if (!portal) return;
  const { tr } = portal;
  const form = root.querySelector<HTMLFormElement>('[data-search-form]')!;
  const results = root.querySelector<HTMLElement>('[data-results]')!;
  const count = root.querySelector<HTMLElement>('[data-count]')!;
  const previous = root.querySelector<HTMLButtonElement>('[data-previous]')!;
  const next = root.querySelector<HTMLButtonElement>('[data-next]')!;
  const params = new URLSearchParams(location.search);
  let page = Math.max(1, Number(params.get('page')) || 1);

  for (const name of FILTERS) {
    const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
    control.value = params.get(name) ?? '';
  }
  const providers = fillProviders(portal, form, params.get('provider') ?? '');

  const search = async () => {
    const data = new FormData(form);
    const query = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(data.get(name) ?? '').trim();
      if (value) query.set(name, value);
    }
    if (page > 1) query.set('page', String(page));
    history.replaceState(null, '', `${location.pathname}${query.size ? `?${query}` : ''}`);
    portal.announce(tr('agency.common.loading'));
    results.setAttribute('aria-busy', 'true');
    const answer = await portal.call<Page>('GET', `/api/v1/share-catalog?${query}`);
    results.removeAttribute('aria-busy');
    if (!answer.ok) {
      results.replaceChildren();
      count.textContent = '';
      previous.hidden = next.hidden = true;
      portal.announce(portal.failure(answer));
      return;
    }
    const found = answer.data;
    const pages = Math.max(1, Math.ceil(found.total / found.pageSize));
    results.replaceChildren(...found.results.map((entry) => resultItem(portal, entry)));
    const summary =
      found.total === 0
        ? tr('agency.catalog.none')
        : tr('agency.catalog.count', { n: found.total, page: found.page, pages });
    count.textContent = summary;
    portal.announce(summary);
    previous.hidden = found.page <= 1;
    next.hidden = found.page >= pages;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    page = 1;
    void search();
  });
  previous.addEventListener('click', () => {
    page = Math.max(1, page - 1);
    void search().then(() => count.focus());
  });
  next.addEventListener('click', () => {
    page += 1;
    void search().then(() => count.focus());
  });
  void providers.then(search);
}

/** Fills the provider filter with the agencies of the catalog, in their catalog order. */
async function fillProviders(portal: Portal, form: HTMLFormElement, chosen: string): Promise<void> {
  const select = form.elements.namedItem('provider') as HTMLSelectElement;
  for (const [code, names] of await portal.agencies()) {
    const name = localized(names, portal.lang);
    select.append(
      el(
        'option',
        {
          value: code,
          lang: name.lang === portal.lang ? undefined : name.lang,
          selected: code === chosen,
        },
        name.text,
      ),
    );
  }
  // A provider asked for in the address but unknown to the list still filters.
  if (chosen && select.value !== chosen)
    select.append(el('option', { value: chosen, selected: true }, chosen));
}

function resultItem(portal: Portal, entry: ShareEntry): HTMLElement {
  const { tr, lang } = portal;
  const titleId = `entry-${codeSlug(entry.code)}`;
  const title = localized(entry.title, lang);
  const abstract = localized(entry.abstract, lang);
  const article = el(
    'article',
    { 'aria-labelledby': titleId },
    inLang('h3', title, lang, { id: titleId }),
    el(
      'p',
      { class: 'badges' },
      el(
        'span',
        { class: 'badge share-type', 'data-share-type': entry.shareType },
        tr(`term.shareType.${entry.shareType}`),
      ),
      el(
        'span',
        { class: 'badge' },
        tr(entry.hasData ? 'agency.entry.hasData' : 'agency.entry.noData'),
      ),
    ),
    inLang('p', { ...abstract, text: clip(abstract.text, 200) }, lang, { class: 'abstract' }),
    entryDetails(portal, entry),
    entryItems(portal, entry),
  );
  if (requestable(entry))
    article.append(
      el(
        'p',
        {},
        el(
          'a',
          {
            class: 'button',
            href: `${portal.path('/agency/request/')}?code=${encodeURIComponent(entry.slug ?? codeSlug(entry.code))}`,
          },
          tr('agency.catalog.request'),
          el(
            'span',
            { class: 'visually-hidden' },
            tr('agency.catalog.requestFor', { title: title.text }),
          ),
        ),
      ),
    );
  else article.append(el('p', { class: 'note warn' }, tr('agency.catalog.notRequestable')));
  return el('li', { class: 'dataset-card share-card' }, article);
}
