import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import zhCN from '../../site/src/i18n/zh-CN.json' with { type: 'json' };
import en from '../../site/src/i18n/en.json' with { type: 'json' };
import {
  addDays,
  beijingDay,
  byDeadline,
  checkDraft,
  deadlineStanding,
  draftInput,
  errorTarget,
  labelOr,
  makeTranslator,
  mayUse,
  notificationPage,
  safeNext,
  signInPath,
} from '../../site/src/lib/agency-text.ts';
import type { RequestDraft } from '../../site/src/lib/agency-text.ts';
import {
  authorizeLocation,
  base64Url,
  challengeOf,
  pkcePair,
  tokenEndpoint,
  tokenRequestBody,
} from '../../site/src/lib/agency-pkce.ts';
import { clientStrings } from '../../site/src/lib/agency-strings.ts';
import { ROLES } from '../../functions/src/core/identity/identity.ts';
import {
  SHARE_REQUEST_STATES,
  DEADLINE_STEPS,
} from '../../functions/src/core/sharing/share-request.ts';
import { PERSON_EVENTS } from '../../functions/src/core/sharing/share-request-actions.ts';
import { SHARE_EVENT_TYPES } from '../../functions/src/core/sharing/share-request-machine.ts';
import { SHARE_TYPES } from '../../functions/src/core/schemas/vocabulary.ts';

const LIB = join(import.meta.dirname, '..', '..', 'site', 'src', 'lib');
const LANGS = { 'zh-CN': zhCN as Record<string, string>, en: en as Record<string, string> };

describe('safeNext', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeNext('/en/agency/requests/?submitted=sr_1#x', '/agency/')).toBe(
      '/en/agency/requests/?submitted=sr_1#x',
    );
  });

  it('refuses addresses that would leave the site', () => {
    for (const next of [
      '//evil.example/agency/',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      'agency/',
      '',
      null,
    ])
      expect(safeNext(next, '/agency/'), String(next)).toBe('/agency/');
  });
});

describe('signInPath', () => {
  it('asks the sign-in page of the language to come back to the page', () => {
    expect(signInPath('en', '/en/agency/inbox/?highlight=sr_1')).toBe(
      '/en/signin/?next=%2Fen%2Fagency%2Finbox%2F%3Fhighlight%3Dsr_1',
    );
    expect(signInPath('zh-CN')).toBe('/signin/');
  });
});

describe('deadlineStanding', () => {
  const due = '2026-12-11T15:59:59.999Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts whole days left', () => {
    expect(deadlineStanding(due, at('2026-12-08T15:00:00Z'))).toEqual({ kind: 'left', days: 3 });
  });

  it('says the last day when less than a day is left', () => {
    expect(deadlineStanding(due, at('2026-12-11T08:00:00Z'))).toEqual({ kind: 'lastDay' });
  });

  it('counts an overdue step as at least one day overdue, then by started days', () => {
    expect(deadlineStanding(due, at('2026-12-11T16:00:00Z'))).toEqual({
      kind: 'overdue',
      days: 1,
    });
    expect(deadlineStanding(due, at('2026-12-13T17:00:00Z'))).toEqual({
      kind: 'overdue',
      days: 3,
    });
  });
});

describe('beijingDay and addDays', () => {
  it('gives the calendar day in Beijing, which starts eight hours before UTC’s', () => {
    expect(beijingDay(Date.parse('2026-11-28T15:59:00Z'))).toBe('2026-11-28');
    expect(beijingDay(Date.parse('2026-11-28T16:00:00Z'))).toBe('2026-11-29');
  });

  it('moves a day across month and leap-year ends', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-11-28', 364)).toBe('2027-11-27');
  });
});

describe('errorTarget', () => {
  const known = new Set(['fields', 'purpose', 'period', 'period.to', 'contact', 'contact.email']);

  it('puts a problem under its own field when the form has it', () => {
    expect(errorTarget('contact.email', known)).toBe('contact.email');
  });

  it('falls back to the nearest group the form has', () => {
    expect(errorTarget('contact.phone', known)).toBe('contact');
    expect(errorTarget('fields.3', known)).toBe('fields');
    expect(errorTarget('period', known)).toBe('period');
  });

  it('places nothing for fields the form does not have', () => {
    expect(errorTarget('code', known)).toBeUndefined();
    expect(errorTarget(undefined, known)).toBeUndefined();
  });
});

const DRAFT: RequestDraft = {
  fields: ['name', 'url'],
  purpose: ' 外事联络 ',
  from: '2026-12-01',
  to: '2027-11-30',
  legalBasis: '本市政务数据共享管理办法',
  contactName: '林',
  phone: ' ',
  email: 'lin@example.org',
};

describe('checkDraft', () => {
  it('finds nothing wrong with a complete request', () => {
    expect(checkDraft(DRAFT)).toEqual([]);
  });

  it('names every required field left empty', () => {
    const empty = {
      ...DRAFT,
      fields: [],
      purpose: ' ',
      from: '',
      to: '',
      legalBasis: '',
      contactName: '',
    };
    expect(checkDraft(empty).map((problem) => problem.field)).toEqual([
      'fields',
      'purpose',
      'period.from',
      'period.to',
      'legalBasis',
      'contact.name',
    ]);
  });

  it('refuses a period that ends before it starts', () => {
    expect(checkDraft({ ...DRAFT, to: '2026-11-30' })).toEqual([
      { field: 'period.to', key: 'agency.form.periodOrder' },
    ]);
  });
});

describe('draftInput', () => {
  it('trims the text and leaves out empty optional contact details', () => {
    expect(draftInput('314/000002', DRAFT)).toEqual({
      code: '314/000002',
      purpose: '外事联络',
      fields: ['name', 'url'],
      period: { from: '2026-12-01', to: '2027-11-30' },
      legalBasis: '本市政务数据共享管理办法',
      contact: { name: '林', email: 'lin@example.org' },
    });
  });
});

describe('mayUse', () => {
  it('opens the audit log to admins only and the request form to consumers only', () => {
    expect(mayUse('audit', ['admin'])).toBe(true);
    expect(mayUse('audit', ['reviewer', 'provider'])).toBe(false);
    expect(mayUse('request', ['consumer'])).toBe(true);
    expect(mayUse('request', ['provider'])).toBe(false);
    expect(mayUse('catalog', ['provider'])).toBe(true);
  });
});

describe('notificationPage', () => {
  it('sends each audience to the page that shows the request', () => {
    expect(notificationPage('approve', ['consumer'])).toBe('requests');
    expect(notificationPage('accept', ['provider'])).toBe('inbox');
    expect(notificationPage('submit', ['reviewer'])).toBe('review');
  });

  it('links nowhere when the notification is not for any of the roles', () => {
    expect(notificationPage('approve', ['reviewer'])).toBeUndefined();
    expect(notificationPage('submit', ['admin'])).toBeUndefined();
  });
});

describe('byDeadline', () => {
  it('puts the soonest deadline first and requests without one last, in their order', () => {
    const requests = [
      { id: 'a' },
      { id: 'b', due: { at: '2026-12-11T15:59:59Z' } },
      { id: 'c' },
      { id: 'd', due: { at: '2026-12-01T15:59:59Z' } },
    ];
    expect(byDeadline(requests).map((request) => request.id)).toEqual(['d', 'b', 'a', 'c']);
  });
});

describe('makeTranslator', () => {
  it('fills placeholders and shows an unknown key as itself', () => {
    const tr = makeTranslator({ 'a.b': '还剩 {n} 天' });
    expect(tr('a.b', { n: 3 })).toBe('还剩 3 天');
    expect(tr('a.c')).toBe('a.c');
    expect(labelOr(tr, 'agency.event.new', 'new')).toBe('new');
  });
});

describe('the PKCE helpers', () => {
  it('compute the S256 challenge of RFC 7636’s example verifier', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('make a fresh 43-character verifier whose challenge matches it, every time a new one', async () => {
    const one = await pkcePair();
    const two = await pkcePair();
    expect(one.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(one.verifier).not.toBe(two.verifier);
    expect(one.state).not.toBe(two.state);
    expect(one.challenge).toBe(createHash('sha256').update(one.verifier).digest('base64url'));
  });

  it('write base64url without padding', () => {
    expect(base64Url(new Uint8Array([251, 255]))).toBe('-_8');
  });

  it('send the browser to the hosted UI with the code flow, S256 and the state', () => {
    const url = new URL(
      authorizeLocation({
        authorizeUrl: 'https://datarun.auth.cn-north-1.amazoncognito.com/oauth2/authorize',
        clientId: 'client123',
        redirectUri: 'https://data.example.gov.cn/signin/',
        challenge: 'abc',
        state: 'xyz',
      }),
    );
    expect(url.origin + url.pathname).toBe(
      'https://datarun.auth.cn-north-1.amazoncognito.com/oauth2/authorize',
    );
    expect(url.search).toContain('scope=openid+email+profile');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://data.example.gov.cn/signin/',
      scope: 'openid email profile',
      code_challenge: 'abc',
      code_challenge_method: 'S256',
      state: 'xyz',
    });
  });

  it('trade the code at the token endpoint beside the authorize endpoint', () => {
    expect(tokenEndpoint('https://a.example/oauth2/authorize')).toBe(
      'https://a.example/oauth2/token',
    );
    expect(
      Object.fromEntries(
        new URLSearchParams(
          tokenRequestBody({
            clientId: 'c',
            code: 'k',
            redirectUri: 'https://s/signin/',
            verifier: 'v',
          }),
        ),
      ),
    ).toEqual({
      grant_type: 'authorization_code',
      client_id: 'c',
      code: 'k',
      redirect_uri: 'https://s/signin/',
      code_verifier: 'v',
    });
  });
});

describe('clientStrings', () => {
  it('passes the portal strings and a label for every share type, in the page language', () => {
    const strings = clientStrings('en');
    expect(strings['agency.common.signOut']).toBe(LANGS.en['agency.common.signOut']);
    expect(strings['nav.home']).toBeUndefined();
    for (const term of SHARE_TYPES) expect(strings[`term.shareType.${term}`]).toMatch(/^[A-Z]/);
  });
});

describe('the portal scripts', () => {
  async function scriptKeys(): Promise<Set<string>> {
    const keys = new Set<string>();
    for (const name of await readdir(LIB))
      if (/^(agency-|sign-in-).*\.ts$/.test(name))
        for (const [, key] of (await readFile(join(LIB, name), 'utf8')).matchAll(
          /'((?:agency|signin)\.[\w.]+)'/g,
        ))
          keys.add(key!);
    return keys;
  }

  it('look up only strings both languages have', async () => {
    const keys = await scriptKeys();
    expect(keys.size).toBeGreaterThan(100);
    for (const key of keys)
      for (const [lang, strings] of Object.entries(LANGS))
        expect(strings[key], `${lang} ${key}`).toBeDefined();
  });

  it('have a title for every page and a label for every state, role, event, step and action', () => {
    const pages = ['home', 'catalog', 'request', 'requests', 'inbox', 'review', 'audit'];
    const families = [
      ...pages.flatMap((page) => [`agency.${page}.title`, `agency.${page}.lead`]),
      ...pages.filter((page) => page !== 'request').map((page) => `agency.nav.${page}`),
      ...pages
        .filter((page) => !['home', 'request'].includes(page))
        .map((page) => `agency.home.about.${page}`),
      ...['mine', 'inbox', 'queue'].flatMap((view) => [
        `agency.list.title.${view}`,
        `agency.list.empty.${view}`,
      ]),
      ...SHARE_REQUEST_STATES.map((state) => `agency.state.${state}`),
      ...[...ROLES, 'system'].map((role) => `agency.role.${role}`),
      ...[...SHARE_EVENT_TYPES, 'submit', 'overdue'].map((event) => `agency.event.${event}`),
      ...DEADLINE_STEPS.map((step) => `agency.step.${step}`),
      ...[...PERSON_EVENTS, 'extract'].map((action) => `agency.action.${action}`),
      ...['accept', 'approve', 'return', 'reject', 'withdraw', 'revoke'].map(
        (event) => `agency.action.done.${event}`,
      ),
      ...['approve', 'return', 'reject', 'withdraw', 'revoke'].flatMap((action) => [
        `agency.action.confirm.${action}`,
        `agency.action.form.${action}`,
      ]),
    ];
    for (const key of families)
      for (const [lang, strings] of Object.entries(LANGS))
        expect(strings[key], `${lang} ${key}`).toBeDefined();
  });
});
