import * as z from 'zod';
import { AGENCY_LEVELS } from './vocabulary.ts';
import { LocalizedTextSchema } from './common.ts';
import { isValidCreditCode } from '../personal-data/credit-code.ts';

/** An agency's short identifier, used in file names, URLs and keys. */
export const AgencyCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, 'expected a lower-case identifier such as "sh-housing"');

/** A government agency (政务部门) that provides or consumes catalog entries. */
export const AgencySchema = z
  .object({
    code: AgencyCodeSchema,
    name: LocalizedTextSchema,
    level: z.enum(AGENCY_LEVELS),
    /** 行政区划代码 of the region the agency serves (6 digits). */
    region: z.string().regex(/^\d{6}$/, 'expected a 6-digit administrative division code'),
    /** 统一社会信用代码, where known; checked with its GB 32100-2015 check character. */
    creditCode: z
      .string()
      .refine(
        isValidCreditCode,
        'expected an 18-character 统一社会信用代码 with a valid check character',
      )
      .optional(),
    parent: AgencyCodeSchema.optional(),
    website: z.url().optional(),
    email: z.email().optional(),
    /**
     * Working days this agency has to decide a share request once accepted; the platform's
     * default (10) when absent.
     */
    shareDecisionDays: z.number().int().min(1).max(60).optional(),
  })
  .strict();

export type Agency = z.infer<typeof AgencySchema>;

/** The agencies file: a list of agencies under one key. */
export const AgenciesFileSchema = z.object({ agencies: z.array(AgencySchema).min(1) }).strict();
