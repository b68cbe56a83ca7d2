import * as z from 'zod';
import { UsageSummarySchema, usageSubject } from '../../core/access/usage.ts';
import { sha256 } from '../../core/publish/canonical-hash.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { codeOf } from '../dataset-views.ts';
import { defineRoute } from '../route.ts';

export const DatasetUsageSchema = UsageSummarySchema.extend({
  code: z.string(),
});

/** `GET /api/v1/datasets/{code}/usage`: how much a public dataset is used. */
export const datasetUsage = defineRoute({
  path: '/api/v1/datasets/{code}/usage',
  operationId: 'dataset_usage',
  summary: 'How much a dataset is used',
  description:
    'API calls about the dataset (its metadata, rows and other routes under its code) and downloads of its files through the API, in total and over the last 30 days, counted per day (UTC+8). Direct downloads from /open/ on the CDN are not counted here. Reading this does not count as a use. Counts reach storage every few seconds.',
  params: z.strictObject({
    code: z.string().describe('Entry code, URL-encoded (103%2F000004), or its slug (103-000004)'),
  }),
  answer: DatasetUsageSchema,
  answerName: 'DatasetUsageAnswer',
  maxAge: 60,
  errors: [404, 503],
  async handle({ params }, { catalog, access }) {
    const code = codeOf(params.code);
    if (!(await catalog()).index.byCode.has(code))
      throw new DatarunError(
        problem('not-found', `no public dataset ${JSON.stringify(params.code)}`, {
          field: 'code',
        }),
      );
    const usage = await access.usage(usageSubject.dataset(code));
    return { data: { code, ...usage }, version: sha256(usage) };
  },
});
