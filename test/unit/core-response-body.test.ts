// The response body of one call (electron/core/xapi/response-body.ts): one buffer of the declared
// size when the server says it, the same text whatever the chunks and whatever the header says.
import { describe, expect, it } from 'vitest';
import { ResponseBody } from '../../electron/core/xapi/response-body';

const text = '{"result":"ünïcödé ✓ ' + 'x'.repeat(1000) + '"}';
const bytes = Buffer.from(text, 'utf8');
/** The bytes in chunks of `n`, cutting multi-byte characters in two. */
const chunks = (n: number) => Array.from({ length: Math.ceil(bytes.length / n) }, (_, i) => bytes.subarray(i * n, (i + 1) * n));

describe('ResponseBody', () => {
  it('reads the declared length into one buffer, across chunks that split characters', () => {
    for (const n of [1, 3, 7, 64, 5000]) {
      const b = new ResponseBody(String(bytes.length), 1 << 20);
      for (const c of chunks(n)) b.push(c);
      expect(b.text()).toBe(text);
    }
  });

  it('gives the same text when the header is missing, wrong, too big or hostile', () => {
    for (const declared of [undefined, '', 'abc', '-5', '1e9', String(bytes.length - 10), String(bytes.length * 2), '99999999999999', '1 2']) {
      const b = new ResponseBody(declared, 1 << 20);
      for (const c of chunks(13)) b.push(c);
      expect(b.text(), String(declared)).toBe(text);
    }
  });

  it('a declared length over the limit allocates nothing up front', () => {
    const b = new ResponseBody(String(512 * 1024 * 1024), 1024);
    b.push(Buffer.from('{}'));
    expect(b.text()).toBe('{}');
  });
});
