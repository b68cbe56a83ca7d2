import * as z from 'zod';
import { AgencyCodeSchema } from '../schemas/agency.ts';
import { LocalizedTextSchema } from '../schemas/common.ts';
import { RoleSchema } from './identity.ts';

/**
 * Demo users (`data/users.yaml`): people of real agencies in the demo catalog, one per role at
 * least, so that the sharing workflow can be walked through locally with tokens of the local
 * issuer. They are described by their role, never given made-up personal names.
 */
export const DemoUserSchema = z
  .object({
    /** The token's `sub`: `demo-<role>-<agency>`. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,127}$/, 'expected a lower-case id such as "demo-consumer-nbs"'),
    /** `zh` goes into the token (and so the audit log); `en` is for English pages. */
    name: LocalizedTextSchema.strict(),
    agency: AgencyCodeSchema,
    roles: z
      .array(RoleSchema)
      .min(1)
      .refine((roles) => new Set(roles).size === roles.length, 'lists a role twice'),
  })
  .strict();
export type DemoUser = z.infer<typeof DemoUserSchema>;
