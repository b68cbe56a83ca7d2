import * as z from 'zod';
import { InventoryReportSchema, SystemViewSchema } from '../../core/inventory/system-view.ts';
import { AgencyCodeSchema } from '../../core/schemas/agency.ts';
import { listSystems } from '../../services/inventory/list-systems.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE } from '../share-request-views.ts';

/** `GET /api/v1/systems`: the information-system inventory (信息系统清单) with its figures. */
export const systemList = defineRoute({
  path: '/api/v1/systems',
  operationId: 'system_list',
  summary: 'The information-system inventory and its connection rates',
  description:
    'Every system of the inventory, or of one agency with `agency`, by owner then id, each with `deadEnd` (it feeds catalog entries but is not connected to the platform: 数据断头路). `report` holds the figures of the systems listed: overall and per owning agency the count, connected systems, connection rate (null without systems) and the split by level and network, and the dead ends. Any signed-in person may read it.',
  query: z.strictObject({
    agency: AgencyCodeSchema.optional().describe('Only the systems this agency owns (zj-police)'),
  }),
  answer: z.object({ systems: z.array(SystemViewSchema), report: InventoryReportSchema }),
  answerName: 'SystemListAnswer',
  ...AGENCY_ROUTE,
  errors: [401, 403, 503],
  async handle({ query, identity }, context) {
    const list = await listSystems(context.inventory(), identity, {
      ...(query.agency && { agency: query.agency }),
    });
    return { data: list, version: '' };
  },
});
