import { randomBytes } from 'node:crypto';
import { API_KEY_BYTES, apiKeyHash, apiKeyId, formatApiKey } from '../../core/access/api-key.ts';
import type { ApiKeyRecord, KeySignup } from '../../core/access/api-key.ts';
import type { ApiKeyRepository } from '../../core/ports/api-key-repository.ts';

export type IssueOptions = {
  /** Only an operator binds a key to an agency (CLI); a sign-up never does. */
  agency?: string;
  now?: () => Date;
  random?: (bytes: number) => Uint8Array;
};

/**
 * Makes a new API key and stores its hash. The secret is returned once, here, and exists
 * nowhere else afterwards.
 */
export async function issueApiKey(
  keys: ApiKeyRepository,
  signup: KeySignup,
  options: IssueOptions = {},
): Promise<{ record: ApiKeyRecord; secret: string }> {
  const secret = formatApiKey((options.random ?? randomBytes)(API_KEY_BYTES));
  const hash = apiKeyHash(secret);
  const record: ApiKeyRecord = {
    id: apiKeyId(hash),
    hash,
    name: signup.name,
    email: signup.email,
    ...(signup.purpose && { purpose: signup.purpose }),
    ...(options.agency && { agency: options.agency }),
    status: 'active',
    createdAt: (options.now?.() ?? new Date()).toISOString(),
  };
  await keys.create(record);
  return { record, secret };
}
