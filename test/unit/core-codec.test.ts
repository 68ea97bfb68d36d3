import { describe, expect, it } from 'vitest';
import { parseJson } from '../../electron/core/xapi/json-codec';
import { XapiError, xapiErrorFromWire, describeXapiError, toErrorInfo } from '../../electron/core/xapi/errors';
import { normalizeServerAddress, replaceHost } from '../../electron/core/xapi/address';

describe('parseJson', () => {
  it('parses plain JSON on the fast path', () => {
    expect(parseJson('{"a":[1,2.5,"x"],"b":null}')).toEqual({ a: [1, 2.5, 'x'], b: null });
  });

  it('tolerates bare Infinity, -Infinity and NaN outside strings', () => {
    const v = parseJson('{"result":{"x":Infinity,"y":-Infinity,"z":NaN,"l":[NaN, 1,-Infinity]},"id":1}') as { result: Record<string, unknown> };
    expect(v.result.x).toBe(Infinity);
    expect(v.result.y).toBe(-Infinity);
    expect(Number.isNaN(v.result.z)).toBe(true);
    expect(v.result.l).toEqual([NaN, 1, -Infinity]);
  });

  it('never touches the tokens inside strings, escapes included', () => {
    const text = '{"s":"Infinity NaN -Infinity","q":"say \\"NaN\\" \\\\","n":NaN,"k":"NaN"}';
    const v = parseJson(text) as Record<string, unknown>;
    expect(v.s).toBe('Infinity NaN -Infinity');
    expect(v.q).toBe('say "NaN" \\');
    expect(Number.isNaN(v.n)).toBe(true);
    expect(v.k).toBe('NaN');
  });

  it('a string that looks like an internal marker stays a string', () => {
    const v = parseJson('{"a":"\\u0000xc:0:NaN","b":NaN}') as Record<string, unknown>;
    expect(v.a).toBe('\u0000xc:0:NaN');
  });

  it('still rejects garbage', () => {
    expect(() => parseJson('{"a":}')).toThrow();
    expect(() => parseJson('{"a":Inf}')).toThrow();
  });

  it('keeps __proto__ as an own data property on both paths', () => {
    for (const text of ['{"__proto__":{"polluted":1}}', '{"__proto__":{"polluted":1},"x":NaN}']) {
      const v = parseJson(text) as Record<string, unknown>;
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(v, '__proto__')).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});

describe('XapiError', () => {
  it('builds code and params from a v2 error', () => {
    const e = xapiErrorFromWire({ code: 1, message: 'VM_BAD_POWER_STATE', data: ['OpaqueRef:1', 'halted', 'running'] });
    expect(e).toBeInstanceOf(XapiError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('VM_BAD_POWER_STATE');
    expect(e.params).toEqual(['OpaqueRef:1', 'halted', 'running']);
    expect(e.message).toMatch(/^VM_BAD_POWER_STATE: You attempted an operation on a VM that was not in an appropriate power state/);
    expect(e.fromServer).toBe(true);
  });

  it('builds code and params from a v1 error array', () => {
    const e = xapiErrorFromWire(['SESSION_AUTHENTICATION_FAILED', 'root', 'Authentication failure']);
    expect(e.code).toBe('SESSION_AUTHENTICATION_FAILED');
    expect(e.params).toEqual(['root', 'Authentication failure']);
    expect(e.toErrorInfo()).toEqual({ code: 'SESSION_AUTHENTICATION_FAILED', params: ['root', 'Authentication failure'], message: e.message });
  });

  it('stringifies non-string params and copes with a missing data field', () => {
    expect(xapiErrorFromWire({ message: 'X_UNKNOWN', data: [1, true] }).params).toEqual(['1', 'true']);
    expect(xapiErrorFromWire({ message: 'HOST_IS_SLAVE' }).params).toEqual([]);
    expect(xapiErrorFromWire(42).code).toBe('INVALID_RESPONSE');
  });

  it('describes unknown codes with their params and maps foreign errors', () => {
    expect(describeXapiError('NOT_A_CODE', ['a', 'b'])).toBe('NOT_A_CODE (a, b)');
    expect(describeXapiError('__proto__', [])).toBe('__proto__');
    expect(toErrorInfo(new Error('boom'))).toEqual({ code: 'INTERNAL_ERROR', params: [], message: 'boom' });
  });
});

describe('normalizeServerAddress', () => {
  const table: Array<[string, string]> = [
    ['host', 'https://host'],
    ['  xen1.example.com  ', 'https://xen1.example.com'],
    ['host:8443', 'https://host:8443'],
    ['1.2.3.4', 'https://1.2.3.4'],
    ['1.2.3.4:80', 'https://1.2.3.4:80'],
    ['[::1]:8443', 'https://[::1]:8443'],
    ['[fe80::1]', 'https://[fe80::1]'],
    ['http://h:8080', 'http://h:8080'],
    ['http://h:8080/', 'http://h:8080'],
    ['https://h', 'https://h'],
    ['HTTPS://H', 'https://h'],
    ['https://h:443', 'https://h'],
  ];
  it.each(table)('%s -> %s', (input, url) => {
    expect(normalizeServerAddress(input)).toBe(url);
  });

  const bad = ['', '   ', 'ftp://h', 'host:99999', 'host:port', 'a b', 'http://', 'h/path', 'user@host', 'h?x=1', '1.2.3', '1.2.3.256', 'ho$t', '[::1'];
  it.each(bad)('rejects %j with a clear message', (input) => {
    let err: unknown;
    try { normalizeServerAddress(input); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(XapiError);
    expect((err as XapiError).code).toBe('INVALID_ADDRESS');
    expect((err as XapiError).message).toMatch(/not a valid server address/);
  });

  it('replaceHost keeps scheme and port', () => {
    expect(replaceHost('http://127.0.0.2:4567', '127.0.0.1')).toBe('http://127.0.0.1:4567');
    expect(replaceHost('https://a', 'b')).toBe('https://b');
    expect(replaceHost('https://a:8443', 'fe80::2')).toBe('https://[fe80::2]:8443');
  });
});
