import { randomBytes } from 'node:crypto';

/** A random id such as `sr_k3v9x0q2m7a1c5d8`: 16 characters of base 36 from 10 random bytes. */
export function newId(prefix: 'sr' | 'gr' | 'dm'): string {
  const value = BigInt(`0x${randomBytes(10).toString('hex')}`);
  return `${prefix}_${value.toString(36).padStart(16, '0')}`;
}
