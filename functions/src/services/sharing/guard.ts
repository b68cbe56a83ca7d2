import { authorize } from '../../core/access/policy.ts';
import type { PolicyAction, PolicyResource } from '../../core/access/policy.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { actorOf } from '../../core/identity/identity.ts';
import type { Actor, Identity } from '../../core/identity/identity.ts';
import type { AuditLog } from '../../core/ports/audit-log.ts';
import type { SharingDeps } from './sharing-deps.ts';

/**
 * Asks the access policy; a refusal of a signed-in person is written to the audit log before
 * the 403 goes out. Requests without an identity answer 401 unlogged: they name nobody, and
 * logging them would let anyone fill the log.
 */
export async function guard(
  deps: Pick<SharingDeps, 'audit' | 'now'>,
  identity: Identity | undefined,
  action: PolicyAction,
  resource: PolicyResource,
  subject: string,
): Promise<Actor> {
  const decision = authorize(identity, action, resource);
  if (decision.allow) return actorOf(identity!, decision.role);
  if (identity)
    await deps.audit.append({
      at: new Date(deps.now()).toISOString(),
      actor: actorOf(identity, identity.roles[0]!),
      action,
      subject,
      outcome: 'denied',
      reason: decision.reason,
    });
  throw new DatarunError(
    problem(decision.status === 401 ? 'unauthorized' : 'forbidden', decision.reason, {
      ...(decision.status === 401 && { field: 'Authorization' }),
    }),
  );
}

/** The identity of a request that passed the guard's 401 check. */
export function signedIn(identity: Identity | undefined): Identity {
  if (!identity)
    throw new DatarunError(
      problem('unauthorized', 'sign in first: send Authorization: Bearer <token>', {
        field: 'Authorization',
      }),
    );
  return identity;
}

const REFUSALS = new Set(['invalid-field', 'conflict']);

/**
 * Runs a change a signed-in person was allowed to ask for; when it is refused (bad input, an
 * unknown provider, entry or grant, a duplicate, a state that does not allow it, a lost
 * race), the attempt is written to the audit log as `failed` with the problem as the reason
 * before the refusal goes out. Errors that are not refusals (storage down) pass unlogged.
 */
export async function auditingRefusals<T>(
  deps: { audit: AuditLog; now(): number },
  attempt: { actor: Actor; action: string; subject: string },
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof DatarunError && REFUSALS.has(error.code))
      await deps.audit.append({
        at: new Date(deps.now()).toISOString(),
        ...attempt,
        outcome: 'failed',
        reason: error.problems.map((found) => found.message).join('; '),
        details: { fields: error.problems.map((found) => found.field ?? '') },
      });
    throw error;
  }
}
