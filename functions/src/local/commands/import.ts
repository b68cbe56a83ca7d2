import { readFile } from 'node:fs/promises';
import { DatarunError, problem } from '../../core/errors.ts';
import type { ImportFormat, ImportReport } from '../../core/interop/foreign-dataset.ts';
import { AgencySchema } from '../../core/schemas/agency.ts';
import type { Agency } from '../../core/schemas/agency.ts';
import { importCatalog } from '../../services/interop/import-catalog.ts';
import { reportError } from '../report-error.ts';

export type ImportCommandOptions = {
  from: ImportFormat;
  file: string;
  out: string;
  portal?: string;
  region?: string;
  agencyLevel?: string;
  json?: boolean;
};

/** How many skipped records the summary lists. */
const SHOWN = 20;

/**
 * `datarun import`: imports a foreign catalog file into a catalog folder and prints what
 * happened. Exit code 0 when every record was imported, 2 when some were skipped, 1 when
 * nothing was written (an unreadable file, or no record importable).
 */
export async function runImport(options: ImportCommandOptions): Promise<void> {
  try {
    const bytes = await readFile(options.file).catch(() => {
      throw new DatarunError(
        problem('file-not-found', 'the file does not exist', { file: options.file }),
      );
    });
    const report = await importCatalog({
      from: options.from,
      file: options.file,
      bytes,
      outDir: options.out,
      ...(options.portal !== undefined && { portal: options.portal }),
      ...agencyDefaults(options),
      ...(!options.json && { onProgress: (line: string) => console.log(line) }),
    });
    if (options.json) console.log(JSON.stringify(report, null, 2));
    else printSummary(report);
    process.exitCode = report.skipped.length === 0 ? 0 : report.imported === 0 ? 1 : 2;
  } catch (error) {
    reportError(error);
    process.exitCode = 1;
  }
}

function agencyDefaults(options: ImportCommandOptions) {
  const region = options.region;
  const level = options.agencyLevel;
  if (region !== undefined && !AgencySchema.shape.region.safeParse(region).success)
    throw new DatarunError(
      problem('invalid-value', `--region ${region}: expected a 6-digit 行政区划代码`),
    );
  if (level !== undefined && !AgencySchema.shape.level.safeParse(level).success)
    throw new DatarunError(
      problem(
        'invalid-value',
        `--agency-level ${level}: expected one of ${AgencySchema.shape.level.options.join(', ')}`,
      ),
    );
  if (region === undefined && level === undefined) return {};
  return {
    agencyDefaults: {
      ...(region !== undefined && { region }),
      ...(level !== undefined && { level: level as Agency['level'] }),
    },
  };
}

const n = (value: number) => value.toLocaleString('en');

function printSummary(report: ImportReport): void {
  const lines = [
    '',
    `Import of ${report.file} (${report.from}, ${report.platform})`,
    `  records read  ${n(report.records)}`,
    `  imported      ${n(report.imported)} (created ${n(report.created)}, updated ${n(report.updated)}, unchanged ${n(report.unchanged)})`,
    `  duplicates    ${n(report.duplicates)}`,
    `  skipped       ${n(report.skipped.length)}`,
    ...report.skipped
      .slice(0, SHOWN)
      .map(
        (s) =>
          `    ${[report.file, s.line, s.column].filter((p) => p !== undefined).join(':')}: ${s.id ?? `record ${s.index + 1}`}: ${s.reason}`,
      ),
    ...(report.skipped.length > SHOWN
      ? [`    … and ${n(report.skipped.length - SHOWN)} more (--json lists them all)`]
      : []),
    '',
    `  ${'field'.padEnd(16)}${'mapped'.padStart(8)}${'defaulted'.padStart(11)}  default`,
    ...Object.entries(report.fields)
      .filter(([, t]) => t.mapped + t.defaulted > 0)
      .map(([field, t]) =>
        `  ${field.padEnd(16)}${n(t.mapped).padStart(8)}${n(t.defaulted).padStart(11)}  ${t.default ?? ''}`.trimEnd(),
      ),
  ];
  const dropped = Object.entries(report.dropped).sort(([, a], [, b]) => b - a);
  if (dropped.length > 0) {
    lines.push('', '  dropped (source field: entries that had a value not carried over)');
    for (const [field, count] of dropped) lines.push(`    ${field}: ${n(count)}`);
  }
  console.log(lines.join('\n'));
}
