import type { Identity } from '../../core/identity/identity.ts';
import { isVerifyRequest, serviceState } from '../../core/verify/verify-grant.ts';
import type { VerifyService } from '../../core/verify/verify-views.ts';
import { signedIn } from '../sharing/guard.ts';
import type { VerifyDeps } from './verify-deps.ts';

/**
 * `GET /api/v1/verify`: the verification services the caller's agency was granted, active,
 * revoked or expired, newest first, each with the key and the verifiable fields its grant
 * includes. Entries that no longer offer the service are left out.
 */
export async function listVerifyServices(
  deps: Pick<VerifyDeps, 'requests' | 'shareCatalog' | 'now'>,
  identity: Identity | undefined,
): Promise<VerifyService[]> {
  const { agency } = signedIn(identity);
  const [requests, entries] = await Promise.all([
    deps.requests.byRequester(agency),
    deps.shareCatalog(),
  ]);
  const nowMs = deps.now();
  return requests.filter(isVerifyRequest).flatMap((request): VerifyService[] => {
    const state = serviceState(request, nowMs);
    const spec = entries.get(request.input.code)?.verification;
    if (!state || !spec || !request.grant) return [];
    const { grant } = request;
    return [
      {
        code: request.input.code,
        title: request.title,
        grant: grant.id,
        request: request.id,
        state,
        expiresOn: grant.expiresOn,
        keyFields: [...spec.keyFields],
        verifiableFields: spec.verifiableFields.filter((name) => grant.fields.includes(name)),
      },
    ];
  });
}
