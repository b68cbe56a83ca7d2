import type { ApiRoute } from './route.ts';
import { verifyCall } from './routes/verify-call.ts';
import { verifyList } from './routes/verify-list.ts';

/** The routes of the verification service (查询/核验). */
export const VERIFY_ROUTES: readonly ApiRoute[] = [verifyList, verifyCall];
