import type { ZodType } from 'zod';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import type { FederationStore } from '../../core/ports/federation-store.ts';
import type { FederatedCatalog } from '../../core/federation/federated-catalog.ts';
import { isPubliclyListed } from '../../core/catalog/zone.ts';
import { CatalogSnapshotSchema } from '../../core/schemas/catalog-snapshot.ts';
import type { CatalogSnapshot } from '../../core/schemas/catalog-snapshot.ts';
import { PUBLIC_SNAPSHOT_KEY, QUALITY_KEYS, codeSlug } from '../../core/publish/object-keys.ts';
import { QualityReportSchema } from '../../core/quality/quality-report.ts';
import type { QualityReport } from '../../core/quality/quality-report.ts';
import { CorrectionsLogSchema } from '../../core/disputes/dispute-views.ts';
import type { CorrectionsLog } from '../../core/disputes/dispute-views.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { readCsvPreview } from './preview-rows.ts';
import { PREVIEW_ROWS } from './site-input.ts';
import type { Preview } from './site-input.ts';

/** The public snapshot exactly as stored, and parsed. */
export type PublicSnapshot = { text: string; snapshot: CatalogSnapshot };

/**
 * Reads the public catalog snapshot from the open bucket. The site is public, so it reads only
 * this snapshot, never the share catalog.
 */
export async function readPublicSnapshot(objects: ObjectStore): Promise<PublicSnapshot> {
  const text = await objects.getText('open', PUBLIC_SNAPSHOT_KEY);
  const where = { file: `open:${PUBLIC_SNAPSHOT_KEY}` };
  if (text === undefined)
    throw new DatarunError(
      problem(
        'file-not-found',
        'there is no public catalog snapshot yet: run `datarun publish`',
        where,
      ),
    );
  const parsed = CatalogSnapshotSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.kind !== 'public')
    throw new DatarunError(
      problem(
        'invalid-field',
        parsed.success
          ? `expected the public snapshot, found kind "${parsed.data.kind}"`
          : `the public snapshot does not match its schema: ${parsed.error.issues[0]?.message}`,
        where,
      ),
    );
  return { text, snapshot: parsed.data };
}

/**
 * Reads the first rows of every entry with open data, from the CSV distribution in the open
 * bucket, a few entries at a time.
 */
export async function readPreviews(
  objects: ObjectStore,
  snapshot: CatalogSnapshot,
  onPreview: (code: string) => void = () => {},
): Promise<Map<string, Preview>> {
  const previews = new Map<string, Preview>();
  const pending = snapshot.entries.filter((entry) =>
    entry.latest?.distributions.some((d) => d.format === 'csv'),
  );
  const worker = async () => {
    for (let entry = pending.shift(); entry; entry = pending.shift()) {
      const csv = entry.latest!.distributions.find((d) => d.format === 'csv')!;
      const stream = await objects.getStream('open', csv.key);
      if (!stream)
        throw new DatarunError(
          problem('file-not-found', `the snapshot lists ${csv.key}, but the open bucket lacks it`, {
            file: `open:${csv.key}`,
            field: entry.code,
          }),
        );
      previews.set(codeSlug(entry.code), await readCsvPreview(stream, PREVIEW_ROWS, csv.key));
      onPreview(entry.code);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return previews;
}

/** The harvested catalogs the site shows, and their JSON, which the build hash covers. */
export type PublicFederation = { text: string; catalogs: FederatedCatalog[] };

/**
 * Reads every harvested catalog, in source order, keeping only the entries the public may see
 * (the same rule as the public snapshot's). The catalogs are stored in the private bucket, and a
 * DCAT or CKAN source may list what this platform would not open. A harvest that changed nothing
 * does not rewrite its catalog, so the text stays the same and the site is not rebuilt.
 */
export async function readPublicFederation(federation: FederationStore): Promise<PublicFederation> {
  const catalogs: FederatedCatalog[] = [];
  for (const id of await federation.listSources()) {
    const catalog = await federation.read(id);
    if (catalog)
      catalogs.push({
        ...catalog,
        entries: catalog.entries.filter(({ entry }) => isPubliclyListed(entry)),
      });
  }
  return { text: JSON.stringify(catalogs), catalogs };
}

/** The quality report and corrections log the site shows, and their JSON, which the build hash covers. */
export type PublicQuality = {
  text: string;
  quality: QualityReport | undefined;
  corrections: CorrectionsLog | undefined;
};

/**
 * Reads the quality report (`catalog/quality.json`) and the public corrections log
 * (`catalog/corrections.json`) from the open bucket. Either may not have been published yet: the
 * pages then say there are no figures yet, or no corrections. A file that is there but does not
 * match its schema is an error naming it. Both files are rewritten only when their content
 * changes, so an unchanged catalog does not rebuild the site.
 */
export async function readPublicQuality(objects: ObjectStore): Promise<PublicQuality> {
  const [qualityText, correctionsText] = await Promise.all([
    objects.getText('open', QUALITY_KEYS.qualityJson),
    objects.getText('open', QUALITY_KEYS.correctionsJson),
  ]);
  return {
    text: JSON.stringify([qualityText ?? null, correctionsText ?? null]),
    quality: parseOpenFile(QualityReportSchema, QUALITY_KEYS.qualityJson, qualityText),
    corrections: parseOpenFile(CorrectionsLogSchema, QUALITY_KEYS.correctionsJson, correctionsText),
  };
}

const path = (issue: { path: readonly PropertyKey[] } | undefined) =>
  issue?.path.map(String).join('.') ?? '';

function parseOpenFile<T>(
  schema: ZodType<T>,
  key: string,
  text: string | undefined,
): T | undefined {
  if (text === undefined) return undefined;
  const where = { file: `open:${key}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DatarunError(
      problem('invalid-field', `${key} is not JSON: ${(error as Error).message}`, where),
    );
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DatarunError(
    problem(
      'invalid-field',
      `${key} does not match its schema: ${issue?.message} at ${path(issue) || 'the top'}`,
      { ...where, ...(issue && { field: path(issue) }) },
    ),
  );
}
