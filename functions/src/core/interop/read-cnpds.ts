import type { ForeignDataset, ReadResult } from './foreign-dataset.ts';
import { chooseCnpdsProfile, fieldNames } from './cnpds-portals.ts';
import type { CnpdsProfile } from './cnpds-portals.ts';
import { listOf, textOf, unusedFields } from './foreign-values.ts';
import { parseForeignDate } from './foreign-dates.ts';
import { readJsonRecords, readObjects } from './json-records.ts';
import { mapCategory } from './map-category.ts';

/**
 * Reads a CN-PDS portal export (a JSON array of records with the portal's own Chinese field
 * names) into foreign datasets, following the portal's profile (`portal`: a key such as
 * `shanghai` or a host; inferred from the file name or the field names otherwise).
 */
export function readCnpds(text: string, file: string, portal?: string): ReadResult {
  const json = readJsonRecords(text, file, []);
  const profile = chooseCnpdsProfile(
    file,
    json.records.map((r) => r.value),
    portal,
  );
  const { records, skipped } = readObjects(json, (record, at) => readRecord(record, profile, at));
  return { platform: profile.host, total: json.total, records, skipped };
}

function readRecord(
  record: Record<string, unknown>,
  profile: CnpdsProfile,
  at: ForeignDataset['at'],
): ForeignDataset | string {
  const f = profile.fields;
  const title = textOf(record[f.title]);
  if (!title) return `no title (${f.title})`;
  const provider = textOf(record[f.provider]);
  const url = f.url ? textOf(record[f.url]) : undefined;
  const hints = (f.hints ?? []).map((name) => ({ name, labels: listOf(record[name]) }));
  const usedHints = hints.filter((h) => mapCategory(h.labels) !== undefined);
  const contact = f.contact ? textOf(record[f.contact]) : undefined;
  const abstract = textOf(record[f.abstract]);
  const updateCycle = f.updateCycle ? textOf(record[f.updateCycle]) : undefined;
  const openType = f.openType ? textOf(record[f.openType]) : undefined;
  const used = new Set(fieldNames(profile));
  return {
    at,
    // Without a page of its own a record is known by who published what first when; the date
    // is normalised so that a re-export writing dates another way keeps the identity.
    id: url ?? [provider ?? '', title, parseForeignDate(record[f.issued]) ?? ''].join('/'),
    ...(url !== undefined && { url }),
    title: { zh: title },
    ...(abstract !== undefined && { abstract: { zh: abstract } }),
    ...(provider !== undefined && { publisher: { name: { zh: fullName(provider, profile) } } }),
    keywords: f.keywords ? listOf(record[f.keywords.field], f.keywords.separator) : [],
    themes: [...usedHints.flatMap((h) => h.labels), ...f.themes.flatMap((n) => listOf(record[n]))],
    issued: record[f.issued],
    modified: record[f.modified],
    ...(updateCycle !== undefined && { updateCycle }),
    formats: formatsOf(record[f.formats]),
    ...(openType !== undefined && { openType }),
    ...(contact !== undefined && {
      contact: contact.includes('@') ? { email: contact } : { phone: contact },
    }),
    spatial: profile.spatial,
    dropped: [
      ...unusedFields(record, used),
      ...hints.filter((h) => h.labels.length > 0 && !usedHints.includes(h)).map((h) => h.name),
    ],
  };
}

/**
 * Formats as listed. An empty list is how 上海 (and once 安徽) mark an interface product that
 * offers no download: it stands for `api` (data/README.md).
 */
function formatsOf(value: unknown): string[] {
  if ((Array.isArray(value) && value.length === 0) || value === '[]') return ['api'];
  return listOf(value);
}

/**
 * An agency's full name: exports abbreviate their own province or city (浙江 `省农业农村厅`,
 * 舟山 `市水利局`), which is written out (`浙江省农业农村厅`). Names starting with 市场 (market)
 * are not abbreviations.
 */
function fullName(name: string, profile: CnpdsProfile): string {
  const unit = profile.spatial.slice(-1);
  if (!name.startsWith(unit) || name.startsWith(profile.spatial) || name.startsWith('市场'))
    return name;
  return profile.spatial.slice(0, -1) + name;
}
