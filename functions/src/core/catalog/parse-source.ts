import { LineCounter, isNode, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { AgenciesFileSchema } from '../schemas/agency.ts';
import type { Agency } from '../schemas/agency.ts';
import { CatalogEntrySchema } from '../schemas/catalog-entry.ts';
import type { CatalogEntry } from '../schemas/catalog-entry.ts';
import { problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { formatPath } from '../field-path.ts';

/** A source file as read from disk or object storage: its path for messages, and its text. */
export type SourceFile = { path: string; text: string };

export type Parsed<T> = { value?: T; problems: Problem[] };

/** Parses and validates the agencies file; every problem names the file, line and field. */
export function parseAgenciesFile(file: SourceFile): Parsed<Agency[]> {
  const parsed = parseYaml(file, AgenciesFileSchema);
  return { value: parsed.value?.agencies, problems: parsed.problems };
}

/** Parses and validates one catalog entry file. */
export function parseEntryFile(file: SourceFile): Parsed<CatalogEntry> {
  return parseYaml(file, CatalogEntrySchema);
}

/** Where a field path is in a file: file, line and column of its node, and the field. */
export type Locate = (path: (string | number)[]) => Omit<Problem, 'code' | 'message'>;

/**
 * Parses a YAML file and validates it with a schema; every problem names the file, line and
 * field. `where` locates a path in the file, for problems found after validation.
 */
export function parseYaml<S extends z.ZodType>(
  file: SourceFile,
  schema: S,
): Parsed<z.output<S>> & { where: Locate } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where: Locate = (path) => ({
    file: file.path,
    ...locate(doc, path, lineCounter),
    field: formatPath(path),
  });
  if (doc.errors.length > 0) {
    return {
      where,
      problems: doc.errors.map((error) => {
        const at = lineCounter.linePos(error.pos[0]);
        return problem('yaml-syntax', firstLine(error.message), {
          file: file.path,
          line: at.line,
          column: at.col,
        });
      }),
    };
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { value: result.data, problems: [], where };
  return {
    where,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      return problem('invalid-field', describeIssue(issue), where(path));
    }),
  };
}

/** The line of the deepest node on the path that exists, so "missing" points at its parent. */
function locate(
  doc: Document,
  path: (string | number)[],
  lineCounter: LineCounter,
): { line?: number; column?: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const at = lineCounter.linePos(node.range[0]);
      return { line: at.line, column: at.col };
    }
  }
  return {};
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_value')
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  return issue.message;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
