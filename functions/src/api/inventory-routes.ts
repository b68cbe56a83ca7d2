import type { ApiRoute } from './route.ts';
import { systemList } from './routes/system-list.ts';
import { systemCreate } from './routes/system-create.ts';
import { systemEdit } from './routes/system-edit.ts';

/** The routes of the information-system inventory (信息系统清单). */
export const INVENTORY_ROUTES: readonly ApiRoute[] = [systemList, systemCreate, systemEdit];
