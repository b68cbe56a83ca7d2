import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import zhCN from '../../site/src/i18n/zh-CN.json' with { type: 'json' };
import en from '../../site/src/i18n/en.json' with { type: 'json' };
import { daysBetween } from '../../functions/src/core/quality/freshness.ts';
import { shanghaiDay } from '../../functions/src/core/calendar/working-calendar.ts';
import { DISPUTE_STATES } from '../../functions/src/core/disputes/dispute.ts';
import {
  byUrgency,
  checkReport,
  reportBody,
  rowText,
  statusHref,
  statusQuery,
} from '../../site/src/lib/dispute-text.ts';
import type { ReportDraft } from '../../site/src/lib/dispute-text.ts';
import { makeTranslator } from '../../site/src/lib/agency-text.ts';
import { buildFixtureSite, correctionsFixture } from './dispute-site-fixture.ts';
import type { FixtureSite } from './dispute-site-fixture.ts';

const LANGS = { 'zh-CN': zhCN as Record<string, string>, en: en as Record<string, string> };
const LIB = join(import.meta.dirname, '..', '..', 'site', 'src', 'lib');

let site: FixtureSite;

beforeAll(async () => {
  // No quality report: entry pages judge freshness on the day of the build.
  site = await buildFixtureSite({ corrections: correctionsFixture() });
}, 240_000);

afterAll(async () => {
  await site?.stop();
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const between = (html: string, start: string, end: string) => {
  const from = html.indexOf(start);
  expect(from, start).toBeGreaterThanOrEqual(0);
  return html.slice(from, html.indexOf(end, from));
};

describe('the entry page', () => {
  it('says how each entry keeps to its update cycle', async () => {
    // 103/000002: monthly, last modified 2023-06-30, no data: due 2023-07-30.
    const late = daysBetween('2023-07-30', shanghaiDay(Date.now()));
    expect(text(await site.page('datasets/103-000002'))).toContain(
      `更新情况 逾期 ${late.toLocaleString('en')} 天（应于 2023年7月30日 更新）`,
    );
    expect(text(await site.page('en/datasets/103-000002'))).toContain(
      `Update status Overdue by ${late.toLocaleString('en')} days (was due 30 Jul 2023)`,
    );
    // 103/000001: yearly, published today, so due a year from today.
    expect(text(await site.page('datasets/103-000001'))).toMatch(
      /更新情况 按时更新（下次应于 \d{4}年\d+月\d+日 前更新）/,
    );
    expect(text(await site.page('en/datasets/103-000003'))).toContain(
      'Update status Updated irregularly',
    );
  });

  it('shows the public corrections log: date, versions, row, field, before and after', async () => {
    const html = await site.page('datasets/103-000001');
    const log = between(html, '<section id="corrections"', '</section>');
    expect(text(log)).toContain('正在核实的疑义 1 条，经核实驳回 2 条。');
    expect(log).toContain('<caption id="corrections-caption">1 次更正，最新的在前</caption>');
    const rows = between(log, '<tbody>', '</tbody>').split('</tr>').slice(0, -1);
    expect(rows).toHaveLength(2);
    expect(text(rows[0]!).trim()).toBe('2026年11月27日 第 2 版（更正第 1 版） 2 name 西城 西城区');
    // Cell values are text, never markup.
    expect(rows[1]).toContain('<del>&lt;b&gt;朝阳&lt;/b&gt;</del>');
    expect(text(rows[1]!).trim()).toBe('3 name &lt;b&gt;朝阳&lt;/b&gt; 朝阳区');
    const english = await site.page('en/datasets/103-000001');
    expect(text(between(english, '<section id="corrections"', '</section>'))).toContain(
      '1 reports being verified, 2 rejected after verification.',
    );
    expect(english).toContain('<td lang="zh-CN"><ins>西城区</ins></td>');
  });

  it('says an entry has no corrections when the log has none for it', async () => {
    const html = await site.page('datasets/103-000003');
    expect(html).toContain('本数据集尚无更正记录。');
  });

  it('offers the report form for entries with data: versions, row, key, fields, texts and contact', async () => {
    const html = await site.page('en/datasets/103-000001');
    const form = between(html, '<form class="agency request-form report-form"', '</form>');
    expect(form).toContain('data-code="103/000001"');
    // Hidden until its script runs; a note says it needs JavaScript.
    expect(form).toMatch(/ hidden /);
    expect(html).toContain(
      '<noscript><p class="note warn">Reporting an error needs JavaScript.</p></noscript>',
    );
    expect(between(form, 'name="version"', '</select>')).toMatch(
      /<option value="1">Version 1 \(\d+ \w+ \d{4}\) \(current\)<\/option>/,
    );
    expect(
      [...between(form, 'name="field"', '</select>').matchAll(/<option value="(\w+)">/g)].map(
        (m) => m[1],
      ),
    ).toEqual(['code', 'name']);
    expect(form).toMatch(
      /<input id="report-row-number" name="row.number" type="number"[^>]* min="1" max="3"/,
    );
    expect(form).toContain('<label for="report-row-key-0">Key code</label>');
    expect(form).toContain('name="row.key.code" data-key="code"');
    for (const name of ['description', 'expected', 'evidence', 'contact.name', 'contact.email'])
      expect(form, name).toContain(`name="${name}"`);
    for (const slot of [
      'version',
      'row',
      'row.number',
      'row.key.code',
      'field',
      'description',
      'contact.email',
    ])
      expect(form, slot).toContain(`data-error-for="${slot}"`);
    expect(form).toContain('role="status"');
    // The strings the form's script needs travel with it, in the page's language.
    const strings = JSON.parse(
      /data-strings="([^"]*)"/
        .exec(form)![1]!
        .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
        .replaceAll('&quot;', '"')
        .replaceAll('&amp;', '&'),
    ) as Record<string, string>;
    expect(strings['dispute.report.duplicate']).toBe(LANGS.en['dispute.report.duplicate']);
    expect(strings['nav.home']).toBeUndefined();
  });

  it('offers no report form for an entry without data', async () => {
    const html = await site.page('datasets/103-000002');
    expect(html).not.toContain('data-report-form');
    expect(html).toContain('<section id="corrections"');
  });
});

describe('the dispute status page', () => {
  it('is built in both languages, kept out of search engines and the sitemap', async () => {
    for (const path of ['disputes/status', 'en/disputes/status']) {
      const html = await site.page(path);
      expect(html, path).toContain('<meta name="robots" content="noindex, nofollow">');
      expect(html, path).toContain('data-dispute-status');
      expect(html, path).toContain('<noscript>');
    }
    expect(await site.file('sitemap.xml')).not.toContain('/disputes/');
  });
});

describe('the portal disputes page', () => {
  it('is built in both languages for staff and linked in the portal navigation', async () => {
    const html = await site.page('en/agency/disputes');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain(
      '<a href="/en/agency/disputes/" data-page="disputes" aria-current="page">Disputed data</a>',
    );
    const states = [
      ...between(html, 'id="dispute-state"', '</select>').matchAll(/<option value="(\w*)">/g),
    ].map((m) => m[1]);
    expect(states).toEqual(['', ...DISPUTE_STATES]);
    expect(await site.page('agency')).toContain(
      '<a href="/agency/disputes/" data-page="disputes">疑义数据</a>',
    );
  });

  it('has no quality figures to show before a report is published', async () => {
    expect(await site.page('quality')).toContain('尚未生成数据质量报告');
  });
});

const draft = (overrides: Partial<ReportDraft> = {}): ReportDraft => ({
  version: '2',
  rowNumber: '',
  key: {},
  field: 'name',
  description: ' The name is cut short ',
  expected: '',
  evidence: '',
  contactName: 'Li Lei',
  contactEmail: 'li@example.org',
  ...overrides,
});

describe('checkReport', () => {
  it('asks for a row by number or key, a field, a description and, from the public, a contact', () => {
    expect(
      checkReport(draft({ description: ' ', contactName: '', contactEmail: 'no' }), false),
    ).toEqual([
      { field: 'row', key: 'dispute.report.needRow' },
      { field: 'description', key: 'dispute.report.needText' },
      { field: 'contact.name', key: 'dispute.report.needText' },
      { field: 'contact.email', key: 'dispute.report.needEmail' },
    ]);
  });

  it('accepts a key instead of a row number, and no contact from someone signed in', () => {
    expect(
      checkReport(draft({ key: { code: '110102' }, contactName: '', contactEmail: '' }), true),
    ).toEqual([]);
  });

  it('refuses a row number that is not a whole number from 1', () => {
    for (const rowNumber of ['0', '1.5', '-2', 'x'])
      expect(checkReport(draft({ rowNumber }), false), rowNumber).toEqual([
        { field: 'row.number', key: 'dispute.report.needRowNumber' },
      ]);
  });
});

describe('reportBody', () => {
  it('sends the row by number when given, trimmed texts, and the contact only for the public', () => {
    expect(
      reportBody('103/000001', draft({ rowNumber: '2', expected: ' 西城区 ' }), false),
    ).toEqual({
      code: '103/000001',
      version: 2,
      row: { number: 2 },
      field: 'name',
      description: 'The name is cut short',
      expected: '西城区',
      contact: { name: 'Li Lei', email: 'li@example.org' },
    });
  });

  it('sends the filled key values when no row number is given', () => {
    const body = reportBody('103/000001', draft({ key: { code: ' 110102 ', other: ' ' } }), true);
    expect(body.row).toEqual({ key: { code: '110102' } });
    expect(body).not.toHaveProperty('contact');
  });
});

describe('statusHref', () => {
  it('links the status page in the page language and refuses what is not a path here', () => {
    const path = '/disputes/status/?id=dp_abc123&token=t0k';
    expect(statusHref('zh-CN', path)).toBe(path);
    expect(statusHref('en', path)).toBe(`/en${path}`);
    expect(statusHref('zh-CN', `/en${path}`)).toBe(path);
    expect(statusHref('en', '//evil.example/x')).toBeUndefined();
    expect(statusHref('en', 'https://evil.example/')).toBeUndefined();
  });
});

describe('statusQuery', () => {
  it('reads the id and token of a status link, and nothing from an incomplete one', () => {
    expect(statusQuery('?id=dp_abc123&token=secret')).toEqual({ id: 'dp_abc123', token: 'secret' });
    expect(statusQuery('?id=dp_abc123')).toBeUndefined();
    expect(statusQuery('?id=../x&token=secret')).toBeUndefined();
  });
});

describe('byUrgency', () => {
  it('puts overdue disputes first, then the soonest deadline, then the newest', () => {
    const d = (id: string, isOverdue: boolean, due: string | undefined, createdAt: string) => ({
      id,
      isOverdue,
      ...(due && { due: { at: due } }),
      createdAt,
    });
    const sorted = byUrgency([
      d('later', false, '2026-12-05T00:00:00Z', '2026-11-20T00:00:00Z'),
      d('none-old', false, undefined, '2026-11-01T00:00:00Z'),
      d('overdue', true, '2026-11-20T00:00:00Z', '2026-11-10T00:00:00Z'),
      d('sooner', false, '2026-12-01T00:00:00Z', '2026-11-21T00:00:00Z'),
      d('none-new', false, undefined, '2026-11-25T00:00:00Z'),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['overdue', 'sooner', 'later', 'none-new', 'none-old']);
  });
});

describe('rowText', () => {
  it('names a row by number, with its key values when it has some', () => {
    const tr = makeTranslator(LANGS.en);
    expect(rowText(tr, { rowNumber: 3 })).toBe('row 3');
    expect(rowText(tr, { row: 2, key: { code: '110102' } })).toBe('row 2 (code = 110102)');
  });
});

describe('the dispute scripts', () => {
  it('look up only strings both languages have, and label every dispute state', async () => {
    const keys = new Set<string>(DISPUTE_STATES.map((state) => `dispute.state.${state}`));
    for (const name of await readdir(LIB))
      if (/^(dispute-|agency-dispute-).*\.ts$/.test(name))
        for (const [, key] of (await readFile(join(LIB, name), 'utf8')).matchAll(
          // A prefix ('dispute.') is not a key.
          /'((?:dispute|agency)\.[\w.-]*\w)'/g,
        ))
          keys.add(key!);
    expect(keys.size).toBeGreaterThan(40);
    for (const key of keys)
      for (const [lang, strings] of Object.entries(LANGS))
        expect(strings[key], `${lang} ${key}`).toBeDefined();
  });
});
