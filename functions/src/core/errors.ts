/**
 * Errors are values: a code a program can branch on, a message a person can act on, and where
 * it happened. `DatarunError` carries one or more problems when a function must throw.
 */

export type ProblemCode =
  | 'yaml-syntax'
  | 'json-syntax'
  | 'rdf-syntax'
  | 'unreachable'
  | 'invalid-field'
  | 'unknown-reference'
  | 'duplicate'
  | 'file-not-found'
  | 'empty-file'
  | 'encoding'
  | 'csv-syntax'
  | 'ragged-row'
  | 'header-mismatch'
  | 'invalid-value'
  | 'personal-data'
  | 'conflict'
  | 'not-found'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'config'
  | 'storage';

/** One thing that is wrong, and where. Line and column are 1-based. */
export type Problem = {
  code: ProblemCode;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** A field path such as `items[2].type` or a column name. */
  field?: string;
};

/** Thrown when an operation cannot go on; holds every problem found, not just the first. */
export class DatarunError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? problems : [problems as Problem];
    super(list.map(formatProblem).join('\n'));
    this.name = 'DatarunError';
    this.problems = list;
  }

  get code(): ProblemCode {
    return this.problems[0]!.code;
  }
}

/** Renders a problem the way compilers do: `file:line:column: field: message`. */
export function formatProblem(problem: Problem): string {
  const where = [
    problem.file,
    problem.line,
    problem.line !== undefined ? problem.column : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(':');
  const field = problem.field ? `${problem.field}: ` : '';
  return `${where ? `${where}: ` : ''}${field}${problem.message}`;
}

/** Builds a problem; a shorthand that keeps call sites on one line. */
export function problem(
  code: ProblemCode,
  message: string,
  at: Omit<Problem, 'code' | 'message'> = {},
): Problem {
  return { code, message, ...at };
}
