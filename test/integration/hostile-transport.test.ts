// XapiClient against a local server that answers with generated hostile bodies (fast-check, fixed
// seed): every call must resolve with the result or reject with an XapiError with a clear code and
// string params. Never an unhandled exception, never a bare TypeError/RangeError.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XapiClient } from '../../electron/core/xapi/transport';
import { XapiError } from '../../electron/core/xapi/errors';

const SEED = 20261128;
const MAX_BYTES = 64 * 1024;

type Reply =
  | { kind: 'json'; status?: number; statusMessage?: string; body: (id: number) => string }
  | { kind: 'huge'; chunk: number }
  | { kind: 'destroy' }
  | { kind: 'short'; body: string };

let current: Reply = { kind: 'destroy' };
let server: http.Server;
let url: string;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown): void => { uncaught.push(e); };

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      let id = -1;
      try { id = (JSON.parse(body) as { id: number }).id; } catch { /* the client always sends JSON */ }
      res.on('error', () => { /* the client hung up on a huge body: expected */ });
      const r = current;
      switch (r.kind) {
        case 'json':
          res.writeHead(r.status ?? 200, r.statusMessage ?? 'OK', { 'Content-Type': r.status === 500 ? 'text/html' : 'application/json' });
          res.end(r.body(id));
          break;
        case 'huge': {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          const piece = `[${'"x",'.repeat(r.chunk)}`;
          const write = (n: number): void => {
            if (n === 0 || res.destroyed) { res.end(); return; }
            if (res.write(piece)) write(n - 1); else res.once('drain', () => write(n - 1));
          };
          write(Math.ceil((MAX_BYTES * 2) / piece.length));
          break;
        }
        case 'destroy':
          req.socket.destroy();
          break;
        case 'short':
          // Promises more than it sends, then hangs up mid-body.
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(r.body.length + 100) });
          res.write(r.body);
          setImmediate(() => req.socket.destroy());
          break;
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

const { tree: json } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.string({ maxLength: 20 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'message', 'data', 'code')), tie('tree'), { maxKeys: 4 }),
  ),
}));
const enc = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(enc).join(',')}]`;
  if (typeof v === 'object' && v !== null) return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${enc((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
};
const deepText = (n: number): string => `${'['.repeat(n)}"x"${']'.repeat(n)}`;
const idValue = fc.oneof(
  fc.constant((id: number) => String(id)), fc.constant((id: number) => JSON.stringify(String(id))), fc.constant(() => 'null'),
  fc.constant((id: number) => String(id + 1)), fc.constant(() => '{"toString": 1, "valueOf": 1}'), fc.constant(() => '"<script>alert(1)</script>"'),
  json.map((v) => () => enc(v)),
);

const reply: fc.Arbitrary<Reply> = fc.oneof(
  // Valid results, with and without id, with bare non-finite tokens.
  fc.tuple(json, fc.boolean()).map(([v, withId]): Reply => ({ kind: 'json', body: (id) => `{"jsonrpc":"2.0","result":${enc(v)}${withId ? `,"id":${id}` : ''}}` })),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '{Infinity: 1}', '[NaN, "NaN"]').map((t): Reply => ({ kind: 'json', body: (id) => `{"result":${t},"id":${id}}` })),
  // Error objects with wrong types: message not a string, data not an array, nested data.
  fc.record({ code: json, message: json, data: json }, { requiredKeys: [] }).map((e): Reply => ({ kind: 'json', body: (id) => `{"jsonrpc":"2.0","error":${enc(e)},"id":${id}}` })),
  fc.tuple(fc.string({ maxLength: 30 }), fc.array(json, { maxLength: 5 })).map(([m, d]): Reply => ({ kind: 'json', body: (id) => `{"error":{"code":1,"message":${JSON.stringify(m)},"data":${enc(d)}},"id":${id}}` })),
  fc.constant<Reply>({ kind: 'json', body: (id) => `{"error":{"message":"DEEP","data":[${deepText(50_000)}]},"id":${id}}` }),
  fc.constant<Reply>({ kind: 'json', body: (id) => `{"error":${deepText(50_000)},"id":${id}}` }),
  // v1 shapes: error arrays, XML-RPC style Status/Value.
  fc.array(json, { maxLength: 5 }).map((a): Reply => ({ kind: 'json', body: (id) => `{"result":null,"error":${enc(a)},"id":${id}}` })),
  json.map((v): Reply => ({ kind: 'json', body: () => `{"Status":"Success","Value":${enc(v)}}` })),
  // Wrong, odd and missing ids.
  fc.tuple(idValue, json).map(([idf, v]): Reply => ({ kind: 'json', body: (id) => `{"result":${enc(v)},"id":${idf(id)}}` })),
  // Not a JSON-RPC object at all; not JSON; truncated JSON.
  json.map((v): Reply => ({ kind: 'json', body: () => enc(v) })),
  fc.string({ unit: 'binary', maxLength: 60 }).map((t): Reply => ({ kind: 'json', body: () => t })),
  fc.tuple(json, fc.nat()).map(([v, n]): Reply => ({ kind: 'json', body: (id) => { const t = `{"result":${enc(v)},"id":${id}}`; return t.slice(0, n % t.length); } })),
  // HTTP errors with HTML (and markup in the status text).
  fc.tuple(fc.constantFrom(500, 502, 401, 404, 301, 204), fc.string({ maxLength: 40 })).map(([status, s]): Reply => ({
    kind: 'json', status, statusMessage: 'Internal <b>Error</b>', body: () => (status === 204 ? '' : `<html><body><script>alert(1)</script>${s}</body></html>`),
  })),
  // Bodies beyond maxResponseBytes, hang-ups.
  fc.constant<Reply>({ kind: 'huge', chunk: 4096 }),
  fc.constant<Reply>({ kind: 'destroy' }),
  json.map((v): Reply => ({ kind: 'short', body: `{"result":${enc(v)}` })),
);

const CODES_FROM_CLIENT = new Set(['INVALID_RESPONSE', 'HTTP_ERROR', 'CONNECTION_FAILED', 'CONNECTION_TIMEOUT']);

describe('XapiClient with hostile response bodies', () => {
  it('resolves or rejects with a clear XapiError, never anything else (600 runs)', async () => {
    const client = new XapiClient(url, { timeoutMs: 5_000, maxResponseBytes: MAX_BYTES });
    try {
      await fc.assert(fc.asyncProperty(reply, fc.array(json, { maxLength: 3 }), async (r, args) => {
        current = r;
        let result: unknown;
        try {
          result = await client.callWith('VM.get_record', args);
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(XapiError);
          const xe = e as XapiError;
          expect(typeof xe.code).toBe('string');
          expect(xe.code.length).toBeGreaterThan(0);
          expect(Array.isArray(xe.params) && xe.params.every((p) => typeof p === 'string')).toBe(true);
          expect(typeof xe.message).toBe('string');
          if (!xe.fromServer) expect(CODES_FROM_CLIENT).toContain(xe.code);
          if (r.kind === 'huge') expect(xe.code === 'INVALID_RESPONSE' || xe.code === 'CONNECTION_FAILED').toBe(true);
          if (r.kind === 'json' && r.status !== undefined && r.status !== 200) expect(xe.code).toBe('HTTP_ERROR');
          return;
        }
        // Only a well-formed 200 answer may resolve.
        expect(r.kind).toBe('json');
        expect((r as { status?: number }).status ?? 200).toBe(200);
        void result;
      }), { seed: SEED, numRuns: 600 });
    } finally {
      client.close({ force: true });
    }
    expect(uncaught).toEqual([]);
  }, 60_000);
});
