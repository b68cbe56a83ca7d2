import { DatarunError, problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { SYSTEM_ACTOR } from '../identity/identity.ts';
import type { Actor } from '../identity/identity.ts';
import type { SHARE_TYPES } from '../schemas/vocabulary.ts';
import type { HistoryStep, ShareRequest, ShareRequestInput } from './share-request.ts';
import { checkShareInput } from './share-request-input.ts';
import type { DeadlineRules, WorkingDeadline } from './share-request-machine.ts';
import type { VerificationSpec } from '../verify/verification.ts';
import { verifyFieldProblems } from '../verify/verify-grant.ts';

/** What creating a request needs to know of the catalog entry it is about. */
export type ShareEntryFacts = {
  code: string;
  title: string;
  provider: string;
  shareType: (typeof SHARE_TYPES)[number];
  /** The 信息项 a consumer may ask for, by name. */
  items: readonly string[];
  /** The legal basis of 不予共享, quoted when a request is refused. */
  shareBasis?: string;
  /** The verification service the entry offers, if any: what `service: 'verify'` may ask. */
  verification?: VerificationSpec;
};

/** Everything `createShareRequest` needs; ids and the clock come from the caller. */
export type CreateShareRequestArgs = {
  input: ShareRequestInput;
  entry: ShareEntryFacts;
  requester: Actor;
  nowMs: number;
  /** The new request's id (`sr_…`). */
  id: string;
  /** The grant's id (`gr_…`), used only when the entry is shared unconditionally. */
  grantId: string;
  rules: DeadlineRules;
  workingDeadline: WorkingDeadline;
};

/** The problems with the fields asked for: each must be one of the entry's items, once. */
function fieldProblems(fields: readonly string[], items: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  fields.forEach((field, i) => {
    if (!items.includes(field))
      problems.push(
        problem(
          'invalid-field',
          `${JSON.stringify(field)} is not a 信息项 of this entry; it has ${items.join('、')}`,
          { field: 'fields' },
        ),
      );
    else if (fields.indexOf(field) !== i)
      problems.push(
        problem('invalid-field', `${JSON.stringify(field)} is asked for twice`, {
          field: 'fields',
        }),
      );
  });
  return problems;
}

/**
 * A new share request, checked against its entry: 不予共享 is refused (`forbidden`, quoting the
 * legal basis); otherwise every problem with the input is thrown together (`invalid-field`).
 * A request for the verification service asks for key and verifiable fields, not 信息项.
 * 无条件共享 is granted at once for every field asked, until the period's end; 有条件共享 waits
 * for acceptance (统一受理) within `rules.acceptanceDays` working days. `revision` counts the
 * history's steps, so an immediate grant starts at 2.
 */
export function createShareRequest(args: CreateShareRequestArgs): ShareRequest {
  const { entry, requester, nowMs } = args;
  if (entry.shareType === '不予共享')
    throw new DatarunError(
      problem(
        'forbidden',
        `${entry.code} ${entry.title} is not shared (不予共享); its legal basis: ${entry.shareBasis ?? 'not recorded'}`,
        { field: 'code' },
      ),
    );
  const checked = checkShareInput(args.input, nowMs);
  const problems = [...checked.problems];
  if (checked.input && checked.input.code !== entry.code)
    problems.push(
      problem('invalid-field', `the request is for ${checked.input.code}, not ${entry.code}`, {
        field: 'code',
      }),
    );
  if (checked.input)
    problems.push(
      ...(checked.input.service === 'verify'
        ? verifyFieldProblems(entry.code, checked.input.fields, entry.verification)
        : fieldProblems(checked.input.fields, entry.items)),
    );
  if (!checked.input || problems.length > 0) throw new DatarunError(problems);
  const input = checked.input;

  const at = new Date(nowMs).toISOString();
  const base = {
    id: args.id,
    input,
    title: entry.title,
    shareType: entry.shareType,
    provider: entry.provider,
    requester: { ...requester },
    createdAt: at,
    updatedAt: at,
    overdue: [],
    returns: 0,
  };
  if (entry.shareType === '无条件共享') {
    const history: HistoryStep[] = [
      { at, actor: { ...requester }, event: 'submit', to: 'submitted' },
      {
        at,
        actor: { ...SYSTEM_ACTOR },
        event: 'approve',
        from: 'submitted',
        to: 'approved',
        reason: '无条件共享',
      },
    ];
    return {
      ...base,
      state: 'approved',
      revision: history.length,
      grant: {
        id: args.grantId,
        fields: [...input.fields],
        expiresOn: input.period.to,
        approvedAt: at,
      },
      history,
    };
  }
  const due = {
    step: 'acceptance' as const,
    at: new Date(args.workingDeadline(nowMs, args.rules.acceptanceDays)).toISOString(),
  };
  return {
    ...base,
    state: 'submitted',
    revision: 1,
    due,
    history: [{ at, actor: { ...requester }, event: 'submit', to: 'submitted', due }],
  };
}
