import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PagefindApi } from '../../site/src/lib/search-engine.ts';

/**
 * Loads the `pagefind.js` of a built bundle in Node: the same search code the browser runs,
 * reading the index files from disk through a `fetch` that serves file URLs.
 */
export async function loadPagefind(bundleDir: string): Promise<PagefindApi> {
  const fetchFile = async (input: string | URL | Request): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input).split('?')[0]!;
    if (!url.startsWith('file:')) throw new Error(`the search fetched ${url}, not a bundle file`);
    return new Response(await readFile(fileURLToPath(url)));
  };
  globalThis.fetch = fetchFile as typeof fetch;
  const base = pathToFileURL(`${bundleDir}/`).href;
  const pagefind = (await import(`${base}pagefind.js`)) as PagefindApi & {
    options(options: Record<string, unknown>): Promise<void>;
    init(): Promise<void>;
  };
  await pagefind.options({ basePath: base });
  await pagefind.init();
  return pagefind;
}

/** The entry codes of the first `limit` results. */
export async function topCodes(
  results: { result: { data(): Promise<{ meta: Record<string, string> }> } }[],
  limit: number,
): Promise<string[]> {
  const data = await Promise.all(results.slice(0, limit).map(({ result }) => result.data()));
  return data.map((d) => d.meta.code!);
}
