import { defuseFormula } from '../exports/catalog-csv.ts';
import { QUALITY_FIGURE_KEYS } from './quality-report.ts';
import type { QualityFigures, QualityReport } from './quality-report.ts';
import { QUALITY_FIGURE_LABELS } from './quality-definitions.ts';

/** The columns before the figures: the agency's code and name. */
export const QUALITY_CSV_LEAD_COLUMNS = [
  { key: 'agency', zh: '机构代码' },
  { key: 'name', zh: '机构名称' },
] as const;

/** The name of the overall row; its agency code cell is empty. */
export const QUALITY_CSV_OVERALL = '全部机构';

/** A header cell: the Chinese label, then the key a program reads, as `目录挂接率 (linkRate)`. */
export function qualityCsvHeader(key: string, zh: string): string {
  return `${zh} (${key})`;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function figureCells(figures: QualityFigures): string[] {
  return QUALITY_FIGURE_KEYS.map((key) => {
    const value = figures[key];
    return value === null ? '' : String(value);
  });
}

/**
 * The per-agency table of the quality report as CSV: UTF-8 with a BOM (Excel reads it as
 * Chinese text), CRLF line ends, RFC 4180 quoting, no cell a spreadsheet would run as a formula.
 * One header row, one row per agency in the report's order, then the overall row. Rates are
 * decimals between 0 and 1, and an empty cell where there was nothing to divide by.
 */
export function qualityCsv(report: QualityReport): string {
  const header = [
    ...QUALITY_CSV_LEAD_COLUMNS.map((column) => qualityCsvHeader(column.key, column.zh)),
    ...QUALITY_FIGURE_KEYS.map((key) => qualityCsvHeader(key, QUALITY_FIGURE_LABELS[key].zh)),
  ];
  const rows = [
    ...report.agencies.map((row) => [row.agency, row.name.zh, ...figureCells(row.figures)]),
    ['', QUALITY_CSV_OVERALL, ...figureCells(report.overall)],
  ];
  const lines = [header, ...rows].map((cells) =>
    cells.map((cell) => quote(defuseFormula(cell))).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
