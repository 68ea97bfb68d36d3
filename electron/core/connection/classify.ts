// What the event loop does after a failed call.
import { XapiError } from '../xapi/errors';

export type Recovery =
  /** Network trouble or a server that is restarting: wait (backoff) and continue from the same token. */
  | 'retry'
  /** The session is gone: log in again and continue from the same token. */
  | 'relogin'
  /** The token cannot be trusted: start over with token "" and a cache reset. */
  | 'resync'
  /** Nothing will change by retrying (e.g. the password no longer works). */
  | 'fatal';

const TOKEN_ERRORS = new Set(['EVENTS_LOST', 'EVENT_FROM_TOKEN_PARSE_FAILURE', 'SESSION_NOT_REGISTERED']);
const FATAL_LOGIN_ERRORS = new Set([
  'SESSION_AUTHENTICATION_FAILED', 'SESSION_AUTHORIZATION_FAILED', 'RBAC_PERMISSION_DENIED', 'PASSWORD_NEEDED',
  // A certificate waits for the user's decision: retrying would only repeat the question.
  'CERTIFICATE_UNTRUSTED', 'CERTIFICATE_CHANGED', 'CERTIFICATE_REJECTED',
]);

export function classifyEventError(e: unknown): Recovery {
  if (!(e instanceof XapiError)) return 'resync';
  // HOST_IS_SLAVE: the host we talk to is no longer the coordinator; logging in again follows it.
  if (e.code === 'SESSION_INVALID' || e.code === 'HOST_IS_SLAVE') return 'relogin';
  // The host's certificate no longer verifies (replaced, or the pin changed): logging in again
  // asks the trust layer, which looks at the certificate and asks the user when it must.
  if (e.code === 'CERTIFICATE_UNTRUSTED') return 'relogin';
  if (TOKEN_ERRORS.has(e.code) || /TOKEN/.test(e.code)) return 'resync';
  if (FATAL_LOGIN_ERRORS.has(e.code)) return 'fatal';
  if (!e.fromServer) return 'retry'; // CONNECTION_FAILED, CONNECTION_TIMEOUT, HTTP_ERROR (5xx), INVALID_RESPONSE
  // Any other server error from event.from: we cannot trust where we are; resync (with backoff).
  return 'resync';
}

export function classifyLoginError(e: unknown): 'retry' | 'fatal' {
  if (e instanceof XapiError && (FATAL_LOGIN_ERRORS.has(e.code) || (e.code === 'HTTP_ERROR' && (e.status ?? 0) < 500 && (e.status ?? 0) !== 0))) {
    return 'fatal';
  }
  return 'retry';
}
