import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../electron/core/connection/backoff';
import { classifyEventError, classifyLoginError } from '../../electron/core/connection/classify';
import { XapiError } from '../../electron/core/xapi/errors';

describe('reconnection policy', () => {
  it('backs off 0.5 s, 1, 2, 4 ... up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((n) => backoffDelayMs(n))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('classifies event.from failures', () => {
    const server = (code: string) => new XapiError(code, [], { fromServer: true });
    expect(classifyEventError(server('SESSION_INVALID'))).toBe('relogin');
    expect(classifyEventError(server('EVENTS_LOST'))).toBe('resync');
    expect(classifyEventError(server('EVENT_FROM_TOKEN_PARSE_FAILURE'))).toBe('resync');
    expect(classifyEventError(new XapiError('CONNECTION_FAILED', []))).toBe('retry');
    expect(classifyEventError(new XapiError('CONNECTION_TIMEOUT', []))).toBe('retry');
    expect(classifyEventError(new XapiError('HTTP_ERROR', ['503'], { status: 503 }))).toBe('retry');
    expect(classifyEventError(server('SESSION_AUTHENTICATION_FAILED'))).toBe('fatal');
    expect(classifyLoginError(new XapiError('CONNECTION_FAILED', []))).toBe('retry');
    expect(classifyLoginError(server('SESSION_AUTHENTICATION_FAILED'))).toBe('fatal');
  });
});
