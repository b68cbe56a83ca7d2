import * as z from 'zod';
import { API_KEY_STATUSES, publicKeyView } from '../../core/access/api-key.ts';
import { UsageSummarySchema, usageSubject } from '../../core/access/usage.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { defineRoute } from '../route.ts';

export const KeyShowSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  purpose: z.string().optional(),
  agency: z.string().optional().describe('The agency the key acts for, if an operator bound it'),
  status: z.enum(API_KEY_STATUSES),
  createdAt: z.iso.datetime(),
  requestsPerMinute: z.number().int(),
  usage: UsageSummarySchema.describe('Requests made with this key, counted per day (UTC+8)'),
});

/** `GET /api/v1/keys/me`: the key a request carries, and what it was used for. */
export const keyShow = defineRoute({
  path: '/api/v1/keys/me',
  operationId: 'key_show',
  summary: 'Your API key and its usage',
  description:
    'The key sent in X-API-Key: who it was issued to, its status and rate limit, and its usage (API calls and downloads, in total and over the last 30 days). Without a key: 401. Counts reach storage every few seconds, so the latest requests may not show yet.',
  answer: KeyShowSchema,
  answerName: 'KeyShowAnswer',
  cache: 'no-store',
  maxAge: 0,
  errors: [401, 503],
  async handle({ caller }, { access }) {
    if (!caller.key)
      throw new DatarunError(
        problem(
          'unauthorized',
          'send your API key in the X-API-Key header; POST /api/v1/keys issues one',
          { field: 'X-API-Key' },
        ),
      );
    const [record, usage] = await Promise.all([
      access.key(caller.key.id),
      access.usage(usageSubject.key(caller.key.id)),
    ]);
    if (!record)
      throw new DatarunError(
        problem('unauthorized', 'the API key is not known', { field: 'X-API-Key' }),
      );
    return {
      data: { ...publicKeyView(record), requestsPerMinute: access.limits.keyPerMinute, usage },
      version: '',
    };
  },
});
