import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, seriousViolations } from './browser.ts';
import { startPortal } from './portal-server.ts';
import type { Portal } from './portal-server.ts';
import { zhoushanCatalog } from '../site/federation-fixture.ts';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  portal = await startPortal('federation', {
    beforeBuild: async (storage) => storage.stores.federation.write(await zhoushanCatalog()),
  });
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

async function withPage<T>(run: (page: Page) => Promise<T>, width = 1280): Promise<T> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  try {
    return await run(page);
  } finally {
    await context.close();
  }
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `federated-${name}.png`), fullPage: true });

/** Presses Tab until the focus is on an element matching `selector`; answers how many presses. */
async function tabTo(page: Page, selector: string, limit = 80): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    const matches = `document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`;
    if (await page.evaluate<boolean>(matches)) return presses;
  }
  throw new Error(`${limit} presses of Tab never reached ${selector}`);
}

describe('the federated section in Chromium', () => {
  it('leads from the header to a source and on to a harvested entry, with no serious axe findings', async () => {
    await withPage(async (page) => {
      await page.goto(`${portal.base}/`);
      await page.click('.site-nav a[href="/federated/"]');
      await page.waitForURL(/\/federated\/$/);
      expect(await page.locator('.site-nav a[aria-current="page"]').textContent()).toContain(
        '联邦目录',
      );
      expect(await page.locator('tbody tr').count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, 'sources');

      await page.click('a[href="/federated/zhoushan/"]');
      await page.waitForURL(/\/federated\/zhoushan\/$/);
      expect(await page.locator('h1').textContent()).toContain('舟山市公共数据开放平台');
      const rows = page.locator('tbody tr');
      expect(await rows.count()).toBe(3);
      expect(await rows.nth(2).locator('.removed-mark').textContent()).toContain('已下线');
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, 'source');

      await page.click('a[href="/federated/zhoushan/212-000001/"]');
      await page.waitForURL(/\/federated\/zhoushan\/212-000001\/$/);
      const provenance = page.locator('#provenance');
      expect(await provenance.locator('dt').allTextContents()).toEqual([
        '来源平台',
        '原始代码',
        '采集时间',
        '原始链接',
      ]);
      expect(await provenance.locator('a.original-link').getAttribute('href')).toBe(
        'http://data.zhoushan.gov.cn/#/OpenData/DataSet/Detail?id=50724',
      );
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, 'entry');
    });
  });

  it('shows a removed entry with its mark and the date it left the source', async () => {
    await withPage(async (page) => {
      await page.goto(`${portal.base}/federated/zhoushan/211-000003/`);
      expect(await page.locator('.entry-head .removed-mark').textContent()).toContain('已下线');
      expect(await page.locator('.note.warn').textContent()).toContain('2026年11月27日');
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, 'entry-removed');
    });
  });

  it('lets a keyboard user reach the entry links of a source and open one', async () => {
    await withPage(async (page) => {
      await page.goto(`${portal.base}/federated/zhoushan/`);
      await tabTo(page, 'tbody a[href^="/federated/zhoushan/"]');
      const focused = page.locator(':focus');
      expect(await focused.getAttribute('href')).toBe('/federated/zhoushan/212-000002/');
      // The focus is visible: the site's focus ring, not the browser's lack of one.
      const outline = await page.evaluate<string>(
        'getComputedStyle(document.activeElement).outlineStyle',
      );
      expect(outline).not.toBe('none');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/federated\/zhoushan\/212-000002\/$/);
      expect(await page.locator('h1').textContent()).toContain('河段信息');
    });
  });

  it('works in English and on a phone-sized screen', async () => {
    await withPage(async (page) => {
      await page.goto(`${portal.base}/en/federated/zhoushan/`);
      expect(await page.locator('h1').textContent()).toContain('Zhoushan Public Data Portal');
      expect(await page.locator('tbody .removed-mark').textContent()).toContain(
        'Removed from source',
      );
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, 'en-source-mobile');
      await page.goto(`${portal.base}/en/federated/zhoushan/212-000002/`);
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, 'en-entry-mobile');
    }, 390);
  });

  it('finds harvested entries in search, filtered by their source and marked with it', async () => {
    await withPage(async (page) => {
      await page.goto(`${portal.base}/search/?source=zhoushan`);
      await page.waitForSelector('[data-search][data-state="done"]', { timeout: 20_000 });
      const results = page.locator('[data-results] .dataset-card');
      expect(await results.count()).toBe(2);
      expect(await results.first().locator('a').getAttribute('href')).toMatch(
        /^\/federated\/zhoushan\//,
      );
      expect(await results.first().locator('.source-mark').textContent()).toBe(
        '来源：舟山市公共数据开放平台',
      );
      expect(await page.locator('#filter-source').inputValue()).toBe('zhoushan');
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, 'search');
    });
  });
});

describe('what the site offers crawlers and feed readers', () => {
  it('serves a sitemap that Chromium parses as XML, naming the federated pages', async () => {
    await withPage(async (page) => {
      await page.goto(`${portal.base}/`);
      // Chromium's own XML parser, namespaces and all: what a crawler's parser would make of it.
      const parsed = await page.evaluate<{
        errors: number;
        root: string | null;
        locs: string[];
        alternates: number;
      }>(`(async () => {
        const text = await (await fetch('/sitemap.xml')).text();
        const xml = new DOMParser().parseFromString(text, 'application/xml');
        const ns = 'http://www.sitemaps.org/schemas/sitemap/0.9';
        return {
          errors: xml.getElementsByTagName('parsererror').length,
          root: xml.documentElement.namespaceURI,
          locs: [...xml.getElementsByTagNameNS(ns, 'loc')].map((loc) => loc.textContent),
          alternates: xml.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', 'link').length,
        };
      })()`);
      expect(parsed.errors).toBe(0);
      expect(parsed.root).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
      expect(parsed.locs).toContain(`${portal.base}/federated/zhoushan/212-000001/`);
      expect(parsed.locs).toContain(`${portal.base}/en/datasets/103-000004/`);
      expect(parsed.locs.some((loc) => loc.includes('/agency/'))).toBe(false);
      expect(parsed.alternates).toBe(2 * parsed.locs.length);
    });
  });

  it('serves robots.txt as text naming the sitemap, and links the feeds from the page head', async () => {
    const robots = await fetch(`${portal.base}/robots.txt`);
    expect(robots.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await robots.text()).toContain(`Sitemap: ${portal.base}/sitemap.xml`);
    await withPage(async (page) => {
      await page.goto(`${portal.base}/federated/`);
      const links = await page
        .locator('head link[rel="alternate"][type]')
        .evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('type'), n.getAttribute('href')]));
      expect(links).toEqual([
        ['application/atom+xml', '/catalog/feed.atom'],
        ['application/ld+json', '/catalog/dcat.jsonld'],
        ['text/turtle', '/catalog/dcat.ttl'],
      ]);
    });
  });
});
