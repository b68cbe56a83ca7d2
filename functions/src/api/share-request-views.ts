import * as z from 'zod';
import { ShareRequestSchema } from '../core/sharing/share-request.ts';

/** A share request as an answer carries it: the record and what the caller may do next. */
export const ShareRequestViewSchema = ShareRequestSchema.extend({
  actions: z
    .array(z.string())
    .describe(
      'What the caller may do now: accept, return, resubmit, withdraw, approve, reject, revoke, extract',
    ),
});

/** The `{id}` of every share-request route. */
export const ShareRequestParamsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^sr_[a-z0-9]{10,40}$/, 'expected a share request id such as sr_…')
    .describe('The share request id (sr_…)'),
});

/** Every agency route: for signed-in staff, never cached. */
export const AGENCY_ROUTE = { cache: 'no-store', maxAge: 0, signIn: true } as const;
