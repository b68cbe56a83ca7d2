import * as z from 'zod';
import { EntryCodeSchema } from '../schemas/catalog-entry.ts';
import { IsoDateSchema } from '../schemas/common.ts';
import { MAX_VERIFY_BATCH, VerifyAnswerSchema, VerifyRecordSchema } from './verification.ts';
import { VERIFY_SERVICE_STATES } from './verify-grant.ts';

/**
 * What the verification routes take and answer. The body's batch bounds are checked by the
 * service, not the schema, so that an oversize batch is refused and audited like any other
 * bad call of a signed-in consumer.
 */
export const VerifyBodySchema = z
  .object({
    records: z
      .array(VerifyRecordSchema)
      .describe(
        `1 to ${MAX_VERIFY_BATCH} records, each with every key field in "key" and the verifiable fields to compare in "fields"`,
      ),
  })
  .strict();
export type VerifyBody = z.infer<typeof VerifyBodySchema>;

/** How many records got each result. */
export const VerifyCountsSchema = z
  .object({
    match: z.number().int().nonnegative(),
    noMatch: z.number().int().nonnegative(),
    notFound: z.number().int().nonnegative(),
    ambiguous: z.number().int().nonnegative(),
  })
  .strict();
export type VerifyCounts = z.infer<typeof VerifyCountsSchema>;

/** The answer of `POST /api/v1/verify/{code}`: one result per record, never a data value. */
export const VerifyCallAnswerSchema = z
  .object({
    code: EntryCodeSchema,
    version: z.number().int().positive().describe('The version the records were checked against'),
    grant: z.string().describe('The verification grant the call used'),
    answers: z.array(VerifyAnswerSchema),
    counts: VerifyCountsSchema,
    distinctKeysLeftToday: z
      .number()
      .int()
      .nonnegative()
      .describe('New keys the grant may still ask about today (Asia/Shanghai)'),
  })
  .strict();
export type VerifyCallAnswer = z.infer<typeof VerifyCallAnswerSchema>;

/** One verification service an agency holds a grant for. */
export const VerifyServiceSchema = z
  .object({
    code: EntryCodeSchema,
    title: z.string(),
    grant: z.string(),
    request: z.string().describe('The share request that made the grant'),
    state: z.enum(VERIFY_SERVICE_STATES),
    expiresOn: IsoDateSchema,
    keyFields: z.array(z.string()),
    verifiableFields: z.array(z.string()).describe('The verifiable fields the grant includes'),
  })
  .strict();
export type VerifyService = z.infer<typeof VerifyServiceSchema>;

/** The answer of `GET /api/v1/verify`. */
export const VerifyServiceListSchema = z
  .object({ services: z.array(VerifyServiceSchema) })
  .strict();
