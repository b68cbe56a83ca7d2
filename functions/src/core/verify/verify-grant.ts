import { shanghaiDay } from '../calendar/working-calendar.ts';
import { problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import type { Grant, ShareRequest } from '../sharing/share-request.ts';
import type { VerificationSpec } from './verification.ts';

/**
 * Which grant entitles an agency to call an entry's verification service. A verification
 * grant is a share request made with `service: 'verify'`; a grant of the data itself is not
 * one, so that the cheaper, narrower service cannot be reached through a download grant or
 * the other way round.
 */

/** The states a verification service is listed in: active, revoked, or past its last day. */
export const VERIFY_SERVICE_STATES = ['approved', 'revoked', 'expired'] as const;
export type VerifyServiceState = (typeof VERIFY_SERVICE_STATES)[number];

/** Whether a request is for the verification service rather than the data. */
export function isVerifyRequest(request: Pick<ShareRequest, 'input'>): boolean {
  return request.input.service === 'verify';
}

/**
 * A granted request's state as its service sees it: an approval whose last day has passed in
 * Shanghai is expired even before the sweeper records it; requests never granted have none.
 */
export function serviceState(
  request: Pick<ShareRequest, 'state' | 'grant'>,
  nowMs: number,
): VerifyServiceState | undefined {
  if (!request.grant) return undefined;
  if (request.state === 'approved')
    return shanghaiDay(nowMs) > request.grant.expiresOn ? 'expired' : 'approved';
  if (request.state === 'revoked' || request.state === 'expired') return request.state;
  return undefined;
}

export type VerifyGrantChoice =
  { request: ShareRequest; grant: Grant } | { problem: Problem; request?: ShareRequest };

/**
 * The active verification grant among an agency's requests (newest first) for an entry, or a
 * `forbidden` problem saying why there is none and what to do: the grant was revoked or has
 * expired, the request still waits for a decision, or the agency holds a data grant only.
 */
export function chooseVerifyGrant(
  requests: readonly ShareRequest[],
  code: string,
  nowMs: number,
): VerifyGrantChoice {
  const forEntry = requests.filter((request) => request.input.code === code);
  const services = forEntry.filter(isVerifyRequest);
  const active = services.find((request) => serviceState(request, nowMs) === 'approved');
  if (active) return { request: active, grant: active.grant! };
  const ask = `ask for the service: POST /api/v1/share-requests with "service": "verify" and code ${code}`;
  const refuse = (message: string, request?: ShareRequest): VerifyGrantChoice => ({
    problem: problem('forbidden', message, { field: 'code' }),
    ...(request && { request }),
  });
  const ended = services.find((request) => serviceState(request, nowMs) !== undefined);
  if (ended?.state === 'revoked')
    return refuse(
      `your agency's verification grant ${ended.grant!.id} for ${code} was revoked; ${ask}`,
      ended,
    );
  if (ended)
    return refuse(
      `your agency's verification grant ${ended.grant!.id} for ${code} expired after ${ended.grant!.expiresOn}; ${ask}`,
      ended,
    );
  const pending = services.find((request) =>
    ['submitted', 'accepted', 'returned'].includes(request.state),
  );
  if (pending)
    return refuse(
      `your agency's verification request ${pending.id} for ${code} is ${pending.state}; it can be used once it is approved`,
      pending,
    );
  const dataGrant = forEntry.find(
    (request) => !isVerifyRequest(request) && request.state === 'approved',
  );
  if (dataGrant)
    return refuse(
      `your agency's grant ${dataGrant.grant!.id} for ${code} is for its data, not for its verification service; ${ask}`,
      dataGrant,
    );
  return refuse(`your agency has no grant for the verification service of ${code}; ${ask}`);
}

/**
 * The spec as a grant narrows it: the entry's key, and only the verifiable fields the grant
 * names. A grant approved without every key field cannot find a row: `forbidden`.
 */
export function grantedSpec(
  spec: VerificationSpec,
  grant: Pick<Grant, 'id' | 'fields'>,
): { spec: VerificationSpec } | { problem: Problem } {
  const missing = spec.keyFields.filter((name) => !grant.fields.includes(name));
  if (missing.length > 0)
    return {
      problem: problem(
        'forbidden',
        `the grant ${grant.id} does not include the key field ${missing.join(', ')}, so no record can be looked up; ask for a grant naming every key field`,
      ),
    };
  return {
    spec: {
      keyFields: [...spec.keyFields],
      verifiableFields: spec.verifiableFields.filter((name) => grant.fields.includes(name)),
    },
  };
}

/**
 * The problems with the fields of a request for the verification service: the entry must
 * declare one, every field must be a key or verifiable field, once, and every key field must
 * be there (without it no record can be looked up).
 */
export function verifyFieldProblems(
  code: string,
  fields: readonly string[],
  spec: VerificationSpec | undefined,
): Problem[] {
  if (!spec)
    return [
      problem(
        'invalid-field',
        `${code} offers no verification service; leave "service" out to ask for its data`,
        { field: 'service' },
      ),
    ];
  const offered = [...spec.keyFields, ...spec.verifiableFields];
  const problems: Problem[] = [];
  fields.forEach((field, i) => {
    if (!offered.includes(field))
      problems.push(
        problem(
          'invalid-field',
          `${JSON.stringify(field)} cannot be verified in ${code}; its key is ${spec.keyFields.join(' + ')} and its verifiable fields are ${spec.verifiableFields.join(', ') || 'none'}`,
          { field: `fields.${i}` },
        ),
      );
    else if (fields.indexOf(field) !== i)
      problems.push(
        problem('invalid-field', `${JSON.stringify(field)} is asked for twice`, {
          field: `fields.${i}`,
        }),
      );
  });
  const missing = spec.keyFields.filter((name) => !fields.includes(name));
  if (missing.length > 0)
    problems.push(
      problem(
        'invalid-field',
        `a verification request needs every key field; add ${missing.join(', ')}`,
        { field: 'fields' },
      ),
    );
  return problems;
}
