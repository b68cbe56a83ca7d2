import * as z from 'zod';
import { StoredSystemSchema, SystemIdSchema } from '../../core/inventory/information-system.ts';
import { SystemEditSchema } from '../../core/inventory/system-edit.ts';
import { editSystem } from '../../services/inventory/edit-system.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE } from '../share-request-views.ts';

/** `POST /api/v1/systems/{id}`: the owning agency edits one of its systems. */
export const systemEdit = defineRoute({
  method: 'post',
  path: '/api/v1/systems/{id}',
  operationId: 'system_edit',
  summary: 'Edit a system of the inventory',
  description:
    'Body `{ revision, set }`: the revision the edit was made on, and the fields to change (`name`, `level`, `network`, `connected`, `feeds`, `description`, `url`; never `id` or `owner`). The provider of the owning agency or an admin may. Answers the stored system, its revision one higher when anything changed. A stale revision is a 409 naming `revision`; a name the owner already lists a 409 naming `set.name.zh`; an entry not in the share catalog a 400 naming `set.feeds.N`. Refusals store nothing and are audited.',
  params: z.strictObject({ id: SystemIdSchema.describe('The system id') }),
  body: SystemEditSchema,
  answer: StoredSystemSchema,
  answerName: 'StoredSystemAnswer',
  ...AGENCY_ROUTE,
  errors: [401, 403, 404, 409, 503],
  async handle({ params, body, identity }, context) {
    const system = await editSystem(context.inventory(), identity, params.id, body);
    return { data: system, version: String(system.revision) };
  },
});
