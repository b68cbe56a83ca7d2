import { DisputeInputSchema } from '../../core/disputes/dispute.ts';
import { DisputeReceiptSchema } from '../../core/disputes/dispute-views.ts';
import { reportDispute } from '../../services/disputes/report-dispute.ts';
import { DISPUTE_ROUTE } from '../dispute-step.ts';
import { defineRoute } from '../route.ts';

/** `POST /api/v1/disputes`: anyone reports a cell they think is wrong (疑义数据反馈). */
export const disputeReport = defineRoute({
  method: 'post',
  path: '/api/v1/disputes',
  operationId: 'dispute_report',
  summary: 'Report disputed data (public or agency staff)',
  description:
    'Names the version, the row (by number, or by the values of its key 信息项), the field and what is wrong, with optional expected value and evidence. Without signing in: only open datasets of the public catalog, and `contact` (name, e-mail) is required; signed-in agency staff may report on any share-catalog entry. The provider verifies within 5 working days. A new report answers 201 with `token` and `statusPath`, the reporter’s private status link (shown once); the same report sent again answers 200 with `duplicate: true` and stores nothing. Unknown versions, rows or fields, and texts over their limits, are 400 naming the field.',
  body: DisputeInputSchema,
  answer: DisputeReceiptSchema,
  answerName: 'DisputeReceiptAnswer',
  status: 201,
  ...DISPUTE_ROUTE,
  errors: [401, 403, 404, 409, 503],
  async handle({ body, identity }, context) {
    const { receipt, dispute } = await reportDispute(context.disputes(), identity, body);
    return {
      data: receipt,
      version: String(dispute.revision),
      ...(receipt.duplicate && { status: 200 as const }),
    };
  },
});
