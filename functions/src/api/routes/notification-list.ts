import * as z from 'zod';
import { NotificationSchema, recipientsOf } from '../../core/sharing/notification.ts';
import { guard, signedIn } from '../../services/sharing/guard.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE } from '../share-request-views.ts';

const LIMIT = 50;

/** `GET /api/v1/notifications`: the signed-in person's notifications. */
export const notificationList = defineRoute({
  path: '/api/v1/notifications',
  operationId: 'notification_list',
  summary: 'My notifications',
  description: `The newest ${LIMIT} notifications to the caller, to their agency in their roles, and to reviewers if they are one: new requests, decisions, deadlines missed.`,
  answer: z.object({ results: z.array(NotificationSchema) }),
  answerName: 'NotificationListAnswer',
  ...AGENCY_ROUTE,
  errors: [401, 403, 503],
  async handle({ identity }, context) {
    const sharing = context.sharing();
    await guard(sharing, identity, 'notifications.read', {}, 'notifications');
    const results = await sharing.notifications.list(recipientsOf(signedIn(identity)), LIMIT);
    return { data: { results }, version: '' };
  },
});
