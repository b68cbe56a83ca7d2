import * as z from 'zod';
import type { Agency } from '../../core/schemas/agency.ts';
import type { LoadedCatalog } from '../snapshot-cache.ts';
import type { DatasetRows } from '../rows/dataset-rows-query.ts';
import { datastoreSearch } from './ckan-datastore-search.ts';
import { invalid, notFound } from './ckan-errors.ts';
import { codeOfPackageRef } from './ckan-ids.ts';
import {
  CkanOrganizationDetailSchema,
  CkanPackageSchema,
  toCkanOrganizationDetail,
  toCkanPackage,
} from './ckan-package.ts';
import type { CkanView } from './ckan-package.ts';
import { PackageSearchResultSchema, runPackageSearch } from './ckan-package-search.ts';
import {
  DEFAULT_ROWS,
  DEFAULT_SORT,
  FACET_FIELDS,
  MAX_ROWS,
  SORT_FIELDS,
  parsePackageSearch,
} from './ckan-search-params.ts';
import { readBoolean, readNatural, readText, readTextList, requireText } from './ckan-params.ts';
import type { CkanParams } from './ckan-params.ts';

/**
 * The CKAN actions datarun answers, each with what help_show says about it and what the
 * OpenAPI document lists. Every action reads its parameters first, so a bad request is
 * answered without touching storage, then reads the public catalog when it needs it.
 */

/** What an action may use: the public catalog, its rows, and the origin its URLs are built on. */
export type ActionContext = {
  origin: string;
  catalog(): Promise<LoadedCatalog>;
  /** A row query on the version of a resource, with datarun's row-query parameters. */
  rows(target: { code: string; version: number }, params: URLSearchParams): Promise<DatasetRows>;
};

/** An action's answer, and what it depends on besides the request (for its ETag). */
export type ActionAnswer = { result: unknown; version: string };

/** A parameter as help_show and OpenAPI describe it. */
export type ActionParam = {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'list';
  description: string;
  required?: boolean;
};

export type CkanAction = {
  name: string;
  summary: string;
  description: string;
  params: readonly ActionParam[];
  /** The schema of `result` in a successful answer. */
  result: z.ZodType;
  run(params: CkanParams, context: ActionContext): Promise<ActionAnswer>;
};

/** What CKAN calls this server in status_show. */
export const CKAN_VERSION = '2.10-compatible (datarun)';

/** Answers that do not depend on the catalog change only with the code. */
const STATIC_VERSION = 'static';

async function viewOf(context: ActionContext): Promise<{ view: CkanView; digest: string }> {
  const { index, digest } = await context.catalog();
  return { view: { index, origin: context.origin }, digest };
}

const flag = (name: string, description: string): ActionParam => ({
  name,
  type: 'boolean',
  description,
});
const ignored = (name: string) => flag(name, 'Accepted and ignored: the catalog is public.');

/** The agencies with their number of public entries. */
function packageCounts(view: CkanView): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { entry } of view.index.entries)
    counts.set(entry.provider, (counts.get(entry.provider) ?? 0) + 1);
  return counts;
}

const packageSearch: CkanAction = {
  name: 'package_search',
  summary: 'Search the public catalog (CKAN)',
  description: `Searches the public catalog as CKAN's package_search does. Search words in q go through the same Chinese-aware catalog search as GET /api/v1/datasets; fq filters with Lucene-style field:value clauses. Results are CKAN packages; facets count the whole result.`,
  params: [
    {
      name: 'q',
      type: 'string',
      description:
        'Search words (Chinese or English; every word must match). With a colon, it is read like fq and words without a field are search words. Default: every entry.',
    },
    {
      name: 'fq',
      type: 'string',
      description: `Filter clauses [+|-]field:value, joined by spaces or AND (all must hold) or OR (any may); values are words, "quoted text", * (any), (a OR b) or ranges [lo TO hi]. Fields: id, name, organization (agency code), tags, res_format (CSV, JSON, Parquet), groups (category group name or 信息资源分类), license_id, agency, category, openType, format, updateCycle, metadata_modified and metadata_created (ISO times), num_resources, num_tags.`,
    },
    {
      name: 'fq_list',
      type: 'list',
      description: 'More filter queries, each read like fq; all must hold.',
    },
    {
      name: 'rows',
      type: 'integer',
      description: `Results per page, default ${DEFAULT_ROWS}; more than ${MAX_ROWS} is cut to ${MAX_ROWS}, as in CKAN.`,
    },
    { name: 'start', type: 'integer', description: 'How many results to skip, default 0.' },
    {
      name: 'sort',
      type: 'string',
      description: `Comma-separated "field asc|desc"; fields: ${SORT_FIELDS.join(', ')}. Default "${DEFAULT_SORT}". title_string sorts Chinese titles in pinyin order. Ties are broken by name.`,
    },
    flag('facet', 'false turns facets off. Default true.'),
    {
      name: 'facet.field',
      type: 'list',
      description: `Fields to count, as a JSON list (["organization","tags"]), repeated, or one name: ${FACET_FIELDS.join(', ')}. Default none.`,
    },
    {
      name: 'facet.limit',
      type: 'integer',
      description: 'Values per facet, most frequent first; negative for all. Default 50.',
    },
    {
      name: 'facet.mincount',
      type: 'integer',
      description: 'Leave out values with fewer results. Default 1.',
    },
    ignored('include_private'),
    ignored('include_drafts'),
    ignored('include_deleted'),
    flag('use_default_schema', 'Accepted and ignored: there is one schema.'),
  ],
  result: PackageSearchResultSchema,
  async run(params, context) {
    const search = parsePackageSearch(params);
    const { view, digest } = await viewOf(context);
    return { result: runPackageSearch(view, search), version: digest };
  },
};

const packageShow: CkanAction = {
  name: 'package_show',
  summary: 'One public catalog entry as a CKAN package',
  description:
    'A publicly listed entry with its resources: the CSV, JSON and Parquet files of its latest open version. Entries the public may not see answer Not Found, like codes that do not exist.',
  params: [
    {
      name: 'id',
      type: 'string',
      required: true,
      description:
        'The entry code (103/000004), its slug or the package name (103-000004). name_or_id is read when id is absent.',
    },
    flag('use_default_schema', 'Accepted and ignored: there is one schema.'),
    flag('include_tracking', 'Accepted and ignored: datarun does not count views.'),
  ],
  result: CkanPackageSchema,
  async run(params, context) {
    const ref = readText(params, 'id') ?? readText(params, 'name_or_id');
    if (ref === undefined) throw invalid('id', 'Missing value');
    readBoolean(params, 'use_default_schema', false);
    readBoolean(params, 'include_tracking', false);
    const { view, digest } = await viewOf(context);
    const code = codeOfPackageRef(ref);
    const entry = code === undefined ? undefined : view.index.byCode.get(code);
    // Withheld entries answer exactly as codes that do not exist: the catalog does not reveal
    // what it withholds.
    if (!entry) throw notFound(`no public dataset ${JSON.stringify(ref)}`);
    return { result: toCkanPackage(entry, view), version: digest };
  },
};

const ORGANIZATION_SORTS = ['name', 'title', 'package_count', 'packages'];

/** CKAN's organization sort: one `field [asc|desc]`; a bare package count sorts most first. */
function organizationSort(text: string): { field: string; descending: boolean } {
  const parts = text.trim().split(/\s+/);
  const field = parts[0]!;
  const direction = (
    parts[1] ?? (field === 'packages' || field === 'package_count' ? 'desc' : 'asc')
  ).toLowerCase();
  if (text.includes(',')) throw invalid('sort', 'Too many sort criteria provided only 1 allowed');
  if (!ORGANIZATION_SORTS.includes(field))
    throw invalid(
      'sort',
      `Cannot sort by field \`${field}\`; sortable: name, title, package_count`,
    );
  if (parts.length > 2 || !['asc', 'desc'].includes(direction))
    throw invalid('sort', `Invalid sort direction \`${parts.slice(1).join(' ')}\``);
  return {
    field: field === 'packages' ? 'package_count' : field,
    descending: direction === 'desc',
  };
}

const TITLE_ORDER = new Intl.Collator('zh-CN');

const organizationList: CkanAction = {
  name: 'organization_list',
  summary: 'The agencies, as CKAN organizations',
  description:
    'The names (agency codes) of the agencies of the catalog, or with all_fields their details and counts of public entries.',
  params: [
    flag('all_fields', 'Give organizations in full instead of their names. Default false.'),
    {
      name: 'sort',
      type: 'string',
      description:
        'name, title (pinyin order) or package_count, with asc or desc. Default "title asc".',
    },
    {
      name: 'limit',
      type: 'integer',
      description: 'At most this many; default and cap 1000, or 25 with all_fields.',
    },
    { name: 'offset', type: 'integer', description: 'How many to skip. Default 0.' },
    {
      name: 'organizations',
      type: 'list',
      description: 'Only these names (a list or comma-separated).',
    },
    {
      name: 'q',
      type: 'string',
      description: 'Only organizations whose name, title or description contains this text.',
    },
    {
      name: 'order_by',
      type: 'string',
      description: 'Deprecated in CKAN: read as sort when sort is absent.',
    },
    {
      name: 'type',
      type: 'string',
      description: 'Only "organization" (the default) has organizations; another type lists none.',
    },
    flag('include_dataset_count', 'With all_fields: give package_count. Default true.'),
    flag('include_extras', 'With all_fields: give extras (级别, 行政区划代码, …). Default false.'),
    ignored('include_users'),
    ignored('include_groups'),
    ignored('include_tags'),
  ],
  result: z.union([z.array(z.string()), z.array(CkanOrganizationDetailSchema)]),
  async run(params, context) {
    const allFields = readBoolean(params, 'all_fields', false);
    const sort = organizationSort(
      readText(params, 'sort') ?? readText(params, 'order_by') ?? 'title asc',
    );
    const cap = allFields ? 25 : 1000;
    const limit = readNatural(params, 'limit') || cap;
    const offset = readNatural(params, 'offset') ?? 0;
    const only = readTextList(params, 'organizations')?.flatMap((names) => names.split(','));
    const q = readText(params, 'q')?.trim().toLowerCase();
    const type = readText(params, 'type') ?? 'organization';
    const withCount = readBoolean(params, 'include_dataset_count', true);
    const withExtras = readBoolean(params, 'include_extras', false);
    for (const name of ['include_users', 'include_groups', 'include_tags'])
      readBoolean(params, name, false);
    const { view, digest } = await viewOf(context);
    const counts = packageCounts(view);
    const compare: Record<string, (a: Agency, b: Agency) => number> = {
      name: (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
      title: (a, b) => TITLE_ORDER.compare(a.name.zh, b.name.zh),
      package_count: (a, b) => (counts.get(a.code) ?? 0) - (counts.get(b.code) ?? 0),
    };
    const agencies = (type === 'organization' ? [...view.index.agencies.values()] : [])
      .filter((agency) => !only || only.includes(agency.code))
      .filter(
        (agency) =>
          !q ||
          [agency.code, agency.name.zh, agency.name.en ?? ''].some((t) =>
            t.toLowerCase().includes(q),
          ),
      )
      .sort((a, b) => {
        const order = compare[sort.field]!(a, b);
        return (sort.descending ? -order : order) || compare.name!(a, b);
      })
      .slice(offset, offset + Math.min(limit, cap));
    const result = allFields
      ? agencies.map((agency) =>
          toCkanOrganizationDetail(agency, {
            ...(withCount && { packageCount: counts.get(agency.code) ?? 0 }),
            extras: withExtras,
          }),
        )
      : agencies.map((agency) => agency.code);
    return { result, version: digest };
  },
};

/** How many packages organization_show lists with include_datasets, as CKAN does. */
const ORGANIZATION_PACKAGES = 10;

const organizationShow: CkanAction = {
  name: 'organization_show',
  summary: 'One agency as a CKAN organization',
  description:
    'An agency with its count of public entries, its extras and, with include_datasets, its first 10 packages (newest change first).',
  params: [
    {
      name: 'id',
      type: 'string',
      required: true,
      description: 'The agency code (its name and id), e.g. nbs.',
    },
    flag('include_datasets', 'Add its first 10 packages, newest change first. Default false.'),
    flag('include_dataset_count', 'Give package_count. Default true.'),
    flag('include_extras', 'Give extras (级别, 行政区划代码, …). Default true.'),
    ignored('include_users'),
    ignored('include_groups'),
    ignored('include_followers'),
  ],
  result: CkanOrganizationDetailSchema,
  async run(params, context) {
    const id = requireText(params, 'id');
    const withPackages = readBoolean(params, 'include_datasets', false);
    const withCount = readBoolean(params, 'include_dataset_count', true);
    const withExtras = readBoolean(params, 'include_extras', true);
    for (const name of ['include_users', 'include_groups', 'include_followers'])
      readBoolean(params, name, false);
    const { view, digest } = await viewOf(context);
    const agency = view.index.agencies.get(id);
    if (!agency) throw notFound(`no organization ${JSON.stringify(id)}`);
    const search = runPackageSearch(view, {
      text: '',
      filter: [[{ field: 'organization', negate: false, values: [agency.code] }]],
      sort: [{ field: 'metadata_modified', descending: true }],
      sortText: 'metadata_modified desc',
      rows: withPackages ? ORGANIZATION_PACKAGES : 0,
      start: 0,
    });
    const result = toCkanOrganizationDetail(agency, {
      ...(withCount && { packageCount: search.count }),
      extras: withExtras,
      ...(withPackages && { packages: search.results }),
    });
    return { result, version: digest };
  },
};

const statusShow: CkanAction = {
  name: 'status_show',
  summary: 'What this server is (CKAN)',
  description:
    'The site and the CKAN version this API imitates; clients call it first to recognise a CKAN.',
  params: [],
  result: z.object({
    site_title: z.string(),
    site_description: z.string(),
    site_url: z.string(),
    ckan_version: z.string(),
    locale_default: z.string(),
    error_emails_to: z.null(),
    extensions: z.array(z.string()),
  }),
  async run(_params, context) {
    return {
      result: {
        site_title: 'datarun',
        site_description: 'Open-data and government data-sharing platform',
        site_url: context.origin,
        ckan_version: CKAN_VERSION,
        locale_default: 'zh_Hans_CN',
        error_emails_to: null,
        extensions: [],
      },
      version: STATIC_VERSION,
    };
  },
};

const helpShow: CkanAction = {
  name: 'help_show',
  summary: 'What an action does (CKAN)',
  description:
    'The description of an action and its parameters, as CKAN gives the docstring of an action.',
  params: [
    {
      name: 'name',
      type: 'string',
      required: true,
      description: 'The action, e.g. package_search.',
    },
  ],
  result: z.string(),
  async run(params) {
    const name = requireText(params, 'name');
    const action = CKAN_ACTIONS.find((each) => each.name === name);
    if (!action) throw notFound('Action function not found');
    return { result: helpText(action), version: STATIC_VERSION };
  },
};

/** The help of an action in the form of a CKAN docstring. */
export function helpText(action: CkanAction): string {
  const params = action.params.map(
    (param) =>
      `:param ${param.name}: ${param.description}${param.required ? '' : ' (optional)'}\n:type ${param.name}: ${param.type === 'list' ? 'list of strings' : param.type}`,
  );
  return [action.description, ...params].join('\n\n');
}

/** Every action served under /api/3/action/. */
export const CKAN_ACTIONS: readonly CkanAction[] = [
  packageSearch,
  packageShow,
  organizationList,
  organizationShow,
  datastoreSearch,
  helpShow,
  statusShow,
];
