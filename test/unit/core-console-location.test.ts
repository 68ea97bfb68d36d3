// xapi/console-location.ts: the session cookie goes only to a host of the pool, never in clear
// beside a TLS API connection.
import { describe, expect, it } from 'vitest';
import { checkConsoleLocation } from '../../electron/core/xapi/console-location';

const ctx = { apiUrls: ['https://Pool.Example:443'], hostAddresses: ['10.0.0.1', '10.0.0.2', 'fd00::5'] };
const refused = (location: string, c = ctx) => {
  try { checkConsoleLocation(location, c); return null; } catch (e) { return (e as { code: string; params: string[] }).params[1] ?? (e as { code: string }).code; }
};

describe('checkConsoleLocation', () => {
  it('accepts a host address of the pool and the server logged in to, any case, IPv6 in brackets', () => {
    expect(refused('https://10.0.0.2/console?uuid=u')).toBeNull();
    expect(refused('https://pool.example/console?uuid=u')).toBeNull();
    expect(refused('https://[FD00::5]:443/console?uuid=u')).toBeNull();
    expect(refused('http://10.0.0.1/console?uuid=u', { apiUrls: ['http://10.0.0.1'], hostAddresses: [] })).toBeNull();
  });

  it('refuses other addresses, plain http beside TLS, and what is not an http(s) URL', () => {
    expect(refused('https://10.0.0.3/console?uuid=u')).toBe('not a host of the pool');
    expect(refused('https://pool.example.evil.net/console')).toBe('not a host of the pool');
    expect(refused('https://10.0.0.1@10.6.6.6/console')).toBe('not a host of the pool');
    expect(refused('http://10.0.0.1/console?uuid=u')).toBe('plain http');
    expect(refused('ftp://10.0.0.1/console')).toBe('CONSOLE_CONNECT_FAILED');
    expect(refused('https://10.0.0.1/console', { apiUrls: ['https://a'], hostAddresses: [] })).toBe('not a host of the pool');
  });
});
