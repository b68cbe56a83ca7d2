import type { ApiRoute } from './route.ts';

/** The routes of demand lists (需求清单) and the responsibility items (责任清单) they become. */
export const DEMAND_ROUTES: readonly ApiRoute[] = [];
