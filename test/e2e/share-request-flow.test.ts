import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from './browser.ts';
import { startPortal } from './portal-server.ts';
import type { Portal } from './portal-server.ts';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

// The demo users of data/users.yaml, by the English names the sign-in page shows.
const CONSUMER = 'Demo user: share requester, Shanghai Civil Affairs Bureau';
const REVIEWER = 'Demo user: platform reviewer (统一受理)';
const PROVIDER = 'Demo user: data provider, Shanghai Foreign Affairs Office';
const ADMIN = 'Demo user: platform administrator';
// Requests carry the entry's title as it was when they were made: its Chinese title.
const TITLE = '德国公共机构名录';

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  portal = await startPortal('e2e-sharing');
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

/** A fresh browser tab (its own session storage) signed in as one demo user. */
async function signedIn(name: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${portal.base}/en/signin/`);
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.waitForURL(/\/en\/agency\/$/);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `sharing-${name}.png`), fullPage: true });

/** The request's card on a list page, found by its title. */
const card = (page: Page) => page.getByRole('article', { name: TITLE }).first();

describe('a share request in the browser', () => {
  it('is requested, accepted, approved for some fields and downloaded with only those fields', async () => {
    // The consumer asks for three fields of 314/000002 for a period.
    const consumer = await signedIn(CONSUMER);
    await consumer.goto(`${portal.base}/en/agency/request/?code=314-000002`);
    for (const field of ['id', 'name', 'url'])
      await consumer.getByLabel(field, { exact: true }).check();
    await consumer
      .getByLabel('Purpose')
      .fill('Checking the names and websites of German public bodies for liaison work');
    await consumer.getByLabel('From').fill('2026-12-01');
    await consumer.getByLabel('To').fill('2027-06-30');
    await consumer.getByLabel('Legal basis').fill('《上海市公共数据和一网通办管理办法》');
    await consumer.locator('#request-contact-name').fill('Information office');
    expect(await seriousViolations(consumer)).toEqual([]);
    await shot(consumer, '1-request-form');
    await consumer.getByRole('button', { name: 'Submit the request' }).click();
    await consumer.waitForURL(/\/en\/agency\/requests\//);
    await expect.poll(() => card(consumer).textContent()).toContain('submitted');
    await shot(consumer, '2-my-requests');

    // The platform reviewer accepts it (统一受理).
    const reviewer = await signedIn(REVIEWER);
    await reviewer.goto(`${portal.base}/en/agency/review/`);
    await card(reviewer).getByRole('button', { name: 'Accept', exact: true }).click();
    await expect
      .poll(() => reviewer.getByRole('status').first().textContent())
      .toContain('Accepted');
    await shot(reviewer, '3-review-queue');

    // The provider approves two of the three fields.
    const provider = await signedIn(PROVIDER);
    await provider.goto(`${portal.base}/en/agency/inbox/`);
    await card(provider).getByRole('button', { name: 'Approve', exact: true }).click();
    await card(provider).getByLabel('url', { exact: true }).uncheck();
    await shot(provider, '4-inbox-approve');
    await card(provider).getByRole('button', { name: 'Confirm approval' }).click();
    await expect.poll(() => card(provider).textContent()).toContain('approved');

    // The consumer downloads the extract: only the granted fields.
    await consumer.goto(`${portal.base}/en/agency/requests/`);
    await card(consumer).getByRole('button', { name: 'Download the granted data' }).click();
    const link = card(consumer).getByRole('link', { name: /^Download .*\.csv$/ });
    await link.waitFor();
    await shot(consumer, '5-extract-label');
    const [download] = await Promise.all([consumer.waitForEvent('download'), link.click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe('id,name');
    expect(csv).not.toContain('http');

    // The admin finds every step in the audit log.
    const admin = await signedIn(ADMIN);
    await admin.goto(`${portal.base}/en/agency/audit/`);
    await admin
      .getByRole('button', { name: /search|filter|show/i })
      .first()
      .click();
    for (const action of [
      'share-request.submit',
      'share-request.accept',
      'share-request.approve',
      'grant.download',
    ])
      await expect.poll(() => admin.locator('main').textContent()).toContain(action);
    await shot(admin, '6-audit');
    for (const page of [consumer, reviewer, provider, admin]) await page.context().close();
  }, 180_000);
});
