/**
 * The one place where errors become HTTP (STYLE.md habit 5): routes throw darkfleet's own
 * errors (a UsageError for a bad parameter, a DarkfleetError with code `not_found`,
 * `unauthorized`, ...), and `errorResponse` turns each into a status and one JSON shape:
 * `{"error": {"status", "code", "message"}}`. A store failure or a bug is a 500 that says
 * nothing about the SQL or the stack (those go to the server's log, `onInternal`).
 */
import { HTTPException } from 'hono/http-exception';
import { DarkfleetError, StoreError } from '../errors.js';

/** Error codes the API throws on purpose, and their HTTP status. */
export const API_ERROR_STATUS = {
  usage: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  uri_too_long: 414,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** A domain error the API answers with a status of API_ERROR_STATUS (`UsageError` for bad parameters). */
export function apiError(code: Exclude<ApiErrorCode, 'usage'>, message: string): DarkfleetError {
  return new DarkfleetError(code, message);
}

export interface ErrorBody {
  error: { status: number; code: string; message: string };
}

function isApiCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(API_ERROR_STATUS, code);
}

/** Status and body for anything a route threw; `internal` is true for a 5xx (to be logged). */
export function errorResponse(err: unknown): { status: number; body: ErrorBody; internal: boolean; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  if (err instanceof DarkfleetError && !(err instanceof StoreError) && isApiCode(err.code)) {
    const status = API_ERROR_STATUS[err.code];
    if (err.code === 'unauthorized') headers['WWW-Authenticate'] = 'Bearer realm="darkfleet"';
    if (err.code === 'method_not_allowed') headers.Allow = 'GET, HEAD';
    return { status, body: { error: { status, code: err.code, message: err.message } }, internal: false, headers };
  }
  if (err instanceof HTTPException && err.status < 500) {
    return { status: err.status, body: { error: { status: err.status, code: 'http', message: err.message || 'bad request' } }, internal: false, headers };
  }
  const message = err instanceof StoreError ? 'the store could not answer this request' : 'internal error';
  return { status: 500, body: { error: { status: 500, code: err instanceof StoreError ? 'store' : 'internal', message } }, internal: true, headers };
}
