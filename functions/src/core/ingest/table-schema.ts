/**
 * Where a dataset's Table Schema comes from: the entry's 信息项, a Frictionless schema or data
 * package, or inference from the data; and the check that a file's header matches it.
 */
import type { Item } from '../schemas/catalog-entry.ts';
import type { TableField, TableSchema } from '../schemas/dataset-version.ts';
import { ITEM_TYPES } from '../schemas/vocabulary.ts';
import { DatarunError, problem, type Problem } from '../errors.ts';

type FieldType = TableField['type'];

/** Builds the Table Schema declared by a catalog entry's 信息项 (items). */
export function tableSchemaFromItems(items: readonly Item[]): TableSchema {
  if (items.length === 0) {
    throw new DatarunError(
      problem(
        'invalid-field',
        'the entry declares no 信息项, so there is no schema to check the data against',
        {
          field: 'items',
        },
      ),
    );
  }
  const fields = items.map((item): TableField => {
    const field: TableField = { name: item.name, type: ITEM_TYPES[item.type] };
    if (item.nameEn) field.title = item.nameEn;
    if (item.description) field.description = item.description;
    if (item.required) field.constraints = { required: true };
    return field;
  });
  const primaryKey = items.filter((item) => item.key).map((item) => item.name);
  return primaryKey.length > 0 ? { fields, primaryKey } : { fields };
}

/**
 * How Frictionless types are published here. Types this platform does not check are kept as
 * text: yearmonth, time, duration, geopoint and the rest are still valid strings.
 */
const FRICTIONLESS_TYPES: Record<string, FieldType> = {
  string: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  year: 'integer',
  yearmonth: 'string',
  time: 'string',
  duration: 'string',
  any: 'string',
  geopoint: 'string',
  geojson: 'string',
  object: 'string',
  array: 'string',
  list: 'string',
};

export type FrictionlessOptions = {
  /** The resource to take from a data package; needed when it has more than one. */
  resource?: string;
  /** Named in problems. */
  file?: string;
};

/**
 * Reads a Frictionless Table Schema, or the schema of one resource of a data package
 * (datapackage.json). Titles, descriptions and `required` constraints are kept. Throws a
 * DatarunError whose problems name the JSON path of each fault.
 */
export function tableSchemaFromFrictionless(
  json: unknown,
  options: FrictionlessOptions = {},
): TableSchema {
  const problems: Problem[] = [];
  const fail = (path: string, message: string) =>
    problems.push(problem('invalid-field', message, { file: options.file, field: path }));
  const schema = findSchema(json, options.resource, fail);
  const result = schema && readSchema(schema.value, schema.path, fail);
  if (problems.length > 0 || !result) throw new DatarunError(problems);
  return result;
}

type Fail = (path: string, message: string) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function findSchema(
  json: unknown,
  resource: string | undefined,
  fail: Fail,
): { value: unknown; path: string } | undefined {
  if (!isObject(json)) {
    fail('$', 'expected a JSON object: a Table Schema or a data package');
    return undefined;
  }
  if (!('resources' in json)) return { value: json, path: '$' };
  const resources = json.resources;
  if (!Array.isArray(resources) || resources.length === 0) {
    fail('resources', 'expected a non-empty array of resources');
    return undefined;
  }
  const names = resources.map((r) =>
    isObject(r) && typeof r.name === 'string' ? r.name : undefined,
  );
  const listed = names
    .filter((n) => n !== undefined)
    .map((n) => JSON.stringify(n))
    .join(', ');
  let index = 0;
  if (resource !== undefined) {
    index = names.indexOf(resource);
    if (index < 0) {
      fail(
        'resources',
        `no resource is named ${JSON.stringify(resource)}; the package has ${listed || 'no named resources'}`,
      );
      return undefined;
    }
  } else if (resources.length > 1) {
    fail(
      'resources',
      `the package has ${resources.length} resources (${listed}); say which one, as datapackage.json#name`,
    );
    return undefined;
  }
  const path = `resources[${index}].schema`;
  const value = (resources[index] as Record<string, unknown> | undefined)?.schema;
  if (typeof value === 'string') {
    fail(
      path,
      `the schema is a separate file (${JSON.stringify(value)}); point the entry at that file instead`,
    );
    return undefined;
  }
  if (value === undefined) {
    fail(path, 'this resource has no schema');
    return undefined;
  }
  return { value, path };
}

function readSchema(value: unknown, path: string, fail: Fail): TableSchema | undefined {
  if (!isObject(value) || !Array.isArray(value.fields) || value.fields.length === 0) {
    fail(`${path}.fields`, 'expected a non-empty array of fields');
    return undefined;
  }
  const seen = new Set<string>();
  const fields: TableField[] = [];
  value.fields.forEach((raw: unknown, i: number) => {
    const at = `${path}.fields[${i}]`;
    if (!isObject(raw) || typeof raw.name !== 'string' || raw.name.trim() === '') {
      fail(`${at}.name`, 'every field needs a non-empty name');
      return;
    }
    if (seen.has(raw.name))
      fail(`${at}.name`, `the field name ${JSON.stringify(raw.name)} appears twice`);
    seen.add(raw.name);
    const frictionlessType = raw.type ?? 'string';
    const type =
      typeof frictionlessType === 'string' ? FRICTIONLESS_TYPES[frictionlessType] : undefined;
    if (!type) {
      fail(
        `${at}.type`,
        `unknown type ${JSON.stringify(frictionlessType)}; expected one of ${Object.keys(FRICTIONLESS_TYPES).join(', ')}`,
      );
      return;
    }
    const field: TableField = { name: raw.name, type };
    if (typeof raw.title === 'string' && raw.title !== '') field.title = raw.title;
    if (typeof raw.description === 'string' && raw.description !== '')
      field.description = raw.description;
    if (isObject(raw.constraints) && raw.constraints.required === true)
      field.constraints = { required: true };
    fields.push(field);
  });
  const key = value.primaryKey;
  if (key === undefined) return { fields };
  const primaryKey = typeof key === 'string' ? [key] : key;
  if (
    !Array.isArray(primaryKey) ||
    !primaryKey.every((k) => typeof k === 'string' && seen.has(k))
  ) {
    fail(
      `${path}.primaryKey`,
      `expected a field name or a list of field names; the fields are ${[...seen].join(', ')}`,
    );
    return undefined;
  }
  return { fields, primaryKey: primaryKey as string[] };
}

/**
 * Checks a file's header against the declared fields, in order. Cells are trimmed; an empty
 * cell takes the declared name (statistics exports often leave the first one empty), and a
 * cell may also give the field's title. Returns a `header-mismatch` problem, or undefined.
 */
export function matchHeader(
  schema: TableSchema,
  header: readonly string[],
  file?: string,
): Problem | undefined {
  const fields = schema.fields;
  const found = header.map((cell) => cell.trim());
  const differences: string[] = [];
  for (let k = 0; k < Math.max(fields.length, found.length); k++) {
    const field = fields[k];
    const cell = found[k];
    if (field === undefined)
      differences.push(`column ${k + 1} ${JSON.stringify(cell)} is not declared`);
    else if (cell === undefined)
      differences.push(`column ${k + 1} ${JSON.stringify(field.name)} is missing`);
    else if (cell !== '' && cell !== field.name && cell !== field.title) {
      differences.push(
        `column ${k + 1} is ${JSON.stringify(cell)}, expected ${JSON.stringify(field.name)}`,
      );
    }
  }
  if (differences.length === 0) return undefined;
  const sameNames =
    found.length === fields.length &&
    [...found].sort().join('\u0000') ===
      fields
        .map((f) => f.name)
        .sort()
        .join('\u0000');
  const shown = differences.slice(0, 10).join('; ');
  const more = differences.length > 10 ? `; and ${differences.length - 10} more` : '';
  const hint = sameNames
    ? ' (the same names in a different order: the columns must follow the declared order)'
    : '';
  return problem(
    'header-mismatch',
    `the header does not match the declared fields${hint}: ${shown}${more}`,
    {
      file,
      line: 1,
    },
  );
}
