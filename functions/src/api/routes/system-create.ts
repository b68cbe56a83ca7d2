import {
  InformationSystemSchema,
  StoredSystemSchema,
} from '../../core/inventory/information-system.ts';
import { createSystem } from '../../services/inventory/create-system.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE } from '../share-request-views.ts';

/** `POST /api/v1/systems`: an agency adds a system to its inventory. */
export const systemCreate = defineRoute({
  method: 'post',
  path: '/api/v1/systems',
  operationId: 'system_create',
  summary: 'Add a system to an agency’s inventory',
  description:
    'The body is the system: `id`, `name`, `owner`, `level` (国家级, 省级, 市级), `network` (互联网, 政务外网, 专网), `connected`, `feeds` (entry codes), optional `description` and `url`. The provider of the owning agency or an admin may. Answers 201 with the stored system at revision 1. An unknown owner is a 400 naming `owner`, an entry not in the share catalog a 400 naming `feeds.N`; an id already used, or a name the owner already lists (compared after NFKC, without case or spaces), a 409 naming `id` or `name.zh`. Refusals store nothing and are audited.',
  body: InformationSystemSchema,
  answer: StoredSystemSchema,
  answerName: 'StoredSystemAnswer',
  status: 201,
  ...AGENCY_ROUTE,
  errors: [401, 403, 409, 503],
  async handle({ body, identity }, context) {
    const system = await createSystem(context.inventory(), identity, body);
    return { data: system, version: String(system.revision) };
  },
});
