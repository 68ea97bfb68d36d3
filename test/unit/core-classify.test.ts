// What the event loop does after each kind of failure.
import { describe, it, expect } from 'vitest';
import { classifyEventError, classifyLoginError } from '../../electron/core/connection/classify';
import { XapiError } from '../../electron/core/xapi/errors';

const server = (code: string, params: string[] = []) => new XapiError(code, params, { fromServer: true });
const client = (code: string) => new XapiError(code, [], { fromServer: false });

describe('classifyEventError', () => {
  it.each([
    ['SESSION_INVALID', server('SESSION_INVALID', ['x']), 'relogin'],
    ['HOST_IS_SLAVE (the coordinator moved)', server('HOST_IS_SLAVE', ['10.0.0.2']), 'relogin'],
    ['EVENTS_LOST', server('EVENTS_LOST'), 'resync'],
    ['EVENT_FROM_TOKEN_PARSE_FAILURE', server('EVENT_FROM_TOKEN_PARSE_FAILURE', ['t']), 'resync'],
    ['an unexpected server error', server('INTERNAL_ERROR', ['?']), 'resync'],
    ['CONNECTION_FAILED', client('CONNECTION_FAILED'), 'retry'],
    ['CONNECTION_TIMEOUT', client('CONNECTION_TIMEOUT'), 'retry'],
    ['SESSION_AUTHENTICATION_FAILED', server('SESSION_AUTHENTICATION_FAILED', ['root', 'x']), 'fatal'],
    ['a non-XAPI error', new Error('boom'), 'resync'],
  ])('%s -> %s', (_name, error, expected) => {
    expect(classifyEventError(error)).toBe(expected);
  });
});

describe('classifyLoginError', () => {
  it('gives up on a wrong password or an untrusted certificate, retries network trouble', () => {
    expect(classifyLoginError(server('SESSION_AUTHENTICATION_FAILED', ['root', 'x']))).toBe('fatal');
    expect(classifyLoginError(client('CERTIFICATE_UNTRUSTED'))).toBe('fatal');
    expect(classifyLoginError(client('CONNECTION_FAILED'))).toBe('retry');
  });
});
