import { siteData } from './site-data.ts';

/** Code examples for reading one dataset through the API, one per language offered. */
export type ApiExample = { id: 'curl' | 'javascript' | 'python'; code: string };

/** The path of an entry in API v1. */
export function datasetApiPath(slug: string): string {
  return `/api/v1/datasets/${slug}`;
}

/** Rows per page in the examples: enough to see the shape, few enough to read. */
export const EXAMPLE_PAGE_ROWS = 5;

/** Whether an entry has open data the public can query row by row. */
function hasOpenRows(slug: string): boolean {
  return siteData().bySlug.get(slug)?.latest !== undefined;
}

/**
 * Examples that run as they are, each printing what it read: the entry's metadata and, for an
 * entry with open data, the first page of its rows and the page its `next` cursor leads to.
 * curl needs only a POSIX shell (sed reads the cursor; the answer is one line of JSON), the
 * JavaScript runs in Node 20 or a browser, the Python on the standard library alone.
 * test/e2e/api-examples.test.ts runs them as a built page shows them.
 */
export function apiExamples(
  siteUrl: string,
  slug: string,
  withRows: boolean = hasOpenRows(slug),
): ApiExample[] {
  const url = new URL(datasetApiPath(slug), siteUrl).href;
  const rows = `${url}/rows?limit=${EXAMPLE_PAGE_ROWS}`;
  return [
    {
      id: 'curl',
      code: [
        `curl -s '${url}'`,
        ...(withRows
          ? [
              `page=$(curl -s '${rows}')`,
              `echo "$page"`,
              `next=$(echo "$page" | sed -n 's/.*"next":"\\([^"]*\\)".*/\\1/p')`,
              `curl -s -G --data-urlencode "cursor=$next" '${rows}'`,
            ]
          : []),
      ].join('\n'),
    },
    {
      id: 'javascript',
      code: [
        'async function get(url) {',
        '  const answer = await (await fetch(url)).json();',
        '  if (!answer.ok) throw new Error(answer.error);',
        '  return answer;',
        '}',
        '',
        `const { data } = await get('${url}');`,
        'console.log(data.title.zh, data.versions.length);',
        ...(withRows
          ? [
              '',
              `let page = await get('${rows}');`,
              'console.log(page.data.items);',
              `page = await get(\`${rows}&cursor=\${encodeURIComponent(page.next)}\`);`,
              'console.log(page.data.items);',
            ]
          : []),
      ].join('\n'),
    },
    {
      id: 'python',
      code: [
        'import json',
        ...(withRows ? ['from urllib.parse import quote'] : []),
        'from urllib.request import urlopen',
        '',
        '',
        'def get(url):',
        '    with urlopen(url) as response:  # an error status raises HTTPError',
        '        return json.load(response)',
        '',
        '',
        `data = get('${url}')['data']`,
        "print(data['title']['zh'], len(data['versions']))",
        ...(withRows
          ? [
              '',
              `page = get('${rows}')`,
              "print(page['data']['items'])",
              `page = get('${rows}&cursor=' + quote(page['next']))`,
              "print(page['data']['items'])",
            ]
          : []),
      ].join('\n'),
    },
  ];
}
