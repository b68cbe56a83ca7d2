import * as z from 'zod';
import { DatarunError, problem } from '../../core/errors.ts';
import { DatasetDetailSchema, codeOf, toDetail } from '../dataset-views.ts';
import { defineRoute } from '../route.ts';

/** `GET /api/v1/datasets/{code}`: one public entry with its versions and downloads. */
export const datasetShow = defineRoute({
  path: '/api/v1/datasets/{code}',
  operationId: 'dataset_show',
  summary: 'One public catalog entry',
  description:
    'A publicly listed entry in full: metadata, 信息项, version history and the downloads of its latest open version. Entries the public may not see answer 404, like codes that do not exist.',
  params: z.strictObject({
    code: z.string().describe('Entry code, URL-encoded (103%2F000004), or its slug (103-000004)'),
  }),
  answer: DatasetDetailSchema,
  answerName: 'DatasetShowAnswer',
  maxAge: 60,
  errors: [404, 503],
  async handle({ params }, { catalog }) {
    const { index, digest } = await catalog();
    const code = codeOf(params.code);
    const entry = index.byCode.get(code);
    // One answer for codes that do not exist and entries the public may not see, so the
    // catalog does not reveal what it withholds.
    if (!entry)
      throw new DatarunError(
        problem('not-found', `no public dataset ${JSON.stringify(params.code)}`, {
          field: 'code',
        }),
      );
    return { data: toDetail(entry, index), version: digest };
  },
});
