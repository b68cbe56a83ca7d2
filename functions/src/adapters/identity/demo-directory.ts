import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAgenciesFile } from '../../core/catalog/parse-source.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { parseDemoUsersFile } from '../../core/identity/demo-users.ts';
import type { DemoUser } from '../../core/identity/demo-user.ts';
import type { Agency } from '../../core/schemas/agency.ts';

/** The agencies of a catalog folder and its demo users, checked against each other. */
export type DemoDirectory = { agencies: Agency[]; users: DemoUser[] };

/**
 * Reads `agencies.yaml` and `users.yaml` of a catalog folder such as `data/`. A folder without
 * `users.yaml` has no demo users; any problem in either file throws, naming file, line and field.
 */
export async function loadDemoDirectory(dataDir: string): Promise<DemoDirectory> {
  const agenciesPath = join(dataDir, 'agencies.yaml');
  const agenciesText = await readFile(agenciesPath, 'utf8').catch(() => undefined);
  if (agenciesText === undefined)
    throw new DatarunError(
      problem('file-not-found', 'no agencies.yaml here; is --data the catalog folder?', {
        file: agenciesPath,
      }),
    );
  const agencies = parseAgenciesFile({ path: agenciesPath, text: agenciesText });
  if (!agencies.value) throw new DatarunError(agencies.problems);

  const usersPath = join(dataDir, 'users.yaml');
  const usersText = await readFile(usersPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (usersText === undefined) return { agencies: agencies.value, users: [] };
  const users = parseDemoUsersFile(
    { path: usersPath, text: usersText },
    agencies.value.map((agency) => agency.code),
  );
  if (!users.value) throw new DatarunError(users.problems);
  return { agencies: agencies.value, users: users.value };
}
