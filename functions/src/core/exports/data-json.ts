import { siteIris } from '../interop/site-iris.ts';
import { schemaKey } from '../publish/object-keys.ts';
import type { Agency } from '../schemas/agency.ts';
import type { CatalogSnapshot, SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import type { OpenType, UpdateCycle } from '../schemas/vocabulary.ts';
import { EXPORT_KEYS } from '../publish/object-keys.ts';
import { bareMediaType, webIri } from './dcat-graph.ts';

const POD = 'https://project-open-data.cio.gov/v1.1/schema';

/** 开放属性 → data.json accessLevel. */
export const ACCESS_LEVELS: Record<OpenType, string> = {
  无条件开放: 'public',
  有条件开放: 'restricted public',
  不予开放: 'non-public',
};

/** 更新周期 → data.json accrualPeriodicity (ISO 8601 repeating durations, as POD lists them). */
export const ACCRUAL_PERIODICITY: Record<UpdateCycle, string> = {
  实时: 'R/PT1S',
  每日: 'R/P1D',
  每周: 'R/P1W',
  每月: 'R/P1M',
  每季度: 'R/P3M',
  每半年: 'R/P6M',
  每年: 'R/P1Y',
  不定期: 'irregular',
};

/**
 * POD's JSON Schema requires `bureauCode` and `programCode` of every dataset, although its
 * specification asks them of U.S. federal agencies only. These are the "no bureau, no
 * program" codes, so the file validates; they say nothing about a Chinese agency.
 */
export const NON_FEDERAL_CODES = { bureauCode: ['000:00'], programCode: ['000:000'] } as const;

/** POD caps `rights` at 255 characters. */
const RIGHTS_MAX = 255;

export type DataJsonOptions = {
  /** The platform's contact address, for entries whose agency gives none. */
  contactEmail?: string;
};

type Organization = { '@type': 'org:Organization'; name: string; subOrganizationOf?: Organization };

/**
 * The public catalog as a Project Open Data v1.1 (DCAT-US) data.json. Datasets are identified
 * by their landing page, the same IRI as in the DCAT-AP export; the contact falls back to the
 * agency's address, then its parents', then the platform's.
 */
export function dataJson(
  snapshot: CatalogSnapshot,
  base: string,
  options: DataJsonOptions = {},
): Record<string, unknown> {
  const iris = siteIris(base);
  const agencies = new Map(snapshot.agencies.map((a) => [a.code, a]));
  const entries = [...snapshot.entries].sort((a, b) => (a.code < b.code ? -1 : 1));
  return {
    '@context': `${POD}/catalog.jsonld`,
    '@id': iris.exportFile(EXPORT_KEYS.dataJson),
    '@type': 'dcat:Catalog',
    conformsTo: POD,
    describedBy: `${POD}/catalog.json`,
    dataset: entries.map((entry) => {
      const agency = agencies.get(entry.provider);
      const page = iris.dataset(entry.code);
      const licence = entry.licence && webIri(entry.licence);
      const email = entry.contact?.email ?? agencyEmail(agency, agencies) ?? options.contactEmail;
      const temporal = entry.temporal;
      return {
        '@type': 'dcat:Dataset',
        title: entry.title.zh,
        description: entry.abstract.zh,
        keyword: entry.keywords.length > 0 ? [...new Set(entry.keywords)] : [categoryLabel(entry)],
        modified: entry.modified,
        publisher: organization(agency, agencies, entry.provider),
        contactPoint: {
          '@type': 'vcard:Contact',
          fn: entry.contact?.name ?? agency?.name.zh ?? entry.provider,
          ...(email && { hasEmail: `mailto:${email}` }),
        },
        identifier: page,
        accessLevel: ACCESS_LEVELS[entry.openType],
        ...(entry.openType !== '无条件开放' && {
          rights: clip(entry.openCondition ?? entry.openType, RIGHTS_MAX),
        }),
        ...NON_FEDERAL_CODES,
        ...(licence && { license: licence }),
        ...(entry.spatial && { spatial: entry.spatial }),
        ...(temporal?.start && temporal.end && { temporal: `${temporal.start}/${temporal.end}` }),
        issued: entry.issued,
        accrualPeriodicity: ACCRUAL_PERIODICITY[entry.updateCycle],
        language: ['zh-CN'],
        theme: [entry.category],
        landingPage: page,
        ...(entry.latest && {
          distribution: entry.latest.distributions.map((d) => {
            const schema = iris.object(schemaKey('open', entry.code, entry.latest!.version));
            return {
              '@type': 'dcat:Distribution',
              title: `data.${d.format}`,
              downloadURL: iris.object(d.key),
              mediaType: bareMediaType(d.mediaType),
              format: d.format.toUpperCase(),
              conformsTo: schema,
              describedBy: schema,
              describedByType: 'application/json',
            };
          }),
        }),
      };
    }),
  };
}

/** The keyword of last resort: the category's own name (`基础/人口` → `人口`). */
function categoryLabel(entry: SnapshotEntry): string {
  return entry.category.slice(entry.category.indexOf('/') + 1);
}

function agencyEmail(
  agency: Agency | undefined,
  agencies: ReadonlyMap<string, Agency>,
): string | undefined {
  const seen = new Set<string>();
  for (let a = agency; a && !seen.has(a.code); a = a.parent ? agencies.get(a.parent) : undefined) {
    if (a.email) return a.email;
    seen.add(a.code);
  }
  return undefined;
}

function organization(
  agency: Agency | undefined,
  agencies: ReadonlyMap<string, Agency>,
  code: string,
  seen: ReadonlySet<string> = new Set(),
): Organization {
  if (!agency) return { '@type': 'org:Organization', name: code };
  const parent =
    agency.parent && !seen.has(agency.parent) ? agencies.get(agency.parent) : undefined;
  return {
    '@type': 'org:Organization',
    name: agency.name.zh,
    ...(parent && {
      subOrganizationOf: organization(
        parent,
        agencies,
        parent.code,
        new Set([...seen, agency.code]),
      ),
    }),
  };
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
