import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import {
  ACCESS_LEVELS,
  ACCRUAL_PERIODICITY,
  dataJson,
} from '../../../functions/src/core/exports/data-json.ts';
import { siteIris } from '../../../functions/src/core/interop/site-iris.ts';
import type { CatalogSnapshot } from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import { BASE, POD_SCHEMA_DIR, awkwardSnapshot, demoSnapshot } from './export-fixtures.ts';

/** The address a deployment gives for datasets whose agency names none. */
const PLATFORM_CONTACT = 'opendata@example.gov.cn';

type Entry = CatalogSnapshot['entries'][number];

type Dataset = Record<string, unknown> & {
  identifier: string;
  keyword: string[];
  contactPoint: { fn: string; hasEmail?: string };
  distribution?: Record<string, string>[];
};

let demo: CatalogSnapshot;
let awkward: CatalogSnapshot;
let validate: ValidateFunction;

beforeAll(async () => {
  [demo, awkward] = await Promise.all([demoSnapshot(), awkwardSnapshot()]);
  const schema = (name: string) =>
    JSON.parse(readFileSync(join(POD_SCHEMA_DIR, name), 'utf8')) as Record<string, unknown>;
  // Used as published: they put `minItems` inside `items`, which strict mode rejects, and
  // escape characters such as `\_` in patterns, which a Unicode regular expression rejects.
  // Both packages are CommonJS; under NodeNext their classes are on `default`.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  ajv.addSchema(
    ['dataset.json', 'distribution.json', 'organization.json', 'vcard.json'].map(schema),
  );
  validate = ajv.compile(schema('catalog.json'));
});

const errors = (document: unknown): ErrorObject[] =>
  validate(document) ? [] : (validate.errors ?? []);

const datasets = (document: Record<string, unknown>) => document.dataset as Dataset[];

describe('dataJson', () => {
  it('gives the demo catalog as a data.json the Project Open Data v1.1 schema accepts without an error', () => {
    expect(errors(dataJson(demo, BASE, { contactEmail: PLATFORM_CONTACT }))).toEqual([]);
  });

  it('still validates with awkward values, imported entries and data', () => {
    expect(errors(dataJson(awkward, BASE, { contactEmail: PLATFORM_CONTACT }))).toEqual([]);
  });

  it('is rejected by the schema when a dataset has no contact e-mail anywhere', () => {
    const found = errors(dataJson(demo, BASE));
    expect(found.map((e) => e.params)).toContainEqual({ missingProperty: 'hasEmail' });
  });

  it('falls back to the agency’s e-mail, then to the platform’s, for the contact', () => {
    const iris = siteIris(BASE);
    const [, phoneOnly, ownEmail] = awkward.entries as [Entry, Entry, Entry];
    const snapshot = {
      ...awkward,
      agencies: awkward.agencies.map((a) =>
        a.code === phoneOnly.provider ? { ...a, email: 'office@example.gov.cn' } : a,
      ),
    };
    const hasEmail = new Map(
      datasets(dataJson(snapshot, BASE, { contactEmail: PLATFORM_CONTACT })).map((d) => [
        d.identifier,
        d.contactPoint.hasEmail,
      ]),
    );
    expect(hasEmail.get(iris.dataset(ownEmail.code))).toBe(`mailto:${ownEmail.contact!.email}`);
    expect(hasEmail.get(iris.dataset(phoneOnly.code))).toBe('mailto:office@example.gov.cn');
    const orphan = snapshot.entries.find(
      (e) => !e.contact?.email && !snapshot.agencies.find((a) => a.code === e.provider)?.email,
    )!;
    expect(hasEmail.get(iris.dataset(orphan.code))).toBe(`mailto:${PLATFORM_CONTACT}`);
  });

  it('gives an entry without keywords its category as the one keyword', () => {
    const entry = awkward.entries[0]!;
    const dataset = datasets(dataJson(awkward, BASE)).find(
      (d) => d.identifier === siteIris(BASE).dataset(entry.code),
    )!;
    expect(entry.keywords).toEqual([]);
    expect(dataset.keyword).toEqual([entry.category.split('/').at(-1)]);
  });

  it('maps open types to access levels and update cycles to ISO 8601 repeating durations', () => {
    expect(ACCESS_LEVELS).toEqual({
      无条件开放: 'public',
      有条件开放: 'restricted public',
      不予开放: 'non-public',
    });
    expect(ACCRUAL_PERIODICITY.每季度).toBe('R/P3M');
    expect(ACCRUAL_PERIODICITY.不定期).toBe('irregular');
    const conditional = demo.entries.find((e) => e.openType === '有条件开放')!;
    const dataset = datasets(dataJson(demo, BASE)).find(
      (d) => d.identifier === siteIris(BASE).dataset(conditional.code),
    )!;
    expect(dataset).toMatchObject({
      accessLevel: 'restricted public',
      rights: conditional.openCondition,
    });
  });

  it('lists each distribution with its download URL, bare media type and Table Schema', () => {
    const entry = awkward.entries[0]!;
    const dataset = datasets(dataJson(awkward, BASE)).find(
      (d) => d.identifier === siteIris(BASE).dataset(entry.code),
    )!;
    expect(dataset.distribution!.map((d) => [d.format, d.mediaType])).toEqual([
      ['CSV', 'text/csv'],
      ['JSON', 'application/json'],
      ['PARQUET', 'application/vnd.apache.parquet'],
    ]);
    expect(dataset.distribution![0]!.downloadURL).toBe(
      `${BASE}/${entry.latest!.distributions[0]!.key}`,
    );
    expect(dataset.distribution![0]!.conformsTo).toMatch(/\/1\/schema\.json$/);
  });

  it('keeps only licences given as URLs, which the schema requires', () => {
    const [linked, named] = datasets(dataJson(awkward, BASE));
    expect(linked!.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(named!).not.toHaveProperty('license');
  });
});
