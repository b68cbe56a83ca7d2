import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from './browser.ts';
import { startPortal } from './portal-server.ts';
import type { Portal } from './portal-server.ts';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

// The demo users of data/users.yaml, by the English names the sign-in page shows.
const CONSUMER = 'Demo user: share requester, Shanghai Civil Affairs Bureau';
const REVIEWER = 'Demo user: platform reviewer (统一受理)';
const PROVIDER = 'Demo user: data provider, Shanghai Foreign Affairs Office';
// 103/000004 (统计用区划代码（县级）, real NBS division codes, 无条件共享) declares verification
// with key `code` and verifiable name, cityCode, provinceCode; 110101 is 东城区, 110102 西城区.
const DIVISIONS = '103/000004';
const DEMAND = '境外公共机构联络名录';

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  portal = await startPortal('e2e-verify-demands');
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

/** A fresh browser tab (its own session storage) signed in as one demo user. */
async function signedIn(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${portal.base}/en/signin/`);
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.waitForURL(/\/en\/agency\/$/);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** The text of the page's live status region. */
const status = (page: Page) => page.locator('[data-status]').textContent();

/** The results table's rows as [record, result, differing fields]; the key column is left out. */
async function resultRows(page: Page): Promise<string[][]> {
  const rows = page.locator('table[data-verify-answers] tbody tr');
  await rows.first().waitFor();
  return Promise.all(
    (await rows.all()).map(async (row) =>
      (await row.locator('td').allTextContents()).filter((_, i) => i !== 1),
    ),
  );
}

describe('a verification service in the browser', () => {
  it('is requested at once for an unconditionally shared entry and answers match, no match and which field differs', async () => {
    const consumer = await signedIn(CONSUMER);
    await consumer.goto(`${portal.base}/en/agency/request/?code=103-000004`);
    const form = consumer.locator('[data-request-form]');
    await form.waitFor({ state: 'visible' });
    await form.getByLabel(/Request the verification service/).check();
    // Only the key field (checked, always sent) and the verifiable fields are offered.
    const boxes = form.locator('[data-field-list] input[type="checkbox"]');
    const offered = await Promise.all((await boxes.all()).map((box) => box.getAttribute('value')));
    expect(offered).toEqual(['code', 'name', 'cityCode', 'provinceCode']);
    expect(await form.getByLabel('code', { exact: true }).isChecked()).toBe(true);
    expect(await form.getByLabel('code', { exact: true }).isDisabled()).toBe(true);
    await form.getByLabel('name', { exact: true }).check();
    await form
      .getByLabel('Purpose')
      .fill('Checking the county codes residents give on applications');
    await form.getByLabel('Legal basis').fill('《上海市公共数据和一网通办管理办法》');
    expect(await seriousViolations(consumer)).toEqual([]);
    await shot(consumer, 'verify-1-request-service');
    await form.getByRole('button', { name: 'Submit the request' }).click();
    await consumer.waitForURL(/\/en\/agency\/requests\//);

    // On the Chinese page: 110101 with its own name matches; with another county's name it
    // does not, and the answer names the field.
    await consumer.goto(`${portal.base}/agency/verify/?code=103-000004`);
    const single = consumer.locator('[data-verify-single]');
    await single.waitFor({ state: 'visible' });
    expect(await consumer.locator('[data-service]').inputValue()).toBe(DIVISIONS);
    expect(await consumer.locator('[data-service] option:checked').textContent()).toBe(
      '103/000004 · 统计用区划代码（县级）（已批准）',
    );
    await single.getByLabel(/^code/).fill('110101');
    await single.getByLabel(/^name/).fill('东城区');
    await single.getByRole('button', { name: '核验', exact: true }).click();
    expect(await resultRows(consumer)).toEqual([['1', '相符', '']]);
    await expect.poll(() => status(consumer)).toContain('相符 1 条');
    expect(await consumer.locator('[data-verify-left]').textContent()).toMatch(/今天还可核验 \d+/);
    expect(await seriousViolations(consumer)).toEqual([]);
    await shot(consumer, 'verify-2-match');

    await single.getByLabel(/^name/).fill('西城区');
    await single.getByRole('button', { name: '核验', exact: true }).click();
    await expect.poll(() => resultRows(consumer)).toEqual([['1', '不符', 'name']]);
    await shot(consumer, 'verify-3-no-match');

    // A batch in CSV: a match, a wrong name and a code that does not exist.
    const batch = consumer.locator('[data-verify-batch]');
    await batch
      .getByLabel('批量记录（CSV 或 JSON）')
      .fill('code,name\n110101,东城区\n110102,东城区\n999999,无此区\n');
    await batch.getByRole('button', { name: '批量核验' }).click();
    await expect
      .poll(() => resultRows(consumer))
      .toEqual([
        ['1', '相符', ''],
        ['2', '不符', 'name'],
        ['3', '未找到', ''],
      ]);
    await shot(consumer, 'verify-4-batch');
    await consumer.context().close();
  }, 180_000);
});

/** The demand's card on the demands page. */
const demandCard = (page: Page): Locator => page.getByRole('article', { name: DEMAND }).first();

describe('a demand in the browser', () => {
  it('is recorded, assigned, accepted with a due date and fulfilled with an entry link', async () => {
    const consumer = await signedIn(CONSUMER);
    await consumer.goto(`${portal.base}/en/agency/demands/`);
    const form = consumer.locator('[data-demand-form]');
    await form.waitFor({ state: 'visible' });
    await form.getByLabel(/Title/).fill(DEMAND);
    await form
      .getByLabel(/Description/)
      .fill('Names and websites of foreign public bodies, for liaison with partner cities');
    await form.getByLabel(/Fields needed/).fill('name\nurl');
    await form.getByLabel(/Purpose/).fill('Liaison with foreign partner cities');
    await form.getByLabel(/Legal basis/).fill('《上海市公共数据和一网通办管理办法》');
    expect(await seriousViolations(consumer)).toEqual([]);
    await shot(consumer, 'demand-1-form');
    await form.getByRole('button', { name: 'Submit the demand' }).click();
    await expect.poll(() => demandCard(consumer).textContent()).toContain('awaiting assignment');
    await shot(consumer, 'demand-2-submitted');

    // The reviewer finds it among those not yet assigned and assigns it to 上海市外办.
    const reviewer = await signedIn(REVIEWER);
    await reviewer.goto(`${portal.base}/en/agency/demands/`);
    const unassigned = reviewer.locator('[data-provider-group="unassigned"]');
    await unassigned.waitFor();
    expect(await unassigned.locator('h3').textContent()).toMatch(
      /Not yet assigned · items: \d+, open: \d+/,
    );
    await demandCard(reviewer).getByRole('button', { name: 'Assign to a provider' }).click();
    await demandCard(reviewer)
      .getByLabel(/Provider/)
      .selectOption('sh-foreign-affairs');
    expect(await seriousViolations(reviewer)).toEqual([]);
    await shot(reviewer, 'demand-3-assign');
    await demandCard(reviewer).getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => demandCard(reviewer).textContent()).toContain('assigned to a provider');

    // The provider accepts it as a responsibility item due at the end of the year, then
    // records the entry that fulfils it.
    const provider = await signedIn(PROVIDER);
    await provider.goto(`${portal.base}/en/agency/demands/`);
    const card = demandCard(provider);
    await card.getByRole('button', { name: 'Accept as a responsibility item' }).click();
    await card.getByLabel('Create a catalog entry').check();
    await card.getByLabel(/Due on/).fill('2026-12-31');
    await card.getByLabel(/Note/).fill('To be published with the names and websites');
    await shot(provider, 'demand-4-accept');
    await card.getByRole('button', { name: 'Accept', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('State: a responsibility item');
    expect(await card.textContent()).toContain('31 Dec 2026');
    await card.getByRole('button', { name: 'Record as fulfilled' }).click();
    await card.getByLabel(/Entry code or grant id/).fill('314/000002');
    await card.getByRole('button', { name: 'Confirm fulfilment' }).click();
    await expect.poll(() => card.textContent()).toContain('State: fulfilled');
    expect(await seriousViolations(provider)).toEqual([]);
    await shot(provider, 'demand-5-fulfilled');

    // The consumer sees it fulfilled, linked to the entry.
    await consumer.reload();
    await expect.poll(() => demandCard(consumer).textContent()).toContain('State: fulfilled');
    const link = demandCard(consumer).getByRole('link', { name: '314/000002' });
    expect(await link.getAttribute('href')).toBe('/en/datasets/314-000002/');
    await shot(consumer, 'demand-6-consumer-fulfilled');
    for (const page of [consumer, reviewer, provider]) await page.context().close();
  }, 180_000);
});

describe('the information-system inventory in the browser', () => {
  it('changes the agency’s connection rate when a provider connects one of its systems', async () => {
    const provider = await signedIn(PROVIDER);
    await provider.goto(`${portal.base}/en/agency/systems/`);
    const rate = provider.locator('[data-rate="sh-foreign-affairs"]');
    await rate.waitFor();
    // 上海市外办 lists two systems; the open-data platform is not connected.
    expect(await rate.textContent()).toBe('2 systems, 1 connected: 50%');
    const row = provider.locator('tr[data-system="sh-foreign-affairs-open-data"]');
    expect(await row.getAttribute('data-connected')).toBe('false');
    // Only its own agency's systems can be edited.
    expect(await provider.locator('[data-agency-systems="nbs"] button[data-edit]').count()).toBe(0);
    expect(await seriousViolations(provider)).toEqual([]);
    await shot(provider, 'systems-1-inventory');

    await row.getByRole('button', { name: /^Edit/ }).click();
    const form = provider.locator('[data-system-form="sh-foreign-affairs-open-data"]');
    await form.getByLabel('Connected to the sharing platform').check();
    await shot(provider, 'systems-2-edit');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => rate.textContent()).toBe('2 systems, 2 connected: 100%');
    expect(await row.getAttribute('data-connected')).toBe('true');
    await expect.poll(() => status(provider)).toContain('connected: 100%');
    expect(await seriousViolations(provider)).toEqual([]);
    await shot(provider, 'systems-3-rate-changed');
    await provider.context().close();
  }, 120_000);
});
