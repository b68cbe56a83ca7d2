import { createHash } from 'node:crypto';
import { authorize } from '../../core/access/policy.ts';
import { usageDay, usageSubject } from '../../core/access/usage.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import type { Problem } from '../../core/errors.ts';
import { actorOf } from '../../core/identity/identity.ts';
import type { Actor, Identity } from '../../core/identity/identity.ts';
import type { SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';
import { distinctKeyBudget } from '../../core/verify/enumeration-guard.ts';
import type { VerificationSpec, VerifyAnswer } from '../../core/verify/verification.ts';
import { chooseVerifyGrant, grantedSpec } from '../../core/verify/verify-grant.ts';
import {
  buildVerifyIndex,
  keyOf,
  requestProblems,
  verifyRecords,
} from '../../core/verify/verify-records.ts';
import type { VerifyIndex } from '../../core/verify/verify-records.ts';
import type { VerifyBody, VerifyCallAnswer, VerifyCounts } from '../../core/verify/verify-views.ts';
import { readVersionTable } from '../disputes/version-table.ts';
import { resourceOf } from '../sharing/share-request-entry.ts';
import { signedIn } from '../sharing/guard.ts';
import type { VerifyDeps } from './verify-deps.ts';

const ACTION = 'verify.call';
const MINUTE_MS = 60_000;
const DAY_S = 86_400;
/** Concurrent calls of one grant take turns on the key ledger; this many turns, then a 409. */
const LEDGER_ATTEMPTS = 3;

/** What a call was about, for the audit record of its refusal. */
type Attempt = { actor?: Actor; grant?: string; request?: string; records: number };

/**
 * `POST /api/v1/verify/{code}`: checks the caller's active verification grant, the records
 * against the entry's declaration as the grant narrows it, the grant's calls this minute and
 * its distinct keys today, then answers each record from the entry's latest version. Every
 * call is audited and counted: an answer with its counts (never a value), a refusal with its
 * reason, in which case nothing but the rate counter and the log has changed.
 */
export async function verifyCall(
  deps: VerifyDeps,
  identity: Identity | undefined,
  code: string,
  body: VerifyBody,
): Promise<VerifyCallAnswer> {
  const person = signedIn(identity);
  const attempt: Attempt = { records: body.records.length };
  try {
    return await answerCall(deps, person, code, body, attempt);
  } catch (error) {
    if (error instanceof DatarunError && error.code !== 'storage')
      await deps.audit.append({
        at: new Date(deps.now()).toISOString(),
        actor: attempt.actor ?? actorOf(person, person.roles[0]!),
        action: ACTION,
        subject: `dataset:${code}`,
        outcome: ['forbidden', 'unauthorized'].includes(error.code) ? 'denied' : 'failed',
        reason: reasonOf(error.problems),
        details: {
          ...(attempt.grant && { grant: attempt.grant, request: attempt.request }),
          records: attempt.records,
          problems: error.problems.map((found) => found.field ?? found.code),
        },
      });
    throw error;
  }
}

async function answerCall(
  deps: VerifyDeps,
  identity: Identity,
  code: string,
  body: VerifyBody,
  attempt: Attempt,
): Promise<VerifyCallAnswer> {
  const entry = (await deps.shareCatalog()).get(code);
  const declared = entry?.verification;
  if (!entry || !declared || !entry.latest)
    throw new DatarunError(
      problem(
        'not-found',
        entry
          ? `${code} ${entry.title.zh} offers no verification service`
          : `no published catalog entry ${JSON.stringify(code)}`,
        { field: 'code' },
      ),
    );
  const decision = authorize(identity, ACTION, {
    ...resourceOf(entry),
    requesterAgency: identity.agency,
  });
  if (!decision.allow)
    throw new DatarunError(
      problem(decision.status === 401 ? 'unauthorized' : 'forbidden', decision.reason),
    );
  const actor = actorOf(identity, decision.role);
  attempt.actor = actor;

  const nowMs = deps.now();
  const { request, grant } = await activeGrant(deps, identity.agency, code, nowMs, attempt);
  const narrowed = grantedSpec(declared, grant);
  if ('problem' in narrowed) throw new DatarunError(narrowed.problem);
  const { spec } = narrowed;
  const problems = requestProblems(spec, body);
  if (problems.length > 0) throw new DatarunError(problems);

  await countCall(deps, grant.id, nowMs);
  const index = await indexOf(deps, entry, declared);
  const keys = body.records.map((record) => keyHash(keyOf(spec, (name) => record.key[name]!)));
  const budget = await spendKeys(deps, grant.id, keys, nowMs);
  const answers = verifyRecords(index, spec, body);
  const counts = countsOf(answers);

  await deps.usage.add({
    subject: usageSubject.dataset(code),
    day: usageDay(nowMs),
    calls: 1,
    downloads: 0,
  });
  await deps.audit.append({
    at: new Date(nowMs).toISOString(),
    actor,
    action: ACTION,
    subject: `dataset:${code}`,
    outcome: 'ok',
    details: {
      grant: grant.id,
      request: request.id,
      version: index.version,
      records: body.records.length,
      newKeys: budget.spent,
      counts,
    },
  });
  return {
    code,
    version: index.version,
    grant: grant.id,
    answers,
    counts,
    distinctKeysLeftToday: budget.left,
  };
}

/**
 * The caller agency's active verification grant for the entry. The agency's list is read from
 * an index that may lag a moment; the chosen request is read again consistently, so that a
 * grant revoked a moment ago is refused.
 */
async function activeGrant(
  deps: VerifyDeps,
  agency: string,
  code: string,
  nowMs: number,
  attempt: Attempt,
) {
  const requests = await deps.requests.byRequester(agency);
  const first = chooseVerifyGrant(requests, code, nowMs);
  const id = first.request?.id;
  const fresh = id ? await deps.requests.get(id) : undefined;
  const choice = fresh
    ? chooseVerifyGrant(
        requests.map((request) => (request.id === id ? fresh : request)),
        code,
        nowMs,
      )
    : first;
  if (choice.request?.grant) {
    attempt.grant = choice.request.grant.id;
    attempt.request = choice.request.id;
  }
  if ('problem' in choice) throw new DatarunError(choice.problem);
  return choice;
}

/** Counts the call against the grant's calls this minute; past the limit, a 429. */
async function countCall(deps: VerifyDeps, grant: string, nowMs: number): Promise<void> {
  const minute = Math.floor(nowMs / MINUTE_MS);
  const calls = await deps.counter.increment(
    `verify:${grant}:${minute}`,
    ((minute + 2) * MINUTE_MS) / 1000,
  );
  const limit = deps.limits.callsPerMinute;
  if (calls > limit) {
    const wait = Math.ceil(((minute + 1) * MINUTE_MS - nowMs) / 1000);
    throw new DatarunError(
      problem(
        'rate-limited',
        `the grant ${grant} may make ${limit} verification calls a minute; wait ${wait} s and send the call again`,
      ),
    );
  }
}

/**
 * Records the keys not asked about today in the grant's ledger, or refuses the whole batch
 * when they would pass the daily cap (the ledger then stays as it was).
 */
async function spendKeys(
  deps: VerifyDeps,
  grant: string,
  keys: readonly string[],
  nowMs: number,
): Promise<{ spent: number; left: number }> {
  const day = usageDay(nowMs);
  const expiresAt = Date.parse(`${day}T00:00:00+08:00`) / 1000 + 2 * DAY_S;
  for (let attempt = 1; ; attempt++) {
    const ledger = await deps.keys.read(grant, day);
    const budget = distinctKeyBudget({
      seenToday: ledger.hashes,
      keys,
      cap: deps.limits.distinctKeysPerDay,
    });
    if (budget.problem) throw new DatarunError(budget.problem);
    try {
      await deps.keys.add(grant, day, budget.newKeys, ledger.revision, expiresAt);
      return { spent: budget.newKeys.length, left: budget.remaining - budget.newKeys.length };
    } catch (error) {
      const raced = error instanceof DatarunError && error.code === 'conflict';
      if (!raced || attempt === LEDGER_ATTEMPTS) throw error;
    }
  }
}

/** The entry's latest version indexed by its declared key, from memory when it is held. */
function indexOf(
  deps: VerifyDeps,
  entry: SnapshotEntry,
  declared: VerificationSpec,
): Promise<VerifyIndex> {
  const version = entry.latest!.version;
  const key = `${entry.code}@${version}#${JSON.stringify(declared)}`;
  return deps.indexes.get(key, async () => {
    const stored = await deps.versions.get(entry.code, version);
    if (!stored)
      throw new DatarunError(
        problem('storage', `version ${version} of ${entry.code} is listed but not stored`),
      );
    return buildVerifyIndex(await readVersionTable(deps.objects, stored), declared);
  });
}

/** A key as the ledger holds it: a short hash, so that no key value is stored. */
function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function countsOf(answers: readonly VerifyAnswer[]): VerifyCounts {
  const counts: VerifyCounts = { match: 0, noMatch: 0, notFound: 0, ambiguous: 0 };
  for (const { result } of answers)
    if (result === 'match') counts.match++;
    else if (result === 'no-match') counts.noMatch++;
    else if (result === 'not-found') counts.notFound++;
    else counts.ambiguous++;
  return counts;
}

function reasonOf(problems: readonly Problem[]): string {
  const text = problems.map((found) => found.message).join('; ');
  return text.length > 2000 ? `${text.slice(0, 1997)}...` : text;
}
