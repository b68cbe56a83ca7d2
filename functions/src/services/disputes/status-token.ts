import { randomBytes } from 'node:crypto';

/** A status link's secret: 32 random bytes, base64url (43 characters). */
export function newStatusToken(): string {
  return randomBytes(32).toString('base64url');
}
