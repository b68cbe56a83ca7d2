/**
 * The search page in the browser: reads the query and filters from the form (and the URL, so a
 * search can be linked), runs the ranked Pagefind search and renders results as DOM nodes whose
 * text is set with `textContent`, never as HTML.
 */
import { rankedSearch } from './search-engine.ts';
import type { PagefindApi, RankedResult } from './search-engine.ts';

/** The UI strings the script needs, passed from the page's i18n files. */
export type SearchStrings = {
  searching: string;
  found: string;
  none: string;
  partial: string;
  failed: string;
  prompt: string;
  updated: string;
  /** How a harvested entry's result names its source: `来源：{name}`. */
  source: string;
};

type PagefindModule = PagefindApi & {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
};

/** Results shown at once; the rest come with the "more" button. */
const BATCH = 10;

let pagefind: Promise<PagefindModule> | undefined;

function loadPagefind(): Promise<PagefindModule> {
  const bundle = '/pagefind/pagefind.js';
  pagefind ??= import(/* @vite-ignore */ bundle).then(async (module: PagefindModule) => {
    // On the main thread: the worker script would cost another 40 KB for the first search.
    await module.options({ noWorker: true });
    await module.init();
    return module;
  });
  return pagefind;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A text node in its own language when it differs from the page's. */
function inLanguage(text: string, textLang: string, pageLang: string): Node {
  if (textLang === pageLang) return document.createTextNode(text);
  const span = element('span', undefined, text);
  span.lang = textLang;
  return span;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

/** Wires up one search page. */
export function startSearch(root: HTMLElement): void {
  const strings = JSON.parse(root.dataset.strings ?? '{}') as SearchStrings;
  const pageLang = document.documentElement.lang;
  const english = pageLang === 'en';
  const form = root.querySelector('form')!;
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const selects = [...form.querySelectorAll<HTMLSelectElement>('select')];
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const list = root.querySelector<HTMLOListElement>('[data-results]')!;
  const more = root.querySelector<HTMLButtonElement>('[data-more]')!;
  let ranked: RankedResult[] = [];
  let shown = 0;
  let run = 0;
  let previousComplete = true;

  const dateFormat = new Intl.DateTimeFormat(english ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: english ? 'short' : 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });

  const render = async (results: RankedResult[]) => {
    const data = await Promise.all(results.map(({ result }) => result.data()));
    data.forEach(({ url, meta }, i) => {
      // Entries matching only some of the words follow a note saying so.
      const complete = results[i]!.complete;
      if (!complete && previousComplete)
        list.append(element('li', 'partial-note', strings.partial));
      previousComplete = complete;
      const item = element('li', 'dataset-card');
      const heading = element('h2');
      const link = element('a');
      link.href = english ? `/en${url}` : url;
      const title = english && meta.title_en ? meta.title_en : meta.title!;
      link.append(inLanguage(title, english && meta.title_en ? 'en' : 'zh-CN', pageLang));
      heading.append(link);
      item.append(heading);
      const line = element('ul', 'meta-line');
      const agency = english && meta.agency_en ? meta.agency_en : meta.agency!;
      const agencyItem = element('li');
      agencyItem.append(inLanguage(agency, english && meta.agency_en ? 'en' : 'zh-CN', pageLang));
      line.append(agencyItem);
      // Harvested entries name the platform they came from; own entries carry no source.
      const source = english && meta.source_en ? meta.source_en : meta.source;
      if (source) {
        const sourceItem = element('li', 'source-mark');
        const [before = '', after = ''] = strings.source.split('{name}');
        sourceItem.append(
          before,
          inLanguage(source, english && meta.source_en ? 'en' : 'zh-CN', pageLang),
          after,
        );
        line.append(sourceItem);
      }
      if (meta.modified)
        line.append(
          element(
            'li',
            undefined,
            fill(strings.updated, {
              date: dateFormat.format(new Date(`${meta.modified}T00:00:00Z`)),
            }),
          ),
        );
      item.append(line);
      const abstract = english && meta.abstract_en ? meta.abstract_en : meta.abstract;
      if (abstract) {
        const paragraph = element('p', 'abstract');
        paragraph.append(
          inLanguage(abstract, english && meta.abstract_en ? 'en' : 'zh-CN', pageLang),
        );
        item.append(paragraph);
      }
      if (meta.formats) {
        const badges = element('ul', 'badges');
        for (const format of meta.formats.split(' '))
          badges.append(element('li', 'badge format', format));
        item.append(badges);
      }
      list.append(item);
    });
  };

  const showMore = async () => {
    const next = ranked.slice(shown, shown + BATCH);
    shown += next.length;
    await render(next);
    more.hidden = shown >= ranked.length;
  };

  const search = async () => {
    const query = input.value.trim();
    const filters: Record<string, string[]> = {};
    for (const select of selects) if (select.value) filters[select.name] = [select.value];
    const params = new URLSearchParams();
    if (query) params.set('q', query);
    for (const [name, [value]] of Object.entries(filters)) params.set(name, value!);
    history.replaceState(null, '', params.size > 0 ? `?${params}` : location.pathname);

    const mine = ++run;
    // Tests and benchmarks wait for `data-state="done"` to know the results are on the page.
    root.dataset.state = 'busy';
    list.replaceChildren();
    more.hidden = true;
    if (!query && Object.keys(filters).length === 0) {
      status.textContent = strings.prompt;
      root.dataset.state = 'done';
      return;
    }
    status.textContent = strings.searching;
    try {
      const results = await rankedSearch(await loadPagefind(), query, filters);
      if (mine !== run) return;
      ranked = results;
      shown = 0;
      previousComplete = true;
      status.textContent =
        ranked.length === 0
          ? fill(strings.none, { q: query })
          : fill(strings.found, { n: ranked.length.toLocaleString(pageLang) });
      await showMore();
    } catch (error) {
      console.error(error);
      if (mine === run) status.textContent = strings.failed;
    }
    if (mine === run) root.dataset.state = 'done';
  };

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  for (const select of selects) select.value = params.get(select.name) ?? '';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search();
  });
  for (const select of selects) select.addEventListener('change', () => void search());
  more.addEventListener('click', () => void showMore());
  input.addEventListener('focus', () => void loadPagefind(), { once: true });
  void search();
}
