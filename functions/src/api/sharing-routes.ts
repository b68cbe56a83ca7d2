import type { ApiRoute } from './route.ts';
import { authConfigShow } from './routes/auth-config-show.ts';
import { authTokenCreate } from './routes/auth-token-create.ts';
import { authMeShow } from './routes/auth-me-show.ts';
import { authSignOut } from './routes/auth-sign-out.ts';
import { shareCatalogList } from './routes/share-catalog-list.ts';
import { shareCatalogShow } from './routes/share-catalog-show.ts';
import { shareRequestCreate } from './routes/share-request-create.ts';
import { shareRequestList } from './routes/share-request-list.ts';
import { shareRequestShow } from './routes/share-request-show.ts';
import { shareRequestAccept } from './routes/share-request-accept.ts';
import { shareRequestReturn } from './routes/share-request-return.ts';
import { shareRequestResubmit } from './routes/share-request-resubmit.ts';
import { shareRequestWithdraw } from './routes/share-request-withdraw.ts';
import { shareRequestApprove } from './routes/share-request-approve.ts';
import { shareRequestReject } from './routes/share-request-reject.ts';
import { shareRequestRevoke } from './routes/share-request-revoke.ts';
import { shareRequestExtract } from './routes/share-request-extract.ts';
import { notificationList } from './routes/notification-list.ts';
import { deadlineOnTime } from './routes/deadline-on-time.ts';
import { auditList } from './routes/audit-list.ts';

/** The routes of agency data sharing: sign-in, share catalog, requests, grants, audit. */
export const SHARING_ROUTES: readonly ApiRoute[] = [
  authConfigShow,
  authTokenCreate,
  authMeShow,
  authSignOut,
  shareCatalogList,
  shareCatalogShow,
  shareRequestCreate,
  shareRequestList,
  shareRequestShow,
  shareRequestAccept,
  shareRequestReturn,
  shareRequestResubmit,
  shareRequestWithdraw,
  shareRequestApprove,
  shareRequestReject,
  shareRequestRevoke,
  shareRequestExtract,
  notificationList,
  deadlineOnTime,
  auditList,
];
