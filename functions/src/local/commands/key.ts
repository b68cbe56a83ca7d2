import { KeySignupSchema } from '../../core/access/api-key.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { createStores } from '../../adapters/index.ts';
import { issueApiKey } from '../../services/access/issue-api-key.ts';
import type { StorageSession } from '../storage-session.ts';

export type KeyCreateOptions = { name: string; email: string; purpose?: string; agency?: string };

/** Issues a key, bound to an agency if asked, and prints its secret: the only time it is shown. */
export async function runKeyCreate(
  session: StorageSession,
  options: KeyCreateOptions,
): Promise<void> {
  const stores = createStores(session.config, session.clients);
  const { agency, ...fields } = options;
  const parsed = KeySignupSchema.safeParse(fields);
  if (!parsed.success)
    throw new DatarunError(
      parsed.error.issues.map((issue) =>
        problem('invalid-value', issue.message, { field: `--${String(issue.path[0])}` }),
      ),
    );
  if (agency !== undefined) {
    const agencies = await stores.agencies.list();
    if (!agencies.some((a) => a.code === agency))
      throw new DatarunError(
        problem(
          'unknown-reference',
          `no agency ${JSON.stringify(agency)}; known: ${agencies.map((a) => a.code).join(', ') || 'none (publish the catalog first)'}`,
          { field: '--agency' },
        ),
      );
  }
  const { record, secret } = await issueApiKey(stores.apiKeys, parsed.data, {
    ...(agency !== undefined && { agency }),
  });
  console.log(
    `Created ${record.id} for ${record.name} <${record.email}>${record.agency ? `, acting for agency ${record.agency}` : ''}.`,
  );
  console.log('The key is shown this once; only its hash is stored. Send it as X-API-Key:');
  console.log(secret);
}

/** Lists every key: id, status, creation date, agency, owner. Never a secret or a hash. */
export async function runKeyList(session: StorageSession): Promise<void> {
  const keys = await createStores(session.config, session.clients).apiKeys.list();
  if (keys.length === 0) {
    console.log('No API keys yet. Create one with: npx datarun key create --name N --email E');
    return;
  }
  for (const key of keys)
    console.log(
      [
        key.id,
        key.status.padEnd(7),
        key.createdAt.slice(0, 10),
        (key.agency ?? '-').padEnd(12),
        `${key.name} <${key.email}>`,
      ].join('  '),
    );
  const active = keys.filter((key) => key.status === 'active').length;
  console.log(`${keys.length} key(s), ${active} active`);
}

/** Revokes a key by id; its record stays, marked revoked, so usage and history remain. */
export async function runKeyRevoke(session: StorageSession, id: string): Promise<void> {
  const { apiKeys } = createStores(session.config, session.clients);
  const before = await apiKeys.get(id);
  const record = await apiKeys.revoke(id, new Date().toISOString());
  console.log(
    before?.status === 'revoked'
      ? `${id} was already revoked on ${record.revokedAt?.slice(0, 10)}; nothing changed.`
      : `Revoked ${id} (${record.name} <${record.email}>). The API refuses it within 30 seconds.`,
  );
}
