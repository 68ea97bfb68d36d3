// Property-based hostile-input tests (fast-check, fixed seeds: a failure prints the seed and the
// shrunk counterexample) for the JSON codec, wire errors, the object cache and IPC validation.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJson } from '../../electron/core/xapi/json-codec';
import { XapiError, toErrorInfo, xapiErrorFromWire } from '../../electron/core/xapi/errors';
import { ObjectCache, type CacheEvent } from '../../electron/core/cache/object-cache';
import { ContractError, REQUEST_CHANNELS, validateRequest } from '../../shared/ipc/validate';

const SEED = 20261128;
const params = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns });

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', 'toString', 'hasOwnProperty', 'valueOf'];
const checkNoPollution = (): void => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  expect(typeof ({}).toString).toBe('function');
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
};
afterEach(checkNoPollution);

/** JSON values whose objects may use prototype-polluting keys. */
const hostileKey = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...POLLUTING_KEYS));
const { tree: hostileJson } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('tree'), { maxLength: 5 }),
    fc.dictionary(hostileKey, tie('tree'), { maxKeys: 5 }),
  ),
}));

/** Serialises like JSON.stringify but keeps "__proto__" keys as keys (fc.dictionary makes them own properties). */
function encode(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(encode).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${encode((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Every object key in the parsed tree must be an own data property; no prototype other than the default ones. */
function assertOwnData(v: unknown): void {
  if (Array.isArray(v)) { expect(Object.getPrototypeOf(v)).toBe(Array.prototype); v.forEach(assertOwnData); return; }
  if (typeof v !== 'object' || v === null) return;
  expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  for (const k of Object.keys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, k);
    expect(d && 'value' in d && d.enumerable).toBe(true);
    assertOwnData(d?.value);
  }
}

describe('parseJson under hostile input', () => {
  it('round-trips arbitrary JSON, "__proto__"/"constructor" keys stay own data properties (3000 runs)', () => {
    fc.assert(fc.property(hostileJson, (v) => {
      const parsed = parseJson(encode(v));
      // Compared as text: toStrictEqual is itself confused by own "constructor" keys.
      expect(encode(parsed)).toBe(encode(v));
      assertOwnData(parsed);
      checkNoPollution();
    }), params(3000));
  });

  it('reads bare Infinity/-Infinity/NaN in any value position, and only there (2000 runs)', () => {
    const tok = fc.constantFrom(['Infinity', Infinity], ['-Infinity', -Infinity], ['NaN', NaN]) as fc.Arbitrary<[string, number]>;
    fc.assert(fc.property(hostileJson, tok, fc.nat(), hostileKey.filter((k) => !['a', 't', 'n'].includes(k)), (v, [t, num], pick, key) => {
      // Put the token in as an array element and as an object value somewhere inside the tree.
      const text = `{"a":${encode(v)},"t":[${t},${JSON.stringify(t)}],${JSON.stringify(key)}:${t},"n":${pick}}`;
      const parsed = parseJson(text) as Record<string, unknown>;
      expect((parsed.t as unknown[])[0]).toBe(num);
      // The same token inside a string literal stays text.
      expect((parsed.t as unknown[])[1]).toBe(t);
      expect(Object.getOwnPropertyDescriptor(parsed, key)?.value).toBe(num);
      assertOwnData(parsed);
    }), params(2000));
  });

  it('tokens inside strings (with escapes) never turn into numbers (2000 runs)', () => {
    const piece = fc.constantFrom('Infinity', '-Infinity', 'NaN', '\\"', '\\\\', '"', ' ', 'x', '\u0000', 'xc:');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, withBareToken) => {
      const s = pieces.join('');
      const text = `[${JSON.stringify(s)}${withBareToken ? ',NaN' : ''}]`;
      const parsed = parseJson(text) as unknown[];
      expect(parsed[0]).toBe(s);
      if (withBareToken) expect(parsed[1]).toBeNaN();
    }), params(2000));
  });

  it('garbage and truncated text throws a SyntaxError, never anything else (3000 runs)', () => {
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', ':', ',', '\\', 'N', 'a', 'I', '-', '1', ' ', 'e', 'u') , maxLength: 40 }),
      hostileJson.map((v) => encode(v)).chain((t) => fc.nat({ max: Math.max(0, t.length - 1) }).map((n) => t.slice(0, n))),
      hostileJson.map((v) => encode(v).replace(/null/g, 'Infinity').replace(/"/, '')),
    );
    fc.assert(fc.property(garbage, (text) => {
      let ok = true;
      try { JSON.parse(text); } catch { ok = false; }
      try {
        parseJson(text);
      } catch (e) {
        expect(e).toBeInstanceOf(SyntaxError);
        return;
      }
      // Accepted: either valid JSON, or valid JSON once bare non-finite tokens are numbers.
      if (!ok) expect(text).toMatch(/Infinity|NaN/);
    }), params(3000));
  });

  it('rejects a bare non-finite token used as an object key (the marker must not leak as a key)', () => {
    for (const t of ['{Infinity: 1}', '{"a": NaN, Infinity: 2}', '{-Infinity:1}', '{NaN:NaN}']) {
      expect(() => parseJson(t), t).toThrow(SyntaxError);
    }
  });

  it('100k levels of nesting: parses or throws a clear SyntaxError, never a RangeError', () => {
    for (const text of ['['.repeat(100_000), `${'['.repeat(100_000)}${']'.repeat(100_000)}`, `${'['.repeat(100_000)}NaN${']'.repeat(100_000)}`,
      `${'{"a":'.repeat(100_000)}NaN${'}'.repeat(100_000)}`]) {
      try {
        parseJson(text);
      } catch (e) {
        expect(e).toBeInstanceOf(SyntaxError);
      }
    }
  });

  it('huge strings stay intact (8 MiB, with a bare token next to it)', () => {
    const big = 'x'.repeat(8 * 1024 * 1024);
    const parsed = parseJson(`{"s":"${big}","n":NaN}`) as { s: string; n: number };
    expect(parsed.s.length).toBe(big.length);
    expect(parsed.n).toBeNaN();
  });
});

describe('wire errors under hostile input', () => {
  it('xapiErrorFromWire always returns an XapiError with string code and params (3000 runs)', () => {
    const deep = (n: number): unknown => { let v: unknown = 'x'; for (let i = 0; i < n; i++) v = [v]; return v; };
    const hostileError = fc.oneof(
      hostileJson,
      fc.record({ code: hostileJson, message: hostileJson, data: hostileJson }, { requiredKeys: [] }),
      fc.array(hostileJson, { maxLength: 6 }),
      fc.constant(JSON.parse('{"toString": 1, "valueOf": 1}')),
      fc.constant({ message: JSON.parse('{"toString": 1}'), data: JSON.parse('[{"toJSON": 1}]') }),
    );
    // Expensive shapes, checked once each: deep nesting broke JSON.stringify, huge data flooded messages.
    const heavy: unknown[] = [
      { message: 'X', data: [deep(20_000)] }, [deep(20_000)], { message: 5, data: deep(20_000) }, deep(20_000),
      { message: 'HUGE', data: ['y'.repeat(1_000_000), ...Array.from({ length: 5000 }, (_v, i) => String(i))] },
      { message: 'z'.repeat(1_000_000) }, ['w'.repeat(1_000_000)],
    ];
    for (const err of heavy) {
      const e = xapiErrorFromWire(err);
      expect(e).toBeInstanceOf(XapiError);
      expect(e.code.length).toBeLessThan(20_000);
      expect(e.params.length).toBeLessThanOrEqual(64);
      expect(e.params.every((p) => typeof p === 'string' && p.length < 20_000)).toBe(true);
      expect(e.message.length).toBeLessThan(64 * 20_000);
    }
    fc.assert(fc.property(hostileError, (err) => {
      const e = xapiErrorFromWire(err);
      expect(e).toBeInstanceOf(XapiError);
      expect(typeof e.code).toBe('string');
      expect(e.code.length).toBeLessThan(20_000);
      expect(e.params.every((p) => typeof p === 'string' && p.length < 20_000)).toBe(true);
      expect(e.params.length).toBeLessThanOrEqual(64);
      expect(typeof e.message).toBe('string');
      const info = toErrorInfo(e);
      expect(typeof info.message).toBe('string');
    }), params(3000));
  });

  it('toErrorInfo never throws, whatever was thrown', () => {
    for (const v of [Object.create(null), JSON.parse('{"toString": 1}'), null, undefined, 5, Symbol('s'), 10n, new Error('x')]) {
      const info = toErrorInfo(v);
      expect(typeof info.message).toBe('string');
      expect(typeof info.code).toBe('string');
    }
  });
});

describe('ObjectCache under hostile event lists', () => {
  const cls = fc.oneof(fc.constantFrom('vm', 'VM', 'host', 'pool', 'task', 'Task', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', ''), fc.string({ maxLength: 6 }));
  const ref = fc.oneof(fc.constantFrom('OpaqueRef:1', 'OpaqueRef:2', 'OpaqueRef:NULL', '__proto__', 'constructor', ''), fc.string({ maxLength: 6 }));
  const op = fc.oneof(fc.constantFrom('add', 'mod', 'del', 'ADD', 'delete', '__proto__', ''), fc.string({ maxLength: 4 }));
  const snapshot = fc.oneof(hostileJson, fc.dictionary(hostileKey, hostileJson, { maxKeys: 4 }), fc.constant(JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}')));
  const event = fc.oneof(
    { weight: 6, arbitrary: fc.record({ class: cls, operation: op, ref, snapshot }, { requiredKeys: ['class', 'operation'] }) },
    { weight: 1, arbitrary: hostileJson },
    { weight: 1, arbitrary: fc.record({ class: hostileJson, operation: hostileJson, ref: hostileJson, snapshot: hostileJson }) },
  );

  /** Feeds the batches (one flush window each) to a cache and checks it and the deltas against a simple model. */
  function checkAgainstModel(batches: unknown[][]): void {
    const cache = new ObjectCache({ connectionId: 'c1' });
    const model = new Map<string, Map<string, unknown>>();
    let renderer = new Map<string, unknown>();
    for (const batch of batches) {
      cache.apply(batch as CacheEvent[]);
      // The last add/mod snapshot of each object in this window: a del carries it as the final record.
      const putInBatch = new Map<string, unknown>();
      for (const raw of batch) {
        const ev = raw as Partial<Record<string, unknown>> | null;
        if (!ev || typeof ev !== 'object' || typeof ev.class !== 'string' || typeof ev.ref !== 'string' || !ev.class || !ev.ref) continue;
        const c = ev.class.toLowerCase();
        if (ev.operation === 'del') model.get(c)?.delete(ev.ref);
        else if ((ev.operation === 'add' || ev.operation === 'mod') && typeof ev.snapshot === 'object' && ev.snapshot !== null && !Array.isArray(ev.snapshot)) {
          if (!model.has(c)) model.set(c, new Map());
          model.get(c)?.set(ev.ref, ev.snapshot);
          putInBatch.set(`${c}\u0000${ev.ref}`, ev.snapshot);
        }
      }
      const delta = cache.flush();
      const seen = new Set<string>();
      for (const ch of delta?.changes ?? []) {
        const key = `${ch.cls}\u0000${ch.ref}`;
        expect(seen.has(key), `two changes for ${key}`).toBe(false);
        seen.add(key);
        expect(['add', 'mod', 'del']).toContain(ch.op);
        if (ch.op === 'del') {
          // The final record is there exactly when the object changed in this window, and is its last snapshot.
          expect(ch.record === undefined, `record on del of ${key}`).toBe(!putInBatch.has(key));
          if (ch.record !== undefined) expect(ch.record).toBe(putInBatch.get(key));
          // Only a task may be deleted without the renderer having had it (added and deleted in one window).
          if (!renderer.has(key)) { expect(ch.cls).toBe('task'); expect(ch.record).toBeDefined(); }
          renderer.delete(key);
        } else {
          if (ch.op === 'mod') expect(renderer.has(key)).toBe(true);
          renderer.set(key, ch.record);
        }
      }
      // The cache agrees with a simple model, and so does the renderer rebuilt from the deltas.
      const expected = new Map<string, unknown>();
      for (const [c, objs] of model) for (const [r, rec] of objs) expected.set(`${c}\u0000${r}`, rec);
      // Every task that changed in this window and is gone now reached the renderer with its final record.
      for (const [key, rec] of putInBatch) {
        if (!key.startsWith('task\u0000') || expected.has(key)) continue;
        expect(delta?.changes.find((ch) => `${ch.cls}\u0000${ch.ref}` === key)).toEqual({ cls: 'task', ref: key.slice(5), op: 'del', record: rec });
      }
      const actual = new Map<string, unknown>();
      for (const c of cache.classes()) {
        expect(typeof c).toBe('string');
        for (const [r, rec] of cache.getAll(c)) {
          expect(typeof r).toBe('string');
          expect(typeof rec === 'object' && rec !== null && !Array.isArray(rec)).toBe(true);
          expect(cache.get(c, r)).toBe(rec);
          actual.set(`${c}\u0000${r}`, rec);
        }
      }
      expect(actual).toEqual(expected);
      expect(renderer).toEqual(expected);
      expect(cache.size()).toBe(expected.size);
      // A fresh renderer (reset delta) sees the same.
      renderer = new Map((cache.toDelta().changes).map((ch) => [`${ch.cls}\u0000${ch.ref}`, ch.record]));
      checkNoPollution();
    }
    cache.dispose();
  }

  it('never throws, never pollutes, stays consistent, flushes one change per (cls, ref) (2000 runs)', () => {
    fc.assert(fc.property(fc.array(fc.array(event, { maxLength: 25 }), { maxLength: 4 }), checkAgainstModel), params(2000));
  });

  // The same checks with few classes and refs and valid snapshots, so add/mod/del of one object
  // (a task finished and destroyed within one window, add+del of a task or a VM) meet often.
  it('dense add/mod/del of a few tasks and VMs: final records on dels, nothing lost (2000 runs)', () => {
    const dense = fc.record({
      class: fc.constantFrom('task', 'TASK', 'vm'), operation: fc.constantFrom('add', 'mod', 'del'),
      ref: fc.constantFrom('OpaqueRef:1', 'OpaqueRef:2'), snapshot: fc.dictionary(fc.constantFrom('status', 'progress'), fc.integer(), { maxKeys: 2 }),
    });
    fc.assert(fc.property(fc.array(fc.array(dense, { maxLength: 8 }), { maxLength: 5 }), checkAgainstModel), params(2000));
  });

  it('a non-array event list is ignored, not a crash', () => {
    const cache = new ObjectCache({ connectionId: 'c1' });
    for (const v of [null, undefined, 5, 'events', { length: 3 }, JSON.parse('{"__proto__": [1]}')]) {
      expect(() => cache.apply(v as unknown as CacheEvent[])).not.toThrow();
    }
    expect(cache.size()).toBe(0);
  });
});

describe('validateRequest under hostile payloads', () => {
  const channel = fc.oneof(fc.constantFrom(...REQUEST_CHANNELS, '__proto__', 'constructor', 'toString', 'session.login'), hostileJson);
  const method = fc.oneof(
    fc.constantFrom('VM.start', 'session.login_with_password', 'Session.logout', 'SESSION.get_uuid', 'event.from', 'Event.next', 'session.x',
      'Async.session.logout', 'VM.start\n', ' session.logout', 'VM..start', '__proto__.x', 'constructor.prototype'),
    fc.string({ maxLength: 20 }),
  );
  const deepArgs = fc.nat({ max: 40 }).map((n) => { let v: unknown = 1; for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v }; return [v]; });
  const oddValue = fc.constantFrom<unknown>(
    new Date(0), new Map(), new Set(), /x/, new (class Foo { a = 1; })(), Object.create(null), Object.create({ polluted: 1 }), new Uint8Array(2),
    undefined, NaN, Infinity, () => 1, Symbol('s'), 10n, 'z'.repeat(2 * 1024 * 1024),
  );
  const args = fc.oneof(fc.array(fc.oneof(hostileJson, oddValue), { maxLength: 5 }), deepArgs, hostileJson, oddValue);
  const payload = fc.oneof(
    fc.record({ connectionId: fc.oneof(fc.string({ maxLength: 5 }), hostileJson, oddValue), method, args }, { requiredKeys: [] }),
    fc.record({ address: hostileJson, user: hostileJson, password: hostileJson, connectionId: hostileJson, consoleRef: hostileJson, streamId: hostileJson, ref: hostileJson }, { requiredKeys: [] }),
    fc.constantFrom(
      JSON.parse('{"__proto__": {"polluted": 1}}'), JSON.parse('{"connectionId": "c", "__proto__": {"method": "VM.start", "args": []}}'),
      JSON.parse('{"constructor": {"prototype": {"polluted": 1}}}'), Object.create(null), [], new (class P { connectionId = 'c'; })(),
      { connectionId: 'c', method: 'VM.start', args: [], extra: 1 }, { address: 'h', user: 'u', password: 'p'.repeat(100_000) },
    ),
    hostileJson, oddValue,
  );

  it('throws only ContractError, never accepts session.*/event.*, non-plain objects, huge strings or deep args (5000 runs)', () => {
    fc.assert(fc.property(channel, payload, (ch, p) => {
      let res: { channel: string; args: unknown };
      try {
        res = validateRequest(ch, p);
      } catch (e) {
        expect(e).toBeInstanceOf(ContractError);
        return;
      }
      expect(typeof ch === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(ch)).toBe(true);
      expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
      expect(Object.keys(p as object)).not.toContain('__proto__');
      const a = res.args as Record<string, unknown>;
      for (const v of Object.values(a)) if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(64 * 1024);
      if (ch === 'xapi.call' || ch === 'xapi.callAsync') {
        expect(a.method).toMatch(/^[A-Za-z_]+\.[A-Za-z_0-9]+$/);
        expect(a.method).not.toMatch(/^(session|event)\./i);
        expect(Array.isArray(a.args)).toBe(true);
        expect(JSON.parse(JSON.stringify(a.args))).toEqual(a.args);
        expect(JSON.stringify(a.args).length).toBeLessThan(4 * 1024 * 1024);
        const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : typeof v === 'object' && v !== null ? Object.values(v).flatMap(strings) : []);
        for (const x of strings(a.args)) expect(x.length).toBeLessThanOrEqual(1024 * 1024);
      }
    }), params(5000));
  });

  it('rejects the classic tricks explicitly', () => {
    const bad: Array<[string, unknown]> = [
      ['xapi.call', { connectionId: 'c', method: 'session.logout', args: [] }],
      ['xapi.callAsync', { connectionId: 'c', method: 'Event.from', args: [] }],
      ['xapi.call', JSON.parse('{"connectionId": "c", "method": "VM.start", "args": [], "__proto__": {}}')],
      ['xapi.call', { connectionId: 'c', method: 'VM.start', args: [new Date()] }],
      ['xapi.call', { connectionId: 'c', method: 'VM.start', args: [Object.create(null)] }],
      ['xapi.call', { connectionId: 'c', method: 'VM.start', args: ['x'.repeat(8 * 1024 * 1024)] }],
      ['xapi.call', { connectionId: 'c', method: 'VM.start', args: [Array.from({ length: 1_000_000 }, () => 'xxxxxxxx')] }],
      ['xapi.call', { connectionId: 'c', method: 'VM.start', args: [JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`)] }],
      ['servers.add', { address: 'h', user: 'x'.repeat(64 * 1024 + 1), password: '' }],
      ['console.open', { connectionId: 'c', consoleRef: 'OpaqueRef:<script>' }],
      ['state.snapshot', new (class S {})()],
      // The renderer names connections; credentials and sessions for pool.join are main's own.
      ['pool.join', { connectionId: 'a', poolConnectionId: 'b', password: 'x' }],
      ['pool.join', { connectionId: 'a' }],
      ...[
        { vdiMap: { 'not-a-ref': 'OpaqueRef:s' } }, { vdiMap: { 'OpaqueRef:v': 42 } }, { vifMap: ['OpaqueRef:x'] },
        { vifMap: JSON.parse('{"__proto__": "OpaqueRef:n"}') }, { vdiMap: Object.fromEntries(Array.from({ length: 1025 }, (_, i) => [`OpaqueRef:v${i}`, 'OpaqueRef:s'])) },
        { dest: { session_id: 'OpaqueRef:s' } },
      ].map((over): [string, unknown] => ['vm.crossPoolMigrate', { connectionId: 'a', vmRef: 'OpaqueRef:v', destConnectionId: 'b', hostRef: 'OpaqueRef:h', vdiMap: {}, vifMap: {}, ...over }]),
      ['vm.crossPoolMigrateCheck', { connectionId: 'a', vmRef: 'OpaqueRef:v', destConnectionId: 'b', hostRef: 'OpaqueRef:h', vdiMap: {}, vifMap: {}, dest: {} }],
      ['vm.crossPoolMigrateCheck', { connectionId: 'a', vmRef: 'not-a-ref', destConnectionId: 'b', hostRef: 'OpaqueRef:h', vdiMap: {}, vifMap: {} }],
    ];
    for (const [ch, p] of bad) expect(() => validateRequest(ch, p), `${ch} ${JSON.stringify(p).slice(0, 200)}`).toThrow(ContractError);
    expect(validateRequest('vm.crossPoolMigrate', {
      connectionId: 'a', vmRef: 'OpaqueRef:v', destConnectionId: 'b', hostRef: 'OpaqueRef:h', vdiMap: { 'OpaqueRef:d': 'OpaqueRef:s' }, vifMap: {},
    }).args).toMatchObject({ vdiMap: { 'OpaqueRef:d': 'OpaqueRef:s' }, vifMap: {} });
    const getter = Object.defineProperty({ connectionId: 'c', method: 'VM.start' }, 'args', { enumerable: true, get() { throw new TypeError('boom'); } });
    expect(() => validateRequest('xapi.call', getter)).toThrow(ContractError);
  });
});
