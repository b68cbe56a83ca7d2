import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { AgencyCodeSchema } from '../schemas/agency.ts';

/** What every secret starts with, so people and secret scanners can tell a datarun key. */
export const API_KEY_PREFIX = 'drk_';

/** Random bytes behind a secret: 256 bits, more than any guessing can cover. */
export const API_KEY_BYTES = 32;

const SECRET = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{43}$`);

/** The secret a developer is given once: the prefix and the random bytes in base64url. */
export function formatApiKey(random: Uint8Array): string {
  if (random.length !== API_KEY_BYTES)
    throw new RangeError(`an API key takes ${API_KEY_BYTES} random bytes, got ${random.length}`);
  return `${API_KEY_PREFIX}${Buffer.from(random).toString('base64url')}`;
}

/** The SHA-256 (hex) of a secret: all that storage ever holds of it. */
export function apiKeyHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * The public id of a key: the first 64 bits of its hash. Deriving it from the hash lets a
 * request find its key with one consistent read by id, with no index; it tells nothing about
 * the secret (a 256-bit random value).
 */
export function apiKeyId(hash: string): string {
  return `key_${hash.slice(0, 16)}`;
}

/** What an `X-API-Key` header says: nothing, a key to look up, or something that is no key. */
export type PresentedKey =
  | { kind: 'none' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'key'; id: string; hash: string };

/** Reads the `X-API-Key` header without touching storage: a malformed value is refused here. */
export function readPresentedKey(header: string | undefined): PresentedKey {
  if (header === undefined) return { kind: 'none' };
  const value = header.trim();
  if (value === '') return { kind: 'malformed', reason: 'the X-API-Key header is empty' };
  if (!SECRET.test(value))
    return {
      kind: 'malformed',
      reason: `the X-API-Key header is not a datarun key (expected ${API_KEY_PREFIX} and 43 characters of base64url)`,
    };
  const hash = apiKeyHash(value);
  return { kind: 'key', id: apiKeyId(hash), hash };
}

/** Compares two hashes in constant time, so timing cannot reveal how much of one matched. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export const API_KEY_STATUSES = ['active', 'revoked'] as const;

/** An API key as storage holds it. */
export const ApiKeyRecordSchema = z
  .object({
    id: z.string().regex(/^key_[0-9a-f]{16}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    name: z.string().min(1),
    email: z.email(),
    purpose: z.string().optional(),
    /** Set only by an operator (CLI): the key then acts for this agency. */
    agency: AgencyCodeSchema.optional(),
    status: z.enum(API_KEY_STATUSES),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().optional(),
  })
  .strict();
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;

/** What a developer sends to sign up; an agency cannot be chosen here. */
export const KeySignupSchema = z.strictObject({
  name: z
    .string({ error: 'expected your name or your organisation’s' })
    .trim()
    .min(1, 'expected your name or your organisation’s')
    .max(100, 'at most 100 characters'),
  email: z
    .email({ error: 'expected an e-mail address such as dev@example.org' })
    .max(254, 'at most 254 characters'),
  purpose: z
    .string({ error: 'expected a short text' })
    .trim()
    .max(500, 'at most 500 characters')
    .optional()
    .describe('What the key is for, in a sentence; helps operators when limits need raising'),
});
export type KeySignup = z.infer<typeof KeySignupSchema>;

/** The public side of a key, as its holder and operators see it: never the hash. */
export function publicKeyView(record: ApiKeyRecord) {
  const { hash: _hash, ...view } = record;
  return view;
}
