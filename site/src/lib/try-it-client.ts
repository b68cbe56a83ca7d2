/**
 * The "try it" forms of the API reference, in the browser: each sends its GET request to this
 * site's own API and shows the status, the headers worth knowing (caching, rate limits) and the
 * body, pretty-printed when it is JSON. Every text is set with `textContent`, never as HTML:
 * answers hold catalog text, which is data.
 */

/** The UI strings the script needs, passed from the page's i18n files. */
export type TryItStrings = {
  sending: string;
  status: string;
  failed: string;
  binary: string;
  truncated: string;
};

/** Headers a developer looks at first: format, caching, rate limits, redirects. */
const SHOWN_HEADERS =
  /^(content-type|etag|cache-control|location|retry-after|x-ratelimit-[\w-]+)$/i;

/** Characters of a body shown; a whole CSV download would freeze the page. */
const MAX_BODY = 100_000;

const TEXT_TYPES = /^(text\/|application\/([\w.+-]*json|[\w.+-]*ndjson|xml|javascript))/i;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

type Fields = HTMLInputElement | HTMLSelectElement;

/** The request a form describes: path parameters filled in, empty fields left out. */
function requestOf(form: HTMLFormElement, key: HTMLInputElement | null): Request {
  let path = form.dataset.path ?? '';
  const query = new URLSearchParams();
  const headers = new Headers();
  for (const field of form.querySelectorAll<Fields>('[data-in]')) {
    const value = field.value.trim();
    if (value === '') continue;
    if (field.dataset.in === 'path')
      path = path.replace(`{${field.name}}`, encodeURIComponent(value));
    else if (field.dataset.in === 'query' && 'exploded' in field.dataset)
      // An object parameter: its properties travel as parameters of their own (column filters).
      for (const [name, part] of new URLSearchParams(value)) query.append(name, part);
    else if (field.dataset.in === 'query') query.append(field.name, value);
    else if (field.dataset.in === 'header') headers.set(field.name, value);
  }
  const apiKey = key?.value.trim();
  if (key?.dataset.header && apiKey) headers.set(key.dataset.header, apiKey);
  const search = query.toString();
  return new Request(search ? `${path}?${search}` : path, { headers });
}

function pretty(text: string, type: string): string {
  if (!/json/i.test(type) || /ndjson/i.test(type)) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

async function send(
  form: HTMLFormElement,
  strings: TryItStrings,
  key: HTMLInputElement | null,
  run: number,
  latest: () => number,
): Promise<void> {
  const status = form.querySelector<HTMLElement>('[data-status]')!;
  const result = form.querySelector<HTMLElement>('[data-result]')!;
  const request = requestOf(form, key);
  status.textContent = strings.sending;
  const started = performance.now();
  try {
    const response = await fetch(request);
    const type = response.headers.get('content-type') ?? '';
    const body = TEXT_TYPES.test(type)
      ? pretty(await response.text(), type)
      : fill(strings.binary, { bytes: (await response.arrayBuffer()).byteLength, type });
    if (run !== latest()) return;
    const ms = Math.round(performance.now() - started);
    const url = new URL(request.url);
    // fetch() follows redirects (downloads answer 302): say where the body came from.
    const target = response.redirected ? new URL(response.url) : undefined;
    form.querySelector('[data-request]')!.textContent =
      `GET ${url.pathname}${url.search}` +
      (target ? ` \u2192 ${target.pathname}${target.search}` : '');
    const list = form.querySelector<HTMLDListElement>('[data-headers]')!;
    list.replaceChildren();
    response.headers.forEach((value, name) => {
      if (SHOWN_HEADERS.test(name)) list.append(line(name, value));
    });
    form.querySelector('[data-body]')!.textContent =
      body.length > MAX_BODY
        ? `${body.slice(0, MAX_BODY)}\n${fill(strings.truncated, { n: MAX_BODY })}`
        : body;
    result.hidden = false;
    status.textContent = fill(strings.status, { status: response.status, ms });
  } catch (error) {
    if (run !== latest()) return;
    result.hidden = true;
    status.textContent = fill(strings.failed, {
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

/** One header as a term and its value. */
function line(name: string, value: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const term = document.createElement('dt');
  term.textContent = name;
  const detail = document.createElement('dd');
  detail.textContent = value;
  fragment.append(term, detail);
  return fragment;
}

/** Wires up the reference: shows what needs the script and sends each form on submit. */
export function startTryIt(root: HTMLElement): void {
  const strings = JSON.parse(root.dataset.strings ?? '{}') as TryItStrings;
  const key = root.querySelector<HTMLInputElement>('[data-api-key]');
  for (const element of root.querySelectorAll<HTMLElement>('[data-needs-script]'))
    element.hidden = false;
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-try-it]')) {
    let run = 0;
    form.hidden = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      run += 1;
      void send(form, strings, key, run, () => run);
    });
  }
}
