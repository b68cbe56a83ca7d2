import * as z from 'zod';
import { MAX_VERIFY_BATCH } from '../../core/verify/verification.ts';
import { VerifyBodySchema, VerifyCallAnswerSchema } from '../../core/verify/verify-views.ts';
import { verifyCall as callService } from '../../services/verify/verify-call.ts';
import { codeOf } from '../dataset-views.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE } from '../share-request-views.ts';

/** `POST /api/v1/verify/{code}`: match, no match or not found for records the consumer holds. */
export const verifyCall = defineRoute({
  method: 'post',
  path: '/api/v1/verify/{code}',
  operationId: 'verify_call',
  summary: 'Verify records against an entry (查询/核验, consumer)',
  description: `Checks 1 to ${MAX_VERIFY_BATCH} records against the latest version of an entry that declares a verification service, for a consumer whose agency holds an active verification grant (a share request with "service": "verify"). Each record gives every key field and the verifiable fields to compare; each answer is match, no-match (naming the fields that differ, never their values), not-found or ambiguous. Values are compared exactly after trimming. Per grant: calls per minute and distinct keys per day are limited (429); asking again about a key already asked today is free. Every call is audited and counted.`,
  params: z.strictObject({
    code: z.string().describe('Entry code, URL-encoded (103%2F000004), or its slug (103-000004)'),
  }),
  body: VerifyBodySchema,
  answer: VerifyCallAnswerSchema,
  answerName: 'VerifyCallAnswer',
  ...AGENCY_ROUTE,
  errors: [401, 403, 404, 409, 503],
  async handle({ params, body, identity }, context) {
    const answer = await callService(context.verify(), identity, codeOf(params.code), body);
    return { data: answer, version: '' };
  },
});
