import { QUALITY_KEYS } from '../../core/publish/object-keys.ts';
import { qualityCsv } from '../../core/quality/quality-csv.ts';
import type { QualityReport } from '../../core/quality/quality-report.ts';
import { buildQualityReport, storeSources } from './build-quality-report.ts';
import type { BuildQualityOptions, QualityStores } from './build-quality-report.ts';

/** The content types the quality files are served with. */
export const QUALITY_CONTENT_TYPES = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
} as const;

/**
 * The report's bytes with the moment it was made left out, to tell a real change; a stored
 * file that is not JSON counts as changed and is overwritten.
 */
function withoutTime(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  const { generatedAt: _at, ...rest } = parsed as Record<string, unknown>;
  return JSON.stringify(rest);
}

/**
 * Computes the quality report from storage and writes it to the open bucket as
 * `catalog/quality.json` and its per-agency table as `catalog/quality.csv`, where the site and
 * downloads read them. A file whose figures did not change is not rewritten (the buckets keep
 * every version). Answers the report.
 */
export async function publishQualityReport(
  stores: QualityStores,
  options: BuildQualityOptions = {},
): Promise<QualityReport> {
  const report = await buildQualityReport(storeSources(stores), options);
  const json = JSON.stringify(report);
  const csv = qualityCsv(report);
  const [storedJson, storedCsv] = await Promise.all([
    stores.objects.getText('open', QUALITY_KEYS.qualityJson),
    stores.objects.getText('open', QUALITY_KEYS.qualityCsv),
  ]);
  if (withoutTime(storedJson) !== withoutTime(json))
    await stores.objects.putText(
      'open',
      QUALITY_KEYS.qualityJson,
      json,
      QUALITY_CONTENT_TYPES.json,
    );
  if (storedCsv !== csv)
    await stores.objects.putText('open', QUALITY_KEYS.qualityCsv, csv, QUALITY_CONTENT_TYPES.csv);
  return report;
}
