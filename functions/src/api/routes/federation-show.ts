import * as z from 'zod';
import { DatarunError, problem } from '../../core/errors.ts';
import { FederationSourceSchema } from '../../core/federation/federated-catalog.ts';
import type { FederatedCatalog, FederatedEntry } from '../../core/federation/federated-catalog.ts';
import { sha256 } from '../../core/publish/canonical-hash.ts';
import { OriginSchema } from '../../core/schemas/catalog-entry.ts';
import { LocalizedTextSchema, TimestampSchema } from '../../core/schemas/common.ts';
import { defineRoute } from '../route.ts';
import { cursorParam, limitParam } from './dataset-list.ts';
import { FederationSourceSummarySchema, sourceSummary } from './federation-list.ts';

/** One harvested entry as the list shows it: what it is, where it came from, when it was seen. */
export const FederatedEntryViewSchema = z.object({
  code: z.string().describe('Its code in the federated section (the source’s own for datarun)'),
  title: LocalizedTextSchema,
  provider: z.string().describe('The providing agency’s code'),
  providerName: LocalizedTextSchema.optional(),
  origin: OriginSchema.optional().describe(
    'The source platform, the record’s identifier there, and its page there',
  ),
  firstHarvestedAt: TimestampSchema,
  lastChangedAt: TimestampSchema,
  removedAt: TimestampSchema.optional().describe(
    'When a harvest no longer found it at the source; absent while it is listed there',
  ),
});

/** The answer of `GET /api/v1/federation/{source}`. */
export const FederationShowSchema = z.object({
  source: FederationSourceSummarySchema,
  items: z.array(FederatedEntryViewSchema),
  total: z.number().int().nonnegative().describe('Entries over all pages, removed ones included'),
});

const CHECK_SALT = 'datarun api v1 federation cursor';
const check = (payload: string) => sha256(`${CHECK_SALT}\n${payload}`).slice(0, 16);

/** The cursor of the page after `code` of a source's list. */
function encodeCursor(source: string, code: string): string {
  const payload = Buffer.from(JSON.stringify({ s: source, c: code }), 'utf8').toString('base64url');
  return `${payload}.${check(payload)}`;
}

/** The last code shown, from a cursor given out for this source's list. */
function decodeCursor(cursor: string, source: string): string {
  const [payload, mac, ...rest] = cursor.split('.');
  let decoded: { s?: unknown; c?: unknown } | undefined;
  if (payload && mac && rest.length === 0 && check(payload) === mac)
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof decoded;
    } catch {
      decoded = undefined;
    }
  if (decoded?.s !== source || typeof decoded.c !== 'string')
    throw new DatarunError(
      problem(
        'invalid-field',
        'cursor is not one this list gave out, or it was altered; pass `next` from the previous answer unchanged, or start again without cursor',
        { field: 'cursor' },
      ),
    );
  return decoded.c;
}

function toView(kept: FederatedEntry, catalog: FederatedCatalog) {
  const { entry } = kept;
  const providerName = catalog.agencies.find((agency) => agency.code === entry.provider)?.name;
  return {
    code: entry.code,
    title: entry.title,
    provider: entry.provider,
    ...(providerName && { providerName }),
    ...(entry.origin && { origin: entry.origin }),
    firstHarvestedAt: kept.firstHarvestedAt,
    lastChangedAt: kept.lastChangedAt,
    ...(kept.removedAt !== undefined && { removedAt: kept.removedAt }),
  };
}

/** `GET /api/v1/federation/{source}`: the entries harvested from one platform, by code. */
export const federationShow = defineRoute({
  path: '/api/v1/federation/{source}',
  operationId: 'federation_show',
  summary: 'Entries harvested from one platform',
  description:
    'The entries harvested from one platform, ordered by code and paged: code, title, provider, provenance (platform, original identifier, page), when each was first harvested and last changed, and when it was removed at the source. Removed entries stay listed, marked.',
  params: z.strictObject({
    source: z.string().describe('The source id, as GET /api/v1/federation lists it'),
  }),
  query: z.strictObject({
    limit: limitParam,
    cursor: cursorParam('The `next` value of the previous page'),
  }),
  answer: FederationShowSchema,
  answerName: 'FederationShowAnswer',
  maxAge: 60,
  errors: [404, 503],
  async handle({ params, query }, { federation }) {
    const store = federation();
    const after =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor, params.source);
    // Only well-formed ids reach storage, where they become part of a key.
    const known = FederationSourceSchema.shape.id.safeParse(params.source).success;
    const [catalog, [lastRun]] = known
      ? await Promise.all([store.read(params.source), store.listRuns(params.source, 1)])
      : [undefined, []];
    if (!catalog)
      throw new DatarunError(
        problem(
          'not-found',
          `no harvested platform ${JSON.stringify(params.source)}; GET /api/v1/federation lists them`,
          { field: 'source' },
        ),
      );
    const start =
      after === undefined ? 0 : catalog.entries.findIndex((kept) => kept.entry.code > after);
    const page = start === -1 ? [] : catalog.entries.slice(start, start + query.limit);
    const last = page.at(-1);
    const more = start !== -1 && start + query.limit < catalog.entries.length;
    const data = {
      source: sourceSummary(catalog, lastRun),
      items: page.map((kept) => toView(kept, catalog)),
      total: catalog.entries.length,
    };
    return {
      data,
      ...(more && last && { next: encodeCursor(params.source, last.entry.code) }),
      version: sha256(data),
    };
  },
});
