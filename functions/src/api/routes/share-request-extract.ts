import * as z from 'zod';
import { EXTRACT_LINK_SECONDS, extractGrant } from '../../services/sharing/extract-grant.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE, ShareRequestParamsSchema } from '../share-request-views.ts';

/** `POST /api/v1/share-requests/{id}/extract`: the granted fields, as a labelled file. */
export const shareRequestExtract = defineRoute({
  method: 'post',
  path: '/api/v1/share-requests/{id}/extract',
  operationId: 'share_request_extract',
  summary: 'Download the granted data (consumer)',
  description: `Makes an extract of the latest version holding only the granted fields, labelled with the grant, the requester and the time (数据标签: in the object's metadata and a label.json beside it), and answers a presigned link that works for ${EXTRACT_LINK_SECONDS / 60} minutes. Only for the requesting agency's consumers while the grant is active; a revoked or expired grant is a 409.`,
  params: ShareRequestParamsSchema,
  body: z.strictObject({}),
  answer: z.object({
    url: z.string().describe('Presigned GET link to the CSV extract'),
    expiresAt: z.string().describe('When the link stops working'),
    fileName: z.string(),
    rows: z.number().int().nonnegative(),
    fields: z.array(z.string()).describe('The columns of the extract: the granted fields'),
    label: z
      .object({
        grant: z.string(),
        request: z.string(),
        code: z.string(),
        version: z.number().int().positive(),
        fields: z.array(z.string()),
        requester: z.object({ agency: z.string(), user: z.string(), name: z.string() }),
        issuedAt: z.string(),
        expiresOn: z.string(),
      })
      .describe('The 数据标签 the file carries'),
  }),
  answerName: 'ShareExtractAnswer',
  ...AGENCY_ROUTE,
  errors: [401, 403, 404, 409, 503],
  async handle({ params, identity }, context) {
    const extract = await extractGrant(context.sharing(), identity, params.id);
    return { data: extract, version: extract.label.issuedAt };
  },
});
