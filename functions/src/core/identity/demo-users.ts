import * as z from 'zod';
import { parseYaml } from '../catalog/parse-source.ts';
import type { Parsed, SourceFile } from '../catalog/parse-source.ts';
import { problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { DemoUserSchema } from './demo-user.ts';
import type { DemoUser } from './demo-user.ts';
import type { Role } from './identity.ts';

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
