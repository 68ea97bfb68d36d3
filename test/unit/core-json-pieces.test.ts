// A big JSON response parsed as it arrives (electron/core/xapi/json-pieces.ts, JsonBody in
// response-body.ts): the same values as JSON.parse of the whole text, whatever the chunks, the
// strings inside and the hostile shapes around the big array; and never one text of the whole.
import { describe, expect, it } from 'vitest';
import { findArrayOfObjects, HEAD_MAX_BYTES, JsonPieces, PIECE_BYTES } from '../../electron/core/xapi/json-pieces';
import { JsonBody, PIECES_MIN_BYTES } from '../../electron/core/xapi/response-body';
import { parseJson } from '../../electron/core/xapi/json-codec';

/** An event.from answer of about `bytes` bytes; `name(i)` is each VM's name_label. */
function eventFrom(bytes: number, name: (i: number) => string = (i) => `vm ${i} ünïcödé ✓`): string {
  const events: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const ev = JSON.stringify({ id: String(i), timestamp: '0.0', class: 'vm', operation: 'add', ref: `OpaqueRef:${i}`,
      snapshot: { uuid: `u-${i}`, name_label: name(i), VBDs: [`OpaqueRef:b${i}`], other_config: { folder: '/a' }, memory: i * 1024, flag: i % 2 === 0 } });
    events.push(ev);
    size += ev.length + 1;
  }
  return `{"jsonrpc":"2.0","result":{"events":[${events.join(',')}],"valid_ref_counts":{"vm":${events.length}},"token":"42"},"id":1}`;
}

/** Feeds `text` to a JsonBody in chunks of `n` bytes (cutting characters in two); returns its value and the longest text it parsed. */
function read(text: string, n = 65_536, withLength = true): { value: unknown; longest: number; parses: number } {
  let longest = 0, parses = 0;
  const declared = withLength ? String(Buffer.byteLength(text)) : undefined;
  const body = new JsonBody(declared, 1 << 30, (t) => { longest = Math.max(longest, t.length); parses++; return parseJson(t); });
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += n) body.push(bytes.subarray(i, i + n));
  return { value: body.value(), longest, parses };
}

describe('findArrayOfObjects', () => {
  const find = (s: string) => findArrayOfObjects(Buffer.from(s));

  it('finds event.from\'s events and the keys that lead there', () => {
    const s = '{"jsonrpc":"2.0","result":{"events":[{"id":"1"}]}}';
    expect(find(s)).toEqual({ open: s.indexOf('[{'), path: ['result', 'events'] });
  });

  it('skips strings, scalars and arrays of other things; counts array indexes; allows spaces', () => {
    expect(find('[{"a":1}]')).toEqual({ open: 0, path: [] });
    expect(find('{"k[{":"v [{ \\" [{","n":-1.5e3,"t":true,"x":[1,[2,"[{"],null],"y":[ \n {}]}')?.path).toEqual(['y']);
    expect(find('[1,"a",[2],[{"b":1}]]')?.path).toEqual([3]);
    expect(find('{"a\\"b\\u0041":[{}]}')?.path).toEqual(['a"bA']);
    expect(find('{"__proto__":[{}]}')?.path).toEqual(['__proto__']);
  });

  it('finds nothing where no array of objects opens', () => {
    for (const s of ['{"result":[1,2,3]}', '{"result":"[{"}', '{"a":[]}', '{"a":"unterminated [{', '', '[']) expect(find(s), s).toBeUndefined();
  });
});

describe('JsonBody', () => {
  it('parses a big event.from in pieces to exactly what JSON.parse gives, without ever parsing the whole text', () => {
    const text = eventFrom(6 * PIECE_BYTES);
    for (const n of [65_536, 7_777, 1_000_003]) {
      const r = read(text, n);
      expect(r.value).toEqual(JSON.parse(text));
      expect(r.parses).toBeGreaterThan(3);
      expect(r.longest).toBeLessThan(2 * PIECE_BYTES + n);
    }
  });

  it('reads a body of unknown length in pieces too', () => {
    const text = eventFrom(5 * PIECE_BYTES);
    const r = read(text, 16_384, false);
    expect(r.value).toEqual(JSON.parse(text));
    expect(r.parses).toBeGreaterThan(1);
  });

  it('parses a body declared small, or one without an array of objects, whole', () => {
    const small = eventFrom(PIECES_MIN_BYTES / 2);
    expect(read(small)).toMatchObject({ value: JSON.parse(small), parses: 1 });
    const map = JSON.stringify({ result: Object.fromEntries(Array.from({ length: 120_000 }, (_, i) => [`OpaqueRef:${i}`, { name_label: `x${i}` }])) });
    expect(map.length).toBeGreaterThan(PIECES_MIN_BYTES);
    expect(read(map)).toMatchObject({ value: JSON.parse(map), parses: 1 });
    expect(read('{"result":[{"a":1}]}', 3, false)).toMatchObject({ value: { result: [{ a: 1 }] }, parses: 1 });
  });

  it('gives the same values when "},{" turns up inside strings, at any cut', () => {
    const text = eventFrom(5 * PIECE_BYTES, (i) => (i % 3 ? 'a},{"b":1},{c' : `},{${'},{'.repeat(i % 50)}`));
    const r = read(text);
    expect(r.value).toEqual(JSON.parse(text));
  });

  it('keeps the non-finite numbers real hosts send, in the pieces and in the rest', () => {
    const text = eventFrom(5 * PIECE_BYTES).replaceAll('"memory":1024,', '"memory":NaN,').replace('"token":"42"', '"token":"42","x":-Infinity');
    const v = read(text).value as { result: { events: Array<{ snapshot: { memory: number } }>; x: number } };
    expect(v.result.events[1].snapshot.memory).toBeNaN();
    expect(v.result.x).toBe(-Infinity);
    expect(v).toEqual(parseJson(text));
  });

  it('a later duplicate key that replaces the big array wins, as in JSON.parse', () => {
    const big = eventFrom(5 * PIECE_BYTES);
    for (const text of [
      big.replace('"token":"42"', '"token":"42","events":[1]'),
      big.replace(',"id":1}', ',"result":{"events":[]},"id":1}'),
    ]) expect(read(text).value).toEqual(JSON.parse(text));
  });

  it('keeps "__proto__" as an own key and never touches a prototype', () => {
    const text = eventFrom(5 * PIECE_BYTES).replace('"events"', '"__proto__"');
    const v = read(text).value as { result: object };
    expect(Object.getPrototypeOf(v.result)).toBe(Object.prototype);
    expect(Object.hasOwn(v.result, '__proto__')).toBe(true);
    expect(v).toEqual(JSON.parse(text));
  });

  it('throws a SyntaxError for a body that is not JSON, wherever the fault is', () => {
    const text = eventFrom(5 * PIECE_BYTES);
    for (const bad of [
      text.slice(0, text.length / 2),
      text.replace('"id":"1000",', '"id":"1000"},'),
      text.replace('"id":"15000",', '"id":x,'),
      `${text.slice(0, -1)},`,
      text.replace('"token"', 'token'),
      `${'['.repeat(HEAD_MAX_BYTES / 2)}${text}`,
    ]) {
      expect(bad).not.toBe(text);
      expect(() => read(bad).value, bad.slice(0, 60)).toThrow(SyntaxError);
    }
  });
});

describe('JsonPieces', () => {
  it('stops cutting when elements are bigger than a piece, and still gives the whole document', () => {
    const huge = JSON.stringify({ result: [{ a: 'x'.repeat(3 * PIECE_BYTES) }, { b: 1 }] });
    const pieces = JsonPieces.start(Buffer.from(huge.slice(0, 100)), JSON.parse)!;
    pieces.push(Buffer.from(huge.slice(100)));
    expect(pieces.end()).toEqual(JSON.parse(huge));
  });
});
