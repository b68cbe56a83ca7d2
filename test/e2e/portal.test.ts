import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import type { TestStorage } from '../support/storage.ts';
import { launchChromium } from './browser.ts';
import { startPortal } from './portal-server.ts';
import type { Portal } from './portal-server.ts';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** One page of each template, in Chinese, and the English twins of the main ones. */
const TEMPLATES: Record<string, string> = {
  home: '/',
  catalog: '/datasets/',
  'catalog-facet': '/datasets/category/geospatial/',
  'catalog-sorted': '/datasets/sort/title/',
  entry: '/datasets/103-000004/',
  'entry-without-data': '/datasets/102-000002/',
  search: '/search/?q=人口',
  agencies: '/agencies/',
  agency: '/agencies/nbs/',
  about: '/about/',
  developers: '/developers/',
  'not-found': '/datasets/999-999999/',
  'en-home': '/en/',
  'en-catalog': '/en/datasets/',
  'en-entry': '/en/datasets/301-000002/',
  'en-search': '/en/search/?q=population',
  'en-developers': '/en/developers/',
  'en-not-found': '/en/no-such-page/',
};

let portal: Portal;
let storage: TestStorage;
let base: string;
let browser: Browser;

beforeAll(async () => {
  portal = await startPortal('e2e');
  ({ storage, base } = portal);
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

async function withPage<T>(run: (page: Page) => Promise<T>, javaScript = true): Promise<T> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    javaScriptEnabled: javaScript,
  });
  const page = await context.newPage();
  try {
    return await run(page);
  } finally {
    await context.close();
  }
}

async function searchDone(page: Page): Promise<void> {
  await page.waitForSelector('[data-search][data-state="done"]', { timeout: 20_000 });
}

describe('the portal in Chromium', () => {
  it('finds 人口 from the home page, narrows it with a facet and opens an entry', async () => {
    await withPage(async (page) => {
      await page.goto(`${base}/`);
      await page.fill('#home-search', '人口');
      await page.press('#home-search', 'Enter');
      await page.waitForURL(/\/search\/\?q=/);
      await searchDone(page);
      const all = await page.locator('[data-results] .dataset-card').count();
      expect(all).toBeGreaterThanOrEqual(5);
      await expect
        .poll(() => page.locator('[data-results] .dataset-card h2').first().textContent())
        .toContain('人口');

      await page.selectOption('#filter-agency', 'ah-stats');
      await searchDone(page);
      const agencies = await page
        .locator('[data-results] .dataset-card .meta-line li:first-child')
        .allTextContents();
      expect(agencies.length).toBeGreaterThan(0);
      expect(agencies.length).toBeLessThan(all);
      expect(new Set(agencies)).toEqual(new Set(['安徽省统计局']));
      expect(page.url()).toContain('agency=ah-stats');

      await page.locator('[data-results] .dataset-card h2 a').first().click();
      await page.waitForURL(/\/datasets\/328-\d{6}\/$/);
      expect(await page.locator('h1').textContent()).toContain('人口');
    });
  });

  it('downloads the CSV exactly as it was published', async () => {
    await withPage(async (page) => {
      await page.goto(`${base}/datasets/301-000002/`);
      const link = page.locator('.downloads a[href$="data.csv"]');
      const href = (await link.getAttribute('href'))!;
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const downloaded = await readFile((await download.path())!);
      const published = await storage.clients.s3.send(
        new GetObjectCommand({ Bucket: storage.config.buckets.open, Key: href.slice(1) }),
      );
      const bytes = Buffer.from(await published.Body!.transformToByteArray());
      expect(bytes.length).toBeGreaterThan(100);
      expect(downloaded.equals(bytes)).toBe(true);
    });
  });

  it('switches an entry page to English and back', async () => {
    await withPage(async (page) => {
      await page.goto(`${base}/datasets/301-000002/`);
      await page.click('a.lang-switch');
      await page.waitForURL(`${base}/en/datasets/301-000002/`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('h1').textContent()).toBe('Total population');
      expect(await page.locator('.site-nav').textContent()).toContain('Datasets');
      await page.click('a.lang-switch');
      await page.waitForURL(`${base}/datasets/301-000002/`);
      expect(await page.locator('h1').textContent()).toBe('总人口');
    });
  });

  it('shows the 404 page for an unknown dataset, with status 404, in each language', async () => {
    await withPage(async (page) => {
      const chinese = await page.goto(`${base}/datasets/999-999999/`);
      expect(chinese!.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('找不到这个页面');
      const english = await page.goto(`${base}/en/datasets/999-999999/`);
      expect(english!.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('Page not found');
    });
  });

  it('serves the API and open data next to the site', async () => {
    const api = await fetch(`${base}/api/v1/datasets/103-000004`);
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ ok: true });
    const unknown = await fetch(`${base}/api/v1/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, status: 404 });
  });

  it('browses the catalog by facet, sort and page without JavaScript', async () => {
    await withPage(async (page) => {
      await page.goto(`${base}/datasets/`);
      expect(await page.locator('.dataset-list > li').count()).toBe(50);
      await page.click('.facets a[href="/datasets/category/geospatial/"]');
      await page.waitForURL(`${base}/datasets/category/geospatial/`);
      const titles = await page.locator('.dataset-list h3').allTextContents();
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.every((title) => title.includes('区划') || title.includes('地理'))).toBe(true);
      await page.goto(`${base}/datasets/`);
      await page.click('.pagination a[rel="next"]');
      await page.waitForURL(`${base}/datasets/page/2/`);
      expect(await page.locator('.dataset-list > li').count()).toBeGreaterThan(0);
      await page.goto(`${base}/datasets/103-000004/`);
      expect(await page.locator('#preview tbody tr').count()).toBe(20);
    }, false);
  });

  it('lets a keyboard user skip straight to the content', async () => {
    await withPage(async (page) => {
      await page.goto(`${base}/datasets/103-000004/`);
      await page.keyboard.press('Tab');
      expect(await page.locator(':focus').getAttribute('class')).toBe('skip-link');
      await page.keyboard.press('Enter');
      expect(await page.locator(':focus').getAttribute('id')).toBe('main');
    });
  });

  // Longer than the default timeout: the developers page (the API reference) alone takes about
  // 9 s for its full-page screenshot and axe-core.
  it('has no serious or critical axe-core violation on any page template, and screenshots each', async () => {
    const problems: string[] = [];
    await withPage(async (page) => {
      for (const [name, path] of Object.entries(TEMPLATES)) {
        await page.goto(`${base}${path}`);
        if (path.includes('/search/')) await searchDone(page);
        await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
        await page.addScriptTag({ path: AXE });
        const { violations } = (await page.evaluate('axe.run()')) as {
          violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
        };
        for (const v of violations)
          if (v.impact === 'serious' || v.impact === 'critical')
            problems.push(
              `${name}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
            );
      }
    });
    expect(problems).toEqual([]);
  }, 120_000);
});
