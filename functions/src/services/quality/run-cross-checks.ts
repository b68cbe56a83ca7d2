import { randomBytes } from 'node:crypto';
import { candidateDispute } from '../../core/disputes/candidate.ts';
import { tokenSha256 } from '../../core/disputes/dispute-id.ts';
import type { VersionTable } from '../../core/disputes/locate-row.ts';
import { DatarunError, formatProblem, problem } from '../../core/errors.ts';
import type { Problem } from '../../core/errors.ts';
import { SYSTEM_ACTOR } from '../../core/identity/identity.ts';
import type { AuditLog } from '../../core/ports/audit-log.ts';
import type { CatalogRepository } from '../../core/ports/catalog-repository.ts';
import type { CatalogSource } from '../../core/ports/catalog-source.ts';
import type { DisputeRepository } from '../../core/ports/dispute-repository.ts';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import type { VersionRepository } from '../../core/ports/version-repository.ts';
import {
  compareWithReference,
  CROSS_CHECKS_FILE,
  parseCrossChecks,
  referenceValues,
} from '../../core/quality/cross-check.ts';
import type {
  ColumnRef,
  CrossCheck,
  CrossCheckConfig,
  CrossCheckFinding,
} from '../../core/quality/cross-check.ts';
import type { CatalogRecord } from '../../core/schemas/catalog-entry.ts';
import { formatPath } from '../../core/field-path.ts';
import { readVersionTable } from '../disputes/version-table.ts';

/** What a cross-check run needs of storage. */
export type CrossCheckStores = {
  catalog: Pick<CatalogRepository, 'get'>;
  versions: Pick<VersionRepository, 'get'>;
  objects: Pick<ObjectStore, 'getStream'>;
  disputes: Pick<DisputeRepository, 'create'>;
  audit: Pick<AuditLog, 'append'>;
};

/** One compared dataset's outcome. */
export type CrossCheckDatasetReport = {
  code: string;
  column: string;
  version: number;
  /** Non-empty cells compared. */
  compared: number;
  /** Distinct mismatching values. */
  mismatches: number;
  mismatchedRows: number;
  /** Candidate disputes filed by this run. */
  filed: number;
  /** Findings filed by an earlier run (their dispute already exists). */
  known: number;
  /** The findings listed (at most the check's maxFindings), each with its dispute's id. */
  findings: (CrossCheckFinding & { disputeId: string; filed: boolean })[];
};

/** One check's outcome: what it compared, or the problems that kept it from running. */
export type CrossCheckReport = {
  id: string;
  title: CrossCheck['title'];
  field: string;
  reference: ColumnRef & { version?: number; values?: number };
  problems: Problem[];
  datasets: CrossCheckDatasetReport[];
};

export type CrossCheckRunReport = { at: string; checks: CrossCheckReport[]; problems: Problem[] };

/** The cross-checks of a catalog folder's `cross-checks.yaml`; none when there is no such file. */
export async function readCrossChecks(catalog: CatalogSource): Promise<CrossCheckConfig> {
  const file = catalog.describe(CROSS_CHECKS_FILE);
  const text = await catalog.readText(CROSS_CHECKS_FILE);
  if (text === undefined)
    return { file, checks: [], where: (path) => ({ file, field: formatPath(path) }) };
  return parseCrossChecks({ path: file, text });
}

/**
 * Runs every cross-check on the latest published version of each dataset it names, and files
 * each finding as a candidate dispute for the compared dataset's provider; a finding filed by
 * an earlier run is counted as known. A check naming an entry, a column or data that is not
 * there reports the problem (file, line, field) and files nothing; the other checks still run.
 * One audit record sums the run up.
 */
export async function runCrossChecks(options: {
  stores: CrossCheckStores;
  config: CrossCheckConfig;
  nowMs: number;
}): Promise<CrossCheckRunReport> {
  const { stores, config } = options;
  const at = new Date(options.nowMs).toISOString();
  const tables = new Map<string, Promise<Loaded>>();
  const load = (code: string) => {
    if (!tables.has(code)) tables.set(code, loadLatest(stores, code));
    return tables.get(code)!;
  };
  const checks: CrossCheckReport[] = [];
  for (const [index, check] of config.checks.entries())
    checks.push(await runCheck(stores, config, check, index, load, at));
  const problems = checks.flatMap((check) => check.problems);
  await stores.audit.append({
    at,
    actor: SYSTEM_ACTOR,
    action: 'cross-check.run',
    subject: `cross-checks:${config.file}`,
    outcome: problems.length > 0 ? 'failed' : 'ok',
    ...(problems.length > 0 && {
      reason: problems.map(formatProblem).join('\n').slice(0, 2000),
    }),
    details: {
      checks: checks.map((check) => ({
        id: check.id,
        problems: check.problems.length,
        datasets: check.datasets.map(({ code, compared, mismatches, filed, known }) => ({
          code,
          compared,
          mismatches,
          filed,
          known,
        })),
      })),
    },
  });
  return { at, checks, problems };
}

type Loaded = { record: CatalogRecord; table: VersionTable } | { missing: string };

async function loadLatest(stores: CrossCheckStores, code: string): Promise<Loaded> {
  const record = await stores.catalog.get(code);
  if (!record) return { missing: `there is no catalog entry ${code}` };
  const version =
    record.currentVersion === undefined
      ? undefined
      : await stores.versions.get(code, record.currentVersion);
  if (!version) return { missing: `${code} has no published data to compare` };
  return { record, table: await readVersionTable(stores.objects, version) };
}

async function runCheck(
  stores: CrossCheckStores,
  config: CrossCheckConfig,
  check: CrossCheck,
  index: number,
  load: (code: string) => Promise<Loaded>,
  at: string,
): Promise<CrossCheckReport> {
  const report: CrossCheckReport = {
    id: check.id,
    title: check.title,
    field: check.field,
    reference: { ...check.reference },
    problems: [],
    datasets: [],
  };
  const where = (...path: (string | number)[]) => config.where(['checks', index, ...path]);
  const resolve = async (
    ref: ColumnRef,
    path: (string | number)[],
    label: { column: string; path: string[] } | undefined,
  ) => {
    const loaded = await load(ref.code);
    if ('missing' in loaded) {
      report.problems.push(
        problem(
          'unknown-reference',
          `check ${check.id}: ${loaded.missing}`,
          where(...path, 'code'),
        ),
      );
      return undefined;
    }
    const columns = [{ column: ref.column, path: [...path, 'column'] }, ...(label ? [label] : [])];
    for (const { column, path: at } of columns)
      if (!loaded.table.columns.includes(column))
        report.problems.push(
          problem(
            'unknown-reference',
            `check ${check.id}: version ${loaded.table.version} of ${ref.code} has no column ${JSON.stringify(column)}; its columns are ${loaded.table.columns.join(', ')}`,
            where(...at),
          ),
        );
    return loaded;
  };
  const labels = check.labels;
  const reference = await resolve(
    check.reference,
    ['reference'],
    labels && { column: labels.reference, path: ['labels', 'reference'] },
  );
  const compared = [];
  for (const [i, ref] of check.compare.entries())
    compared.push({
      ref,
      loaded: await resolve(
        ref,
        ['compare', i],
        labels && { column: labels.compare, path: ['labels', 'compare'] },
      ),
    });
  if (report.problems.length > 0 || !reference) return report;

  const values = referenceValues(reference.table, check.reference.column, check.labels?.reference);
  report.reference = { ...check.reference, version: reference.table.version, values: values.size };
  for (const { ref, loaded } of compared) {
    const { record, table } = loaded!;
    const comparison = compareWithReference(
      values,
      table,
      {
        column: ref.column,
        ...(check.labels && { labelColumn: check.labels.compare }),
        referenceCode: check.reference.code,
        referenceColumn: check.reference.column,
      },
      check.maxFindings,
    );
    const dataset: CrossCheckDatasetReport = {
      code: ref.code,
      column: ref.column,
      version: table.version,
      compared: comparison.compared,
      mismatches: comparison.mismatches,
      mismatchedRows: comparison.mismatchedRows,
      filed: 0,
      known: 0,
      findings: [],
    };
    for (const finding of comparison.findings) {
      const dispute = candidateDispute(
        finding,
        check,
        {
          code: ref.code,
          version: table.version,
          title: record.title.zh,
          provider: record.provider,
        },
        at,
        // Nobody holds a status link to a candidate: its provider follows it signed in.
        tokenSha256(randomBytes(32).toString('base64url')),
      );
      const filed = await fileOnce(stores.disputes, dispute);
      if (filed) {
        dataset.filed++;
        await stores.audit.append({
          at,
          actor: SYSTEM_ACTOR,
          action: 'dispute.candidate',
          subject: `dispute:${dispute.id}`,
          outcome: 'ok',
          details: {
            check: check.id,
            code: ref.code,
            version: table.version,
            field: finding.column,
            value: finding.value.slice(0, 200),
          },
        });
      } else dataset.known++;
      dataset.findings.push({ ...finding, disputeId: dispute.id, filed });
    }
    report.datasets.push(dataset);
  }
  return report;
}

/** Stores the dispute; false when one with its id exists (an earlier run filed it). */
async function fileOnce(
  disputes: Pick<DisputeRepository, 'create'>,
  dispute: Parameters<DisputeRepository['create']>[0],
): Promise<boolean> {
  try {
    await disputes.create(dispute);
    return true;
  } catch (error) {
    if (error instanceof DatarunError && error.code === 'conflict') return false;
    throw error;
  }
}
