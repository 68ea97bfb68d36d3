// The browser host's request checks: origin-form targets only, decoded safely; lone surrogates in
// a server-chosen file name do not break the download header.
import { describe, it, expect } from 'vitest';
import { parseTarget, MAX_TARGET_LENGTH } from '../../electron/web-host-guards';
import { contentDisposition } from '../../electron/web-host';

describe('parseTarget', () => {
  it('decodes an origin-form path and keeps its query', () => {
    const t = parseTarget('/a%20b/c.js?token=abc&stream=x%2Fy');
    expect(t.ok && t.path).toBe('/a b/c.js');
    expect(t.ok && t.query.get('stream')).toBe('x/y');
    // Dot segments stay as sent: the handlers confine paths themselves.
    expect(parseTarget('/transfer/a/../b')).toMatchObject({ ok: true, path: '/transfer/a/../b' });
  });

  it.each([
    ['absolute-form', 'http://[', 400], ['absolute-form with our authority', 'http://127.0.0.1:1/', 400],
    ['asterisk-form', '*', 400], ['authority-form', '127.0.0.1:80', 400], ['missing', undefined, 400],
    ['bad escape', '/%', 400], ['truncated UTF-8', '/%E0%A4%A', 400], ['overlong UTF-8', '/%c0%af', 400],
    ['escaped NUL', '/a%00b', 400], ['escaped DEL', '/a%7F', 400], ['raw control', '/a\u0001', 400],
    ['bad escape in the query', '/?token=%zz', 400], ['too long', '/' + 'a'.repeat(MAX_TARGET_LENGTH), 414],
  ])('refuses %s', (_what, raw, status) => {
    expect(parseTarget(raw)).toEqual({ ok: false, status });
  });
});

describe('contentDisposition', () => {
  it('replaces lone surrogates instead of throwing, and keeps pairs', () => {
    expect(contentDisposition('a\uD800b')).toBe(`attachment; filename="a_b"; filename*=UTF-8''a%EF%BF%BDb`);
    expect(contentDisposition('\uDC00')).toContain(`filename*=UTF-8''%EF%BF%BD`);
    expect(contentDisposition('vm 😀.xva')).toBe(`attachment; filename="vm __.xva"; filename*=UTF-8''vm%20%F0%9F%98%80.xva`);
  });
});
