import { DatarunError, problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import type { VersionTable } from '../disputes/locate-row.ts';
import { MAX_VERIFY_BATCH } from './verification.ts';
import type { VerificationSpec, VerifyAnswer, VerifyRequest } from './verification.ts';

/**
 * Verifies records against one version of an entry's data. Values are compared exactly after
 * trimming surrounding white space: no case folding, no partial or fuzzy matches, because a
 * near answer would let a caller narrow a value down by guessing.
 */

/** A table made ready for lookups by the spec's key. */
export type VerifyIndex = {
  code: string;
  version: number;
  /** Each key (see `keyOf`) held by exactly one row, and that row's index. */
  rows: ReadonlyMap<string, number>;
  /** Keys held by several rows: they answer `ambiguous`, never a comparison with one of them. */
  ambiguous: ReadonlySet<string>;
  /** Each verifiable field's column position. */
  positions: ReadonlyMap<string, number>;
  values: readonly (readonly string[])[];
};

/** The problems with a spec for a table with these columns: every column it names must exist. */
export function checkSpec(spec: VerificationSpec, columns: readonly string[]): Problem[] {
  const known = new Set(columns);
  const unknown = (list: readonly string[], field: string) =>
    list.flatMap((name, i) =>
      known.has(name)
        ? []
        : [
            problem(
              'invalid-field',
              `there is no column ${JSON.stringify(name)}; the columns are ${columns.join(', ')}`,
              { field: `${field}.${i}` },
            ),
          ],
    );
  return [
    ...unknown(spec.keyFields, 'keyFields'),
    ...unknown(spec.verifiableFields, 'verifiableFields'),
  ];
}

/**
 * The problems with an entry's declaration against its data's columns, each naming the entry
 * file and the declaration's field (`verification.keyFields.0`). A declaration on an entry
 * without data has nothing to verify against.
 */
export function declarationProblems(
  file: string,
  spec: VerificationSpec,
  columns: readonly string[] | undefined,
): Problem[] {
  if (!columns)
    return [
      problem(
        'invalid-field',
        'a verification service needs data to verify against; declare data, or remove verification',
        { file, field: 'verification' },
      ),
    ];
  return checkSpec(spec, columns).map((found) => ({
    ...found,
    file,
    field: `verification.${found.field}`,
  }));
}

/**
 * The lookup key of a record's key values, in the spec's order. One key column is its trimmed
 * value; several are a JSON array, so that no two different value lists give the same key.
 */
export function keyOf(spec: VerificationSpec, values: (name: string) => string): string {
  if (spec.keyFields.length === 1) return values(spec.keyFields[0]!).trim();
  return JSON.stringify(spec.keyFields.map((name) => values(name).trim()));
}

/** Indexes a table by the spec's key; throws the spec's problems if it names unknown columns. */
export function buildVerifyIndex(table: VersionTable, spec: VerificationSpec): VerifyIndex {
  const problems = checkSpec(spec, table.columns);
  if (problems.length > 0) throw new DatarunError(problems);
  const keyPositions = new Map(spec.keyFields.map((name) => [name, table.columns.indexOf(name)]));
  const rows = new Map<string, number>();
  const ambiguous = new Set<string>();
  table.rows.forEach((row, index) => {
    // A row with an empty key part cannot be asked about: requests must give every key value.
    if (spec.keyFields.some((name) => (row[keyPositions.get(name)!] ?? '').trim() === '')) return;
    const key = keyOf(spec, (name) => row[keyPositions.get(name)!] ?? '');
    if (ambiguous.has(key)) return;
    if (rows.has(key)) {
      rows.delete(key);
      ambiguous.add(key);
    } else rows.set(key, index);
  });
  const positions = new Map(
    spec.verifiableFields.map((name) => [name, table.columns.indexOf(name)]),
  );
  return {
    code: table.code,
    version: table.version,
    rows,
    ambiguous,
    positions,
    values: table.rows,
  };
}

/**
 * Answers each record: `match` when every field sent equals the row's value, `no-match` with the
 * names of those that differ, `not-found` or `ambiguous`. Throws a DatarunError holding every
 * problem with the request (batch size, missing or undeclared key fields, fields that may not
 * be verified), in which case nothing is answered.
 */
export function verifyRecords(
  index: VerifyIndex,
  spec: VerificationSpec,
  request: VerifyRequest,
): VerifyAnswer[] {
  const problems = requestProblems(spec, request);
  if (problems.length > 0) throw new DatarunError(problems);
  return request.records.map((record, i) => {
    const key = keyOf(spec, (name) => record.key[name]!);
    if (index.ambiguous.has(key)) return { index: i, result: 'ambiguous' };
    const row = index.rows.get(key);
    if (row === undefined) return { index: i, result: 'not-found' };
    const values = index.values[row]!;
    const differing = Object.keys(record.fields).filter(
      (name) => record.fields[name]!.trim() !== (values[index.positions.get(name)!] ?? '').trim(),
    );
    return differing.length === 0
      ? { index: i, result: 'match' }
      : { index: i, result: 'no-match', differing };
  });
}

/**
 * Every problem with a request, before any lookup: the batch size, then per record the key
 * fields missing or not declared and the fields that may not be verified.
 */
export function requestProblems(spec: VerificationSpec, request: VerifyRequest): Problem[] {
  const { records } = request;
  if (records.length === 0 || records.length > MAX_VERIFY_BATCH)
    return [
      problem(
        'invalid-field',
        `send between 1 and ${MAX_VERIFY_BATCH} records per call, not ${records.length}`,
        { field: 'records' },
      ),
    ];
  return records.flatMap((record, i) => recordProblems(spec, record, `records.${i}`));
}

function recordProblems(
  spec: VerificationSpec,
  record: VerifyRequest['records'][number],
  at: string,
): Problem[] {
  const keyList = spec.keyFields.join(' + ');
  const problems: Problem[] = [];
  for (const name of Object.keys(record.key))
    if (!spec.keyFields.includes(name))
      problems.push(
        problem(
          'invalid-field',
          `${JSON.stringify(name)} is not a key field; the key is ${keyList}`,
          {
            field: `${at}.key.${name}`,
          },
        ),
      );
  for (const name of spec.keyFields)
    if ((record.key[name] ?? '').trim() === '')
      problems.push(
        problem('invalid-field', `give a value for the key field ${JSON.stringify(name)}`, {
          field: `${at}.key.${name}`,
        }),
      );
  const allowed = spec.verifiableFields.length === 0 ? 'none' : spec.verifiableFields.join(', ');
  for (const name of Object.keys(record.fields))
    if (!spec.verifiableFields.includes(name))
      problems.push(
        problem(
          'invalid-field',
          spec.keyFields.includes(name)
            ? `${JSON.stringify(name)} is a key field; send it in key, not in fields`
            : `${JSON.stringify(name)} may not be verified; the verifiable fields are ${allowed}`,
          { field: `${at}.fields.${name}` },
        ),
      );
  return problems;
}
