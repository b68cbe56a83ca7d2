import { ShareRequestInputSchema } from '../../core/sharing/share-request.ts';
import { submitShareRequest } from '../../services/sharing/submit-share-request.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE, ShareRequestViewSchema } from '../share-request-views.ts';
import { showShareRequest } from '../../services/sharing/read-share-requests.ts';

/** `POST /api/v1/share-requests`: a consumer asks for an entry's data (共享申请). */
export const shareRequestCreate = defineRoute({
  method: 'post',
  path: '/api/v1/share-requests',
  operationId: 'share_request_create',
  summary: 'Submit a share request (consumer)',
  description:
    'Asks for the named 信息项 of a share-catalog entry for a period, with purpose, legal basis and contact. 有条件共享: submitted to the platform, which accepts it within 1 working day; the provider then decides within 10. 无条件共享: granted at once. 不予共享: refused (403) with the entry’s legal basis. Needs the consumer role.',
  body: ShareRequestInputSchema,
  answer: ShareRequestViewSchema,
  answerName: 'ShareRequestAnswer',
  status: 201,
  ...AGENCY_ROUTE,
  errors: [401, 403, 404, 409, 503],
  async handle({ body, identity }, context) {
    const sharing = context.sharing();
    const request = await submitShareRequest(sharing, identity, body);
    return {
      data: await showShareRequest(sharing, identity, request.id),
      version: String(request.revision),
    };
  },
});
