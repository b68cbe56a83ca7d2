import * as z from 'zod';
import { parseYaml } from '../catalog/parse-source.ts';
import type { Locate, SourceFile } from '../catalog/parse-source.ts';
import { DatarunError, problem } from '../errors.ts';
import { rowKey } from '../disputes/locate-row.ts';
import type { VersionTable } from '../disputes/locate-row.ts';
import { EntryCodeSchema } from '../schemas/catalog-entry.ts';
import { LocalizedTextSchema } from '../schemas/common.ts';

/**
 * 多元校核: a configurable check that the values of a column (a 信息项 several datasets use,
 * such as a division code) are values its authoritative dataset holds, and optionally that the
 * same code carries the same label (a name). Mismatches become candidate disputes.
 */

/** The file of a catalog folder that lists the cross-checks. */
export const CROSS_CHECKS_FILE = 'cross-checks.yaml';

/** Row numbers a finding lists; the rest are counted. */
export const FINDING_ROWS_SHOWN = 5;

/** One column of one catalog entry's latest version. */
export const ColumnRefSchema = z.strictObject({
  code: EntryCodeSchema,
  column: z.string().trim().min(1),
});
export type ColumnRef = z.infer<typeof ColumnRefSchema>;

/** One cross-check as `cross-checks.yaml` lists it. */
export const CrossCheckSchema = z.strictObject({
  /** Stable: it is part of each candidate dispute's id, so renaming it files them again. */
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,62}$/,
      'lower-case letters, digits and dashes, e.g. province-codes',
    ),
  title: LocalizedTextSchema.extend({ en: z.string().trim().min(1) }),
  /** The 信息项 compared, as messages name it. */
  field: z.string().trim().min(1),
  /** The authoritative dataset and the column holding the values there are. */
  reference: ColumnRefSchema,
  /** Datasets whose column must only hold values the reference holds. */
  compare: z.array(ColumnRefSchema).min(1),
  /** Also require the label the reference gives a value (e.g. its name) wherever it is used. */
  labels: z
    .strictObject({ reference: z.string().trim().min(1), compare: z.string().trim().min(1) })
    .optional(),
  /** At most this many findings (candidate disputes) per compared dataset and run. */
  maxFindings: z.number().int().min(1).max(1000).default(10),
});
export type CrossCheck = z.infer<typeof CrossCheckSchema>;

export const CrossChecksFileSchema = z.strictObject({ checks: z.array(CrossCheckSchema) });

/** The checks of a file, and where each of their fields is in it, for messages. */
export type CrossCheckConfig = { file: string; checks: CrossCheck[]; where: Locate };

/** Parses `cross-checks.yaml`; a syntax error, a bad field or an id used twice throws with file, line and field. */
export function parseCrossChecks(file: SourceFile): CrossCheckConfig {
  const parsed = parseYaml(file, CrossChecksFileSchema);
  if (!parsed.value) throw new DatarunError(parsed.problems);
  const seen = new Set<string>();
  const repeats = parsed.value.checks.flatMap((check, i) => {
    if (!seen.has(check.id)) {
      seen.add(check.id);
      return [];
    }
    return [
      problem(
        'duplicate',
        `check id "${check.id}" is used twice`,
        parsed.where(['checks', i, 'id']),
      ),
    ];
  });
  if (repeats.length > 0) throw new DatarunError(repeats);
  return { file: file.path, checks: parsed.value.checks, where: parsed.where };
}

/** The values a reference column holds, each with the labels the reference gives it. */
export type ReferenceValues = ReadonlyMap<string, ReadonlySet<string>>;

/** The values of the reference column (empty cells apart) and, when asked, their labels. */
export function referenceValues(
  table: VersionTable,
  column: string,
  labelColumn?: string,
): ReferenceValues {
  const at = columnIndex(table, column);
  const labelAt = labelColumn === undefined ? undefined : columnIndex(table, labelColumn);
  const values = new Map<string, Set<string>>();
  for (const row of table.rows) {
    const value = row[at] ?? '';
    if (value === '') continue;
    const labels = values.get(value) ?? new Set<string>();
    if (labelAt !== undefined) labels.add(row[labelAt] ?? '');
    values.set(value, labels);
  }
  return values;
}

/** A distinct mismatching value of a compared column, with where it was found. */
export type CrossCheckFinding = {
  /** `unknown-value`: the reference does not hold it; `label`: it does, with another label. */
  kind: 'unknown-value' | 'label';
  /** The column the finding is about: the compared column, or its label column. */
  column: string;
  /** The value of the compared column. */
  value: string;
  /** The label the compared dataset gives the value (label findings). */
  label?: string;
  /** The label(s) the reference gives it (label findings). */
  expected?: string[];
  /** The first few row numbers (1 = the first data row) where it occurs. */
  rows: number[];
  /** The first row's key values, when the table has key columns. */
  key?: Record<string, string>;
  /** Rows holding it. */
  count: number;
  /** The finding in a sentence (English), for the candidate dispute and the report. */
  detail: string;
};

/** The column compared (and its label column), and the reference it is compared with. */
export type CompareTarget = {
  column: string;
  labelColumn?: string;
  referenceCode: string;
  referenceColumn: string;
};

/** What comparing one dataset's column with the reference found. */
export type Comparison = {
  /** Non-empty cells compared. */
  compared: number;
  /** Distinct mismatching values found (all of them, however many are listed). */
  mismatches: number;
  /** Rows holding a mismatching value. */
  mismatchedRows: number;
  /** The first `maxFindings` mismatches, in the order their first row comes. */
  findings: CrossCheckFinding[];
};

/**
 * Compares a table's column with the reference values: every distinct non-empty value the
 * reference does not hold is a finding, and with `labels`, every value the table labels
 * differently from the reference. Empty cells are not mismatches (a missing value is not a
 * wrong one); values are compared as the published text.
 */
export function compareWithReference(
  reference: ReferenceValues,
  table: VersionTable,
  target: CompareTarget,
  maxFindings: number,
): Comparison {
  const at = columnIndex(table, target.column);
  const labelAt =
    target.labelColumn === undefined ? undefined : columnIndex(table, target.labelColumn);
  const found = new Map<
    string,
    {
      kind: CrossCheckFinding['kind'];
      value: string;
      label?: string;
      rows: number[];
      first: number;
      count: number;
    }
  >();
  let compared = 0;
  let mismatchedRows = 0;
  table.rows.forEach((row, index) => {
    const value = row[at] ?? '';
    if (value === '') return;
    compared++;
    const labels = reference.get(value);
    let kind: CrossCheckFinding['kind'] | undefined;
    let label: string | undefined;
    if (!labels) kind = 'unknown-value';
    else if (labelAt !== undefined) {
      label = row[labelAt] ?? '';
      if (label !== '' && !labels.has(label)) kind = 'label';
    }
    if (!kind) return;
    mismatchedRows++;
    const key = JSON.stringify([kind, value]);
    const finding = found.get(key) ?? {
      kind,
      value,
      ...(kind === 'label' && { label }),
      rows: [],
      first: index,
      count: 0,
    };
    finding.count++;
    if (finding.rows.length < FINDING_ROWS_SHOWN) finding.rows.push(index + 1);
    found.set(key, finding);
  });
  const findings = [...found.values()]
    .slice(0, maxFindings)
    .map(({ value, ...finding }): CrossCheckFinding => {
      const firstKey = rowKey(table, finding.first);
      const expected = finding.kind === 'label' ? [...reference.get(value)!] : undefined;
      return {
        kind: finding.kind,
        column: finding.kind === 'label' ? target.labelColumn! : target.column,
        value,
        ...(finding.label !== undefined && { label: finding.label }),
        ...(expected && { expected }),
        rows: finding.rows,
        ...(firstKey && { key: firstKey }),
        count: finding.count,
        detail: describeFinding(table, target, { ...finding, value, expected }),
      };
    });
  return { compared, mismatches: found.size, mismatchedRows, findings };
}

function describeFinding(
  table: VersionTable,
  target: CompareTarget,
  finding: {
    kind: CrossCheckFinding['kind'];
    value: string;
    label?: string;
    expected?: string[] | undefined;
    rows: number[];
    count: number;
  },
): string {
  const rows = `row${finding.rows.length > 1 ? 's' : ''} ${finding.rows.join(', ')}${finding.count > finding.rows.length ? ` (${finding.count} rows in all)` : ''}`;
  const where = `version ${table.version} of ${table.code}, ${rows}`;
  if (finding.kind === 'unknown-value')
    return `${quote(finding.value)} in column ${target.column} (${where}) is not a value of column ${target.referenceColumn} of ${target.referenceCode}`;
  return `${quote(finding.value)} is labelled ${quote(finding.label!)} in column ${target.labelColumn} (${where}); ${target.referenceCode} labels it ${finding.expected!.map(quote).join(' or ')}`;
}

/** A value as messages show it: quoted, and cut short when long. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

function columnIndex(table: VersionTable, column: string): number {
  const index = table.columns.indexOf(column);
  if (index < 0)
    throw new DatarunError(
      problem(
        'config',
        `version ${table.version} of ${table.code} has no column ${JSON.stringify(column)}`,
      ),
    );
  return index;
}
