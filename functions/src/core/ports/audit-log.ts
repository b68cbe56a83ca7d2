import type { AuditFilterInput } from '../audit/audit-filter.ts';
import type { AuditEntry, AuditHead, AuditRecord } from '../audit/audit-record.ts';

/** One page of the log, newest first; `next` is the opaque cursor of the page after it. */
export type AuditPage = { records: AuditRecord[]; next?: string };

/**
 * The append-only, hash-chained audit log. Every record is sealed with the hash of the one
 * before it, and a head remembers the last, so that an edit, a gap, an insertion or a cut-off
 * end shows when the chain is verified.
 */
export interface AuditLog {
  /** Seals the entry as the next record and stores it; throws `conflict` if it cannot get a turn. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Records matching the filter, newest first (`limit` 50 by default, at most 500). */
  list(filter: AuditFilterInput): Promise<AuditPage>;
  /** Every record numbered above `after` (0 by default), in order, exactly as stored. */
  readAll(after?: number): AsyncIterable<AuditRecord>;
  /** The last record's number and hash as the head holds them, read consistently. */
  head(): Promise<AuditHead>;
}
