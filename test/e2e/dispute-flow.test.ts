import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from './browser.ts';
import { startPortal } from './portal-server.ts';
import type { Portal } from './portal-server.ts';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

// 103/000002 (统计用区划代码（省级）, 31 rows of real NBS data, key 信息项 `code`) is provided by
// 国家统计局, whose demo provider is in data/users.yaml.
const ENTRY = '/en/datasets/103-000002/';
const PROVIDER = 'Demo user: data provider, National Bureau of Statistics';
const CORRECTED = '北京市（京）';

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  portal = await startPortal('e2e-disputes');
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

/** A fresh tab of its own (its own session storage), nobody signed in. */
async function publicTab(width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  return context.newPage();
}

/** A fresh tab signed in as one demo user. */
async function signedIn(name: string): Promise<Page> {
  const page = await publicTab();
  await page.goto(`${portal.base}/en/signin/`);
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.waitForURL(/\/en\/agency\/$/);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

describe('a disputed cell in the browser', () => {
  it('is reported by the public, corrected by the provider, logged on the entry page and followed by its status link', async () => {
    // A member of the public reports the name in row 1 (北京市) of the latest version.
    const reporter = await publicTab();
    await reporter.goto(`${portal.base}${ENTRY}`);
    const form = reporter.locator('[data-report-form]');
    await form.waitFor({ state: 'visible' });
    await form.getByLabel('Row number').fill('1');
    await form.getByLabel('Field', { exact: true }).selectOption('name');
    await form.getByLabel(/What is wrong/).fill('The short name of the municipality is missing.');
    await form.getByLabel(/Expected value/).fill(CORRECTED);
    await form.getByLabel(/Evidence/).fill('https://www.stats.gov.cn/sj/tjbz/tjyqhdmhcxhfdm/2023/');
    await form.getByLabel('Name', { exact: true }).fill('Li Lei');
    await form.getByLabel('E-mail address').fill('li.lei@example.org');
    expect(await seriousViolations(reporter)).toEqual([]);
    await shot(reporter, 'dispute-1-report-form');
    await form.getByRole('button', { name: 'Report the error' }).click();
    const statusLink = form.getByRole('link', { name: 'Follow its status' });
    await statusLink.waitFor();
    const statusHref = (await statusLink.getAttribute('href'))!;
    expect(statusHref).toMatch(/^\/en\/disputes\/status\/\?id=dp_[a-z0-9]+&token=/);
    await expect
      .poll(() => form.locator('[data-report-receipt]').textContent())
      .toMatch(/The provider is to verify it by/);
    await shot(reporter, 'dispute-2-receipt');

    // The same report sent again is one dispute: the page says it is already reported.
    await form.getByRole('button', { name: 'Report the error' }).click();
    await expect
      .poll(() => form.locator('[data-report-status]').textContent())
      .toContain('already been reported');

    // The status link shows the report as reported, with its deadline.
    await reporter.goto(`${portal.base}${statusHref}`);
    const status = reporter.locator('[data-dispute-status]');
    await expect
      .poll(() => status.locator('[data-view]').textContent())
      .toContain('State: reported');
    expect(await status.textContent()).toContain('Verify by');
    expect(await seriousViolations(reporter)).toEqual([]);
    await shot(reporter, 'dispute-3-status-reported');

    // The provider verifies it and corrects the cell, publishing a new version.
    const provider = await signedIn(PROVIDER);
    await provider.goto(`${portal.base}/en/agency/disputes/`);
    const card = provider.locator('article[data-dispute]').first();
    await card.waitFor();
    expect(await card.textContent()).toContain('统计用区划代码（省级）');
    expect(await seriousViolations(provider)).toEqual([]);
    await shot(provider, 'dispute-4-provider-inbox');
    await card.getByRole('button', { name: 'Start verifying' }).click();
    await expect.poll(() => card.textContent()).toContain('being verified');
    await card.getByRole('button', { name: 'Correct the data' }).click();
    const editor = card.getByRole('form', { name: /^Correct/ });
    expect(await editor.getByLabel('Field', { exact: true }).inputValue()).toBe('name');
    expect(await editor.getByLabel('New value').inputValue()).toBe(CORRECTED);
    await shot(provider, 'dispute-5-correction-editor');
    await editor.getByRole('button', { name: 'Publish the corrected version' }).click();
    const corrected = provider.locator('article[data-dispute]').first();
    await expect
      .poll(() => corrected.textContent(), { timeout: 30_000 })
      .toContain('State: corrected');
    const changes = corrected.locator('table[data-changes]');
    expect(await changes.textContent()).toContain(CORRECTED);
    expect(await changes.textContent()).toContain('北京市');
    await shot(provider, 'dispute-6-provider-corrected');

    // The entry page's corrections log shows it once the site has been rebuilt.
    const reader = await publicTab();
    await expect
      .poll(
        async () => {
          await reader.goto(`${portal.base}${ENTRY}`);
          return reader.locator('#corrections').textContent();
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toContain(CORRECTED);
    const log = await reader.locator('#corrections table').textContent();
    expect(log).toContain('Version 2 (corrects version 1)');
    expect(log).toContain('北京市');
    await reader.locator('#corrections').scrollIntoViewIfNeeded();
    await shot(reader, 'dispute-7-corrections-log');
    expect(await reader.locator('#metadata').textContent()).toMatch(
      /Update status\s*Updated on schedule/,
    );

    // The reporter's status link now says corrected, with the changed cell and the new version.
    await reporter.goto(`${portal.base}${statusHref}`);
    await expect
      .poll(() => status.locator('[data-view]').textContent())
      .toContain('State: corrected');
    const correction = status.locator('[data-correction]');
    expect(await correction.textContent()).toContain('Version 2 was published');
    expect(await correction.locator('table').textContent()).toContain(CORRECTED);
    expect(await correction.getByRole('link').getAttribute('href')).toBe(`${ENTRY}#corrections`);
    expect(await seriousViolations(reporter)).toEqual([]);
    await shot(reporter, 'dispute-8-status-corrected');
    for (const page of [reporter, provider, reader]) await page.context().close();
  }, 300_000);
});

describe('the quality page in the browser', () => {
  it('shows the demo catalog’s figures, charts and definitions without serious accessibility problems', async () => {
    for (const [lang, path] of [
      ['zh', '/quality/'],
      ['en', '/en/quality/'],
    ] as const)
      for (const width of [1280, 390]) {
        const page = await publicTab(width);
        await page.goto(`${portal.base}${path}`);
        const table = page.locator('table[data-agency-table]');
        await table.waitFor();
        expect(await page.locator('figure.bar-chart svg[role="img"]').count()).toBe(2);
        expect(await page.locator('dl[data-definitions] dt').count()).toBeGreaterThan(10);
        expect(await seriousViolations(page), `${path} at ${width}`).toEqual([]);
        await shot(page, `quality-${lang}-${width}`);
        await page.context().close();
      }
    const page = await publicTab();
    await page.goto(`${portal.base}/en/quality/`);
    // The demo catalog has entries without data: a link rate below 100%.
    const linkRate = await page.locator('[data-figure="linkRate"] .value').textContent();
    expect(Number.parseFloat(linkRate!)).toBeLessThan(100);
    const csv = await page.request.get(`${portal.base}/catalog/quality.csv`);
    expect(csv.status()).toBe(200);
    await page.context().close();
  }, 180_000);
});
