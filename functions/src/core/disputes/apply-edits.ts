import { DatarunError, problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { RowValidator } from '../ingest/row-validator.ts';
import type { TableField } from '../schemas/dataset-version.ts';
import type { CellChange, Dispute } from './dispute.ts';
import type { CorrectionInput } from './dispute-views.ts';
import { locateColumn, locateRow, rowKey } from './locate-row.ts';
import type { LocatedRow, VersionTable } from './locate-row.ts';

/** One cell a provider's correction sets. */
export type CorrectionEdit = CorrectionInput['edits'][number];

/** A correction applied to the latest version: its rows, and the cells that really changed. */
export type AppliedEdits = {
  /** Every row of the corrected table; rows no edit changed are the latest version's own. */
  rows: readonly (readonly string[])[];
  changes: CellChange[];
  /** Where the disputed cell's row is in the latest version. */
  disputedRow: LocatedRow;
};

/**
 * Applies a provider's edits to the latest version of a disputed entry. The disputed row is
 * found by its key when the report gave one (rows move between versions; keys stay), else by
 * the same row number. With `fields` (the version's Table Schema), each new value is checked
 * against its column's type and written in the canonical form the published CSV uses, so
 * `after` is what readers will see. Throws a DatarunError listing every problem: an unknown
 * column, a row past the end, the same cell edited twice, or a correction that leaves the
 * disputed cell as it is. Edits that change nothing are left out of `changes`.
 */
export function applyEdits(
  table: VersionTable,
  dispute: Pick<Dispute, 'input' | 'cell'>,
  edits: readonly CorrectionEdit[],
  fields?: readonly TableField[],
): AppliedEdits {
  const problems: Problem[] = [];
  const where = `version ${table.version} of ${table.code}`;
  const byKey = dispute.cell.key !== undefined && table.keyColumns.length > 0;
  const located = locateRow(
    table,
    byKey ? { key: dispute.cell.key! } : { number: dispute.cell.rowNumber },
    'dispute.row',
  );
  if ('problem' in located) problems.push(located.problem);
  const disputedRow = 'row' in located ? located.row : undefined;
  const disputedColumn = locateColumn(table, dispute.input.field, 'dispute.field');
  if ('problem' in disputedColumn) problems.push(disputedColumn.problem);

  type Planned = { edit: number; row: number; column: number; before: string; after: string };
  const planned: Planned[] = [];
  const seen = new Map<string, number>();
  edits.forEach((edit, i) => {
    const column = locateColumn(table, edit.field, `edits.${i}.field`);
    if ('problem' in column) problems.push(column.problem);
    let row: number | undefined;
    if (edit.row === undefined) row = disputedRow?.index;
    else if (edit.row <= table.rows.length) row = edit.row - 1;
    else
      problems.push(
        problem(
          'invalid-field',
          `${where} has ${table.rows.length} rows; there is no row ${edit.row}`,
          { field: `edits.${i}.row` },
        ),
      );
    if (!('index' in column) || row === undefined) return;
    const cell = `${row}:${column.index}`;
    const earlier = seen.get(cell);
    if (earlier !== undefined) {
      problems.push(
        problem(
          'invalid-field',
          `edits.${earlier} already sets ${edit.field} of row ${row + 1}; give each cell once`,
          { field: `edits.${i}.field` },
        ),
      );
      return;
    }
    seen.set(cell, i);
    const field = fields?.find((f) => f.name === edit.field);
    const after = field ? canonical(field, edit.value, i, problems) : edit.value;
    if (after === undefined) return;
    const before = table.rows[row]![column.index] ?? '';
    planned.push({ edit: i, row, column: column.index, before, after });
  });

  if (disputedRow && 'index' in disputedColumn) {
    const edit = planned.find(
      (p) => p.row === disputedRow.index && p.column === disputedColumn.index,
    );
    const current = table.rows[disputedRow.index]![disputedColumn.index] ?? '';
    const refused = `the correction does not change the disputed cell ${dispute.input.field} of row ${disputedRow.number}: it is still ${JSON.stringify(current)}`;
    if (edit && edit.after === edit.before)
      problems.push(problem('invalid-value', refused, { field: `edits.${edit.edit}.value` }));
    // An edit of the cell whose value was refused has its own problem already.
    else if (!seen.has(`${disputedRow.index}:${disputedColumn.index}`))
      problems.push(problem('invalid-value', refused, { field: 'edits' }));
  }
  if (problems.length > 0) throw new DatarunError(problems);

  const rows = [...table.rows];
  const copied = new Set<number>();
  const changed = planned.filter((p) => p.after !== p.before);
  for (const p of changed) {
    if (!copied.has(p.row)) {
      rows[p.row] = [...rows[p.row]!];
      copied.add(p.row);
    }
    (rows[p.row] as string[])[p.column] = p.after;
  }
  const corrected: VersionTable = { ...table, rows };
  const changes = changed.map((p): CellChange => {
    const key = rowKey(corrected, p.row);
    return {
      row: p.row + 1,
      ...(key && { key }),
      field: table.columns[p.column]!,
      before: p.before,
      after: p.after,
    };
  });
  return { rows, changes, disputedRow: disputedRow! };
}

/** The value as the published CSV writes it, or undefined with the problem recorded. */
function canonical(
  field: TableField,
  value: string,
  edit: number,
  problems: Problem[],
): string | undefined {
  const validator = new RowValidator({ fields: [field] });
  const typed = validator.row([value], 1);
  if (typed === undefined) {
    for (const found of validator.problems.list())
      problems.push(
        problem(found.code, `${field.name}: ${found.message}`, { field: `edits.${edit}.value` }),
      );
    return undefined;
  }
  const [result] = typed;
  return result === null || result === undefined ? '' : String(result);
}
