import * as z from 'zod';
import type { Agency } from '../../core/schemas/agency.ts';
import type { SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';
import type { DistributionFormat } from '../../core/schemas/distribution.ts';
import { CATEGORY_IDS } from '../../core/schemas/vocabulary.ts';
import type { Category } from '../../core/schemas/vocabulary.ts';
import { codeSlug } from '../../core/publish/object-keys.ts';
import type { CatalogIndex } from '../../core/search/catalog-index.ts';
import { packageName, resourceId } from './ckan-ids.ts';

/**
 * Catalog entries and agencies as CKAN shows packages and organizations. Key names and JSON
 * types follow a real CKAN answer (data.birmingham.gov.uk, kept in
 * /work/shared/realdata/ckan-package-search-birmingham-city-council); the unit test lists
 * every key of it that is left out, and why. What CKAN has no key for goes into `extras`
 * under the catalog's own Chinese field names.
 */

/** What a mapping reads besides the entry: the catalog, and the origin URLs are built on. */
export type CkanView = {
  index: CatalogIndex;
  /** The site origin that serves `/open/*`, `/datasets/*` and this API: `https://data.example.gov.cn`. */
  origin: string;
};

/** The CKAN group of each 信息资源分类: its ASCII id, as CKAN group names are URL slugs. */
export const CATEGORY_GROUPS = CATEGORY_IDS;

/** The CKAN `format` of each distribution, as CKAN's resource_formats.json writes them. */
export const RESOURCE_FORMAT_LABELS: Record<DistributionFormat, string> = {
  csv: 'CSV',
  json: 'JSON',
  parquet: 'Parquet',
};

/** CKAN's licence id and title for a dataset that names none. */
export const NO_LICENCE = { id: 'notspecified', title: 'License not specified' };

const text = z.string();

export const CkanExtraSchema = z.object({ key: text, value: text });

export const CkanTagSchema = z.object({
  id: text.describe('The tag name: tags are identified by name'),
  name: text,
  display_name: text,
  state: z.literal('active'),
  vocabulary_id: z.null(),
});

export const CkanGroupSchema = z.object({
  id: text.describe('The group name'),
  name: text.describe('ASCII id of the 信息资源分类, e.g. geospatial'),
  title: text.describe('The 信息资源分类 as the catalog writes it, e.g. 基础/自然资源和空间地理'),
  display_name: text,
  description: text,
  image_display_url: text,
});

/** An agency as a package shows its owner. */
export const CkanOrganizationSchema = z.object({
  id: text.describe('The agency code; the same as name'),
  name: text.describe('The agency code, e.g. nbs'),
  title: text.describe('The agency name in Chinese'),
  type: z.literal('organization'),
  description: text.describe('The agency name in English, when the catalog has one'),
  image_url: text,
  is_organization: z.literal(true),
  approval_status: z.literal('approved'),
  state: z.literal('active'),
});
export type CkanOrganization = z.infer<typeof CkanOrganizationSchema>;

export const CkanResourceSchema = z.object({
  id: text.describe('`{package name}.v{version}.{format}`, e.g. 103-000004.v1.csv'),
  package_id: text,
  name: text,
  description: text,
  format: text.describe('CSV, JSON or Parquet'),
  mimetype: text,
  mimetype_inner: z.null(),
  url: text.describe('Absolute download URL of the file'),
  url_type: z.null().describe('null: the url is used as it is'),
  size: z.number().int().nonnegative().describe('Bytes'),
  hash: text.describe('SHA-256 of the file, hex'),
  created: text,
  last_modified: text,
  position: z.number().int().nonnegative(),
  datastore_active: z.boolean().describe('true for the CSV file: datastore_search reads its rows'),
  state: z.literal('active'),
  resource_type: z.null(),
  cache_url: z.null(),
  cache_last_updated: z.null(),
});
export type CkanResource = z.infer<typeof CkanResourceSchema>;

export const CkanRelationshipSchema = z.object({
  subject_package_id: text,
  object_package_id: text,
  type: z.literal('links_to').describe('关联资源代码: the subject names the object as related'),
  comment: text,
  state: z.literal('active'),
});

export const CkanPackageSchema = z.object({
  id: text.describe('The code slug, e.g. 103-000004; the same as name'),
  name: text,
  title: text.describe('信息资源名称 in Chinese'),
  notes: text.describe('信息资源摘要 in Chinese'),
  author: text.describe('Name of the providing agency (信息资源提供方)'),
  author_email: text,
  maintainer: text.describe('Contact person, when the entry names one'),
  maintainer_email: text,
  license_id: text,
  license_title: text,
  isopen: z.boolean().describe('true when the entry is 无条件开放'),
  url: text.describe('The dataset page on the portal'),
  version: text.describe('Number of the latest version the public may download; empty if none'),
  state: z.literal('active'),
  private: z.literal(false),
  type: z.literal('dataset'),
  metadata_created: text.describe('发布日期 (issued), UTC without zone, as CKAN writes times'),
  metadata_modified: text.describe('When the platform last changed the entry, UTC without zone'),
  owner_org: text,
  organization: CkanOrganizationSchema,
  tags: z.array(CkanTagSchema),
  num_tags: z.number().int().nonnegative(),
  groups: z.array(CkanGroupSchema),
  resources: z.array(CkanResourceSchema),
  num_resources: z.number().int().nonnegative(),
  extras: z.array(CkanExtraSchema).describe('Catalog fields CKAN has no key for, by Chinese name'),
  relationships_as_subject: z.array(CkanRelationshipSchema),
  relationships_as_object: z.array(CkanRelationshipSchema),
});
export type CkanPackage = z.infer<typeof CkanPackageSchema>;

/** An agency as organization_show and organization_list (all_fields) show it. */
export const CkanOrganizationDetailSchema = CkanOrganizationSchema.extend({
  display_name: text,
  image_display_url: text,
  package_count: z.number().int().nonnegative().optional(),
  num_followers: z.number().int().nonnegative(),
  extras: z.array(CkanExtraSchema).optional(),
  groups: z.array(z.unknown()),
  tags: z.array(z.unknown()),
  packages: z.array(CkanPackageSchema).optional(),
});
export type CkanOrganizationDetail = z.infer<typeof CkanOrganizationDetailSchema>;

/**
 * A platform timestamp as CKAN writes them: UTC, microseconds, no zone designator
 * (`2014-12-01T10:29:19.414595`). Some clients parse exactly that form.
 */
export function ckanTimestamp(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, -1)}000`;
}

/** A calendar date as a CKAN timestamp at midnight UTC. */
export function ckanDate(date: string): string {
  return `${date}T00:00:00`;
}

/**
 * The organization of an agency code. The agency is looked up in the snapshot; a code it does
 * not list (only a broken snapshot has one) is shown by its code alone.
 */
export function toCkanOrganization(code: string, agency: Agency | undefined): CkanOrganization {
  return {
    id: code,
    name: code,
    title: agency?.name.zh ?? code,
    type: 'organization',
    description: agency?.name.en ?? '',
    image_url: '',
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
  };
}

const extra = (key: string, value: string | undefined) =>
  value === undefined || value === '' ? [] : [{ key, value }];

/** Agency fields CKAN has no key for. */
function agencyExtras(agency: Agency) {
  return [
    ...extra('级别', agency.level),
    ...extra('行政区划代码', agency.region),
    ...extra('统一社会信用代码', agency.creditCode),
    ...extra('上级部门', agency.parent),
    ...extra('网站', agency.website),
    ...extra('电子邮箱', agency.email),
  ];
}

/**
 * An agency as organization_show shows it. `packageCount` and `extras` are left out when
 * the client asked not to have them, as CKAN does.
 */
export function toCkanOrganizationDetail(
  agency: Agency,
  options: { packageCount?: number; extras: boolean; packages?: CkanPackage[] },
): CkanOrganizationDetail {
  return {
    ...toCkanOrganization(agency.code, agency),
    display_name: agency.name.zh,
    image_display_url: '',
    ...(options.packageCount !== undefined && { package_count: options.packageCount }),
    num_followers: 0,
    ...(options.extras && { extras: agencyExtras(agency) }),
    groups: [],
    tags: [],
    ...(options.packages && { packages: options.packages }),
  };
}

/** The CKAN group of a category. */
export function toCkanGroup(category: Category) {
  const name = CATEGORY_GROUPS[category];
  return {
    id: name,
    name,
    title: category,
    display_name: category,
    description: '',
    image_display_url: '',
  };
}

/** The files of the latest open version; CSV first, as publishing writes them. */
function toCkanResources(entry: SnapshotEntry, view: CkanView): CkanResource[] {
  const latest = entry.latest;
  if (!latest) return [];
  const created = ckanTimestamp(latest.createdAt);
  return latest.distributions.map((distribution, position) => ({
    id: resourceId(entry.code, latest.version, distribution.format),
    package_id: packageName(entry.code),
    name: `${entry.title.zh} (${RESOURCE_FORMAT_LABELS[distribution.format]})`,
    description: `第 ${latest.version} 版，共 ${latest.rowCount} 行`,
    format: RESOURCE_FORMAT_LABELS[distribution.format],
    mimetype: distribution.mediaType.split(';')[0]!.trim(),
    mimetype_inner: null,
    url: `${view.origin}/${distribution.key}`,
    url_type: null,
    size: distribution.bytes,
    hash: distribution.sha256,
    created,
    last_modified: created,
    position,
    datastore_active: distribution.format === 'csv',
    state: 'active',
    resource_type: null,
    cache_url: null,
    cache_last_updated: null,
  }));
}

/** Entry fields CKAN has no key for, under the names the catalog standard gives them. */
function entryExtras(entry: SnapshotEntry) {
  const temporal =
    entry.temporal && `${entry.temporal.start ?? '..'}/${entry.temporal.end ?? '..'}`;
  return [
    ...extra('信息资源代码', entry.code),
    ...extra('信息资源分类', entry.category),
    ...extra('信息资源格式', entry.format),
    ...extra('共享类型', entry.shareType),
    ...extra('共享条件', entry.shareCondition),
    ...extra('不予共享依据', entry.shareBasis),
    ...extra('共享方式', entry.shareMethod.join(',')),
    ...extra('开放属性', entry.openType),
    ...extra('开放条件', entry.openCondition),
    ...extra('更新周期', entry.updateCycle),
    ...extra('发布日期', entry.issued),
    ...extra('更新日期', entry.modified),
    ...extra('关联资源代码', entry.related.join(',')),
    ...extra('空间范围', entry.spatial),
    ...extra('时间范围', temporal),
    ...extra('联系电话', entry.contact?.phone),
    ...extra('title_en', entry.title.en),
    ...extra('notes_en', entry.abstract.en),
  ];
}

const INCOMING = new WeakMap<CatalogIndex, ReadonlyMap<string, readonly string[]>>();

/** For every public entry, the public entries that name it as related; built once per index. */
function incomingRelations(index: CatalogIndex): ReadonlyMap<string, readonly string[]> {
  let incoming = INCOMING.get(index);
  if (!incoming) {
    const map = new Map<string, string[]>();
    for (const { entry } of index.entries)
      for (const code of entry.related)
        if (index.byCode.has(code)) map.set(code, [...(map.get(code) ?? []), entry.code]);
    INCOMING.set(index, (incoming = map));
  }
  return incoming;
}

const linksTo = (subject: string, object: string) => ({
  subject_package_id: packageName(subject),
  object_package_id: packageName(object),
  type: 'links_to' as const,
  comment: '',
  state: 'active' as const,
});

/** A public catalog entry as a CKAN package, its files as resources. */
export function toCkanPackage(entry: SnapshotEntry, view: CkanView): CkanPackage {
  const agency = view.index.agencies.get(entry.provider);
  const name = packageName(entry.code);
  const tags = [...new Set(entry.keywords)].map((keyword) => ({
    id: keyword,
    name: keyword,
    display_name: keyword,
    state: 'active' as const,
    vocabulary_id: null,
  }));
  const resources = toCkanResources(entry, view);
  return {
    id: name,
    name,
    title: entry.title.zh,
    notes: entry.abstract.zh,
    author: agency?.name.zh ?? entry.provider,
    author_email: agency?.email ?? '',
    maintainer: entry.contact?.name ?? '',
    maintainer_email: entry.contact?.email ?? '',
    license_id: entry.licence ?? NO_LICENCE.id,
    license_title: entry.licence ?? NO_LICENCE.title,
    isopen: entry.openType === '无条件开放',
    url: `${view.origin}/datasets/${codeSlug(entry.code)}/`,
    version: entry.latest ? String(entry.latest.version) : '',
    state: 'active',
    private: false,
    type: 'dataset',
    metadata_created: ckanDate(entry.issued),
    metadata_modified: ckanTimestamp(entry.updatedAt),
    owner_org: entry.provider,
    organization: toCkanOrganization(entry.provider, agency),
    tags,
    num_tags: tags.length,
    groups: [toCkanGroup(entry.category)],
    resources,
    num_resources: resources.length,
    extras: entryExtras(entry),
    relationships_as_subject: entry.related
      .filter((code) => view.index.byCode.has(code))
      .map((code) => linksTo(entry.code, code)),
    relationships_as_object: (incomingRelations(view.index).get(entry.code) ?? []).map((code) =>
      linksTo(code, entry.code),
    ),
  };
}
