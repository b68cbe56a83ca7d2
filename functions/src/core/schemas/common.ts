import * as z from 'zod';

/** Text in Chinese, with an optional English rendering. */
export const LocalizedTextSchema = z.object({
  zh: z.string().trim().min(1, 'Chinese text (zh) is required'),
  en: z.string().trim().min(1).optional(),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** A calendar date written YYYY-MM-DD that exists (2023-02-30 does not). */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD')
  .refine(isRealDate, 'expected a real calendar date');

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** An ISO 8601 timestamp in UTC, as the platform writes them. */
export const TimestampSchema = z.iso.datetime();
