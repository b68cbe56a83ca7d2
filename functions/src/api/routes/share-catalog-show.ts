import * as z from 'zod';
import { DatarunError, problem } from '../../core/errors.ts';
import { guard } from '../../services/sharing/guard.ts';
import { codeOf } from '../dataset-views.ts';
import { defineRoute } from '../route.ts';
import { ShareEntrySchema, toShareEntry } from '../share-views.ts';

/** `GET /api/v1/share-catalog/{code}`: one entry of the share catalog. */
export const shareCatalogShow = defineRoute({
  path: '/api/v1/share-catalog/{code}',
  operationId: 'share_catalog_show',
  summary: 'One share-catalog entry (agency staff)',
  description:
    'An entry with its share attributes and the 信息项 a share request may name. Needs a signed-in identity of any role.',
  params: z.strictObject({
    code: z.string().describe('Entry code, URL-encoded (314%2F000002), or its slug (314-000002)'),
  }),
  answer: ShareEntrySchema,
  answerName: 'ShareCatalogEntryAnswer',
  cache: 'no-store',
  maxAge: 0,
  signIn: true,
  errors: [401, 403, 404, 503],
  async handle({ params, identity }, context) {
    const code = codeOf(params.code);
    await guard(context.sharing(), identity, 'share-catalog.search', {}, `dataset:${code}`);
    const { index, digest } = await context.shareCatalog();
    const entry = index.byCode.get(code);
    if (!entry)
      throw new DatarunError(
        problem('not-found', `no published catalog entry ${JSON.stringify(params.code)}`, {
          field: 'code',
        }),
      );
    return { data: toShareEntry(entry, index), version: digest };
  },
});
