import { defuseFormula } from '../exports/catalog-csv.ts';
import {
  DEMAND_FIGURE_KEYS,
  INVENTORY_FIGURE_KEYS,
  QUALITY_FIGURE_KEYS,
} from './quality-report.ts';
import type { QualityReport } from './quality-report.ts';
import type { LocalizedText } from '../schemas/common.ts';
import {
  DEMAND_FIGURE_LABELS,
  INVENTORY_FIGURE_LABELS,
  QUALITY_FIGURE_LABELS,
} from './quality-definitions.ts';

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

/** Where a figure column takes its value, in the CSV's column order. */
const FIGURE_COLUMNS = [
  ...QUALITY_FIGURE_KEYS.map((key) => ({
    part: 'catalog',
    key,
    zh: QUALITY_FIGURE_LABELS[key].zh,
  })),
  ...DEMAND_FIGURE_KEYS.map((key) => ({ part: 'demands', key, zh: DEMAND_FIGURE_LABELS[key].zh })),
  {
    part: 'demands',
    key: 'demandsAwaitingAssignment',
    zh: DEMAND_FIGURE_LABELS.demandsAwaitingAssignment.zh,
  },
  ...INVENTORY_FIGURE_KEYS.map((key) => ({
    part: 'inventory',
    key,
    zh: INVENTORY_FIGURE_LABELS[key].zh,
  })),
] as const;

type Part = (typeof FIGURE_COLUMNS)[number]['part'];
type Figures = Readonly<Record<string, number | null>>;

function figureCells(parts: Partial<Record<Part, Figures>>): string[] {
  return FIGURE_COLUMNS.map(({ part, key }) => {
    const value = parts[part]?.[key];
    return value === null || value === undefined ? '' : String(value);
  });
}

/**
 * The per-agency table of the quality report as CSV: UTF-8 with a BOM (Excel reads it as
 * Chinese text), CRLF line ends, RFC 4180 quoting, no cell a spreadsheet would run as a formula.
 * One header row, one row per agency that has figures in any part of the report (catalog,
 * demands, inventory) by code, then the overall row. Rates are decimals between 0 and 1. A cell
 * is empty where there was nothing to divide by, where the agency has no row in that part
 * (it provides no entry, has no demand or item, owns no system), and in the demands-awaiting-
 * assignment column of every agency row, a figure only the overall row has.
 */
export function qualityCsv(report: QualityReport): string {
  const header = [
    ...QUALITY_CSV_LEAD_COLUMNS.map((column) => qualityCsvHeader(column.key, column.zh)),
    ...FIGURE_COLUMNS.map((column) => qualityCsvHeader(column.key, column.zh)),
  ];
  const catalog = new Map(report.agencies.map((row) => [row.agency, row]));
  const demands = new Map(report.demands?.agencies.map((row) => [row.agency, row]));
  const inventory = new Map(report.inventory?.agencies.map((row) => [row.agency, row]));
  const codes = [...new Set([...catalog.keys(), ...demands.keys(), ...inventory.keys()])].sort(
    (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  );
  const nameOf = (code: string): LocalizedText =>
    (catalog.get(code) ?? demands.get(code) ?? inventory.get(code))!.name;
  const rows = [
    ...codes.map((code) => [
      code,
      nameOf(code).zh,
      ...figureCells({
        catalog: catalog.get(code)?.figures,
        demands: demands.get(code)?.figures,
        inventory: inventory.get(code)?.figures,
      }),
    ]),
    [
      '',
      QUALITY_CSV_OVERALL,
      ...figureCells({
        catalog: report.overall,
        demands: report.demands?.overall,
        inventory: report.inventory?.overall,
      }),
    ],
  ];
  const lines = [header, ...rows].map((cells) =>
    cells.map((cell) => quote(defuseFormula(cell))).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
