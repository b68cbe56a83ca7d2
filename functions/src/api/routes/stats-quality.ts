import * as z from 'zod';
import { usageSubject } from '../../core/access/usage.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { sha256 } from '../../core/publish/canonical-hash.ts';
import { qualityCsv } from '../../core/quality/quality-csv.ts';
import { narrowQualityReport } from '../../core/quality/quality-figures.ts';
import { QualityReportSchema } from '../../core/quality/quality-report.ts';
import { AgencyCodeSchema } from '../../core/schemas/agency.ts';
import { buildQualityReport } from '../../services/quality/build-quality-report.ts';
import type { QualitySources } from '../../services/quality/build-quality-report.ts';
import { QUALITY_CONTENT_TYPES } from '../../services/quality/publish-quality-report.ts';
import { defineRoute } from '../route.ts';
import type { RouteContext } from '../route.ts';

/** The report's inputs as a route reaches them: cached snapshots, the stores behind the routes. */
function routeSources(context: RouteContext): QualitySources {
  return {
    shareSnapshot: async () => (await context.shareCatalog()).snapshot,
    publicSnapshot: async () => (await context.catalog()).snapshot,
    disputes: () => context.disputes().disputes.all(),
    shareRequests: () => context.sharing().requests.all(),
    demands: () => context.demands().demands.all(),
    systems: () => context.inventory().systems.all(),
    usage: async (code) => (await context.access.usage(usageSubject.dataset(code))).total,
  };
}

/** `GET /api/v1/stats/quality`: the quality and assessment figures, per agency and overall. */
export const statsQuality = defineRoute({
  path: '/api/v1/stats/quality',
  operationId: 'stats_quality',
  summary: 'Catalog quality and assessment figures',
  description:
    'Per providing agency and overall: 目录挂接率 (linkRate), on-time updates against each entry’s 更新周期, metadata completeness, open and overdue disputes with the median days to resolve them, the share-request on-time rate, and downloads and API calls; per agency and overall, demands recorded (需求清单) and responsibility items (责任清单) accepted, fulfilled, fulfilled on time and overdue with the on-time fulfilment rate, and the demands awaiting assignment; per owning agency, overall and by level and network, information systems (信息系统清单), connected systems, the connection rate and the systems that feed an entry without being connected (数据断头路); the public entries overdue or due soon; conflicting authoritative-source claims (一数一源); and a definition of every figure in Chinese and English. Computed live with the code that writes catalog/quality.json on every publish. `agency` narrows the rows and lists to one agency; `format=csv` answers the per-agency table as CSV (UTF-8 with a BOM).',
  query: z.strictObject({
    agency: AgencyCodeSchema.optional().describe(
      'Only this agency’s rows (entries, demands, systems) and entries',
    ),
    format: z
      .enum(['json', 'csv'])
      .default('json')
      .describe('json (the envelope) or csv (the per-agency table)'),
  }),
  answer: QualityReportSchema,
  answerName: 'StatsQualityAnswer',
  maxAge: 300,
  produces: [QUALITY_CONTENT_TYPES.csv],
  errors: [404, 503],
  async handle({ query }, context) {
    const full = await buildQualityReport(routeSources(context));
    const report = query.agency ? narrowQualityReport(full, query.agency) : full;
    if (!report)
      throw new DatarunError(
        problem(
          'not-found',
          `agency ${JSON.stringify(query.agency)} has no figures: it provides no published entry, has recorded or accepted no demand and owns no information system; GET /api/v1/agencies lists the agencies`,
          { field: 'agency' },
        ),
      );
    // The answer changes when a figure does, not with the moment it was computed.
    const { generatedAt: _at, ...figures } = report;
    const version = sha256(figures);
    if (query.format === 'csv')
      return {
        body: qualityCsv(report),
        contentType: QUALITY_CONTENT_TYPES.csv,
        version,
        headers: { 'Content-Disposition': 'attachment; filename="quality.csv"' },
      };
    return { data: report, version };
  },
});
