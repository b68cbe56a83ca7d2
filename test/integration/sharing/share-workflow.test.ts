import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { ShareRequestInput } from '../../../functions/src/core/sharing/share-request.ts';
import { extractGrant } from '../../../functions/src/services/sharing/extract-grant.ts';
import {
  listShareRequests,
  showShareRequest,
} from '../../../functions/src/services/sharing/read-share-requests.ts';
import { stepShareRequest } from '../../../functions/src/services/sharing/step-share-request.ts';
import { submitShareRequest } from '../../../functions/src/services/sharing/submit-share-request.ts';
import { sweepDeadlines } from '../../../functions/src/services/sharing/sweep-deadlines.ts';
import { verifyChain } from '../../../functions/src/core/audit/audit-chain.ts';
import type { AuditRecord } from '../../../functions/src/core/audit/audit-record.ts';
import { publishedStorage } from '../api/api-under-test.ts';
import { person, sharingCatalogFolder, sharingOver } from '../../support/sharing.ts';
import type { TestStorage } from '../../support/storage.ts';

const consumer = person('sh-civil-affairs', 'consumer');
const otherConsumer = person('zj-market', 'consumer');
const provider = person('sh-foreign-affairs', 'provider');
const secondProvider = person('sh-foreign-affairs', 'provider', 'provider-2-sh-foreign-affairs');
const reviewer = person('zj-big-data', 'reviewer');

const input = (overrides: Partial<ShareRequestInput> = {}): ShareRequestInput => ({
  code: '314/000002',
  purpose: '外事联络工作需要核对德国公共机构的名称和网址',
  fields: ['id', 'name', 'url'],
  period: { from: '2025-02-01', to: '2025-12-31' },
  legalBasis: '《上海市公共数据和一网通办管理办法》第二十八条',
  contact: { name: '民政局信息处', phone: '021-12345678' },
  ...overrides,
});

async function refusal(promise: Promise<unknown>): Promise<DatarunError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatarunError);
  return error as DatarunError;
}

async function auditRecords(storage: TestStorage): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of storage.stores.audit.readAll()) records.push(record);
  return records;
}

let storage: TestStorage;

beforeAll(async () => {
  storage = await publishedStorage(await sharingCatalogFolder());
}, 120_000);

afterAll(async () => {
  await storage?.stop();
});

describe('a conditional share request, from submission to revocation', () => {
  it('goes through acceptance, one approval, a field-filtered labelled extract and revocation', async () => {
    // Friday 2025-01-24, 10:00 in Shanghai, the Friday before the 2025 Spring Festival.
    const { deps, clock, sent } = sharingOver(storage, '2025-01-24T02:00:00Z');
    const submitted = await submitShareRequest(deps, consumer, input());
    expect(submitted.state).toBe('submitted');
    // The next working day is the make-up Sunday 2025-01-26; due at its end in Shanghai.
    expect(submitted.due).toEqual({ step: 'acceptance', at: '2025-01-26T15:59:59.999Z' });
    expect(sent.map((n) => n.recipient)).toContain('role:reviewer');

    const denied = await refusal(
      stepShareRequest(deps, provider, submitted.id, { type: 'accept' }),
    );
    expect(denied.code).toBe('forbidden');

    clock.now = Date.parse('2025-01-27T01:00:00Z');
    const accepted = await stepShareRequest(deps, reviewer, submitted.id, { type: 'accept' });
    // Ten working days after Monday 27 January, across the festival (28 Jan – 4 Feb off)
    // and the make-up Saturday 8 February: 5, 6, 7, 8, 10, 11, 12, 13, 14, 17 February.
    expect(accepted.due).toEqual({ step: 'decision', at: '2025-02-17T15:59:59.999Z' });

    clock.now = Date.parse('2025-02-05T02:00:00Z');
    const decisions = await Promise.allSettled([
      stepShareRequest(deps, provider, submitted.id, {
        type: 'approve',
        fields: ['id', 'name'],
        expiresOn: '2025-06-30',
      }),
      stepShareRequest(deps, secondProvider, submitted.id, {
        type: 'approve',
        fields: ['id', 'name'],
        expiresOn: '2025-09-30',
      }),
    ]);
    const won = decisions.filter((d) => d.status === 'fulfilled');
    const lost = decisions.filter((d) => d.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(((lost[0] as PromiseRejectedResult).reason as DatarunError).code).toBe('conflict');
    const decided = await showShareRequest(deps, consumer, submitted.id);
    expect(decided.revision).toBe(accepted.revision + 1);
    expect(decided.state).toBe('approved');
    expect(decided.history.filter((step) => step.event === 'approve')).toHaveLength(1);
    expect(decided.actions).toEqual(['extract']);

    const extract = await extractGrant(deps, consumer, submitted.id);
    expect(extract.fields).toEqual(['id', 'name']);
    const csv = await (await fetch(extract.url)).text();
    expect(csv.split('\n')[0]).toBe('id,name');
    expect(csv).not.toContain('http://');
    expect(extract.rows).toBe(csv.trimEnd().split('\n').length - 1);
    const folder = extract.url.slice(0, extract.url.indexOf('/data.csv'));
    const key = `grants/${decided.grant!.id}/${folder.split('/').pop()}`;
    const head = await storage.stores.objects.head('shared', `${key}/data.csv`);
    expect(head?.metadata).toMatchObject({
      'datarun-grant': decided.grant!.id,
      'datarun-requester-agency': 'sh-civil-affairs',
    });
    const label = JSON.parse(
      (await storage.stores.objects.getText('shared', `${key}/label.json`))!,
    );
    expect(label).toMatchObject({ grant: decided.grant!.id, fields: ['id', 'name'] });

    const foreign = await refusal(extractGrant(deps, otherConsumer, submitted.id));
    expect(foreign.code).toBe('forbidden');

    await stepShareRequest(deps, provider, submitted.id, { type: 'revoke', reason: '工作已结束' });
    expect((await fetch(extract.url)).status).toBe(404);
    const afterRevoke = await refusal(extractGrant(deps, consumer, submitted.id));
    expect(afterRevoke.code).toBe('conflict');
  });
});

describe('share requests by share type', () => {
  it('grants an unconditional entry at once and refuses a 不予共享 one with its legal basis', async () => {
    const { deps } = sharingOver(storage, '2025-03-03T02:00:00Z');
    const granted = await submitShareRequest(deps, consumer, input({ code: '314/000003' }));
    expect(granted.state).toBe('approved');
    expect(granted.grant?.fields).toEqual(['id', 'name', 'url']);

    const before = (await storage.stores.shareRequests.all()).length;
    const refused = await refusal(
      submitShareRequest(deps, consumer, input({ code: '101/000002' })),
    );
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toContain('保守国家秘密法');
    expect((await storage.stores.shareRequests.all()).length).toBe(before);
  });

  it('names a requested field the entry does not have, storing nothing', async () => {
    const { deps } = sharingOver(storage, '2025-03-03T02:00:00Z');
    const before = (await storage.stores.shareRequests.all()).length;
    const error = await refusal(
      submitShareRequest(deps, consumer, input({ fields: ['name', '身份证号'] })),
    );
    expect(error.problems[0]).toMatchObject({ code: 'invalid-field', field: 'fields' });
    expect(error.message).toContain('身份证号');
    expect((await storage.stores.shareRequests.all()).length).toBe(before);
  });
});

describe('sweepDeadlines', () => {
  it('marks a missed acceptance overdue once, escalates it to the reviewers and audits it', async () => {
    const { deps, clock, sent } = sharingOver(storage, '2025-04-07T02:00:00Z');
    const request = await submitShareRequest(deps, consumer, input());
    const due = Date.parse(request.due!.at);

    clock.now = due;
    expect((await sweepDeadlines(deps)).overdue).toBe(0);

    clock.now = due + 1;
    sent.length = 0;
    expect((await sweepDeadlines(deps)).overdue).toBe(1);
    const marked = await showShareRequest(deps, reviewer, request.id);
    expect(marked.overdue).toEqual([
      expect.objectContaining({ step: 'acceptance', due: request.due!.at }),
    ]);
    expect(sent.some((n) => n.recipient === 'role:reviewer' && n.kind === 'overdue')).toBe(true);
    const queue = await listShareRequests(deps, reviewer, 'queue');
    expect(queue.find((r) => r.id === request.id)?.overdue).toHaveLength(1);

    expect((await sweepDeadlines(deps)).overdue).toBe(0);
    const logged = (await auditRecords(storage)).filter(
      (r) => r.action === 'share-request.overdue' && r.subject === `share-request:${request.id}`,
    );
    expect(logged).toHaveLength(1);
  });
});

describe('the audit log of all of the above', () => {
  it('is an intact chain that records denials as well as steps', async () => {
    const records = await auditRecords(storage);
    expect(verifyChain(records, await storage.stores.audit.head()).ok).toBe(true);
    expect(records.some((r) => r.outcome === 'denied' && r.action === 'share-request.accept')).toBe(
      true,
    );
    expect(records.some((r) => r.action === 'grant.download' && r.outcome === 'ok')).toBe(true);
  });
});
