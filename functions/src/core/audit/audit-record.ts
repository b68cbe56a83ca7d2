import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ActorSchema } from '../identity/identity.ts';
import { canonicalJson } from '../publish/canonical-hash.ts';

/** Hash algorithms a record may be sealed with: SM3 (GB/T 32905) by default, SHA-256 on request. */
export const AUDIT_ALGORITHMS = ['sm3', 'sha256'] as const;
export const AuditAlgorithmSchema = z.enum(AUDIT_ALGORITHMS);
export type AuditAlgorithm = z.infer<typeof AuditAlgorithmSchema>;

/** The chain every record of the platform goes into. */
export const AUDIT_CHAIN = 'main';

/** What the first record links back to: there is no record before it. */
export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;

const HexDigestSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a 64-digit lowercase hex digest');

/** One thing that happened, as a service hands it to the log. */
export const AuditEntrySchema = z
  .object({
    /** When it happened, UTC (`Date.toISOString()`), so that time filters compare as text. */
    at: z.iso.datetime(),
    actor: ActorSchema,
    /** What was done, as the access policy names it (`share-request.approve`, `grant.download`). */
    action: z.string().min(1).max(200),
    /** What it was done to, `<kind>:<id>` (`share-request:sr_…`). */
    subject: z.string().min(1).max(500),
    outcome: z.enum(AUDIT_OUTCOMES),
    /** Why, in the words the person gave or was given (a refusal, a rejection). */
    reason: z.string().max(2000).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** A record as stored: the entry, its place in the chain, and the hashes that seal it. */
export const AuditRecordSchema = AuditEntrySchema.extend({
  chain: z.string().min(1),
  /** 1, 2, 3… without gaps within a chain. */
  seq: z.number().int().positive(),
  alg: AuditAlgorithmSchema,
  /** The hash of the record before it; `GENESIS_HASH` for the first. */
  prev: HexDigestSchema,
  /** The digest with `alg` of the canonical JSON of every other field. */
  hash: HexDigestSchema,
}).strict();
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** Where the chain ends: the last sealed record's number and hash (0 and `GENESIS_HASH` when empty). */
export type AuditHead = { seq: number; hash: string };

/** The empty chain's head. */
export const EMPTY_HEAD: AuditHead = { seq: 0, hash: GENESIS_HASH };

/** Whether a value names a hash algorithm records may use. */
export function isAuditAlgorithm(value: unknown): value is AuditAlgorithm {
  return (AUDIT_ALGORITHMS as readonly unknown[]).includes(value);
}

/** The hex digest of text with an audit algorithm. */
export function auditDigest(alg: AuditAlgorithm, text: string): string {
  return createHash(alg).update(text, 'utf8').digest('hex');
}

/**
 * The hash a record should carry: its `alg` over the canonical JSON of every field but `hash`,
 * whatever fields it holds, so that an added field breaks the seal as an edited one does.
 */
export function recordHash(record: Record<string, unknown>, alg: AuditAlgorithm): string {
  const { hash: _hash, ...body } = record;
  return auditDigest(alg, canonicalJson(body));
}

/**
 * Seals an entry as the record after `head`. The record goes through JSON once, so what is
 * stored is exactly what was hashed (no `undefined`, dates as text).
 */
export function sealRecord(
  entry: AuditEntry,
  head: AuditHead,
  alg: AuditAlgorithm,
  chain: string = AUDIT_CHAIN,
): AuditRecord {
  const body = JSON.parse(
    canonicalJson({ ...entry, chain, seq: head.seq + 1, alg, prev: head.hash }),
  ) as Omit<AuditRecord, 'hash'>;
  return { ...body, hash: recordHash(body, alg) };
}
