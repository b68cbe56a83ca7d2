import type { Identity } from '../../core/identity/identity.ts';
import { requestableFields } from '../../core/sharing/requestable-fields.ts';
import { createShareRequest } from '../../core/sharing/share-request-create.ts';
import type { ShareRequest, ShareRequestInput } from '../../core/sharing/share-request.ts';
import { guard } from './guard.ts';
import { recordStep } from './record-step.ts';
import { resourceOf, rulesFor, shareEntry } from './share-request-entry.ts';
import type { SharingDeps } from './sharing-deps.ts';

/**
 * A consumer asks for an entry's data: checked against the policy and the entry, stored,
 * audited, and sent to the reviewers (有条件共享) or granted at once (无条件共享).
 */
export async function submitShareRequest(
  deps: SharingDeps,
  identity: Identity | undefined,
  input: ShareRequestInput,
): Promise<ShareRequest> {
  const { entry, agencies } = await shareEntry(deps, input.code);
  const actor = await guard(
    deps,
    identity,
    'share-request.submit',
    resourceOf(entry),
    `dataset:${entry.code}`,
  );
  const request = createShareRequest({
    input,
    entry: {
      code: entry.code,
      title: entry.title.zh,
      provider: entry.provider,
      shareType: entry.shareType,
      items: requestableFields(entry),
      ...(entry.shareBasis && { shareBasis: entry.shareBasis }),
      ...(entry.verification && { verification: entry.verification }),
    },
    requester: actor,
    nowMs: deps.now(),
    id: deps.newId('sr'),
    grantId: deps.newId('gr'),
    rules: rulesFor(agencies, entry.provider),
    workingDeadline: deps.workingDeadline,
  });
  await deps.requests.create(request);
  await recordStep(deps, {
    actor,
    action: 'share-request.submit',
    event: request.state === 'approved' ? 'grant' : 'submit',
    after: request,
    details: { fields: input.fields, period: input.period },
  });
  return request;
}
