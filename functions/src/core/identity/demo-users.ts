import { LineCounter, isNode, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import * as z from 'zod';
import { formatPath } from '../catalog/parse-source.ts';
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
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    return {
      problems: doc.errors.map((error) => {
        const at = lineCounter.linePos(error.pos[0]);
        return problem('yaml-syntax', error.message.split('\n')[0]!, {
          file: file.path,
          line: at.line,
          column: at.col,
        });
      }),
    };
  const where = (path: (string | number)[]) => ({
    file: file.path,
    ...locate(doc, path, lineCounter),
    field: formatPath(path),
  });
  const parsed = DemoUsersFileSchema.safeParse(doc.toJS());
  if (!parsed.success)
    return {
      problems: parsed.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        const message =
          issue.code === 'invalid_type' && issue.input === undefined
            ? 'is required'
            : issue.message;
        return problem('invalid-field', message, where(path));
      }),
    };
  const known = new Set(agencyCodes);
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  parsed.data.users.forEach((user, index) => {
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
  return problems.length > 0 ? { problems } : { value: parsed.data.users, problems };
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

/** The line of the deepest node on the path that exists, so "missing" points at its parent. */
function locate(
  doc: Document,
  path: (string | number)[],
  lineCounter: LineCounter,
): { line?: number; column?: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const at = lineCounter.linePos(node.range[0]);
      return { line: at.line, column: at.col };
    }
  }
  return {};
}
