/** Code examples for reading one dataset through the API, one per language offered. */
export type ApiExample = { id: 'curl' | 'javascript' | 'python'; code: string };

/** The path of an entry in API v1. */
export function datasetApiPath(slug: string): string {
  return `/api/v1/datasets/${slug}`;
}

/** Ready-to-run examples that fetch an entry's metadata from API v1. */
export function apiExamples(siteUrl: string, slug: string): ApiExample[] {
  const url = new URL(datasetApiPath(slug), siteUrl).href;
  return [
    { id: 'curl', code: `curl -s ${url}` },
    {
      id: 'javascript',
      code: [
        `const response = await fetch('${url}');`,
        'const { ok, data } = await response.json();',
        'if (ok) console.log(data.title.zh, data.versions.length);',
      ].join('\n'),
    },
    {
      id: 'python',
      code: [
        'import json',
        'from urllib.request import urlopen',
        '',
        `with urlopen('${url}') as response:`,
        '    answer = json.load(response)',
        "if answer['ok']:",
        "    print(answer['data']['title']['zh'], len(answer['data']['versions']))",
      ].join('\n'),
    },
  ];
}
