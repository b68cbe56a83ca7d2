import type { ApiRoute } from './route.ts';

/** The routes of the information-system inventory (信息系统清单). */
export const INVENTORY_ROUTES: readonly ApiRoute[] = [];
