import type { ApiRoute } from './route.ts';
import { demandAccept } from './routes/demand-accept.ts';
import { demandAssign } from './routes/demand-assign.ts';
import { demandCreate } from './routes/demand-create.ts';
import { demandDecline } from './routes/demand-decline.ts';
import { demandFulfil } from './routes/demand-fulfil.ts';
import { demandList } from './routes/demand-list.ts';
import { demandReturn } from './routes/demand-return.ts';
import { demandShow } from './routes/demand-show.ts';
import { demandWithdraw } from './routes/demand-withdraw.ts';

/** The routes of demand lists (需求清单) and the responsibility items (责任清单) they become. */
export const DEMAND_ROUTES: readonly ApiRoute[] = [
  demandCreate,
  demandList,
  demandShow,
  demandAssign,
  demandDecline,
  demandWithdraw,
  demandReturn,
  demandAccept,
  demandFulfil,
];
