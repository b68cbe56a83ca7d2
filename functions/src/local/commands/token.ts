import { DatarunError, problem } from '../../core/errors.ts';
import { demoUserFor } from '../../core/identity/demo-users.ts';
import { ROLES, RoleSchema } from '../../core/identity/identity.ts';
import type { Role } from '../../core/identity/identity.ts';
import { loadDemoDirectory } from '../../adapters/identity/demo-directory.ts';
import { DEFAULT_TOKEN_HOURS, createLocalIssuer } from '../../adapters/identity/local-issuer.ts';
import type { IssuedToken } from '../../adapters/identity/local-issuer.ts';
import { stateDir } from '../storage-session.ts';

export type TokenOptions = {
  agency: string;
  /** One role, or several separated by commas (`consumer,provider`). */
  role: string;
  /** The subject id; the demo user's of this agency and role when there is one. */
  user?: string;
  name?: string;
  hours?: number;
  /** The catalog folder with agencies.yaml and users.yaml. */
  dataDir: string;
  /** Where the issuer's key is kept. @default the state folder, `.datarun` */
  stateDir?: string;
};

/**
 * Signs a local identity token (`npx datarun token --agency CODE --role ROLE`) and prints only
 * the token on stdout, so that `TOKEN=$(npx datarun token …)` works; who it is for and when it
 * expires go to stderr.
 */
export async function runToken(options: TokenOptions): Promise<IssuedToken> {
  const roles = parseRoles(options.role);
  const { agencies, users } = await loadDemoDirectory(options.dataDir);
  const agency = agencies.find((candidate) => candidate.code === options.agency);
  if (!agency)
    throw new DatarunError(
      problem(
        'unknown-reference',
        `no agency ${JSON.stringify(options.agency)} in ${options.dataDir}/agencies.yaml; known: ${agencies.map((a) => a.code).join(', ')}`,
        { field: '--agency' },
      ),
    );
  const named = options.user === undefined ? undefined : users.find((u) => u.id === options.user);
  if (named && (named.agency !== agency.code || !roles.every((r) => named.roles.includes(r))))
    throw new DatarunError(
      problem(
        'invalid-value',
        `the demo user ${named.id} is ${named.roles.join(' and ')} at ${named.agency}, not ${roles.join(' and ')} at ${agency.code}; leave out --user or pick another id`,
        { field: '--user' },
      ),
    );
  const demo =
    named ?? (options.user === undefined ? demoUserFor(users, agency.code, roles) : undefined);
  const person = {
    user: options.user ?? demo?.id ?? `local-${roles.join('-')}-${agency.code}`,
    name: options.name ?? demo?.name.zh ?? `${agency.name.zh}（${roles.join('、')}）`,
    agency: agency.code,
    roles,
  };
  const issuer = createLocalIssuer({ stateDir: options.stateDir ?? stateDir() });
  const issued = await issuer.issue(person, { hours: options.hours ?? DEFAULT_TOKEN_HOURS });
  process.stdout.write(`${issued.token}\n`);
  process.stderr.write(
    `Token for ${person.user} (${person.name}), ${roles.join(' and ')} at ${agency.code}, valid until ${new Date(issued.expiresAt * 1000).toISOString()}. Send it as Authorization: Bearer <token>.\n`,
  );
  return issued;
}

function parseRoles(text: string): Role[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !RoleSchema.safeParse(name).success);
  if (names.length === 0 || unknown.length > 0)
    throw new DatarunError(
      problem(
        'invalid-value',
        `${names.length === 0 ? 'no role given' : `no role ${unknown.map((n) => JSON.stringify(n)).join(', ')}`}; choose from ${ROLES.join(', ')}`,
        { field: '--role' },
      ),
    );
  return [...new Set(names as Role[])];
}
