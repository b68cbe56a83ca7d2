import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium, seriousViolations } from './browser.ts';
import { startPortal } from './portal-server.ts';
import type { Portal } from './portal-server.ts';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

let portal: Portal;
let base: string;
let browser: Browser;

beforeAll(async () => {
  portal = await startPortal('e2e-keys');
  ({ base } = portal);
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

async function withPage<T>(
  run: (page: Page) => Promise<T>,
  options: BrowserContextOptions = {},
): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  try {
    return await run(page);
  } finally {
    await context.close();
  }
}

// Evaluated in the page: the test's own TypeScript has no DOM types.
const focusedId = (page: Page) => page.evaluate<string>("document.activeElement?.id ?? ''");

describe('the key sign-up page', () => {
  it('signs up with the keyboard alone, shows the key once with a copy button, and the key works', async () => {
    await withPage(
      async (page) => {
        await page.goto(`${base}/en/developers/keys/`);
        await page.focus('#key-name');
        await page.keyboard.type('Ada Lovelace');
        await page.keyboard.press('Tab');
        expect(await focusedId(page)).toBe('key-email');
        await page.keyboard.type('ada@example.org');
        await page.keyboard.press('Tab');
        expect(await focusedId(page)).toBe('key-purpose');
        await page.keyboard.type('teaching');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-result]:not([hidden])');
        expect(await focusedId(page)).toBe('key-result-title');
        expect(await page.isHidden('[data-form]')).toBe(true);
        const key = await page.inputValue('#key-secret');
        expect(key).toMatch(/^drk_[A-Za-z0-9_-]{43}$/);
        expect(await page.textContent('[data-id]')).toMatch(/^key_[0-9a-f]{16}$/);
        expect(await page.textContent('[data-try]')).toContain(`X-API-Key: ${key}`);

        await page.click('[data-copy]');
        expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(key);
        expect(await page.textContent('[data-status]')).toContain('copied');
        await page.screenshot({ path: join(SCREENSHOTS, 'en-developer-key.png'), fullPage: true });

        const me = await fetch(`${base}/api/v1/keys/me`, { headers: { 'X-API-Key': key } });
        expect(me.status).toBe(200);
        expect(await me.json()).toMatchObject({
          data: { name: 'Ada Lovelace', purpose: 'teaching' },
        });
      },
      { permissions: ['clipboard-read', 'clipboard-write'] },
    );
  });

  it('marks each field the API refuses, says why beside it, and moves the focus to the first', async () => {
    await withPage(async (page) => {
      await page.goto(`${base}/developers/keys/`);
      await page.fill('#key-email', 'not an address');
      await page.click('[data-form] button[type="submit"]');
      await page.waitForSelector('#key-name[aria-invalid="true"]');
      expect(await page.getAttribute('#key-email', 'aria-invalid')).toBe('true');
      expect(await page.getAttribute('#key-purpose', 'aria-invalid')).toBeNull();
      expect(await page.textContent('#key-email-error')).toContain('dev@example.org');
      expect(await page.getAttribute('#key-email', 'aria-describedby')).toContain(
        'key-email-error',
      );
      expect(await focusedId(page)).toBe('key-name');
      expect(await page.isHidden('[data-result]')).toBe(true);
    });
  });

  it('explains without JavaScript that signing up needs it, or curl or the CLI, and hides the form', async () => {
    await withPage(
      async (page) => {
        await page.goto(`${base}/en/developers/keys/`);
        expect(await page.isHidden('[data-form]')).toBe(true);
        const text = await page.textContent('main');
        expect(text).toContain('needs JavaScript');
        expect(text).toContain('curl -s -X POST');
        expect(text).toContain('npx datarun key create');
      },
      { javaScriptEnabled: false },
    );
  });

  it('has no serious or critical axe-core violation in either language, before and after signing up', async () => {
    const problems: string[] = [];
    await withPage(async (page) => {
      for (const path of ['/developers/keys/', '/en/developers/keys/']) {
        await page.goto(`${base}${path}`);
        problems.push(...(await seriousViolations(page)).map((p) => `${path}: ${p}`));
      }
      await page.fill('#key-name', 'Lin');
      await page.fill('#key-email', 'lin@example.org');
      await page.click('[data-form] button[type="submit"]');
      await page.waitForSelector('[data-result]:not([hidden])');
      problems.push(...(await seriousViolations(page)).map((p) => `after sign-up: ${p}`));
    });
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('the usage block of a dataset page', () => {
  it('shows the live figures the usage route answers, in the page’s language', async () => {
    const usage = (await (await fetch(`${base}/api/v1/datasets/103-000004/usage`)).json()) as {
      data: { total: { calls: number; downloads: number } };
    };
    await withPage(async (page) => {
      await page.goto(`${base}/en/datasets/103-000004/`);
      await page.waitForSelector('[data-usage][data-state="done"]');
      expect(await page.textContent('[data-figure="downloads-total"]')).toBe(
        usage.data.total.downloads.toLocaleString('en-GB'),
      );
      expect(await page.textContent('[data-figure="calls-total"]')).toBe(
        usage.data.total.calls.toLocaleString('en-GB'),
      );
      expect(await page.getAttribute('.toc a[href="#usage"]', 'href')).toBe('#usage');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  it('keeps the link to the figures, and no placeholders, without JavaScript', async () => {
    await withPage(
      async (page) => {
        await page.goto(`${base}/datasets/103-000004/`);
        expect(await page.isHidden('[data-figures]')).toBe(true);
        expect(await page.getAttribute('#usage a', 'href')).toBe(
          '/api/v1/datasets/103-000004/usage',
        );
      },
      { javaScriptEnabled: false },
    );
  });
});
