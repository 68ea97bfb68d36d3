// The transport and the event loop against a small scripted JSON-RPC server (faults the
// simulator may not offer: bare NaN tokens, HTTP 500, hangs, self-signed TLS, EVENTS_LOST,
// SESSION_INVALID in the middle of the loop).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import { XapiClient } from '../../electron/core/xapi/transport';
import { XapiError } from '../../electron/core/xapi/errors';
import { Connection } from '../../electron/core/connection/connection';
import type { CacheDelta, ConnectionInfo } from '../../shared/ipc/contract';
import { STAGE_MIN_OBJECTS } from '../../shared/first-load';
import { macOwner } from '../../electron/core/cache/mac-in-use';
import { createAppStore } from '../../renderer/src/state/store';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
const servers: Array<http.Server> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: Handler, tls?: { key: string; cert: string }): Promise<string> {
  const listener: http.RequestListener = (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => handler(req, body, res));
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const reply = (res: http.ServerResponse, text: string, status = 200): void => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(text);
};

describe('XapiClient', () => {
  it('POSTs JSON-RPC 2.0 to /jsonrpc with Content-Type exactly application/json and reads bare NaN', async () => {
    const seen: Array<{ url?: string; ct?: string; ua?: string; body: unknown }> = [];
    const url = await serve((req, body, res) => {
      seen.push({ url: req.url, ct: req.headers['content-type'], ua: req.headers['user-agent'], body: JSON.parse(body) });
      const id = (JSON.parse(body) as { id: number }).id;
      reply(res, `{"jsonrpc":"2.0","result":{"a":NaN,"b":-Infinity,"s":"NaN"},"id":${id}}`);
    });
    const c = new XapiClient(url);
    const r = await c.call<Record<string, unknown>>('host.get_record', 'OpaqueRef:s', 'OpaqueRef:h');
    expect(Number.isNaN(r.a)).toBe(true);
    expect(r.b).toBe(-Infinity);
    expect(r.s).toBe('NaN');
    expect(seen[0].url).toBe('/jsonrpc');
    expect(seen[0].ct).toBe('application/json');
    expect(seen[0].ua).toBe('PoolDesk');
    expect(seen[0].body).toMatchObject({ jsonrpc: '2.0', method: 'host.get_record', params: ['OpaqueRef:s', 'OpaqueRef:h'] });
    c.close();
  });

  it('turns a v2 error into an XapiError with code and params', async () => {
    const url = await serve((_req, body, res) => reply(res, JSON.stringify({ jsonrpc: '2.0', error: { code: 1, message: 'VM_BAD_POWER_STATE', data: ['OpaqueRef:v', 'halted', 'running'] }, id: JSON.parse(body).id })));
    const err = await new XapiClient(url).call('VM.start', 's', 'OpaqueRef:v', false, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XapiError);
    expect(err).toMatchObject({ code: 'VM_BAD_POWER_STATE', params: ['OpaqueRef:v', 'halted', 'running'] });
  });

  it('reports HTTP errors, unreadable bodies, timeouts and refused connections in words', async () => {
    const url500 = await serve((_req, _body, res) => reply(res, 'oops', 500));
    await expect(new XapiClient(url500).call('x.y')).rejects.toMatchObject({ code: 'HTTP_ERROR', params: ['500'], status: 500 });
    const urlBad = await serve((_req, _body, res) => reply(res, '<html>'));
    await expect(new XapiClient(urlBad).call('x.y')).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
    const urlHang = await serve(() => undefined);
    await expect(new XapiClient(urlHang, { timeoutMs: 200 }).call('x.y')).rejects.toMatchObject({ code: 'CONNECTION_TIMEOUT' });
    const closed = await serve(() => undefined);
    const port = new URL(closed).port;
    const s = servers.pop() as http.Server;
    await new Promise((r) => s.close(r));
    const err = await new XapiClient(closed).call('x.y').catch((e: unknown) => e) as XapiError;
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toBe(`Could not connect to 127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('reads a big event.from in pieces as it arrives, with or without Content-Length; a broken one is INVALID_RESPONSE', async () => {
    const events = Array.from({ length: 40_000 }, (_, i) => ({ id: String(i), class: 'vm', operation: 'add', ref: `OpaqueRef:${i}`,
      snapshot: { name_label: `vm ${i} ✓ },{`, memory: i % 7 ? i : NaN } }));
    const text = JSON.stringify({ jsonrpc: '2.0', result: { events, token: 't' }, id: 1 }).replaceAll('null', 'NaN');
    expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
    const bytes = Buffer.from(text);
    for (const declared of [true, false]) {
      const url = await serve((_req, _body, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', ...(declared ? { 'Content-Length': bytes.length } : {}) });
        // Odd-sized writes: cuts fall anywhere, characters split across chunks.
        for (let i = 0; i < bytes.length; i += 99_991) res.write(bytes.subarray(i, i + 99_991));
        res.end();
      });
      const c = new XapiClient(url);
      const r = await c.call<{ events: typeof events; token: string }>('event.from', 's', ['*'], '', 30.1);
      expect(r.token).toBe('t');
      expect(r.events).toEqual(events);
      c.close();
    }
    const broken = await serve((_req, _body, res) => reply(res, text.replace('"id":"30000",', '"id":30000}')));
    await expect(new XapiClient(broken).call('event.from')).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('an https:// address that reaches a plain-HTTP server says so and names the http:// address', async () => {
    const url = await serve((_req, body, res) => reply(res, JSON.stringify({ jsonrpc: '2.0', result: 'ok', id: JSON.parse(body).id })));
    const where = new URL(url).host;
    const err = await new XapiClient(`https://${where}`).call('x.y').catch((e: unknown) => e) as XapiError;
    expect(err).toMatchObject({ code: 'SERVER_USES_HTTP', params: [where, `http://${where}`], fromServer: false });
    expect(err.message).toBe(`${where} answered in plain HTTP, not HTTPS. If the server is meant to be reached without encryption, connect to http://${where}`);
  });

  it('verifies TLS: a self-signed certificate is refused in words, and accepted when given as ca', async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048, extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const url = await serve((_req, body, res) => reply(res, JSON.stringify({ jsonrpc: '2.0', result: 'ok', id: JSON.parse(body).id })), { key: pems.private, cert: pems.cert });
    const err = await new XapiClient(url).call('x.y').catch((e: unknown) => e) as XapiError;
    expect(err.code).toBe('CERTIFICATE_UNTRUSTED');
    expect(err.message).toMatch(/certificate of 127\.0\.0\.1:\d+ could not be verified/);
    const pinned = new XapiClient(url, { ca: pems.cert });
    await expect(pinned.call('x.y')).resolves.toBe('ok');
    pinned.close();
  }, 30_000);
});

/** A tiny XAPI: login, logout, event.from with a generation token, and scripted faults. */
function fakeXapi() {
  const state = {
    gen: 0,
    objects: new Map<string, { cls: string; rec: Record<string, unknown>; gen: number; deleted?: boolean }>(),
    sessions: new Set<string>(),
    logins: 0,
    eventCalls: [] as string[],
    restCalls: 0,
    /** While set, answers to the rest part wait here (the test calls them). */
    holdRest: false,
    heldRest: [] as Array<() => void>,
    faults: [] as Array<{ method: string; error: unknown[] }>,
  };
  const touch = (ref: string, cls: string, rec: Record<string, unknown> | null) => {
    state.gen++;
    if (rec) state.objects.set(ref, { cls, rec, gen: state.gen });
    else { const o = state.objects.get(ref); if (o) { o.deleted = true; o.gen = state.gen; } }
  };
  const handler: Handler = (_req, body, res) => {
    const { method, params, id } = JSON.parse(body) as { method: string; params: unknown[]; id: number };
    const ok = (result: unknown) => reply(res, JSON.stringify({ jsonrpc: '2.0', result, id }));
    const fail = (error: unknown[]) => reply(res, JSON.stringify({ jsonrpc: '2.0', error: { code: 1, message: error[0], data: error.slice(1) }, id }));
    const fault = state.faults.findIndex((f) => f.method === method);
    // "SELF" in a scripted error stands for the caller's session ref.
    if (fault >= 0) { const [f] = state.faults.splice(fault, 1); fail(f.error.map((p) => (p === 'SELF' ? params[0] : p))); return; }
    if (method === 'session.login_with_password') {
      if (params[1] !== 'pw') { fail(['SESSION_AUTHENTICATION_FAILED', String(params[0]), 'Authentication failure']); return; }
      const ref = `OpaqueRef:session-${++state.logins}`;
      state.sessions.add(ref);
      ok(ref);
      return;
    }
    if (!state.sessions.has(params[0] as string)) { fail(['SESSION_INVALID', String(params[0])]); return; }
    if (method === 'session.logout') { state.sessions.delete(params[0] as string); ok(''); return; }
    if (method === 'event.from') {
      const token = params[2] as string;
      // Like xapi: only the classes asked for ("*" for all). A first load comes in two parts: the
      // tree's classes (counted in eventCalls with every other call) and then the rest (restCalls).
      const classes = (params[1] as string[]).map((c) => c.toLowerCase());
      const wanted = (cls: string) => classes.includes('*') || classes.includes(cls.toLowerCase());
      if (classes.includes('vm') || classes.includes('*')) state.eventCalls.push(token); else state.restCalls++;
      const since = token === '' ? -1 : Number(token);
      if (Number.isNaN(since)) { fail(['EVENT_FROM_TOKEN_PARSE_FAILURE', token]); return; }
      const answer = () => {
        // Like a real host: a session logged out while the call blocks ends it with SESSION_INVALID.
        if (!state.sessions.has(params[0] as string)) { fail(['SESSION_INVALID', String(params[0])]); return; }
        const events = [...state.objects].filter(([, o]) => wanted(o.cls) && o.gen > since && !(token === '' && o.deleted)).map(([ref, o]) => (
          o.deleted ? { id: o.gen, timestamp: '', class: o.cls, operation: 'del', ref }
            : { id: o.gen, timestamp: '', class: o.cls, operation: token === '' ? 'add' : 'mod', ref, snapshot: o.rec }));
        ok({ events, valid_ref_counts: {}, token: String(state.gen) });
      };
      if (state.holdRest && !classes.includes('vm') && !classes.includes('*')) { state.heldRest.push(answer); return; }
      if (state.gen > since) answer(); else setTimeout(answer, 100);
      return;
    }
    fail(['MESSAGE_METHOD_UNKNOWN', method]);
  };
  return { state, touch, handler };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Connection event loop (scripted server)', () => {
  const conns: Connection[] = [];
  afterEach(async () => { for (const c of conns.splice(0)) await c.disconnect(); });

  function connect(url: string, deltas: CacheDelta[], states: ConnectionInfo[], password = 'pw'): Connection {
    const c = new Connection({ id: 'c1', url, user: 'root', password, eventTimeoutS: 1, flushIntervalMs: 5, backoffBaseMs: 20,
      onDelta: (d) => deltas.push(d), onState: (s) => states.push(s) });
    conns.push(c);
    return c;
  }

  /** Connects to a scripted server; resolves once connected, with what the connection sent. */
  async function connected(x: ReturnType<typeof fakeXapi>) {
    const deltas: CacheDelta[] = [];
    const states: ConnectionInfo[] = [];
    const c = connect(await serve(x.handler), deltas, states);
    await c.connect();
    await until(() => c.status === 'connected');
    return { c, deltas, states };
  }

  /** What a renderer's store holds of connection c1 after these deltas, beside main's cache. */
  function rendererAndCache(deltas: CacheDelta[], c: Connection) {
    const store = createAppStore();
    for (const d of deltas) store.getState().applyDelta(d);
    const view: Record<string, Record<string, unknown>> = {};
    for (const [cls, m] of store.getState().objects.get('c1') ?? new Map()) if (m.size) view[cls] = Object.fromEntries(m);
    const cached: Record<string, Record<string, unknown>> = {};
    for (const cls of c.cache.classes()) cached[cls] = Object.fromEntries(c.cache.getAll(cls));
    return { view, cached, loading: store.getState().loading.has('c1') };
  }

  it('a big pool\'s first load in two parts: connected and loading after the tree\'s classes, loaded after the rest; what changed in between is kept', async () => {
    const x = fakeXapi();
    for (let i = 0; i < STAGE_MIN_OBJECTS + 50; i++) x.touch(`OpaqueRef:v${i}`, 'vm', { name_label: `v${i}` });
    x.touch('OpaqueRef:m1', 'vm_metrics', { memory_actual: '1' });
    x.touch('OpaqueRef:m2', 'vm_metrics', { memory_actual: '2' });
    x.touch('OpaqueRef:vif', 'vif', { MAC: 'aa:00:00:00:00:01', VM: 'OpaqueRef:v2' });
    x.state.holdRest = true;
    const url = await serve(x.handler);
    const deltas: CacheDelta[] = [];
    const c = connect(url, deltas, []);
    await c.connect();
    await until(() => c.status === 'connected' && x.state.heldRest.length === 1);
    // The tree's part is out and the connection says it is loading; no metrics yet.
    expect(c.cache.get('vm', 'OpaqueRef:v0')).toEqual({ name_label: 'v0' });
    expect(c.cache.getAll('vm_metrics').size).toBe(0);
    expect(rendererAndCache(deltas, c).loading).toBe(true);
    expect(c.fullLoads).toBe(0);
    // Main's own check of a MAC in use waits for the VIFs instead of passing on a partial cache.
    let owner: string | undefined | null = null;
    const check = c.cache.whenComplete().then(() => { owner = macOwner(c.cache, 'AA:00:00:00:00:01'); });
    await new Promise((r) => setTimeout(r, 50));
    expect(owner).toBeNull();
    // Changes while the rest is asked, in both parts' classes.
    x.touch('OpaqueRef:v0', 'vm', { name_label: 'v0 renamed' });
    x.touch('OpaqueRef:b', 'vm', { name_label: 'b' });
    x.touch('OpaqueRef:v1', 'vm', null);
    x.touch('OpaqueRef:m1', 'vm_metrics', null);
    x.touch('OpaqueRef:m3', 'vm_metrics', { memory_actual: '3' });
    x.state.holdRest = false;
    x.state.heldRest.splice(0).forEach((answer) => answer());
    await until(() => c.fullLoads === 1 && c.cache.get('vm', 'OpaqueRef:b') !== undefined && c.cache.get('vm', 'OpaqueRef:v0')?.name_label === 'v0 renamed');
    expect(Object.fromEntries(c.cache.getAll('vm_metrics'))).toEqual({ 'OpaqueRef:m2': { memory_actual: '2' }, 'OpaqueRef:m3': { memory_actual: '3' } });
    expect(c.cache.get('vm', 'OpaqueRef:v1')).toBeUndefined();
    expect(c.cache.getAll('vm').size).toBe(STAGE_MIN_OBJECTS + 50);
    await check;
    expect(owner).toBe('v2');
    // The renderer ends with exactly the cache, loading no more.
    await until(() => !rendererAndCache(deltas, c).loading);
    const { view, cached } = rendererAndCache(deltas, c);
    expect(view).toEqual(cached);
    // One load of each part, then the loop goes on from the first part's token.
    expect(x.state.eventCalls[0]).toBe('');
    expect(x.state.restCalls).toBe(1);
    expect(x.state.eventCalls.filter((t) => t === '')).toHaveLength(1);
  });

  it('a small pool\'s first load goes in one message of every class, and it never says loading', async () => {
    const x = fakeXapi();
    x.touch('OpaqueRef:a', 'vm', { name_label: 'a' });
    x.touch('OpaqueRef:m1', 'vm_metrics', { memory_actual: '1' });
    x.touch('OpaqueRef:h', 'host', { name_label: 'h' });
    const { c, deltas, states } = await connected(x);
    expect(c.fullLoads).toBe(1);
    expect(x.state.restCalls).toBe(1);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({ reset: true });
    expect(deltas[0].loading).toBeUndefined();
    expect(deltas[0].changes.map((ch) => ch.ref).sort()).toEqual(['OpaqueRef:a', 'OpaqueRef:h', 'OpaqueRef:m1']);
    // Not connected before the whole load was in.
    expect(states.filter((st) => st.status === 'connected')).toHaveLength(1);
  });

  it('a refused token leads to a full resync that deletes the ghosts in one delta (no reset)', async () => {
    const x = fakeXapi();
    x.touch('OpaqueRef:a', 'vm', { name_label: 'a' });
    x.touch('OpaqueRef:b', 'vm', { name_label: 'b' });
    const url = await serve(x.handler);
    const deltas: CacheDelta[] = [];
    const c = connect(url, deltas, []);
    await c.connect();
    await until(() => c.status === 'connected' && c.cache.size() === 2);
    // b disappears while the server loses our events: only a resync can notice.
    x.state.objects.delete('OpaqueRef:b');
    x.state.faults.push({ method: 'event.from', error: ['EVENTS_LOST'] });
    x.touch('OpaqueRef:c', 'vm', { name_label: 'c' });
    await until(() => x.state.eventCalls.filter((t) => t === '').length === 2 && c.cache.get('vm', 'OpaqueRef:c') !== undefined);
    await until(() => deltas.some((d) => d.changes.some((ch) => ch.ref === 'OpaqueRef:b' && ch.op === 'del')));
    expect([...c.cache.getAll('vm').keys()].sort()).toEqual(['OpaqueRef:a', 'OpaqueRef:c']);
    expect(deltas.filter((d) => d.reset)).toHaveLength(1);
    expect(c.fullLoads).toBe(2);
    expect(x.state.restCalls).toBe(2);
    expect(c.status).toBe('connected');
  });

  it('unreachable, then SESSION_INVALID: the re-login loads from "" and replaces the cache (the server came back with another database)', async () => {
    const x = fakeXapi();
    x.touch('OpaqueRef:a', 'vm', { name_label: 'a' });
    x.touch('OpaqueRef:b', 'vm', { name_label: 'b' });
    x.touch('OpaqueRef:h1', 'host', { name_label: 'old host' });
    let down = false;
    const url = await serve((req, body, res) => (down ? res.socket?.destroy() : x.handler(req, body, res)));
    const deltas: CacheDelta[] = [];
    const states: ConnectionInfo[] = [];
    const c = connect(url, deltas, states);
    await c.connect();
    await until(() => c.status === 'connected' && c.cache.size() === 3);
    const tokenBefore = c.token;
    down = true;
    await until(() => states.some((st) => st.status === 'reconnecting' && st.error?.code === 'CONNECTION_FAILED'));
    // Back with another database: no session of ours, other objects, a generation below our token.
    x.state.sessions.clear();
    x.state.objects.clear();
    x.state.gen = 0;
    x.touch('OpaqueRef:x', 'vm', { name_label: 'x' });
    x.touch('OpaqueRef:h2', 'host', { name_label: 'new host' });
    const loginsBefore = x.state.logins;
    down = false;
    await until(() => c.status === 'connected' && c.cache.get('vm', 'OpaqueRef:x') !== undefined && c.cache.get('vm', 'OpaqueRef:a') === undefined);
    expect(x.state.logins).toBeGreaterThan(loginsBefore);
    expect(x.state.eventCalls.filter((t) => t === '')).toHaveLength(2);
    expect(Number(tokenBefore)).toBeGreaterThan(0);
    expect([...c.cache.getAll('vm').keys()]).toEqual(['OpaqueRef:x']);
    expect([...c.cache.getAll('host').keys()]).toEqual(['OpaqueRef:h2']);
    await until(() => deltas.some((d) => d.changes.some((ch) => ch.ref === 'OpaqueRef:h2')));
    // One delta swaps the pools; no reset, so the tree is never empty.
    const swap = deltas.find((d) => d.changes.some((ch) => ch.ref === 'OpaqueRef:h2'))!;
    expect(swap.reset).toBe(false);
    expect(swap.changes.map((ch) => `${ch.op} ${ch.ref}`).sort()).toEqual(['add OpaqueRef:h2', 'add OpaqueRef:x', 'del OpaqueRef:a', 'del OpaqueRef:b', 'del OpaqueRef:h1']);
  });

  it('SESSION_INVALID: logs in again and continues from the same token', async () => {
    const x = fakeXapi();
    x.touch('OpaqueRef:a', 'vm', { name_label: 'a' });
    const url = await serve(x.handler);
    const c = connect(url, [], []);
    await c.connect();
    await until(() => c.status === 'connected');
    x.state.sessions.clear();
    x.touch('OpaqueRef:a', 'vm', { name_label: 'renamed' });
    await until(() => c.cache.get('vm', 'OpaqueRef:a')?.name_label === 'renamed');
    expect(x.state.logins).toBe(2);
    expect(x.state.eventCalls.filter((t) => t === '')).toHaveLength(1);
    // Calls also survive a lost session.
    x.state.sessions.clear();
    await expect(c.call('VM.frob', [])).rejects.toMatchObject({ code: 'MESSAGE_METHOD_UNKNOWN' });
    expect(x.state.logins).toBeGreaterThanOrEqual(3);
    // A session error that survives the retry reaches the caller without the session ref.
    x.state.faults.push({ method: 'VM.frob', error: ['SESSION_INVALID', 'SELF'] });
    x.state.faults.push({ method: 'VM.frob', error: ['SESSION_INVALID', 'SELF'] });
    const err = await c.call('VM.frob', []).catch((e: unknown) => e) as XapiError;
    expect(err.code).toBe('SESSION_INVALID');
    expect(err.params).toEqual(['<session>']);
  });

  it('network failure: reconnecting with nextAttemptAt, then continues; a bad password on re-login fails the connection', async () => {
    const x = fakeXapi();
    x.touch('OpaqueRef:a', 'vm', { name_label: 'a' });
    let down = false;
    const url = await serve((req, body, res) => (down ? reply(res, 'busy', 503) : x.handler(req, body, res)));
    const states: ConnectionInfo[] = [];
    const c = connect(url, [], states);
    await c.connect();
    await until(() => c.status === 'connected');
    down = true;
    await until(() => c.status === 'reconnecting');
    const r = states.find((s) => s.status === 'reconnecting') as ConnectionInfo;
    expect(r.error?.code).toBe('HTTP_ERROR');
    expect(r.nextAttemptAt).toBeGreaterThan(Date.now() - 1000);
    x.touch('OpaqueRef:b', 'vm', { name_label: 'b' });
    down = false;
    await until(() => c.status === 'connected' && c.cache.size() === 2);
    expect(x.state.eventCalls.filter((t) => t === '')).toHaveLength(1);
    // The password stops working and the session goes: the connection fails with the reason.
    x.state.sessions.clear();
    x.state.faults.push({ method: 'session.login_with_password', error: ['SESSION_AUTHENTICATION_FAILED', 'root', 'Authentication failure'] });
    x.touch('OpaqueRef:a', 'vm', { name_label: 'a2' });
    await until(() => c.status === 'failed');
    expect(c.info.error?.code).toBe('SESSION_AUTHENTICATION_FAILED');
  });

  it('disconnect aborts the blocked event.from, logs out and empties the cache', async () => {
    const x = fakeXapi();
    x.touch('OpaqueRef:a', 'vm', { name_label: 'a' });
    const { c, deltas, states } = await connected(x);
    const t0 = Date.now();
    await c.disconnect();
    expect(Date.now() - t0).toBeLessThan(500);
    expect(c.status).toBe('disconnected');
    expect(x.state.sessions.size).toBe(0);
    expect(c.cache.size()).toBe(0);
    expect(deltas.at(-1)).toEqual({ connectionId: 'c1', reset: true, changes: [] });
    expect(states.map((s) => s.status)).toEqual(['connecting', 'connected', 'disconnected']);
  });
});
