import { DatarunError, formatProblem } from '../../core/errors.ts';

/**
 * The error kinds of CKAN's action API (`ckan/views/api.py`), with the status CKAN answers
 * each with. Clients such as ckanapi turn `__type` back into exceptions, so the names are
 * CKAN's, letter for letter. CKAN answers an unknown action or an unreadable body with a bare
 * JSON string; here they are `Bad Request` in the same envelope as every other error.
 */
export const CKAN_ERROR_STATUS = {
  'Bad Request': 400,
  'Search Query Error': 400,
  'Not Found Error': 404,
  'Method Not Allowed': 405,
  'Validation Error': 409,
  'Internal Server Error': 500,
  'Service Unavailable': 503,
} as const;
export type CkanErrorType = keyof typeof CKAN_ERROR_STATUS;

/** The `error` member of a failed answer: its kind, a message, and problems per parameter. */
export type CkanErrorBody = { __type: CkanErrorType; message: string } & Record<
  string,
  string | string[]
>;

/** An action that cannot answer; `fields` lists what is wrong with each parameter. */
export class CkanError extends Error {
  constructor(
    readonly type: CkanErrorType,
    message: string,
    readonly fields: Readonly<Record<string, readonly string[]>> = {},
  ) {
    super(message);
    this.name = 'CkanError';
  }

  get status(): (typeof CKAN_ERROR_STATUS)[CkanErrorType] {
    return CKAN_ERROR_STATUS[this.type];
  }
}

/** A parameter that does not validate: CKAN's `ValidationError`, 409, `{ field: [message] }`. */
export function invalid(field: string, message: string): CkanError {
  return new CkanError('Validation Error', `${field}: ${message}`, { [field]: [message] });
}

/** A search the query language cannot run: CKAN's `SearchQueryError`, 400. */
export function badQuery(field: string, message: string): CkanError {
  return new CkanError('Search Query Error', `Search Query is invalid: ${field}: ${message}`, {
    [field]: [message],
  });
}

/** CKAN's `NotFound`, 404; the message follows CKAN's `Not found: …`. */
export function notFound(what: string): CkanError {
  return new CkanError('Not Found Error', `Not found: ${what}`);
}

/**
 * Anything an action threw, as a CKAN error. Problems from shared code (a DatarunError) keep
 * their message and field; anything else is our fault and says nothing more than that.
 */
export function toCkanError(error: unknown): CkanError {
  if (error instanceof CkanError) return error;
  if (error instanceof DatarunError) {
    const fields: Record<string, string[]> = {};
    for (const problem of error.problems)
      if (problem.field) (fields[problem.field] ??= []).push(problem.message);
    const message = error.problems.map(formatProblem).join('; ');
    switch (error.code) {
      case 'invalid-field':
      case 'invalid-value':
      case 'unknown-reference':
        return new CkanError('Validation Error', message, fields);
      case 'not-found':
        return new CkanError('Not Found Error', `Not found: ${message}`, fields);
      case 'storage':
        return new CkanError('Service Unavailable', message);
    }
  }
  return new CkanError('Internal Server Error', 'Internal Server Error');
}

/** The `error` member of the envelope for a CKAN error. */
export function errorBody(error: CkanError): CkanErrorBody {
  const fields = error.fields as Record<string, string[]>;
  return { ...fields, __type: error.type, message: error.message } as CkanErrorBody;
}
