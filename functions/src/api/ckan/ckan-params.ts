import { DatarunError, problem } from '../../core/errors.ts';

/**
 * Reading the parameters of a CKAN action. CKAN takes them from the query string, where every
 * value is text and a repeated name gives a list, or from a JSON body, where values keep their
 * JSON types (ckanapi posts `{"rows": 10}`). These readers accept both, as CKAN's validators
 * do, and throw a DatarunError naming the parameter; the action API answers it as CKAN's
 * `Validation Error`.
 */

/** An action's parameters: text or lists of text from a query string, any JSON from a body. */
export type CkanParams = Readonly<Record<string, unknown>>;

/** A problem with one parameter. */
export function paramError(name: string, message: string): DatarunError {
  return new DatarunError(problem('invalid-field', message, { field: name }));
}

const shown = (value: unknown) => JSON.stringify(value);

/** A value that must be given once: a repeated query parameter arrives as a list. */
function single(params: CkanParams, name: string): unknown {
  const value = params[name];
  if (Array.isArray(value)) throw paramError(name, `given ${value.length} times; give it once`);
  return value;
}

/** A text parameter; `undefined` when absent, null or empty. Numbers are taken as text. */
export function readText(params: CkanParams, name: string): string | undefined {
  const value = single(params, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw paramError(name, `expected text, got ${shown(value)}`);
}

/** A text parameter that must be there: CKAN's `Missing value`. */
export function requireText(params: CkanParams, name: string): string {
  const value = readText(params, name);
  if (value === undefined) throw paramError(name, 'Missing value');
  return value;
}

/**
 * A whole number, as CKAN's int_validator reads one: digits with an optional sign (spaces
 * around allowed), or a JSON number without a fraction. `undefined` when absent or blank.
 */
export function readInteger(params: CkanParams, name: string): number | undefined {
  const value = single(params, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isSafeInteger(number))
    throw paramError(name, `Invalid integer: expected a whole number, got ${shown(value)}`);
  return number;
}

/** A whole number of at least 0 (CKAN's natural_number_validator). */
export function readNatural(params: CkanParams, name: string): number | undefined {
  const number = readInteger(params, name);
  if (number !== undefined && number < 0)
    throw paramError(name, `Must be a natural number: got ${number}`);
  return number;
}

const TRUE = new Set(['true', 'yes', 'on', 'y', 't', '1']);
const FALSE = new Set(['false', 'no', 'off', 'n', 'f', '0', '']);

/** A flag, as CKAN's asbool reads one: true/false, yes/no, on/off, 1/0, any case. */
export function readBoolean(params: CkanParams, name: string, fallback: boolean): boolean {
  const value = single(params, name);
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  const word = String(value).trim().toLowerCase();
  if ((typeof value === 'string' || typeof value === 'number') && TRUE.has(word)) return true;
  if ((typeof value === 'string' || typeof value === 'number') && FALSE.has(word)) return false;
  throw paramError(name, `Parameter is not a bool: expected true or false, got ${shown(value)}`);
}

/**
 * A list of text given as a JSON array, as a JSON array written in one query parameter
 * (`["tags","organization"]`, as CKAN expects `facet.field`), by repeating the parameter, or
 * as one plain value. `undefined` when absent.
 */
export function readTextList(params: CkanParams, name: string): string[] | undefined {
  let value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      value = JSON.parse(value);
    } catch {
      throw paramError(name, `Could not parse as valid JSON: ${shown(value)}`);
    }
  }
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === 'string'))
    throw paramError(name, `expected a list of text, got ${shown(value)}`);
  return list;
}
