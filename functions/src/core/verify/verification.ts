import * as z from 'zod';

/**
 * Verification services (查询/核验): a consumer asks whether records it holds match the
 * provider's data and learns match, no match and which fields differ, never the data itself.
 * One schema each for what a provider declares, what a consumer sends and what it gets back.
 */

/** A call verifies at most this many records. */
export const MAX_VERIFY_BATCH = 1000;
/** A key has at most this many columns. */
export const MAX_KEY_FIELDS = 5;
/** Longest column name or value a consumer may send, so that one call stays small. */
export const VERIFY_TEXT_LIMITS = { name: 200, value: 1000 } as const;

const ColumnNameSchema = z.string().trim().min(1).max(VERIFY_TEXT_LIMITS.name);

/**
 * What a provider declares per catalog entry: the columns that find a row, and the columns a
 * consumer may compare. Empty `verifiableFields` offers only "does this key exist".
 */
export const VerificationSpecSchema = z
  .object({
    keyFields: z.array(ColumnNameSchema).min(1).max(MAX_KEY_FIELDS),
    verifiableFields: z.array(ColumnNameSchema).default([]),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    const fields = [
      ...spec.keyFields.map((name, i) => ({ name, path: ['keyFields', i] })),
      ...spec.verifiableFields.map((name, i) => ({ name, path: ['verifiableFields', i] })),
    ];
    for (const { name, path } of fields) {
      if (seen.has(name)) {
        const message = spec.keyFields.includes(name)
          ? `${JSON.stringify(name)} is a key field; a key field cannot also be verifiable`
          : `${JSON.stringify(name)} is listed twice`;
        ctx.addIssue({ code: 'custom', path, message });
      }
      seen.add(name);
    }
  });
export type VerificationSpec = z.infer<typeof VerificationSpecSchema>;

/** One record to verify: its key values, and the values the consumer holds for some fields. */
export const VerifyRecordSchema = z
  .object({
    key: z.record(ColumnNameSchema, z.string().max(VERIFY_TEXT_LIMITS.value)),
    fields: z.record(ColumnNameSchema, z.string().max(VERIFY_TEXT_LIMITS.value)).default({}),
  })
  .strict();
export type VerifyRecord = z.infer<typeof VerifyRecordSchema>;

/** The body of `POST /api/v1/verify/{code}`: one record or a batch. */
export const VerifyRequestSchema = z
  .object({
    records: z
      .array(VerifyRecordSchema)
      .min(1, 'send at least one record')
      .max(MAX_VERIFY_BATCH, `send at most ${MAX_VERIFY_BATCH} records per call`),
  })
  .strict();
export type VerifyRequest = z.infer<typeof VerifyRequestSchema>;

/**
 * `ambiguous`: several rows of the data have this key, so no one row can be compared; the
 * provider's data needs correcting, and the consumer must not read it as a mismatch.
 */
export const VERIFY_RESULTS = ['match', 'no-match', 'not-found', 'ambiguous'] as const;
export type VerifyResult = (typeof VERIFY_RESULTS)[number];

/** The answer for one record: its position in the request, the result, and which fields differ. */
export const VerifyAnswerSchema = z
  .object({
    index: z.number().int().min(0),
    result: z.enum(VERIFY_RESULTS),
    /** Names of the compared fields that differ, only for `no-match`; never their values. */
    differing: z.array(z.string()).min(1).optional(),
  })
  .strict();
export type VerifyAnswer = z.infer<typeof VerifyAnswerSchema>;

/** The body of a successful verification call. */
export const VerifyResponseSchema = z.object({ answers: z.array(VerifyAnswerSchema) }).strict();
export type VerifyResponse = z.infer<typeof VerifyResponseSchema>;
