import { createHash } from 'node:crypto';

/**
 * A dispute's id, derived from what makes two reports the same: the same parts give the same
 * id, so storing a repeated report is a conditional put that fails, on any backend.
 * Parts are e.g. `[code, version, row, field, reporter]`, or a cross-check's finding.
 */
export function disputeId(parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest();
  // 20 base-36 characters carry about 103 bits: collisions are not a practical concern.
  let id = '';
  for (const byte of digest.subarray(0, 20)) id += (byte % 36).toString(36);
  return `dp_${id}`;
}

/** The SHA-256 (hex) of a status-link secret, as the dispute stores it. */
export function tokenSha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
