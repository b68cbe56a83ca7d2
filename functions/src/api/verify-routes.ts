import type { ApiRoute } from './route.ts';

/** The routes of the verification service (查询/核验). */
export const VERIFY_ROUTES: readonly ApiRoute[] = [];
