import { DatarunError, formatProblem } from '../core/errors.ts';

/** Prints an error for a person and returns the exit code: 1 for bad input, 2 for anything else. */
export function reportError(error: unknown): number {
  if (error instanceof DatarunError) {
    console.error(
      `✗ ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}; nothing was changed:`,
    );
    for (const p of error.problems) console.error(`  ${formatProblem(p)}`);
    return 1;
  }
  console.error(`✗ ${(error as Error).message ?? String(error)}`);
  if (process.env.DATARUN_DEBUG) console.error(error);
  return 2;
}
