import {
  CorrectionInputSchema,
  DisputeStaffViewSchema,
} from '../../core/disputes/dispute-views.ts';
import { showDispute } from '../../services/disputes/read-disputes.ts';
import { checkCanCorrect, stepDispute } from '../../services/disputes/step-dispute.ts';
import { DISPUTE_ROUTE, DisputeParamsSchema } from '../dispute-step.ts';
import { defineRoute } from '../route.ts';

/**
 * `POST /api/v1/disputes/{id}/correct`: the provider corrects the disputed data by publishing
 * a new version of the entry, and the dispute ends corrected with the changed cells listed.
 */
export const disputeCorrect = defineRoute({
  method: 'post',
  path: '/api/v1/disputes/{id}/correct',
  operationId: 'dispute_correct',
  summary: 'Correct disputed data by publishing a new version (provider)',
  description:
    'The providing agency sends the cells to change in the latest version (the disputed cell among them; `row` defaults to the disputed row, found by its key when the entry has one). The new version is checked like any publish (types, required values, personal data in open data), published, and made live; the public catalog, its exports and the corrections log show it. A correction that does not change the disputed cell is refused with the value it still holds, and nothing is written. Needs the provider role of the providing agency. The source file should be fixed as well: publishing an unchanged source keeps the correction, a changed one is published as usual.',
  params: DisputeParamsSchema,
  body: CorrectionInputSchema,
  answer: DisputeStaffViewSchema,
  answerName: 'DisputeStaffAnswer',
  ...DISPUTE_ROUTE,
  signIn: true,
  errors: [401, 403, 404, 409, 503],
  async handle({ params, body, identity }, context) {
    const disputes = context.disputes();
    // Who may not correct, or a dispute already decided, hears so before anything is published.
    const { dispute } = await checkCanCorrect(disputes, identity, params.id);
    const publisher = context.corrections();
    const correction = await publisher.publish({
      dispute,
      edits: body.edits,
      ...(body.note && { note: body.note }),
      now: new Date(disputes.now()),
    });
    await stepDispute(disputes, identity, params.id, { type: 'correct', correction });
    await publisher.recorded();
    const view = await showDispute(disputes, identity, params.id);
    return { data: view, version: String(view.revision) };
  },
});
