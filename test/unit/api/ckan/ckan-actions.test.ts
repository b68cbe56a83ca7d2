import { beforeAll, describe, expect, it } from 'vitest';
import { CKAN_ACTIONS, helpText } from '../../../../functions/src/api/ckan/ckan-actions.ts';
import type { ActionContext } from '../../../../functions/src/api/ckan/ckan-actions.ts';
import { toCkanError } from '../../../../functions/src/api/ckan/ckan-errors.ts';
import { ckanOpenApi } from '../../../../functions/src/api/ckan/ckan-openapi.ts';
import type { CkanParams } from '../../../../functions/src/api/ckan/ckan-params.ts';
import type { CkanOrganizationDetail } from '../../../../functions/src/api/ckan/ckan-package.ts';
import { DatarunError, problem } from '../../../../functions/src/core/errors.ts';
import type { CatalogSnapshot } from '../../../../functions/src/core/schemas/catalog-snapshot.ts';
import { ORIGIN, demoView } from './ckan-fixtures.ts';

let snapshot: CatalogSnapshot;
let context: ActionContext;
let reads = 0;

beforeAll(async () => {
  const { snapshot: demo, view } = await demoView();
  snapshot = demo;
  context = {
    origin: ORIGIN,
    catalog: async () => {
      reads += 1;
      return { snapshot, index: view.index, digest: 'd1' };
    },
    // The catalog actions never read rows; datastore_search is tested through the app.
    rows: () => Promise.reject(new Error('rows were read')),
  };
});

const action = (name: string) => CKAN_ACTIONS.find((a) => a.name === name)!;
const result = async (name: string, params: CkanParams = {}) =>
  (await action(name).run(params, context)).result;

/** How an action fails, as the action API would answer it. */
async function failure(name: string, params: CkanParams) {
  const before = reads;
  try {
    await action(name).run(params, context);
  } catch (error) {
    const ckan = toCkanError(error);
    return {
      type: ckan.type,
      status: ckan.status,
      fields: ckan.fields,
      message: ckan.message,
      read: reads > before,
    };
  }
  throw new Error(`expected ${name} to fail`);
}

describe('package_show', () => {
  it('finds an entry by code, slug and name, any case', async () => {
    const byCode = await result('package_show', { id: '103/000004' });
    expect(await result('package_show', { id: '103-000004' })).toEqual(byCode);
    expect(await result('package_show', { name_or_id: '103-000004' })).toEqual(byCode);
    expect(byCode).toMatchObject({ name: '103-000004', title: '统计用区划代码（县级）' });
  });

  it('answers a missing id with a Validation Error before reading the catalog', async () => {
    expect(await failure('package_show', {})).toMatchObject({
      type: 'Validation Error',
      status: 409,
      fields: { id: ['Missing value'] },
      read: false,
    });
  });

  it('answers unknown and malformed ids with the same Not Found', async () => {
    for (const id of ['999-999999', 'nope', '../etc/passwd'])
      expect(await failure('package_show', { id }), id).toMatchObject({
        type: 'Not Found Error',
        status: 404,
        message: `Not found: no public dataset ${JSON.stringify(id)}`,
      });
  });

  it('answers with the snapshot’s digest as what the answer depends on', async () => {
    expect((await action('package_show').run({ id: '103-000004' }, context)).version).toBe('d1');
  });
});

describe('organization_list', () => {
  it('lists agency codes ordered by Chinese title in pinyin order by default', async () => {
    const names = (await result('organization_list')) as string[];
    expect(names.sort()).toEqual(snapshot.agencies.map((a) => a.code).sort());
    const ordered = (await result('organization_list')) as string[];
    const title = new Map(snapshot.agencies.map((a) => [a.code, a.name.zh]));
    const titles = ordered.map((code) => title.get(code)!);
    expect(titles).toEqual([...titles].sort(new Intl.Collator('zh-CN').compare));
  });

  it('sorts by name and by package count, most first when no direction is given', async () => {
    const byName = (await result('organization_list', { sort: 'name desc' })) as string[];
    expect(byName).toEqual([...byName].sort().reverse());
    const byCount = (await result('organization_list', {
      sort: 'package_count',
      all_fields: true,
      limit: 1000,
    })) as CkanOrganizationDetail[];
    const counts = byCount.map((o) => o.package_count!);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(snapshot.entries.length);
  });

  it('pages with limit and offset, and caps all_fields at 25 as CKAN does', async () => {
    const all = (await result('organization_list', { sort: 'name asc' })) as string[];
    expect(await result('organization_list', { sort: 'name asc', limit: 3, offset: 2 })).toEqual(
      all.slice(2, 5),
    );
    const full = (await result('organization_list', {
      all_fields: 'true',
      limit: 1000,
    })) as unknown[];
    expect(full.length).toBe(Math.min(25, all.length));
  });

  it('filters by names and by text, and gives extras only when asked', async () => {
    expect(
      await result('organization_list', { organizations: 'nbs,sh-stats', sort: 'name asc' }),
    ).toEqual(['nbs', 'sh-stats']);
    expect(await result('organization_list', { q: '统计', sort: 'name asc' })).toEqual(
      snapshot.agencies
        .filter((a) => a.name.zh.includes('统计'))
        .map((a) => a.code)
        .sort(),
    );
    const [plain] = (await result('organization_list', {
      all_fields: true,
      organizations: ['nbs'],
    })) as CkanOrganizationDetail[];
    expect(plain).not.toHaveProperty('extras');
    const [rich] = (await result('organization_list', {
      all_fields: true,
      organizations: ['nbs'],
      include_extras: true,
      include_dataset_count: false,
    })) as CkanOrganizationDetail[];
    expect(rich!.extras).toContainEqual({ key: '级别', value: '国家级' });
    expect(rich).not.toHaveProperty('package_count');
  });

  it('refuses a sort it does not know with a Validation Error, as CKAN does', async () => {
    for (const sort of ['created desc', 'name asc, title asc', 'name upward'])
      expect(await failure('organization_list', { sort }), sort).toMatchObject({
        type: 'Validation Error',
        fields: { sort: [expect.any(String)] },
        read: false,
      });
  });
});

describe('organization_show', () => {
  it('shows an agency with its count, extras and, when asked, its newest 10 packages', async () => {
    const nbs = snapshot.entries.filter((e) => e.provider === 'nbs');
    const shown = (await result('organization_show', { id: 'nbs' })) as CkanOrganizationDetail;
    expect(shown).toMatchObject({ name: 'nbs', title: '国家统计局', package_count: nbs.length });
    expect(shown).not.toHaveProperty('packages');
    expect(shown.extras).toContainEqual({ key: '网站', value: 'https://www.stats.gov.cn/' });
    const full = (await result('organization_show', {
      id: 'nbs',
      include_datasets: 'True',
    })) as CkanOrganizationDetail;
    expect(full.packages!.length).toBe(Math.min(10, nbs.length));
    expect(full.packages!.every((p) => p.owner_org === 'nbs')).toBe(true);
  });

  it('answers an unknown agency with Not Found, and a missing id with a Validation Error', async () => {
    expect(await failure('organization_show', { id: 'nobody' })).toMatchObject({
      type: 'Not Found Error',
    });
    expect(await failure('organization_show', {})).toMatchObject({
      type: 'Validation Error',
      fields: { id: ['Missing value'] },
    });
  });
});

describe('status_show', () => {
  it('says which CKAN it imitates, on which site, without reading the catalog', async () => {
    const before = reads;
    expect(await result('status_show')).toMatchObject({
      ckan_version: '2.10-compatible (datarun)',
      site_url: ORIGIN,
      extensions: [],
    });
    expect(reads).toBe(before);
  });
});

describe('help_show', () => {
  it('describes every action and each of its parameters', async () => {
    for (const each of CKAN_ACTIONS) {
      const help = (await result('help_show', { name: each.name })) as string;
      expect(help).toBe(helpText(each));
      for (const param of each.params)
        expect(help, `${each.name} ${param.name}`).toContain(`:param ${param.name}:`);
    }
  });

  it('answers actions it does not offer with Not Found', async () => {
    expect(await failure('help_show', { name: 'package_create' })).toMatchObject({
      type: 'Not Found Error',
      message: 'Not found: Action function not found',
    });
  });
});

describe('ckanOpenApi', () => {
  it('documents every action with GET and POST, every parameter in the query and in the body', () => {
    const { paths, schemas } = ckanOpenApi();
    for (const each of CKAN_ACTIONS) {
      const item = paths[`/api/3/action/${each.name}`] as Record<string, Record<string, unknown>>;
      const get = item.get as { operationId: string; parameters?: { name: string }[] };
      const post = item.post as {
        operationId: string;
        requestBody: { content: Record<string, { schema: { properties: object } }> };
      };
      expect(get.operationId).toBe(each.name);
      expect(post.operationId).toBe(`${each.name}_post`);
      expect((get.parameters ?? []).map((p) => p.name)).toEqual(each.params.map((p) => p.name));
      expect(Object.keys(post.requestBody.content['application/json']!.schema.properties)).toEqual(
        each.params.map((p) => p.name),
      );
    }
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'CkanPackage',
        'CkanResource',
        'CkanError',
        'CkanPackageSearchAnswer',
      ]),
    );
  });
});

describe('toCkanError', () => {
  it('answers shared problems as CKAN errors, and anything else without details', () => {
    const invalid = new DatarunError(
      problem('invalid-field', 'Invalid integer', { field: 'rows' }),
    );
    expect(toCkanError(invalid)).toMatchObject({
      type: 'Validation Error',
      status: 409,
      message: 'rows: Invalid integer',
      fields: { rows: ['Invalid integer'] },
    });
    expect(toCkanError(new DatarunError(problem('storage', 'not published')))).toMatchObject({
      type: 'Service Unavailable',
      status: 503,
    });
    const secret = toCkanError(new Error('at /srv/app/secret.ts:12'));
    expect(secret).toMatchObject({
      type: 'Internal Server Error',
      status: 500,
      message: 'Internal Server Error',
    });
  });
});
