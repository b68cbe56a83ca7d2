import type { ForeignDataset, ReadResult } from './foreign-dataset.ts';
import { listOf, objectOf, textOf, unusedFields } from './foreign-values.ts';
import { readJsonRecords, readObjects } from './json-records.ts';

/** Dataset fields this reader carries over (POD v1.1), or that only describe the record itself. */
const USED = new Set([
  ...['@type', 'identifier', 'title', 'description', 'keyword', 'theme', 'publisher'],
  ...['contactPoint', 'accessLevel', 'rights', 'accrualPeriodicity', 'issued', 'modified'],
  ...['distribution', 'spatial', 'temporal', 'license', 'landingPage'],
]);
/** `modified` may be a repeating interval: the record then says how often, not when. */
const REPEATING = /^R\d*\//i;

/**
 * Reads a Project Open Data v1.1 catalog (`data.json`): its `dataset` array. The platform is
 * the host of the catalog's `@id` when it has one, else the file's name.
 */
export function readDataJson(text: string, file: string): ReadResult {
  const json = readJsonRecords(text, file, ['dataset']);
  const { records, skipped } = readObjects(json, readDataset);
  return { platform: platformOf(text, file), total: json.total, records, skipped };
}

function readDataset(
  d: Record<string, unknown>,
  at: ForeignDataset['at'],
): ForeignDataset | string {
  const id = textOf(d.identifier);
  if (!id) return 'no identifier';
  const title = textOf(d.title);
  if (!title) return 'no title';
  const publisher = textOf(objectOf(d.publisher)?.name);
  const contact = objectOf(d.contactPoint);
  const email = textOf(contact?.hasEmail)?.replace(/^mailto:/i, '');
  const name = textOf(contact?.fn);
  const modified = textOf(d.modified);
  const repeating = modified !== undefined && REPEATING.test(modified);
  const frequency = textOf(d.accrualPeriodicity) ?? (repeating ? modified : undefined);
  const accessLevel = textOf(d.accessLevel);
  const rights = textOf(d.rights);
  const [start, end] = (textOf(d.temporal) ?? '').split('/');
  const description = textOf(d.description);
  const landingPage = textOf(d.landingPage);
  const url = landingPage ?? (/^https?:\/\//.test(id) ? id : undefined);
  const spatial = textOf(d.spatial);
  const licence = textOf(d.license);
  const distributions = Array.isArray(d.distribution) ? d.distribution.map(objectOf) : [];
  return {
    at,
    id,
    ...(url !== undefined && { url }),
    title: { zh: title },
    ...(description !== undefined && { abstract: { zh: description } }),
    ...(publisher !== undefined && { publisher: { name: { zh: publisher } } }),
    keywords: listOf(d.keyword),
    themes: listOf(d.theme),
    issued: d.issued,
    modified: repeating ? undefined : d.modified,
    ...(frequency !== undefined && { updateCycle: frequency }),
    formats: distributions
      .map((x) => textOf(x?.format) ?? textOf(x?.mediaType))
      .filter((f): f is string => f !== undefined),
    ...(accessLevel !== undefined && { openType: accessLevel }),
    ...(accessLevel === 'restricted public' && rights !== undefined && { openCondition: rights }),
    ...((name ?? email) !== undefined && {
      contact: { ...(name && { name }), ...(email && { email }) },
    }),
    ...(licence !== undefined && { licence }),
    ...(spatial !== undefined && { spatial }),
    ...(start || end ? { temporal: { start, end } } : {}),
    dropped: [
      ...unusedFields(d, USED),
      ...(rights !== undefined && accessLevel !== 'restricted public' ? ['rights'] : []),
      ...(distributions.some((x) => textOf(x?.downloadURL) ?? textOf(x?.accessURL))
        ? ['distribution[].downloadURL']
        : []),
    ],
  };
}

/** The host of the catalog's `@id`, else the file's name without its folder. */
function platformOf(text: string, file: string): string {
  let catalog: Record<string, unknown> | undefined;
  try {
    catalog = objectOf(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch {
    const head = text.slice(0, Math.max(0, text.search(/"dataset"\s*:/)));
    catalog = { '@id': /"@id"\s*:\s*"([^"]+)"/.exec(head)?.[1] };
  }
  const iri = textOf(catalog?.['@id']);
  if (iri && URL.canParse(iri)) return new URL(iri).host;
  return file.split(/[/\\]/).pop() ?? file;
}
