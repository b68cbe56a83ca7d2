import * as z from 'zod';
import { CorrectionsLogSchema } from '../../core/disputes/dispute-views.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { QUALITY_KEYS } from '../../core/publish/object-keys.ts';
import { codeOf } from '../dataset-views.ts';
import { defineRoute } from '../route.ts';

const EntryLogSchema = CorrectionsLogSchema.shape.entries.valueType;

/** One public entry's corrections log, as `GET /api/v1/datasets/{code}/corrections` answers. */
export const DatasetCorrectionsSchema = EntryLogSchema.extend({
  code: z.string(),
  /** When the catalog's corrections log was last regenerated. */
  generatedAt: z.string().optional(),
});

/** `GET /api/v1/datasets/{code}/corrections`: the public corrections log of one entry. */
export const datasetCorrections = defineRoute({
  path: '/api/v1/datasets/{code}/corrections',
  operationId: 'dataset_corrections',
  summary: 'The corrections log of a public dataset',
  description:
    'Corrections its provider published after reports of wrong data (疑义数据), newest first, each with the version it corrected and the cells it changed; and how many reports are still being verified or were rejected. Entries the public may not see answer 404, like codes that do not exist.',
  params: z.strictObject({
    code: z.string().describe('Entry code, URL-encoded (103%2F000004), or its slug (103-000004)'),
  }),
  answer: DatasetCorrectionsSchema,
  answerName: 'DatasetCorrectionsAnswer',
  maxAge: 60,
  errors: [404, 503],
  async handle({ params }, { catalog, objects }) {
    const code = codeOf(params.code);
    if (!(await catalog()).index.byCode.has(code))
      throw new DatarunError(
        problem('not-found', `no public dataset ${JSON.stringify(params.code)}`, {
          field: 'code',
        }),
      );
    const text = await objects.getText('open', QUALITY_KEYS.correctionsJson);
    const log = text ? CorrectionsLogSchema.parse(JSON.parse(text)) : undefined;
    const entry = log?.entries[code] ?? { corrections: [], open: 0, rejected: 0 };
    return {
      data: { code, ...entry, ...(log && { generatedAt: log.generatedAt }) },
      version: log?.generatedAt ?? 'none',
    };
  },
});
