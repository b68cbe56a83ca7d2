import { beforeAll, describe, expect, it } from 'vitest';
import {
  CATEGORY_GROUPS,
  CkanPackageSchema,
  ckanTimestamp,
  toCkanOrganizationDetail,
  toCkanPackage,
} from '../../../../functions/src/api/ckan/ckan-package.ts';
import type { CkanPackage, CkanView } from '../../../../functions/src/api/ckan/ckan-package.ts';
import type { CatalogSnapshot } from '../../../../functions/src/core/schemas/catalog-snapshot.ts';
import { VOCABULARY } from '../../../../site/src/lib/vocabulary.ts';
import { ORIGIN, birminghamPackages, demoView, jsonType } from './ckan-fixtures.ts';

type Json = Record<string, unknown>;

/**
 * Keys of the real CKAN objects that datarun leaves out, each with the reason. Every other key
 * of the real answer must be on ours with the same JSON type.
 */
const LEFT_OUT: Record<string, Record<string, string>> = {
  package: {
    creator_user_id: 'the public catalog has no user accounts; entries belong to agencies',
    license_url:
      'the catalog names a licence by an identifier without a URL; CKAN too leaves license_url out when the licence has none',
    revision_id: 'CKAN 2.9 removed revisions; datarun versions data, not metadata revisions',
  },
  resource: {
    revision_id: 'CKAN 2.9 removed revisions; the version is part of the resource id',
  },
  organization: {
    created: 'the catalog records no creation time for agencies',
    revision_id: 'CKAN 2.9 removed revisions',
  },
  tag: {},
  group: {},
};

/**
 * Keys the real answer has as null, because that portal did not know them, and ours knows:
 * null in CKAN's schema means "unknown", so a value of the documented type is what CKAN itself
 * writes when it knows it.
 */
const KNOWN_WHERE_CKAN_HAD_NULL: Record<string, Record<string, string>> = {
  resource: {
    mimetype: 'string',
    size: 'number',
    last_modified: 'string',
  },
};

/**
 * Keys whose type differs on purpose: `url_type` is "upload" for files uploaded to that
 * CKAN; null tells clients to use `url` as it is, which is what datarun's download URLs need.
 */
const DIFFERENT_ON_PURPOSE: Record<string, Record<string, string>> = {
  resource: { url_type: 'null' },
};

/** Every key of the objects of one kind in the real answer, with the JSON types it takes. */
function keyTypes(objects: readonly Json[]): Map<string, Set<string>> {
  const types = new Map<string, Set<string>>();
  for (const object of objects)
    for (const [key, value] of Object.entries(object))
      types.set(key, (types.get(key) ?? new Set()).add(jsonType(value)));
  return types;
}

/** What is wrong with one of our objects against the real objects of the same kind. */
function mismatches(kind: string, ours: Json, real: readonly Json[]): string[] {
  const problems: string[] = [];
  for (const [key, types] of keyTypes(real)) {
    if (key in LEFT_OUT[kind]!) {
      if (key in ours) problems.push(`${kind}.${key} is listed as left out but is there`);
      continue;
    }
    if (!(key in ours)) {
      problems.push(`${kind}.${key} is missing`);
      continue;
    }
    const type = jsonType(ours[key]);
    const expected =
      DIFFERENT_ON_PURPOSE[kind]?.[key] ??
      (types.has('null') && types.size === 1 ? KNOWN_WHERE_CKAN_HAD_NULL[kind]?.[key] : undefined);
    if (expected ? type !== expected : !types.has(type))
      problems.push(`${kind}.${key} is ${type}, CKAN has ${[...types].join('|')}`);
  }
  return problems;
}

let snapshot: CatalogSnapshot;
let view: CkanView;
let real: Json[];
let withFiles: CkanPackage;
let withoutFiles: CkanPackage;

beforeAll(async () => {
  ({ snapshot, view } = await demoView());
  real = birminghamPackages();
  const entry = (code: string) => snapshot.entries.find((e) => e.code === code)!;
  withFiles = toCkanPackage(entry('103/000004'), view);
  withoutFiles = toCkanPackage(entry('103/000005'), view);
});

describe('toCkanPackage', () => {
  it('carries every key of a real CKAN package with its JSON type, or lists why it leaves it out', () => {
    expect(real.length).toBe(10);
    const realResources = real.flatMap((p) => p.resources as Json[]);
    const realTags = real.flatMap((p) => p.tags as Json[]);
    const realGroups = real.flatMap((p) => p.groups as Json[]);
    const realOrganizations = real.map((p) => p.organization as Json);
    expect(realResources.length).toBeGreaterThan(40);
    expect([
      ...mismatches('package', withFiles, real),
      ...withFiles.resources.flatMap((r) => mismatches('resource', r, realResources)),
      ...withFiles.tags.flatMap((t) => mismatches('tag', t, realTags)),
      ...withFiles.groups.flatMap((g) => mismatches('group', g, realGroups)),
      ...mismatches('organization', withFiles.organization, realOrganizations),
      ...mismatches('package', withoutFiles, real),
    ]).toEqual([]);
  });

  it('would catch a key that is missing, of another type, or listed as left out yet there', () => {
    const { author: _author, ...missing } = withFiles;
    expect(mismatches('package', missing, real)).toEqual(['package.author is missing']);
    expect(mismatches('package', { ...withFiles, num_tags: '3' }, real)).toEqual([
      'package.num_tags is string, CKAN has number',
    ]);
    expect(mismatches('package', { ...withFiles, revision_id: 'x' }, real)).toEqual([
      'package.revision_id is listed as left out but is there',
    ]);
  });

  it('lists no key as left out that the real answer does not have', () => {
    const realKeys = {
      package: keyTypes(real),
      resource: keyTypes(real.flatMap((p) => p.resources as Json[])),
      organization: keyTypes(real.map((p) => p.organization as Json)),
    };
    for (const [kind, keys] of Object.entries(realKeys))
      for (const key of Object.keys(LEFT_OUT[kind]!))
        expect(keys.has(key), `${kind}.${key}`).toBe(true);
  });

  it('matches the schema the OpenAPI document gives for packages', () => {
    expect(CkanPackageSchema.strict().parse(withFiles)).toEqual(withFiles);
    expect(CkanPackageSchema.strict().parse(withoutFiles)).toEqual(withoutFiles);
  });

  it('names a package by its code slug, lower case, and gives the same string as its id', () => {
    expect(withFiles).toMatchObject({ id: '103-000004', name: '103-000004' });
    const lettered = toCkanPackage({ ...snapshot.entries[0]!, code: 'A1B/000001' }, view);
    expect(lettered.name).toBe('a1b-000001');
    expect(lettered.name).toMatch(/^[a-z0-9_-]{2,100}$/);
  });

  it('keeps Chinese titles, abstracts and keywords as they are', () => {
    expect(withFiles.title).toBe('统计用区划代码（县级）');
    expect(withFiles.notes).toContain('县级区划');
    expect(withFiles.tags.map((t) => t.name)).toEqual(['行政区划', '区划代码', '县级']);
    expect(withFiles.num_tags).toBe(3);
  });

  it('lists the three files of the latest open version as resources with absolute URLs', () => {
    expect(withFiles.resources.map((r) => [r.id, r.format, r.url])).toEqual([
      ['103-000004.v1.csv', 'CSV', `${ORIGIN}/open/datasets/103-000004/1/data.csv`],
      ['103-000004.v1.json', 'JSON', `${ORIGIN}/open/datasets/103-000004/1/data.json`],
      ['103-000004.v1.parquet', 'Parquet', `${ORIGIN}/open/datasets/103-000004/1/data.parquet`],
    ]);
    expect(withFiles.resources.map((r) => r.position)).toEqual([0, 1, 2]);
    expect(withFiles.resources.map((r) => r.mimetype)).toEqual([
      'text/csv',
      'application/json',
      'application/vnd.apache.parquet',
    ]);
    expect(withFiles.num_resources).toBe(3);
    expect(withFiles.version).toBe('1');
    for (const resource of withFiles.resources) {
      expect(resource.package_id).toBe('103-000004');
      expect(resource).toMatchObject({ state: 'active', url_type: null, size: expect.any(Number) });
    }
  });

  it('marks only the CSV resource as datastore_active', () => {
    expect(withFiles.resources.map((r) => r.datastore_active)).toEqual([true, false, false]);
  });

  it('gives no resources when the public may not download the data', () => {
    expect(withoutFiles).toMatchObject({ resources: [], num_resources: 0, version: '' });
    expect(withoutFiles.extras).toContainEqual({ key: '开放属性', value: '有条件开放' });
    expect(withoutFiles.isopen).toBe(false);
    expect(withFiles.isopen).toBe(true);
  });

  it('puts catalog fields CKAN has no key for into extras, under their Chinese names', () => {
    const extras = Object.fromEntries(withFiles.extras.map((e) => [e.key, e.value]));
    expect(extras).toMatchObject({
      信息资源代码: '103/000004',
      信息资源分类: '基础/自然资源和空间地理',
      共享类型: '无条件共享',
      共享方式: '文件,接口',
      开放属性: '无条件开放',
      更新周期: '每年',
      发布日期: '2024-11-28',
      关联资源代码: '103/000003,103/000005',
      title_en: 'Statistical division codes: counties',
    });
    for (const extra of withFiles.extras) expect(typeof extra.value).toBe('string');
  });

  it('writes times as CKAN does: UTC, microseconds, no zone designator', () => {
    expect(withFiles.metadata_created).toBe('2024-11-28T00:00:00');
    expect(withFiles.metadata_modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(withFiles.resources[0]!.created).toBe('2026-11-28T08:30:15.123000');
    expect(ckanTimestamp('2026-01-02T03:04:05+08:00')).toBe('2026-01-01T19:04:05.000000');
  });

  it('shows the owner as an organization and the category as a group', () => {
    expect(withFiles.owner_org).toBe('nbs');
    expect(withFiles.organization).toMatchObject({
      id: 'nbs',
      name: 'nbs',
      title: '国家统计局',
      is_organization: true,
    });
    expect(withFiles.groups).toEqual([
      expect.objectContaining({ name: 'geospatial', display_name: '基础/自然资源和空间地理' }),
    ]);
    expect(withFiles.url).toBe(`${ORIGIN}/datasets/103-000004/`);
  });

  it('links related public entries both ways, and leaves out entries the public cannot see', () => {
    expect(withFiles.relationships_as_subject.map((r) => r.object_package_id)).toEqual([
      '103-000003',
      '103-000005',
    ]);
    const county = toCkanPackage(
      snapshot.entries.find((e) => e.code === '103/000003')!,
      view,
    );
    expect(county.relationships_as_object.map((r) => r.subject_package_id)).toContain('103-000004');
    const hidden = toCkanPackage(
      { ...snapshot.entries[0]!, related: ['999/999999', '103/000004'] },
      view,
    );
    expect(hidden.relationships_as_subject.map((r) => r.object_package_id)).toEqual(['103-000004']);
  });

  it('says "License not specified" when the entry names no licence, as CKAN does', () => {
    const entry = snapshot.entries.find((e) => e.licence === undefined)!;
    expect(toCkanPackage(entry, view)).toMatchObject({
      license_id: 'notspecified',
      license_title: 'License not specified',
    });
  });
});

describe('toCkanOrganizationDetail', () => {
  it('gives the count and the extras it is asked for, and leaves them out otherwise', () => {
    const nbs = view.index.agencies.get('nbs')!;
    const full = toCkanOrganizationDetail(nbs, { packageCount: 7, extras: true });
    expect(full).toMatchObject({ name: 'nbs', display_name: '国家统计局', package_count: 7 });
    expect(full.extras).toContainEqual({ key: '级别', value: '国家级' });
    const bare = toCkanOrganizationDetail(nbs, { extras: false });
    expect(bare).not.toHaveProperty('package_count');
    expect(bare).not.toHaveProperty('extras');
    expect(bare).not.toHaveProperty('packages');
  });
});

describe('CATEGORY_GROUPS', () => {
  it('names every category group with the id the site gives its category page, a URL slug', () => {
    expect(CATEGORY_GROUPS).toBe(VOCABULARY.category);
    for (const name of Object.values(CATEGORY_GROUPS)) expect(name).toMatch(/^[a-z0-9-]+$/);
  });
});
