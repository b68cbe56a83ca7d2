import * as z from 'zod';
import { DatarunError, problem } from '../errors.ts';
import { sha256 } from '../publish/canonical-hash.ts';
import { AUDIT_OUTCOMES } from './audit-record.ts';
import type { AuditRecord } from './audit-record.ts';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

/** A UTC time or day; days compare as the start of that day, since `at` is ISO text. */
const TimeBoundSchema = z.union([z.iso.datetime(), z.iso.date()]);

/**
 * What an admin narrows the log to. Every field is an exact match except `from` (inclusive)
 * and `to` (exclusive), which bound `at`. Numbers may arrive as text (query strings, flags).
 */
export const AuditFilterSchema = z
  .object({
    action: z.string().min(1).optional(),
    /** The acting person's user id. */
    actorUser: z.string().min(1).optional(),
    /** The acting person's agency. */
    agency: z.string().min(1).optional(),
    subject: z.string().min(1).optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    from: TimeBoundSchema.optional(),
    to: TimeBoundSchema.optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
    /** The `next` of the previous page. */
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof AuditFilterSchema>;
export type AuditFilterInput = z.input<typeof AuditFilterSchema>;

/** Reads a filter, or throws a problem per wrong field, named as the filter names it. */
export function parseAuditFilter(input: unknown): AuditFilter {
  const parsed = AuditFilterSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new DatarunError(
    parsed.error.issues.map((issue) =>
      problem('invalid-field', issue.message, { field: issue.path.map(String).join('.') }),
    ),
  );
}

/** Whether a record passes every condition of the filter (paging aside). */
export function matchesAuditFilter(record: AuditRecord, filter: AuditFilter): boolean {
  return (
    (filter.action === undefined || record.action === filter.action) &&
    (filter.actorUser === undefined || record.actor.user === filter.actorUser) &&
    (filter.agency === undefined || record.actor.agency === filter.agency) &&
    (filter.subject === undefined || record.subject === filter.subject) &&
    (filter.outcome === undefined || record.outcome === filter.outcome) &&
    (filter.from === undefined || record.at >= filter.from) &&
    (filter.to === undefined || record.at < filter.to)
  );
}

const CHECK_SALT = 'datarun audit cursor';
const check = (payload: string) => sha256(`${CHECK_SALT}\n${payload}`).slice(0, 12);

/** The cursor of the page that goes on below record `seq` (pages run newest first). */
export function encodeAuditCursor(seq: number): string {
  const payload = Buffer.from(JSON.stringify({ below: seq }), 'utf8').toString('base64url');
  return `${payload}.${check(payload)}`;
}

/** The record number a cursor continues below, or a problem naming `cursor`. */
export function decodeAuditCursor(cursor: string): number {
  const [payload, mac, ...rest] = cursor.split('.');
  let below: unknown;
  if (payload && mac && rest.length === 0 && check(payload) === mac) {
    try {
      below = (
        JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { below?: unknown }
      ).below;
    } catch {
      below = undefined;
    }
  }
  if (typeof below !== 'number' || !Number.isInteger(below) || below < 1)
    throw new DatarunError(
      problem(
        'invalid-field',
        'cursor is not one the audit log gave out, or it was altered; pass `next` from the previous page unchanged, or start again without cursor',
        { field: 'cursor' },
      ),
    );
  return below;
}
