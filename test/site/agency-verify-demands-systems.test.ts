import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zhCN from '../../site/src/i18n/zh-CN.json' with { type: 'json' };
import en from '../../site/src/i18n/en.json' with { type: 'json' };
import {
  VERIFY_BATCH_LIMIT,
  VERIFY_RESULT_KEYS,
  csvHeader,
  missingKeys,
  parseBatch,
  parseCsv,
  problemRecord,
  serviceTitle,
  singleField,
  singleRecord,
} from '../../site/src/lib/agency-verify-text.ts';
import {
  DEMAND_ACTIONS,
  byProvider,
  checkDemandDraft,
  demandInput,
  fieldLines,
  fulfilmentLink,
} from '../../site/src/lib/agency-demand-text.ts';
import type { DemandDraft } from '../../site/src/lib/agency-demand-text.ts';
import {
  LEVELS,
  NETWORKS,
  SYSTEM_ID,
  feedCodes,
  figuresText,
  formatRate,
  mayEditSystems,
  systemChanges,
} from '../../site/src/lib/agency-system-text.ts';
import {
  makeTranslator,
  mayUse,
  notificationPage,
  PORTAL_PAGES,
} from '../../site/src/lib/agency-text.ts';
import { MAX_VERIFY_BATCH, VERIFY_RESULTS } from '../../functions/src/core/verify/verification.ts';
import { DEMAND_STATES, RESPONSIBILITY_KINDS } from '../../functions/src/core/demands/demand.ts';
import { DEMAND_EVENT_TYPES } from '../../functions/src/core/demands/demand-machine.ts';
import {
  SYSTEM_LEVELS,
  SYSTEM_NETWORKS,
  SystemIdSchema,
} from '../../functions/src/core/inventory/information-system.ts';
import { inventoryFigures } from '../../functions/src/core/inventory/inventory-figures.ts';
import { buildFixtureSite } from './dispute-site-fixture.ts';
import type { FixtureSite } from './dispute-site-fixture.ts';

const LANGS = { 'zh-CN': zhCN as Record<string, string>, en: en as Record<string, string> };
const DIVISIONS = { keyFields: ['code'], verifiableFields: ['name', 'cityCode', 'provinceCode'] };

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, over CRLF or LF', () => {
    expect(parseCsv('code,name\r\n110101,"东城区, 北京"\n"1","say ""hi""\nthere"\n')).toEqual([
      ['code', 'name'],
      ['110101', '东城区, 北京'],
      ['1', 'say "hi"\nthere'],
    ]);
  });

  it('drops blank lines but keeps a line of one empty quoted cell', () => {
    expect(parseCsv('a\n\n1\n\n""\n')).toEqual([['a'], ['1'], ['']]);
  });

  it('refuses a quote that is never closed', () => {
    expect(parseCsv('code,name\n110101,"东城区\n')).toBeUndefined();
  });
});

describe('parseBatch', () => {
  it('turns CSV lines into records, key columns under key and filled verifiable ones under fields', () => {
    expect(parseBatch('code,name\n110101,东城区\n110102,\n', DIVISIONS)).toEqual({
      records: [
        { key: { code: '110101' }, fields: { name: '东城区' } },
        { key: { code: '110102' }, fields: {} },
      ],
    });
  });

  it('passes a JSON array or an object with records on as written', () => {
    const records = [{ key: { code: '110101' }, fields: { name: '东城区' } }];
    expect(parseBatch(JSON.stringify(records), DIVISIONS)).toEqual({ records });
    expect(parseBatch(JSON.stringify({ records }), DIVISIONS)).toEqual({ records });
  });

  it('names a column the service does not offer and a key column that is missing', () => {
    expect(parseBatch('code,population\n110101,1\n', DIVISIONS)).toEqual({
      problem: { key: 'agency.verify.batch.unknownColumn', params: { column: 'population' } },
    });
    expect(parseBatch('name\n东城区\n', DIVISIONS)).toEqual({
      problem: { key: 'agency.verify.batch.missingColumn', params: { column: 'code' } },
    });
  });

  it('names the line whose width differs from the header', () => {
    expect(parseBatch('code,name\n110101,东城区\n110102\n', DIVISIONS)).toEqual({
      problem: { key: 'agency.verify.batch.width', params: { line: 3, n: 1, expected: 2 } },
    });
  });

  it('refuses nothing to send, bad JSON, a JSON that is not a list, and more than the API takes', () => {
    for (const text of ['', '  \n', 'code,name\n'])
      expect(parseBatch(text, DIVISIONS)).toEqual({
        problem: { key: 'agency.verify.batch.empty' },
      });
    expect(parseBatch('[{"key":', DIVISIONS)).toMatchObject({
      problem: { key: 'agency.verify.batch.badJson' },
    });
    expect(parseBatch('{"key":{"code":"1"}}', DIVISIONS)).toEqual({
      problem: { key: 'agency.verify.batch.jsonShape' },
    });
    const lines = Array.from({ length: VERIFY_BATCH_LIMIT + 1 }, (_, i) => String(110000 + i));
    expect(parseBatch(`code\n${lines.join('\n')}`, DIVISIONS)).toEqual({
      problem: { key: 'agency.verify.batch.tooMany', params: { n: 1001, max: 1000 } },
    });
    expect(parseBatch(`code\n${lines.slice(1).join('\n')}`, DIVISIONS)).toMatchObject({
      records: expect.any(Array),
    });
  });

  it('uses the API’s batch limit', () => {
    expect(VERIFY_BATCH_LIMIT).toBe(MAX_VERIFY_BATCH);
  });
});

describe('singleRecord and missingKeys', () => {
  it('sends every key field and only the verifiable fields filled in, trimmed', () => {
    const record = singleRecord(
      { 'key.code': ' 110101 ', 'fields.name': '东城区', 'fields.cityCode': ' ' },
      DIVISIONS,
    );
    expect(record).toEqual({ key: { code: '110101' }, fields: { name: '东城区' } });
    expect(missingKeys(record, DIVISIONS)).toEqual([]);
    expect(missingKeys(singleRecord({}, DIVISIONS), DIVISIONS)).toEqual(['key.code']);
  });

  it('offers a CSV header of key then verifiable fields', () => {
    expect(csvHeader(DIVISIONS)).toBe('code,name,cityCode,provinceCode');
  });
});

describe('serviceTitle', () => {
  it('marks the recorded Chinese title as Chinese and picks the page language of a localized one', () => {
    expect(serviceTitle('统计用区划代码（县级）', 'en')).toEqual({
      text: '统计用区划代码（县级）',
      lang: 'zh-CN',
    });
    expect(serviceTitle({ zh: '县级区划', en: 'Counties' }, 'en')).toEqual({
      text: 'Counties',
      lang: 'en',
    });
  });
});

describe('singleField and problemRecord', () => {
  it('place the API’s record problems in the one-record form and number them for a batch', () => {
    expect(singleField('records.0.key.code')).toBe('key.code');
    expect(singleField('records.0.fields.name')).toBe('fields.name');
    expect(singleField('records')).toBe('records');
    expect(problemRecord('records.3.key.code')).toBe(4);
    expect(problemRecord('records.0')).toBe(1);
    expect(problemRecord('records')).toBeUndefined();
    expect(problemRecord(undefined)).toBeUndefined();
  });
});

const demandDraft = (overrides: Partial<DemandDraft> = {}): DemandDraft => ({
  title: '境外机构联络名录',
  description: '外事联络需要的境外公共机构名称和网址',
  fields: 'name\n\n url \n',
  purpose: '外事联络',
  legalBasis: '《上海市公共数据和一网通办管理办法》',
  relatedEntry: '',
  ...overrides,
});

describe('checkDemandDraft and demandInput', () => {
  it('accepts a complete draft and sends trimmed text with one field per non-blank line', () => {
    expect(checkDemandDraft(demandDraft())).toEqual([]);
    expect(demandInput(demandDraft({ relatedEntry: ' 314/000002 ' }))).toEqual({
      title: '境外机构联络名录',
      description: '外事联络需要的境外公共机构名称和网址',
      fields: ['name', 'url'],
      purpose: '外事联络',
      legalBasis: '《上海市公共数据和一网通办管理办法》',
      relatedEntry: '314/000002',
    });
    expect(demandInput(demandDraft())).not.toHaveProperty('relatedEntry');
  });

  it('names each empty required field, missing or repeated fields and a malformed entry code', () => {
    expect(
      checkDemandDraft(
        demandDraft({ title: ' ', fields: '\n', legalBasis: '', relatedEntry: '314-2' }),
      ),
    ).toEqual([
      { field: 'title', key: 'agency.form.needText' },
      { field: 'fields', key: 'agency.demands.needFields' },
      { field: 'legalBasis', key: 'agency.form.needText' },
      { field: 'relatedEntry', key: 'agency.demands.badEntry' },
    ]);
    expect(checkDemandDraft(demandDraft({ fields: 'name\nname' }))).toEqual([
      { field: 'fields', key: 'agency.demands.fieldTwice' },
    ]);
    expect(fieldLines(' a \r\nb\n\n')).toEqual(['a', 'b']);
  });
});

describe('fulfilmentLink', () => {
  it('reads an entry code as written or as URLs write it, and a grant id', () => {
    expect(fulfilmentLink(' 314/000002 ')).toEqual({ entry: '314/000002' });
    expect(fulfilmentLink('314-000002')).toEqual({ entry: '314/000002' });
    expect(fulfilmentLink('gr_abcdef12345')).toEqual({ grant: 'gr_abcdef12345' });
  });

  it('refuses anything else', () => {
    for (const text of ['', '314', 'gr_short', 'https://example.org/314-000002'])
      expect(fulfilmentLink(text), text).toBeUndefined();
  });
});

describe('byProvider', () => {
  const demand = (
    provider: string | undefined,
    state: string,
    overdue = false,
    dueOn?: string,
  ) => ({
    ...(provider && { provider }),
    state,
    overdue,
    ...(dueOn && { responsibility: { kind: 'create-entry', dueOn } }),
  });

  it('puts unassigned demands first, then providers by overdue count, overdue items first', () => {
    const groups = byProvider([
      demand('nbs', 'accepted', false, '2026-12-30'),
      demand('sh-foreign-affairs', 'accepted', true, '2026-11-01'),
      demand(undefined, 'submitted'),
      demand('nbs', 'fulfilled'),
      demand('sh-foreign-affairs', 'accepted', false, '2026-12-01'),
      demand('nbs', 'accepted', true, '2026-11-20'),
      demand('sh-foreign-affairs', 'accepted', true, '2026-10-01'),
    ]);
    expect(groups.map((g) => [g.provider, g.demands.length, g.open, g.overdue])).toEqual([
      ['', 1, 1, 0],
      ['sh-foreign-affairs', 3, 3, 2],
      ['nbs', 3, 2, 1],
    ]);
    expect(groups[1]!.demands.map((d) => d.responsibility?.dueOn)).toEqual([
      '2026-10-01',
      '2026-11-01',
      '2026-12-01',
    ]);
    expect(groups[2]!.demands[0]!.overdue).toBe(true);
  });
});

describe('feedCodes and systemChanges', () => {
  it('reads entry codes one per line or separated by commas, as URLs or the catalog write them', () => {
    expect(feedCodes('101/000001\n 314-000002, 103/000004，103/000005\n')).toEqual([
      '101/000001',
      '314/000002',
      '103/000004',
      '103/000005',
    ]);
    expect(feedCodes('  ')).toEqual([]);
  });

  it('sends only what the edit changed', () => {
    const before = {
      level: '国家级' as const,
      network: '专网' as const,
      connected: false,
      feeds: ['101/000001'],
    };
    expect(systemChanges(before, { ...before })).toEqual({});
    expect(systemChanges(before, { ...before, connected: true, feeds: ['101/000001'] })).toEqual({
      connected: true,
    });
    expect(
      systemChanges(before, { level: '省级', network: '政务外网', connected: false, feeds: [] }),
    ).toEqual({ level: '省级', network: '政务外网', feeds: [] });
  });

  it('checks a system id as the API does', () => {
    for (const id of ['nbs-national-data', 'is_0001', 'x', 'Nbs', 'is_', '1abc'])
      expect(SYSTEM_ID.test(id), id).toBe(SystemIdSchema.safeParse(id).success);
  });
});

describe('formatRate and figuresText', () => {
  it('writes the connection rate as a percentage with at most one decimal, none as a dash', () => {
    expect(formatRate(25 / 54, 'en')).toBe('46.3%');
    expect(formatRate(1, 'zh-CN')).toBe('100%');
    expect(formatRate(null, 'en')).toBe('—');
  });

  it('says how many systems, how many connected and the rate', () => {
    const tr = makeTranslator(LANGS.en);
    const figures = inventoryFigures([
      {
        id: 'a-one',
        name: { zh: '一' },
        owner: 'a',
        level: '国家级',
        network: '专网',
        connected: true,
        feeds: [],
      },
      {
        id: 'a-two',
        name: { zh: '二' },
        owner: 'a',
        level: '省级',
        network: '互联网',
        connected: false,
        feeds: [],
      },
      {
        id: 'a-three',
        name: { zh: '三' },
        owner: 'a',
        level: '市级',
        network: '互联网',
        connected: false,
        feeds: [],
      },
    ]);
    expect(figuresText(tr, figures, 'en')).toBe('3 systems, 1 connected: 33.3%');
  });
});

describe('mayEditSystems and the portal pages', () => {
  it('lets a provider edit its own agency’s systems and an admin any agency’s', () => {
    expect(mayEditSystems({ agency: 'nbs', roles: ['provider'] }, 'nbs')).toBe(true);
    expect(mayEditSystems({ agency: 'nbs', roles: ['provider'] }, 'zj-police')).toBe(false);
    expect(mayEditSystems({ agency: 'nbs', roles: ['consumer', 'reviewer'] }, 'nbs')).toBe(false);
    expect(mayEditSystems({ agency: 'zj-big-data', roles: ['admin'] }, 'nbs')).toBe(true);
  });

  it('opens verification to consumers and demands and the inventory to every role', () => {
    expect(mayUse('verify', ['consumer'])).toBe(true);
    expect(mayUse('verify', ['provider', 'reviewer', 'admin'])).toBe(false);
    for (const role of ['consumer', 'provider', 'reviewer', 'admin']) {
      expect(mayUse('demands', [role]), role).toBe(true);
      expect(mayUse('systems', [role]), role).toBe(true);
    }
    expect(notificationPage('demand.assign', ['provider'])).toBe('demands');
    expect(notificationPage('demand.fulfil', ['consumer'])).toBe('demands');
    expect(PORTAL_PAGES.map((page) => page.path)).toEqual(
      expect.arrayContaining(['/agency/verify/', '/agency/demands/', '/agency/systems/']),
    );
  });
});

describe('the strings of the three pages', () => {
  it('have a label for every result, state, event, action, kind, level and network, in both languages', () => {
    const keys = [
      ...['verify', 'demands', 'systems'].flatMap((page) => [
        `agency.${page}.title`,
        `agency.${page}.lead`,
        `agency.nav.${page}`,
        `agency.home.about.${page}`,
      ]),
      ...VERIFY_RESULTS.map((result) => `agency.verify.result.${result}`),
      ...DEMAND_STATES.map((state) => `agency.demands.state.${state}`),
      ...['submit', ...DEMAND_EVENT_TYPES].map((event) => `agency.demands.event.${event}`),
      ...DEMAND_ACTIONS.flatMap((action) =>
        ['action', 'confirm', 'form', 'done'].map((kind) => `agency.demands.${kind}.${action}`),
      ),
      ...RESPONSIBILITY_KINDS.map((kind) => `agency.demands.kind.${kind}`),
      ...['description', 'fields', 'purpose', 'legalBasis', 'relatedEntry'].map(
        (name) => `agency.demands.hint.${name}`,
      ),
      ...SYSTEM_LEVELS.map((level) => `agency.systems.level.${level}`),
      ...SYSTEM_NETWORKS.map((network) => `agency.systems.network.${network}`),
      ...['agency.form.service', 'agency.form.service.data', 'agency.form.service.verify'],
    ];
    for (const key of keys)
      for (const [lang, strings] of Object.entries(LANGS))
        expect(strings[key], `${lang} ${key}`).toBeDefined();
    expect([...DEMAND_ACTIONS].sort()).toEqual([...DEMAND_EVENT_TYPES].sort());
    expect(VERIFY_RESULT_KEYS.map(([result]) => result)).toEqual([...VERIFY_RESULTS]);
    expect(LEVELS).toEqual(SYSTEM_LEVELS);
    expect(NETWORKS).toEqual(SYSTEM_NETWORKS);
  });
});

describe('the built pages', () => {
  let site: FixtureSite;

  beforeAll(async () => {
    site = await buildFixtureSite({});
  }, 240_000);

  afterAll(async () => {
    await site?.stop();
  });

  it('are built in both languages for staff, kept out of search engines and linked in the portal navigation', async () => {
    const names = {
      verify: ['查询核验', 'Verification'],
      demands: ['需求清单', 'Demands'],
      systems: ['信息系统清单', 'Information systems'],
    };
    for (const [page, [zh, english]] of Object.entries(names)) {
      const chinese = await site.page(`agency/${page}`);
      const inEnglish = await site.page(`en/agency/${page}`);
      for (const html of [chinese, inEnglish]) {
        expect(html, page).toContain('<meta name="robots" content="noindex, nofollow">');
        expect(html, page).toContain('data-pagefind-ignore="all"');
        expect(html, page).toContain('<noscript>');
        expect(html, page).toMatch(/role="status" aria-live="polite"/);
      }
      expect(chinese).toContain(
        `<a href="/agency/${page}/" data-page="${page}" aria-current="page">${zh}</a>`,
      );
      expect(inEnglish).toContain(
        `<a href="/en/agency/${page}/" data-page="${page}" aria-current="page">${english}</a>`,
      );
      expect(await site.page('agency')).toContain(
        `<a href="/agency/${page}/" data-page="${page}">${zh}</a>`,
      );
    }
  });

  it('give the verification page labelled one-record and batch forms and a results region', async () => {
    const html = await site.page('en/agency/verify');
    expect(html).toContain('<label for="verify-service">Choose a verification service</label>');
    expect(html).toMatch(/<form class="request-form section" data-verify-single novalidate/);
    expect(html).toContain('<legend>Key fields</legend>');
    expect(html).toContain('<label for="verify-batch">Records (CSV or JSON)</label>');
    expect(html).toContain('aria-describedby="verify-batch-hint verify-batch-error"');
    expect(html).toContain('<h2 id="verify-results-title" tabindex="-1">Results</h2>');
  });

  it('give the demands page a labelled demand form and a filter of every state', async () => {
    const html = await site.page('en/agency/demands');
    for (const [id, label] of [
      ['demand-title', 'Title'],
      ['demand-fields', 'Fields needed'],
      ['demand-legalBasis', 'Legal basis'],
      ['demand-related', 'Related entry'],
    ])
      expect(html).toContain(`<label for="${id}">${label}`);
    const states = [
      ...html
        .slice(
          html.indexOf('id="demand-state"'),
          html.indexOf('</select>', html.indexOf('id="demand-state"')),
        )
        .matchAll(/<option value="([\w-]*)">/g),
    ].map((m) => m[1]);
    expect(states).toEqual(['', ...DEMAND_STATES]);
  });

  it('give the inventory page its overall figures, the dead-end explanation and an add form', async () => {
    const html = await site.page('agency/systems');
    expect(html).toContain('<h2 id="systems-overall-title">全部信息系统</h2>');
    expect(html).toContain('数据断头路');
    expect(html).toContain('<label for="add-id">系统标识');
    expect(html).toContain('<legend>系统名称</legend>');
  });

  it('let the request form ask for the data or the verification service', async () => {
    const html = await site.page('agency/request');
    expect(html).toMatch(/<fieldset class="field checkbox-group" data-service-choice[^>]*hidden>/);
    expect(html).toMatch(/<label for="request-service-data"[^>]*>申请数据<\/label>/);
    expect(html).toMatch(/<label for="request-service-verify"[^>]*>申请核验服务/);
  });
});
