import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoAuditLog } from '../../../functions/src/adapters/dynamodb/audit-log.ts';
import { scanAll } from '../../../functions/src/adapters/dynamodb/scan-all.ts';
import { sealRecord } from '../../../functions/src/core/audit/audit-record.ts';
import type { AuditRecord } from '../../../functions/src/core/audit/audit-record.ts';
import { verifyAuditLog } from '../../../functions/src/core/audit/verify-log.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { runAuditList, runAuditVerify } from '../../../functions/src/local/commands/audit.ts';
import type { StorageSession } from '../../../functions/src/local/storage-session.ts';
import { startEmbeddedStorage } from '../../../functions/src/local/embedded-storage.ts';
import type { EmbeddedStorage } from '../../../functions/src/local/embedded-storage.ts';
import { CONSUMER, walkThrough } from '../../unit/audit/fixtures.ts';

// The embedded servers alone: the audit log needs no other store.
let storage: EmbeddedStorage;
let session: StorageSession;
let table: string;
let log: DynamoAuditLog;

beforeAll(async () => {
  storage = await startEmbeddedStorage();
  table = storage.config.tables.audit;
  session = {
    config: storage.config,
    clients: storage.clients,
    kind: 'embedded',
    close: async () => {},
  };
});

afterAll(async () => {
  await storage?.stop();
});

beforeEach(async () => {
  for (const item of await scanAll(storage.clients.dynamodb, { TableName: table }))
    await storage.clients.dynamodb.send(
      new DeleteCommand({ TableName: table, Key: { chain: item.chain, seq: item.seq } }),
    );
  log = new DynamoAuditLog(storage.clients.dynamodb, table, 'sm3');
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function appendAll(count = 2): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for (let i = 1; i <= count; i++)
    for (const entry of walkThrough(`sr_${String(i).padStart(4, '0')}`, Date.UTC(2026, 2, i, 1)))
      records.push(await log.append(entry));
  return records;
}

/** What `runAuditVerify` printed, line by line. */
async function verifyOutput(): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
  await runAuditVerify(session);
  vi.mocked(console.log).mockRestore();
  return lines;
}

/** A write straight to the table, as someone with access to it could make. */
const tamper = (command: PutCommand | UpdateCommand | DeleteCommand) =>
  storage.clients.dynamodb.send(command as PutCommand);

describe('DynamoAuditLog.append', () => {
  it('numbers records from 1, links each to the last and moves the head', async () => {
    const records = await appendAll(1);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[1]!.prev).toBe(records[0]!.hash);
    expect(await log.head()).toEqual({ seq: 5, hash: records[4]!.hash });
    const stored: AuditRecord[] = [];
    for await (const record of log.readAll()) stored.push(record);
    expect(stored).toEqual(records);
  });

  it('keeps a valid chain of 20 when 20 appends race', async () => {
    const [entry] = walkThrough();
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, i) => log.append({ ...entry!, details: { attempt: i } })),
    );
    expect(appended.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await verifyAuditLog(log)).toEqual({
      ok: true,
      count: 20,
      algorithms: ['sm3'],
      head: 20,
    });
  });

  it('moves a head left behind by a stopped append, then appends after that record', async () => {
    await appendAll(1);
    const orphan = sealRecord(walkThrough()[0]!, await log.head(), 'sm3');
    await tamper(new PutCommand({ TableName: table, Item: orphan }));
    expect(await verifyOutput()).toEqual([
      'audit log intact: 6 records (sm3), head at 5; record #6 awaits its head update, which the next append makes',
    ]);
    const next = await log.append(walkThrough()[1]!);
    expect(next).toMatchObject({ seq: 7, prev: orphan.hash });
    expect(await verifyOutput()).toEqual(['audit log intact: 7 records (sm3), head at 7']);
  });

  it('refuses to append after a record that does not link to the head', async () => {
    await appendAll(1);
    const head = await log.head();
    const stray = sealRecord(walkThrough()[0]!, { seq: head.seq, hash: 'f'.repeat(64) }, 'sm3');
    await tamper(new PutCommand({ TableName: table, Item: stray }));
    await expect(log.append(walkThrough()[1]!)).rejects.toThrow(
      'audit record #6 does not link to the head (#5)',
    );
  });

  it('refuses an entry that breaks the schema, naming the field', async () => {
    const error = await log
      .append({ ...walkThrough()[0]!, at: 'yesterday' })
      .catch((e: unknown) => e as DatarunError);
    expect(error).toBeInstanceOf(DatarunError);
    expect((error as DatarunError).problems[0]).toMatchObject({
      code: 'invalid-value',
      field: 'at',
    });
  });

  it('seals with SHA-256 when made so, and the chain stays verifiable across the switch', async () => {
    await appendAll(1);
    const sha = new DynamoAuditLog(storage.clients.dynamodb, table, 'sha256');
    expect(await sha.append(walkThrough()[0]!)).toMatchObject({ seq: 6, alg: 'sha256' });
    expect(await verifyOutput()).toEqual(['audit log intact: 6 records (sm3, sha256), head at 6']);
  });
});

describe('runAuditVerify', () => {
  it('names a record whose details were edited in the table', async () => {
    await appendAll(2);
    await tamper(
      new UpdateCommand({
        TableName: table,
        Key: { chain: 'main', seq: 9 },
        UpdateExpression: 'SET details.#f = :f',
        ExpressionAttributeNames: { '#f': 'fields' },
        ExpressionAttributeValues: { ':f': ['Name', 'Email', 'Phone'] },
      }),
    );
    const [line] = await verifyOutput();
    expect(line).toMatch(/^audit log broken at record #9: edited — record #9 was changed after/);
    expect(process.exitCode).toBe(1);
  });

  it('names a record whose actor was edited in the table', async () => {
    await appendAll(1);
    await tamper(
      new UpdateCommand({
        TableName: table,
        Key: { chain: 'main', seq: 2 },
        UpdateExpression: 'SET actor.#r = :r',
        ExpressionAttributeNames: { '#r': 'role' },
        ExpressionAttributeValues: { ':r': 'reviewer' },
      }),
    );
    expect((await verifyOutput())[0]).toMatch(/^audit log broken at record #2: edited — /);
    expect(process.exitCode).toBe(1);
  });

  it('names a record deleted from the middle', async () => {
    await appendAll(2);
    await tamper(new DeleteCommand({ TableName: table, Key: { chain: 'main', seq: 4 } }));
    expect(await verifyOutput()).toEqual([
      'audit log broken at record #4: deleted — record #4 is missing: the next stored record is #5',
    ]);
    expect(process.exitCode).toBe(1);
  });

  it('names the first of the last records deleted, by the head', async () => {
    await appendAll(2);
    for (const seq of [9, 10])
      await tamper(new DeleteCommand({ TableName: table, Key: { chain: 'main', seq } }));
    expect(await verifyOutput()).toEqual([
      'audit log broken at record #9: truncated — records #9–#10 are missing: the head ends the log at #10 but the last stored record is #8',
    ]);
    expect(process.exitCode).toBe(1);
  });

  it('names records put beyond the head', async () => {
    const records = await appendAll(1);
    let head = { seq: 5, hash: records[4]!.hash };
    for (const entry of walkThrough('sr_9999').slice(0, 2)) {
      const forged = sealRecord({ ...entry, actor: CONSUMER }, head, 'sm3');
      await tamper(new PutCommand({ TableName: table, Item: forged }));
      head = { seq: forged.seq, hash: forged.hash };
    }
    expect((await verifyOutput())[0]).toMatch(
      /^audit log broken at record #7: inserted — record #7 lies beyond the head/,
    );
    expect(process.exitCode).toBe(1);
  });

  it('names a record replaced by a forged one sealed in its place', async () => {
    const records = await appendAll(1);
    const forged = sealRecord(
      { ...walkThrough()[2]!, reason: 'accepted without review' },
      { seq: 2, hash: records[1]!.hash },
      'sm3',
    );
    await tamper(new PutCommand({ TableName: table, Item: forged }));
    expect((await verifyOutput())[0]).toMatch(
      /^audit log broken at record #4: inserted — record #4 does not link to record #3/,
    );
    expect(process.exitCode).toBe(1);
  });

  it('finds an empty log intact', async () => {
    expect(await verifyOutput()).toEqual(['audit log intact: 0 records, head at 0']);
    expect(process.exitCode).toBeUndefined();
  });
});

describe('DynamoAuditLog.list', () => {
  it('answers newest first and pages with an opaque cursor to the end', async () => {
    await appendAll(3);
    const first = await log.list({ limit: 6 });
    expect(first.records.map((r) => r.seq)).toEqual([15, 14, 13, 12, 11, 10]);
    const second = await log.list({ limit: 6, cursor: first.next! });
    expect(second.records.map((r) => r.seq)).toEqual([9, 8, 7, 6, 5, 4]);
    const third = await log.list({ limit: 6, cursor: second.next! });
    expect(third.records.map((r) => r.seq)).toEqual([3, 2, 1]);
    expect(third.next).toBeUndefined();
  });

  it('filters by action, actor, agency, subject, outcome and time', async () => {
    await appendAll(3);
    const seqs = async (filter: Parameters<DynamoAuditLog['list']>[0]) =>
      (await log.list(filter)).records.map((r) => r.seq);
    expect(await seqs({ action: 'share-request.accept', outcome: 'denied' })).toEqual([12, 7, 2]);
    expect(
      await seqs({ actorUser: 'demo-consumer-sh-civil-affairs', subject: 'share-request:sr_0002' }),
    ).toEqual([10, 6]);
    expect(await seqs({ agency: 'zj-big-data', from: '2026-03-02', to: '2026-03-03' })).toEqual([
      8,
    ]);
    const paged = await log.list({ action: 'grant.download', limit: 2 });
    expect(paged.records.map((r) => r.seq)).toEqual([15, 10]);
    expect(
      (await log.list({ action: 'grant.download', limit: 2, cursor: paged.next! })).records.map(
        (r) => r.seq,
      ),
    ).toEqual([5]);
  });
});

describe('runAuditList', () => {
  it('prints one row per record and the flag to page on', async () => {
    await appendAll(1);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    await runAuditList(session, { outcome: 'ok', limit: '2' });
    expect(lines[0]).toMatch(
      /^ {5}#5 {2}2026-03-01 03:00:00 {2}ok {6}demo-consumer-sh-civil-affairs@sh-civil-affairs \(consumer\)\s+grant\.download\s+share-request:sr_0001$/,
    );
    expect(lines.slice(2)).toEqual([
      '2 record(s), newest first',
      expect.stringMatching(/^More: add --cursor \S+$/),
    ]);
  });

  it('names the flag of a wrong filter value', async () => {
    await expect(runAuditList(session, { limit: '9999' })).rejects.toThrow(/^--limit: /);
  });
});
