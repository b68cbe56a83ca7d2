import { DatarunError, problem } from '../../core/errors.ts';
import type { Identity } from '../../core/identity/identity.ts';
import { requestableFields } from '../../core/sharing/requestable-fields.ts';
import { applyEvent } from '../../core/sharing/share-request-machine.ts';
import type { ShareEvent } from '../../core/sharing/share-request-machine.ts';
import { EVENT_ACTIONS } from '../../core/sharing/share-request-actions.ts';
import type { PersonEvent } from '../../core/sharing/share-request-actions.ts';
import type { ShareRequest, ShareRequestInput } from '../../core/sharing/share-request.ts';
import type { SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';
import { verifyFieldProblems } from '../../core/verify/verify-grant.ts';
import { deleteExtracts } from './extract-grant.ts';
import { guard } from './guard.ts';
import { recordStep } from './record-step.ts';
import { resourceOf, rulesFor, shareEntry } from './share-request-entry.ts';
import type { SharingDeps } from './sharing-deps.ts';

/** The request, read consistently; a 404 naming the id when there is none. */
export async function loadShareRequest(
  deps: Pick<SharingDeps, 'requests'>,
  id: string,
): Promise<ShareRequest> {
  const request = await deps.requests.get(id);
  if (!request)
    throw new DatarunError(problem('not-found', `no share request ${id}`, { field: 'id' }));
  return request;
}

/**
 * One person's step in a request's life (accept, return, resubmit, withdraw, approve, reject,
 * revoke): the policy decides who, the state machine what, and the write is conditional on
 * the revision read, so of two people deciding at once exactly one wins and the other gets a
 * 409 with nothing changed. Revoking deletes the grant's extracts, so links already handed out
 * stop working at once.
 */
export async function stepShareRequest(
  deps: SharingDeps,
  identity: Identity | undefined,
  id: string,
  event: Extract<ShareEvent, { type: PersonEvent }>,
): Promise<ShareRequest> {
  const before = await loadShareRequest(deps, id);
  const { entry, agencies } = await shareEntry(deps, before.input.code);
  const action = EVENT_ACTIONS[event.type];
  const actor = await guard(
    deps,
    identity,
    action,
    resourceOf(entry, before),
    `share-request:${id}`,
  );
  if (event.type === 'resubmit') checkResubmission(before, event.input, entry);
  const after = applyEvent(before, event, {
    actor,
    nowMs: deps.now(),
    rules: rulesFor(agencies, before.provider),
    workingDeadline: deps.workingDeadline,
    grantId: deps.newId('gr'),
  });
  await deps.requests.replace(after);
  if (event.type === 'revoke' && before.grant) await deleteExtracts(deps, before.grant.id);
  await recordStep(deps, {
    actor,
    action,
    event: event.type,
    before,
    after,
    ...('reason' in event && event.reason && { reason: event.reason }),
    ...(event.type === 'approve' && {
      details: { fields: event.fields, expiresOn: event.expiresOn },
    }),
  });
  return after;
}

/**
 * A resubmission keeps the service asked for (data or verification) and names fields that
 * service offers: the entry's 信息项, or its declared key and verifiable fields.
 */
function checkResubmission(
  before: ShareRequest,
  input: ShareRequestInput,
  entry: SnapshotEntry,
): void {
  if (input.service !== before.input.service)
    throw new DatarunError(
      problem(
        'invalid-field',
        `a resubmission asks for the same service as the request (${before.input.service === 'verify' ? 'the verification service' : 'the data'}); make a new request for the other`,
        { field: 'service' },
      ),
    );
  if (input.service !== 'verify') return checkFields(input.fields, requestableFields(entry));
  const problems = verifyFieldProblems(entry.code, input.fields, entry.verification);
  if (problems.length > 0) throw new DatarunError(problems);
}

function checkFields(fields: readonly string[], known: readonly string[]): void {
  const unknown = fields.filter((field) => !known.includes(field));
  if (unknown.length > 0)
    throw new DatarunError(
      unknown.map((field) =>
        problem(
          'invalid-field',
          `${JSON.stringify(field)} is not a 信息项 of this entry; it has ${known.join('、')}`,
          { field: 'fields' },
        ),
      ),
    );
}
