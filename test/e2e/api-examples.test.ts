import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { RATE_LIMIT_ENV } from '../../functions/src/config.ts';
import { PUBLIC_SNAPSHOT_KEY } from '../../functions/src/core/publish/object-keys.ts';
import type { CatalogSnapshot } from '../../functions/src/core/schemas/catalog-snapshot.ts';
import { apiExamples } from '../../site/src/lib/api-examples.ts';
import type { ApiExample } from '../../site/src/lib/api-examples.ts';
import { launchChromium } from './browser.ts';
import { startPortal } from './portal-server.ts';
import type { Portal } from './portal-server.ts';

// "Docs that run": the API examples every dataset page shows are taken from the built pages
// and run with curl, Node and Python against the local server, set up as `npm start` sets it
// up (embedded storage, the demo catalog published, the site built for the server's origin,
// createLocalApp serving site, API and open data). The API reference on the developers page is
// driven in Chromium.

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** An entry with open data (2,978 county division codes) and one linked to no data. */
const WITH_DATA = '103-000004';
const WITHOUT_DATA = '102-000002';

const installed = (command: string) =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const HAS_CURL = installed('curl');
const HAS_PYTHON = installed('python3');
for (const [tool, present] of [
  ['curl', HAS_CURL],
  ['python3', HAS_PYTHON],
] as const)
  if (!present)
    console.warn(
      `api-examples: ${tool} is not installed, so its examples are skipped (.ci/run installs it)`,
    );
const skippedWithout = (tool: string, present: boolean) =>
  present ? '' : ` [skipped: ${tool} is not installed]`;

let portal: Portal;
let siteDir: string;
let base: string;
let snapshot: CatalogSnapshot;
let browser: Browser | undefined;

/**
 * This file sends some fifty API requests from one address within a minute or two; the
 * anonymous limit (60 a minute) is not what it tests, and a 429 would fail an example.
 */
const LIMIT_ENV = RATE_LIMIT_ENV.anonymousPerMinute;
const limitBefore = process.env[LIMIT_ENV];

beforeAll(async () => {
  process.env[LIMIT_ENV] = '100000';
  portal = await startPortal('api-examples');
  ({ siteDir, base } = portal);
  snapshot = JSON.parse(
    (await portal.storage.stores.objects.getText('open', PUBLIC_SNAPSHOT_KEY))!,
  ) as CatalogSnapshot;
  await mkdir(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  if (limitBefore === undefined) delete process.env[LIMIT_ENV];
  else process.env[LIMIT_ENV] = limitBefore;
});

const builtPage = (path: string) => readFile(join(siteDir, path, 'index.html'), 'utf8');

/** Text as Astro escapes it into HTML, read back. */
function unescapeHtml(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_whole, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return named[entity.toLowerCase()]!;
  });
}

/** The examples a built dataset page shows, as a reader copies them from the page. */
async function examplesOnPage(path: string): Promise<ApiExample[]> {
  const html = await builtPage(path);
  const found = [
    ...html.matchAll(
      /<h3 id="api-(curl|javascript|python)">[\s\S]*?<\/h3>\s*<pre[^>]*><code>([\s\S]*?)<\/code><\/pre>/g,
    ),
  ];
  return found.map(([, id, code]) => ({ id: id as ApiExample['id'], code: unescapeHtml(code!) }));
}

async function exampleOf(slug: string, id: ApiExample['id']): Promise<string> {
  const example = (await examplesOnPage(`datasets/${slug}`)).find((e) => e.id === id);
  if (!example) throw new Error(`the page of ${slug} shows no ${id} example`);
  return example.code;
}

type Ran = { code: number | null; stdout: string; stderr: string };

/**
 * Runs a program with its source on stdin. Asynchronous on purpose: the server answering the
 * program runs in this process.
 */
function run(command: string, args: string[], source: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '', PYTHONIOENCODING: 'utf-8' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(source);
  });
}

const RUNNERS: Record<ApiExample['id'], [string, string[]]> = {
  curl: ['sh', ['-s']],
  javascript: [process.execPath, ['--input-type=module']],
  python: ['python3', ['-']],
};

async function runExample(slug: string, id: ApiExample['id']): Promise<Ran> {
  const [command, args] = RUNNERS[id];
  const ran = await run(command, args, await exampleOf(slug, id));
  expect(ran.code, `${id} example of ${slug} failed:\n${ran.stderr}\n${ran.stdout}`).toBe(0);
  return ran;
}

function entryOf(slug: string) {
  const entry = snapshot.entries.find((e) => e.code === slug.replace('-', '/'));
  if (!entry) throw new Error(`${slug} is not in the public snapshot`);
  return entry;
}

/** The first column of the first rows of the published CSV, read from the open bucket. */
async function firstCells(slug: string, count: number): Promise<string[]> {
  const key = entryOf(slug).latest!.distributions.find((d) => d.format === 'csv')!.key;
  const csv = await (await fetch(`${base}/${key}`)).text();
  return csv
    .split('\n')
    .slice(1, count + 1)
    .map((line) => line.split(',')[0]!.replace(/^"|"$/g, ''));
}

/** Asserts each value is printed, in this order: the rows of page 1, then those of page 2. */
function expectInOrder(output: string, values: string[]): void {
  let from = 0;
  for (const value of values) {
    const at = output.indexOf(value, from);
    expect(at, `${value} after position ${from} in:\n${output.slice(0, 2000)}`).toBeGreaterThan(-1);
    from = at + value.length;
  }
}

/** What every example prints about an entry: its Chinese title, and its version count. */
function expectMetadata(output: string, slug: string): void {
  const entry = entryOf(slug);
  expect(output).toContain(entry.title.zh);
  if (!output.trimStart().startsWith('{'))
    expect(output.split('\n')[0]).toBe(`${entry.title.zh} ${entry.versions.length}`);
}

describe('the API examples on dataset pages', () => {
  it('are exactly what apiExamples makes, on the Chinese and English page of each entry', async () => {
    for (const [slug, withRows] of [
      [WITH_DATA, true],
      [WITHOUT_DATA, false],
    ] as const) {
      const expected = apiExamples(base, slug, withRows);
      expect(expected.some((e) => e.code.includes('/rows?limit=5'))).toBe(withRows);
      for (const path of [`datasets/${slug}`, `en/datasets/${slug}`])
        expect(await examplesOnPage(path), path).toEqual(expected);
    }
  });

  describe.each(['curl', 'javascript', 'python'] as const)('%s', (id) => {
    const present = id === 'curl' ? HAS_CURL : id === 'python' ? HAS_PYTHON : true;
    const tool = id === 'curl' ? 'curl' : 'python3';

    it.skipIf(!present)(
      `reads the metadata of an entry without data${skippedWithout(tool, present)}`,
      async () => {
        const { stdout } = await runExample(WITHOUT_DATA, id);
        expectMetadata(stdout, WITHOUT_DATA);
        if (id === 'curl')
          expect(JSON.parse(stdout)).toMatchObject({ ok: true, data: { code: '102/000002' } });
      },
    );

    // Needs GET /api/v1/datasets/{code}/rows (limit, cursor, `next` in the envelope).
    it.skipIf(!present)(
      `reads the metadata, then two pages of rows by following next${skippedWithout(tool, present)}`,
      async () => {
        const { stdout } = await runExample(WITH_DATA, id);
        expectMetadata(stdout, WITH_DATA);
        const cells = await firstCells(WITH_DATA, 11);
        expectInOrder(stdout, [entryOf(WITH_DATA).title.zh, ...cells.slice(0, 10)]);
        // Page 2 starts at row 6: row 11 is on page 3, which the examples never ask for.
        expect(stdout).not.toContain(cells[10]!);
      },
    );
  });
});

async function withPage<T>(
  run: (page: Page) => Promise<T>,
  options: { javaScript?: boolean; width?: number } = {},
): Promise<T> {
  browser ??= await launchChromium();
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  const page = await context.newPage();
  try {
    return await run(page);
  } finally {
    await context.close();
  }
}

type OpenApi = {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, unknown> }>
  >;
};

describe('the API reference on the developers page', () => {
  it('has a section for every operation the API serves in its OpenAPI document, in both languages', async () => {
    const served = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as OpenApi;
    const operations = Object.values(served.paths).flatMap((item) => Object.entries(item));
    expect(operations.length).toBeGreaterThanOrEqual(5);
    for (const path of ['developers', 'en/developers']) {
      const html = await builtPage(path);
      const missing = operations
        .map(([, { operationId }]) => operationId)
        .filter((id) => !html.includes(`<section id="op-${id}"`));
      expect(missing, path).toEqual([]);
    }
  });

  it('links example calls that answer as their operation documents, without an error', async () => {
    const served = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as OpenApi;
    const documented = new Map(
      Object.values(served.paths).flatMap((item) =>
        Object.values(item).map((op) => [op.operationId, Object.keys(op.responses)] as const),
      ),
    );
    const html = await builtPage('en/developers');
    // One chunk per operation section: its id, then its example call if it has one.
    const calls = html
      .split('<section id="op-')
      .slice(1)
      .map(
        (chunk) =>
          [
            /^\w+/.exec(chunk)![0],
            /class="example-call"[^>]*>[^<]*<a href="([^"]+)"/.exec(chunk)?.[1],
          ] as const,
      )
      .filter((call): call is readonly [string, string] => call[1] !== undefined);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    for (const [operationId, href] of calls) {
      const status = (await fetch(`${base}${unescapeHtml(href)}`, { redirect: 'manual' })).status;
      const statuses = documented.get(operationId) ?? [];
      // An operation that needs a key documents its 401; any other error is a broken example.
      if (status === 401) expect(statuses, `${href} answered 401`).toContain('401');
      else expect(status, `${operationId}: ${href}`).toBeLessThan(400);
      expect(statuses, `${operationId}: ${href}`).toContain(String(status));
    }
  });

  it('shows the whole reference and every example call as a link without JavaScript', async () => {
    await withPage(
      async (page) => {
        await page.goto(`${base}/en/developers/`);
        expect(await page.locator('form[data-try-it]').first().isVisible()).toBe(false);
        await expect.poll(() => page.locator('.params-table').first().isVisible()).toBe(true);
        const links = page.locator('.example-call a[href^="/api/"]');
        expect(await links.count()).toBeGreaterThanOrEqual(5);
        const href = (await page.locator('#op-dataset_show .example-call a').getAttribute('href'))!;
        const answer = await page.request.get(`${base}${href}`);
        expect(answer.status()).toBe(200);
        expect(await answer.json()).toMatchObject({ ok: true });
      },
      { javaScript: false },
    );
  });

  it('sends a call from the keyboard and shows the status, the headers and the body', async () => {
    await withPage(async (page) => {
      await page.goto(`${base}/developers/`);
      const form = page.locator('#op-dataset_show form[data-try-it]');
      await form.locator('input[name="code"]').fill(WITH_DATA);
      await form.locator('input[name="code"]').focus();
      await page.keyboard.press('Tab');
      expect((await page.locator(':focus').textContent())?.trim()).toBe('发送');
      await page.keyboard.press('Enter');
      await expect.poll(() => form.locator('[role="status"]').textContent()).toMatch(/200/);
      expect(await form.locator('[data-request]').textContent()).toBe(
        `GET /api/v1/datasets/${WITH_DATA}`,
      );
      expect(await form.locator('[data-headers]').textContent()).toMatch(/etag\s*W\//i);
      const body = JSON.parse((await form.locator('[data-body]').textContent())!) as {
        data: { code: string };
      };
      expect(body.data.code).toBe(entryOf(WITH_DATA).code);
    });
  });

  it('shows an error answer as it comes, and data as text, never as markup', async () => {
    await withPage(async (page) => {
      await page.goto(`${base}/en/developers/`);
      const form = page.locator('#op-dataset_list form[data-try-it]');
      await form.locator('input[name="limit"]').fill('0');
      await form.locator('input[name="q"]').fill('<img src=x onerror=alert(1)>');
      await form.locator('button[type="submit"]').click();
      await expect.poll(() => form.locator('[role="status"]').textContent()).toMatch(/400/);
      expect(await form.locator('[data-body]').textContent()).toContain('"status": 400');
      expect(await form.locator('[data-result] img').count()).toBe(0);
    });
  });

  // portal.test.ts runs axe-core over both languages at desktop width with nothing sent; here
  // the page is checked at phone width with an answer shown, and screenshotted at both widths.
  it('has no serious or critical axe-core violation with an answer shown, at phone width, in either language', async () => {
    const problems: string[] = [];
    for (const [lang, path] of [
      ['zh', '/developers/'],
      ['en', '/en/developers/'],
    ])
      for (const [size, width] of [
        ['desktop', 1280],
        ['mobile', 390],
      ] as const)
        await withPage(
          async (page) => {
            await page.goto(`${base}${path}`);
            const name = `api-reference-${lang}-${size}`;
            await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
            const form = page.locator('#op-dataset_list form[data-try-it]');
            await form.locator('button[type="submit"]').click();
            await expect.poll(() => form.locator('[role="status"]').textContent()).toMatch(/200/);
            await page
              .locator('#op-dataset_list')
              .screenshot({ path: join(SCREENSHOTS, `${name}-operation.png`) });
            if (size !== 'mobile') return;
            await page.addScriptTag({ path: AXE });
            const { violations } = (await page.evaluate('axe.run()')) as {
              violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
            };
            for (const v of violations)
              if (v.impact === 'serious' || v.impact === 'critical')
                problems.push(
                  `${lang}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
                );
          },
          { width },
        );
    expect(problems).toEqual([]);
  }, 90_000);
});
