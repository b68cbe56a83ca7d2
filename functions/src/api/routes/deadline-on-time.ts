import * as z from 'zod';
import { LocalizedTextSchema } from '../../core/schemas/common.ts';
import { shareDeadlineReport } from '../../services/sharing/read-share-requests.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE } from '../share-request-views.ts';

const RateSchema = z.object({
  decided: z.number().int().nonnegative().describe('Steps taken whose deadline is known'),
  onTime: z.number().int().nonnegative().describe('Steps taken by their deadline'),
  rate: z.number().min(0).max(1).nullable().describe('onTime / decided; null before any'),
  overdueOpen: z
    .number()
    .int()
    .nonnegative()
    .describe('Requests waiting on this step now whose deadline has passed'),
});

/** `GET /api/v1/deadlines/on-time`: how well agencies keep their share-request deadlines. */
export const deadlineOnTime = defineRoute({
  path: '/api/v1/deadlines/on-time',
  operationId: 'deadline_on_time',
  summary: 'On-time rates of share-request steps (reviewer, admin)',
  description:
    'Per providing agency: decisions made, how many by their deadline (10 working days after acceptance unless the agency set its own), and open requests past their deadline now; and the platform’s acceptance rate (1 working day). Working days count Chinese public holidays and make-up days.',
  answer: z.object({
    agencies: z.array(
      RateSchema.extend({
        agency: z.string(),
        agencyName: LocalizedTextSchema.optional(),
      }),
    ),
    acceptance: RateSchema,
  }),
  answerName: 'DeadlineOnTimeAnswer',
  ...AGENCY_ROUTE,
  errors: [401, 403, 503],
  async handle({ identity }, context) {
    const report = await shareDeadlineReport(context.sharing(), identity);
    return {
      data: {
        agencies: report.providers.map(({ provider, ...figures }) => {
          const agencyName = report.names.get(provider);
          return { agency: provider, ...figures, ...(agencyName && { agencyName }) };
        }),
        acceptance: report.acceptance,
      },
      version: '',
    };
  },
});
