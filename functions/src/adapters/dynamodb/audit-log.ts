import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  AUDIT_ALGORITHMS,
  AUDIT_CHAIN,
  AuditEntrySchema,
  EMPTY_HEAD,
  isAuditAlgorithm,
  sealRecord,
} from '../../core/audit/audit-record.ts';
import type {
  AuditAlgorithm,
  AuditEntry,
  AuditHead,
  AuditRecord,
} from '../../core/audit/audit-record.ts';
import {
  decodeAuditCursor,
  encodeAuditCursor,
  matchesAuditFilter,
  parseAuditFilter,
} from '../../core/audit/audit-filter.ts';
import type { AuditFilterInput } from '../../core/audit/audit-filter.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import type { AuditLog, AuditPage } from '../../core/ports/audit-log.ts';
import { conditionally } from './conditional.ts';

/** The environment variable that picks the hash algorithm for new records. */
export const AUDIT_HASH_ENV = 'DATARUN_AUDIT_HASH';

/** The algorithm new records are sealed with: `DATARUN_AUDIT_HASH`, SM3 when unset. */
export function auditHashFromEnv(env: Record<string, string | undefined>): AuditAlgorithm {
  const value = env[AUDIT_HASH_ENV]?.trim().toLowerCase();
  if (value === undefined || value === '') return 'sm3';
  if (isAuditAlgorithm(value)) return value;
  throw new DatarunError(
    problem(
      'config',
      `${AUDIT_HASH_ENV} is ${JSON.stringify(env[AUDIT_HASH_ENV])}; set it to one of ${AUDIT_ALGORITHMS.join(', ')} (sm3 when unset)`,
      { field: AUDIT_HASH_ENV },
    ),
  );
}

/** The head's place in the table: number 0, before every record. */
const HEAD_SEQ = 0;
/** Turns an append may try before it gives up with `conflict`. */
const APPEND_ATTEMPTS = 40;
/** Items a `list` call reads at most before it answers a short page with a cursor. */
const LIST_READ_BUDGET = 20_000;

/**
 * The audit log in DynamoDB: one item per record under its chain, numbered from 1, and a head
 * item at number 0 holding the last number and hash. Without transactions, an append writes
 * the record only if its number is free, then moves the head only if it still points at the
 * record before; whoever loses a race helps the head forward and tries again.
 */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly alg: AuditAlgorithm = 'sm3',
  ) {}

  async append(entry: AuditEntry): Promise<AuditRecord> {
    const parsed = AuditEntrySchema.safeParse(entry);
    if (!parsed.success)
      throw new DatarunError(
        parsed.error.issues.map((issue) =>
          problem('invalid-value', `audit entry: ${issue.message}`, {
            field: issue.path.map(String).join('.'),
          }),
        ),
      );
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      const head = await this.head();
      const record = sealRecord(parsed.data, head, this.alg);
      const stored = await this.client
        .send(
          new PutCommand({
            TableName: this.table,
            Item: record,
            ConditionExpression: 'attribute_not_exists(seq)',
          }),
        )
        .then(
          () => true,
          (error: unknown) => {
            if ((error as Error).name === 'ConditionalCheckFailedException') return false;
            throw error;
          },
        );
      if (stored) {
        // Losing this race means another append already moved the head to this record.
        await this.moveHead(head.seq, record).catch((error: unknown) => {
          if ((error as DatarunError).code !== 'conflict') throw error;
        });
        return record;
      }
      await this.helpHeadForward(head);
      await sleep(Math.random() * Math.min(50, 5 * 2 ** Math.min(attempt, 4)));
    }
    throw new DatarunError(
      problem(
        'conflict',
        `the audit log stayed busy through ${APPEND_ATTEMPTS} attempts; try the action again`,
      ),
    );
  }

  async head(): Promise<AuditHead> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { chain: AUDIT_CHAIN, seq: HEAD_SEQ },
        ConsistentRead: true,
      }),
    );
    return Item ? { seq: Item.last as number, hash: Item.hash as string } : EMPTY_HEAD;
  }

  async *readAll(after = 0): AsyncIterable<AuditRecord> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'chain = :chain AND seq > :after',
          ExpressionAttributeValues: { ':chain': AUDIT_CHAIN, ':after': Math.max(after, HEAD_SEQ) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) yield item as AuditRecord;
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /**
   * Filters while reading the chain's partition newest first, at most `LIST_READ_BUDGET` items a
   * call: enough for a platform's audit log of some hundred thousand records, without an index
   * per filter field. A larger log would want GSIs by actor, agency and subject.
   */
  async list(input: AuditFilterInput): Promise<AuditPage> {
    const filter = parseAuditFilter(input);
    const below = filter.cursor === undefined ? undefined : decodeAuditCursor(filter.cursor);
    if (below === 1) return { records: [] };
    const narrowed = (
      ['action', 'actorUser', 'agency', 'subject', 'outcome', 'from', 'to'] as const
    ).some((key) => filter[key] !== undefined);
    const records: AuditRecord[] = [];
    let start: Record<string, unknown> | undefined;
    let read = 0;
    let lastRead: number | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression:
            below === undefined
              ? 'chain = :chain AND seq > :head'
              : 'chain = :chain AND seq BETWEEN :first AND :below',
          ExpressionAttributeValues: {
            ':chain': AUDIT_CHAIN,
            ...(below === undefined ? { ':head': HEAD_SEQ } : { ':first': 1, ':below': below - 1 }),
          },
          ScanIndexForward: false,
          Limit: narrowed ? 1000 : filter.limit,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const record = item as AuditRecord;
        read++;
        lastRead = record.seq;
        if (matchesAuditFilter(record, filter)) records.push(record);
        if (records.length === filter.limit) break;
      }
      start = page.LastEvaluatedKey;
    } while (start && records.length < filter.limit && read < LIST_READ_BUDGET);
    // A full page, or a read budget spent, goes on from the last record read; the end does not.
    const more = (records.length === filter.limit || read >= LIST_READ_BUDGET) && lastRead! > 1;
    return { records, ...(more && { next: encodeAuditCursor(lastRead!) }) };
  }

  /** Points the head at `record`, if it still points at the record before it. */
  private async moveHead(fromSeq: number, record: AuditRecord): Promise<void> {
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: { chain: AUDIT_CHAIN, seq: HEAD_SEQ, last: record.seq, hash: record.hash },
            ConditionExpression: 'attribute_not_exists(seq) OR #last = :from',
            ExpressionAttributeNames: { '#last': 'last' },
            ExpressionAttributeValues: { ':from': fromSeq },
          }),
        ),
      `the audit head moved past #${fromSeq}`,
    );
  }

  /**
   * After losing the number after `head`: moves the head onto the record that holds it, so a
   * crashed append cannot block the log. A record there that does not link to the head is not
   * followed: the log is broken and appending would hide where.
   */
  private async helpHeadForward(head: AuditHead): Promise<void> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { chain: AUDIT_CHAIN, seq: head.seq + 1 },
        ConsistentRead: true,
      }),
    );
    if (!Item) return;
    const next = Item as AuditRecord;
    if (next.prev !== head.hash)
      throw new DatarunError(
        problem(
          'storage',
          `audit record #${next.seq} does not link to the head (#${head.seq}); nothing more is appended until the log is repaired: run npx datarun audit verify`,
        ),
      );
    await this.moveHead(head.seq, next).catch((error: unknown) => {
      if ((error as DatarunError).code !== 'conflict') throw error;
    });
  }
}
