import { problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import type { Agency } from '../schemas/agency.ts';
import type { CatalogEntry } from '../schemas/catalog-entry.ts';

/** An entry with the file it came from, for messages. */
export type SourcedEntry = { file: string; entry: CatalogEntry };

/** The file name an entry must have: its code with "/" replaced by "-". */
export function entryFileName(code: string): string {
  return `${code.replace('/', '-')}.yaml`;
}

/**
 * Rules that span files: unique codes and agencies, file names that match codes, and
 * references (provider, parent agency, related entries) that resolve.
 */
export function checkCatalog(
  agencies: readonly Agency[],
  agenciesFile: string,
  entries: readonly SourcedEntry[],
): Problem[] {
  const problems: Problem[] = [];
  const agencyCodes = new Set<string>();
  agencies.forEach((agency, i) => {
    if (agencyCodes.has(agency.code))
      problems.push(
        problem('duplicate', `agency "${agency.code}" is listed twice`, {
          file: agenciesFile,
          field: `agencies[${i}].code`,
        }),
      );
    agencyCodes.add(agency.code);
  });
  agencies.forEach((agency, i) => {
    if (agency.parent && !agencyCodes.has(agency.parent))
      problems.push(
        problem('unknown-reference', `unknown parent agency "${agency.parent}"`, {
          file: agenciesFile,
          field: `agencies[${i}].parent`,
        }),
      );
  });

  const codes = new Map<string, string>();
  for (const { file, entry } of entries) {
    const other = codes.get(entry.code);
    if (other)
      problems.push(
        problem('duplicate', `code ${entry.code} is also used by ${other}`, {
          file,
          field: 'code',
        }),
      );
    codes.set(entry.code, file);
    const expected = entryFileName(entry.code);
    if (!file.endsWith(`/${expected}`) && file !== expected)
      problems.push(
        problem('invalid-field', `the file for code ${entry.code} must be named ${expected}`, {
          file,
          field: 'code',
        }),
      );
  }
  for (const { file, entry } of entries) {
    if (!agencyCodes.has(entry.provider))
      problems.push(
        problem(
          'unknown-reference',
          `unknown agency "${entry.provider}"; agencies are listed in ${agenciesFile}`,
          { file, field: 'provider' },
        ),
      );
    entry.related.forEach((code, i) => {
      if (!codes.has(code))
        problems.push(
          problem('unknown-reference', `related entry ${code} is not in the catalog`, {
            file,
            field: `related[${i}]`,
          }),
        );
    });
  }
  return problems;
}
