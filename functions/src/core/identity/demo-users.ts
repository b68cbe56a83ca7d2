import * as z from 'zod';
import { parseYaml } from '../catalog/parse-source.ts';
import type { Parsed, SourceFile } from '../catalog/parse-source.ts';
import { problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { AgencyCodeSchema } from '../schemas/agency.ts';
import { LocalizedTextSchema } from '../schemas/common.ts';
import { RoleSchema } from './identity.ts';
import type { Role } from './identity.ts';

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

/** The demo users file: a list of users under one key. */
export const DemoUsersFileSchema = z.object({ users: z.array(DemoUserSchema).min(1) }).strict();

/**
 * Parses and checks the demo users file against the agency codes of the catalog. Every
 * problem names the file, line and field: bad YAML, a bad field, an agency the catalog does
 * not have, an id given twice.
 */
export function parseDemoUsersFile(
  file: SourceFile,
  agencyCodes: readonly string[],
): Parsed<DemoUser[]> {
  const parsed = parseYaml(file, DemoUsersFileSchema);
  if (!parsed.value) return { problems: parsed.problems };
  const { where } = parsed;
  const known = new Set(agencyCodes);
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  parsed.value.users.forEach((user, index) => {
    if (!known.has(user.agency))
      problems.push(
        problem(
          'unknown-reference',
          `no agency ${JSON.stringify(user.agency)} in the catalog's agencies.yaml`,
          where(['users', index, 'agency']),
        ),
      );
    const first = seen.get(user.id);
    if (first !== undefined)
      problems.push(
        problem(
          'duplicate',
          `the id ${user.id} is already used by users[${first}]`,
          where(['users', index, 'id']),
        ),
      );
    else seen.set(user.id, index);
  });
  return problems.length > 0 ? { problems } : { value: parsed.value.users, problems };
}

/** The first demo user of this agency who holds every one of these roles, if there is one. */
export function demoUserFor(
  users: readonly DemoUser[],
  agency: string,
  roles: readonly Role[],
): DemoUser | undefined {
  return users.find(
    (user) => user.agency === agency && roles.every((role) => user.roles.includes(role)),
  );
}
