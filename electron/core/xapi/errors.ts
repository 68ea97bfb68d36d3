// XAPI errors and client-side failures share one shape: a code plus string params, so the UI can
// show every failure "in words plus its code" (DESIGN.md) without caring where it came from.
import { XAPI_ERRORS } from '../../../shared/xapi/errors.generated';
import type { ErrorInfo } from '../../../shared/ipc/contract';

/** Codes the client raises itself (not from the server). */
export type ClientErrorCode =
  | 'CONNECTION_FAILED' | 'CONNECTION_TIMEOUT' | 'CERTIFICATE_UNTRUSTED' | 'HTTP_ERROR' | 'INVALID_RESPONSE'
  | 'INVALID_ADDRESS' | 'REQUEST_ABORTED' | 'NOT_CONNECTED' | 'UNKNOWN_CONNECTION' | 'UNKNOWN_METHOD' | 'INTERNAL_ERROR'
  | 'CERTIFICATE_REJECTED' | 'CERTIFICATE_CHANGED' | 'IMPORT_INVALID' | 'MAIN_PASSWORD_TOO_SHORT' | 'MAIN_PASSWORD_INCORRECT'
  | 'SECRETS_UNAVAILABLE' | 'PASSWORD_NEEDED' | 'SERVER_USES_HTTP' | 'MAC_IN_USE';

export class XapiError extends Error {
  readonly code: string;
  readonly params: string[];
  /** True when the server produced the error (as opposed to the transport or the client). */
  readonly fromServer: boolean;
  /** HTTP status for HTTP_ERROR. */
  readonly status?: number;
  /**
   * CONNECTION_FAILED / CONNECTION_TIMEOUT only: the request had been sent in full when the
   * connection failed, so the server may have run it (the outcome is unknown).
   */
  requestSent?: boolean;

  constructor(code: string, params: string[], opts: { message?: string; fromServer?: boolean; status?: number; cause?: unknown } = {}) {
    super(opts.message ?? describeXapiError(code, params), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'XapiError';
    this.code = code;
    this.params = params;
    this.fromServer = opts.fromServer ?? false;
    if (opts.status !== undefined) this.status = opts.status;
  }

  toErrorInfo(): ErrorInfo {
    return { code: this.code, params: [...this.params], message: this.message };
  }
}

/** Longest param kept from a server error, and most params kept (real XAPI errors have a few short ones). */
const MAX_PARAM_CHARS = 16 * 1024;
const MAX_PARAMS = 64;

/**
 * A wire value as error text. Must never throw: a hostile error object nested thousands of levels
 * deep made JSON.stringify throw RangeError, and {"toString": 1} made String() throw TypeError,
 * so the call rejected with a bare RangeError/TypeError instead of an XapiError. Long values are
 * cut so a hostile multi-megabyte param cannot flood notifications and logs.
 */
export function paramToString(p: unknown): string {
  let s: string;
  try {
    s = typeof p === 'string' ? p : JSON.stringify(p) ?? String(p);
  } catch {
    s = Array.isArray(p) ? '[unprintable array]' : `[unprintable ${typeof p}]`;
  }
  return s.length > MAX_PARAM_CHARS ? `${s.slice(0, MAX_PARAM_CHARS)}… (${s.length - MAX_PARAM_CHARS} more characters)` : s;
}
const paramsToStrings = (ps: readonly unknown[]): string[] => ps.slice(0, MAX_PARAMS).map(paramToString);

/** "CODE: documentation" for known XAPI codes; "CODE (p1, p2)" otherwise. */
export function describeXapiError(code: string, params: readonly string[]): string {
  const known = Object.prototype.hasOwnProperty.call(XAPI_ERRORS, code) ? XAPI_ERRORS[code] : undefined;
  if (known && !known.doc.startsWith('(no documentation')) return `${code}: ${known.doc}`;
  return params.length ? `${code} (${params.join(', ')})` : code;
}

/** A v2 error object {code, message, data} or a v1 error array ["CODE", ...params]. */
export function xapiErrorFromWire(error: unknown): XapiError {
  if (Array.isArray(error) && error.length > 0) {
    return new XapiError(paramToString(error[0]), paramsToStrings(error.slice(1)), { fromServer: true });
  }
  if (typeof error === 'object' && error !== null) {
    const e = error as { message?: unknown; data?: unknown; code?: unknown };
    if (typeof e.message === 'string' && e.message.length > 0) {
      const data = Array.isArray(e.data) ? paramsToStrings(e.data) : e.data === undefined || e.data === null ? [] : [paramToString(e.data)];
      return new XapiError(paramToString(e.message), data, { fromServer: true });
    }
  }
  return new XapiError('INVALID_RESPONSE', [paramToString(error)], { message: `The server returned an unreadable error: ${paramToString(error)}` });
}

export function isXapiError(e: unknown): e is XapiError {
  return e instanceof XapiError;
}

/** Any thrown value as the serialisable ErrorInfo of the IPC contract. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof XapiError) return e.toErrorInfo();
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'INTERNAL_ERROR';
  return { code, params: [], message: e instanceof Error ? String(e.message) : paramToString(e) };
}
