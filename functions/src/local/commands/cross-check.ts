import { FolderCatalogSource } from '../../adapters/fs/folder-catalog-source.ts';
import { createStores } from '../../adapters/index.ts';
import { formatProblem } from '../../core/errors.ts';
import type { CrossCheckConfig } from '../../core/quality/cross-check.ts';
import { quote } from '../../core/quality/cross-check.ts';
import { readCrossChecks, runCrossChecks } from '../../services/quality/run-cross-checks.ts';
import type {
  CrossCheckDatasetReport,
  CrossCheckRunReport,
} from '../../services/quality/run-cross-checks.ts';
import type { StorageSession } from '../storage-session.ts';

/**
 * The cross-checks of DIR/cross-checks.yaml, read before any storage is opened so that a
 * broken file changes nothing (it throws with file, line and field).
 */
export function readCrossCheckFile(dataDir: string): Promise<CrossCheckConfig> {
  return readCrossChecks(new FolderCatalogSource(dataDir));
}

/** What to say when there is nothing to check; storage is then not opened at all. */
export function noCrossChecks(config: CrossCheckConfig): string {
  return `No cross-checks: ${config.file} lists none or does not exist.`;
}

/**
 * Runs the cross-checks on the published datasets and prints, per check and dataset, what was
 * compared and the candidate disputes filed. Findings are the point, not a failure: the exit
 * code is 1 only when a check could not run (an entry, column or data it names is missing).
 */
export async function runCrossCheck(
  session: StorageSession,
  config: CrossCheckConfig,
  options: { json?: boolean } = {},
): Promise<void> {
  const stores = createStores(session.config, session.clients);
  const report = await runCrossChecks({ stores, config, nowMs: Date.now() });
  if (report.problems.length > 0) process.exitCode = 1;
  if (options.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  for (const line of describeReport(report)) console.log(line);
}

/** The report for a person: a line per check and dataset, then the findings listed. */
export function describeReport(report: CrossCheckRunReport): string[] {
  const lines: string[] = [];
  for (const check of report.checks) {
    const reference = check.reference;
    lines.push(
      `${check.id}: ${check.title.zh} (${check.field}); reference ${reference.code} ${reference.column}${reference.version !== undefined ? ` v${reference.version}, ${count(reference.values ?? 0)} values` : ''}`,
    );
    for (const problem of check.problems) lines.push(`  ✗ ${formatProblem(problem)}`);
    if (check.problems.length > 0) lines.push('  not run; nothing filed');
    for (const dataset of check.datasets) lines.push(...describeDataset(dataset));
  }
  const datasets = report.checks.flatMap((check) => check.datasets);
  const sum = (pick: (dataset: CrossCheckDatasetReport) => number) =>
    datasets.reduce((total, dataset) => total + pick(dataset), 0);
  const notRun = report.checks.filter((check) => check.problems.length > 0).length;
  lines.push(
    `Cross-checks: ${report.checks.length - notRun} run${notRun > 0 ? `, ${notRun} not run` : ''}; ${sum((d) => d.mismatches)} mismatching value(s); ${sum((d) => d.filed)} candidate dispute(s) filed, ${sum((d) => d.known)} already known.`,
  );
  return lines;
}

function describeDataset(dataset: CrossCheckDatasetReport): string[] {
  const mismatches =
    dataset.mismatches === 0
      ? 'no mismatches'
      : `${count(dataset.mismatches)} mismatching value(s) in ${count(dataset.mismatchedRows)} row(s); filed ${dataset.filed}, already known ${dataset.known}`;
  const lines = [
    `  ${dataset.code} ${dataset.column} v${dataset.version}: ${count(dataset.compared)} values compared, ${mismatches}`,
  ];
  for (const finding of dataset.findings)
    lines.push(
      `    ${finding.filed ? '+' : '='} ${finding.disputeId} ${finding.column} ${quote(finding.value)}${finding.label !== undefined ? ` labelled ${quote(finding.label)}` : ''}: row${finding.rows.length > 1 ? 's' : ''} ${finding.rows.join(', ')}${finding.count > finding.rows.length ? ` (${count(finding.count)} in all)` : ''}${finding.filed ? '' : ' (already filed)'}`,
    );
  if (dataset.mismatches > dataset.findings.length)
    lines.push(
      `    … ${count(dataset.mismatches - dataset.findings.length)} more not filed this run (maxFindings)`,
    );
  return lines;
}

function count(n: number): string {
  return n.toLocaleString('en');
}
