import * as z from 'zod';
import { KeySignupSchema } from '../../core/access/api-key.ts';
import { defineRoute } from '../route.ts';

export const KeyCreatedSchema = z.object({
  id: z.string().describe('The public id of the key, for support and for `datarun key revoke`'),
  key: z
    .string()
    .describe(
      'The secret, shown this once: send it in the X-API-Key header. Only its SHA-256 is stored, so it cannot be shown again',
    ),
  name: z.string(),
  email: z.string(),
  purpose: z.string().optional(),
  createdAt: z.iso.datetime(),
  requestsPerMinute: z.number().int().describe('The rate limit of requests made with this key'),
});

/** `POST /api/v1/keys`: signs a developer up for an API key. */
export const keyCreate = defineRoute({
  method: 'post',
  path: '/api/v1/keys',
  operationId: 'key_create',
  summary: 'Sign up for an API key',
  description:
    'Issues an API key to a developer. The answer holds the secret, which is shown only this once. Keys raise the rate limit and let usage be counted per key; a key is never needed to read open data. Sign-ups are limited per address (see the X-RateLimit headers).',
  body: KeySignupSchema,
  answer: KeyCreatedSchema,
  answerName: 'KeyCreateAnswer',
  status: 201,
  maxAge: 0,
  errors: [503],
  async handle({ body }, { access }) {
    const { record, secret } = await access.signUp(body);
    return {
      data: {
        id: record.id,
        key: secret,
        name: record.name,
        email: record.email,
        ...(record.purpose && { purpose: record.purpose }),
        createdAt: record.createdAt,
        requestsPerMinute: access.limits.keyPerMinute,
      },
      version: record.id,
    };
  },
});
