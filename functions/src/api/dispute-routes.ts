import type { ApiRoute } from './route.ts';
import { disputeReport } from './routes/dispute-report.ts';
import { disputeList } from './routes/dispute-list.ts';
import { disputeShow } from './routes/dispute-show.ts';
import { disputeVerify } from './routes/dispute-verify.ts';
import { disputeConfirm } from './routes/dispute-confirm.ts';
import { disputeExtend } from './routes/dispute-extend.ts';
import { disputeReject } from './routes/dispute-reject.ts';
import { disputeDismiss } from './routes/dispute-dismiss.ts';
import { disputeCorrect } from './routes/dispute-correct.ts';
import { datasetCorrections } from './routes/dataset-corrections.ts';

/**
 * The routes of disputed data (疑义数据): reports, the lists, one dispute, and the provider's
 * steps. The correction route is added by the corrections work beside them.
 */
export const DISPUTE_ROUTES: readonly ApiRoute[] = [
  disputeReport,
  disputeList,
  disputeShow,
  disputeVerify,
  disputeConfirm,
  disputeExtend,
  disputeReject,
  disputeDismiss,
  disputeCorrect,
  datasetCorrections,
];
