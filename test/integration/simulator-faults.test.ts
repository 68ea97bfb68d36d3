// The simulator's fault injection, observed over raw HTTP (one fresh connection per request, no
// client code): dropped connections, delays, injected XAPI errors and HTTP 5xx, a toolstack
// restart, expired tokens, a coordinator switch, a dead coordinator, and the control endpoint.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index';

const USER = 'root';
const PASSWORD = 'fault-secret';
let sim: Simulator | undefined;
afterEach(async () => { await sim?.close(); sim = undefined; });

async function start(opts: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ port: 0, hosts: 3, vms: 4, taskDurationMs: 100, user: USER, password: PASSWORD, ...opts });
  return sim;
}

interface Reply { status: number; text: string; json?: { result?: unknown; error?: { message: string; data: string[] } } }

/** One HTTP request on its own connection; rejects with the socket error (code) when there is no reply. */
function post(url: string, path: string, body: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, url), { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Reply['json'];
        try { json = JSON.parse(text) as Reply['json']; } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

let nextId = 1;
const rpc = (url: string, method: string, params: unknown[]): Promise<Reply> =>
  post(url, '/jsonrpc', JSON.stringify({ jsonrpc: '2.0', method, params, id: nextId++ }));

async function ok<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const r = await rpc(url, method, params);
  if (r.status !== 200 || !r.json || r.json.error) throw new Error(`${method}: ${r.status} ${r.text}`);
  return r.json.result as T;
}

async function xapiError(url: string, method: string, params: unknown[]): Promise<string[]> {
  const r = await rpc(url, method, params);
  expect(r.status).toBe(200);
  expect(r.json?.error, `${method} should fail: ${r.text}`).toBeTruthy();
  return [r.json!.error!.message, ...r.json!.error!.data];
}

const loginAt = (url: string): Promise<string> => ok<string>(url, 'session.login_with_password', [USER, PASSWORD]);
const socketError = (p: Promise<unknown>): Promise<string> => p.then(() => 'answered', (e: NodeJS.ErrnoException) => e.code ?? e.message);
const memberUrl = (s: Simulator, n: number) => `http://127.0.0.${n}:${s.port}`;
function hostAt(s: Simulator, address: string): string {
  for (const [ref, h] of s.records('host')) if (h.address === address) return ref;
  throw new Error(`no host at ${address}`);
}

describe('request faults', () => {
  it('dropNextConnections: the next n requests get no reply, then service resumes', async () => {
    const s = await start();
    s.faults.dropNextConnections(2);
    expect(await socketError(rpc(s.url, 'session.login_with_password', [USER, PASSWORD]))).toBe('ECONNRESET');
    expect(await socketError(rpc(s.url, 'session.login_with_password', [USER, PASSWORD]))).toBe('ECONNRESET');
    expect(await loginAt(s.url)).toMatch(/^OpaqueRef:/);
    expect(s.faults.state().dropNext).toBe(0);
  });

  it('delayResponses: only the given methods wait; clearDelay releases a held request', async () => {
    const s = await start();
    const session = await loginAt(s.url);
    s.faults.delayResponses(400, { methods: ['VM.get_all'] });
    let t = Date.now();
    await ok(s.url, 'pool.get_all', [session]);
    expect(Date.now() - t).toBeLessThan(300);
    t = Date.now();
    await ok(s.url, 'VM.get_all', [session]);
    expect(Date.now() - t).toBeGreaterThanOrEqual(390);
    s.faults.delayResponses(20_000); // every method, far beyond any client timeout
    t = Date.now();
    const held = ok<string[]>(s.url, 'VM.get_all', [session]);
    setTimeout(() => s.faults.clearDelay(), 200);
    expect((await held).length).toBe(s.records('VM').size);
    expect(Date.now() - t).toBeLessThan(2_000);
  });

  it('a delayed request whose client gave up is never dispatched', async () => {
    const s = await start();
    const session = await loginAt(s.url);
    const vm = [...s.records('VM').keys()][0];
    s.faults.delayResponses(300);
    const req = http.request(new URL('/jsonrpc', s.url), { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ jsonrpc: '2.0', method: 'VM.set_name_label', params: [session, vm, 'never'], id: 1 }));
    await new Promise((r) => setTimeout(r, 100));
    req.destroy();
    await new Promise((r) => setTimeout(r, 400));
    s.faults.clearDelay();
    expect(s.records('VM').get(vm)?.name_label).not.toBe('never');
  });

  it('failMethod: a XAPI error for the next count calls, before any effect', async () => {
    const s = await start();
    const session = await loginAt(s.url);
    const vm = [...s.records('VM').keys()][0];
    const before = s.records('VM').get(vm)?.name_label;
    s.faults.failMethod('VM.set_name_label', { code: 'INTERNAL_ERROR', params: ['injected'], count: 2 });
    expect(await xapiError(s.url, 'VM.set_name_label', [session, vm, 'x'])).toEqual(['INTERNAL_ERROR', 'injected']);
    expect(await xapiError(s.url, 'VM.set_name_label', [session, vm, 'x'])).toEqual(['INTERNAL_ERROR', 'injected']);
    expect(s.records('VM').get(vm)?.name_label).toBe(before);
    await ok(s.url, 'VM.set_name_label', [session, vm, 'x']);
    expect(s.records('VM').get(vm)?.name_label).toBe('x');
    // The default count is one; other methods are untouched.
    s.faults.failMethod('event.from', { code: 'EVENTS_LOST' });
    await ok(s.url, 'VM.get_all', [session]);
    expect(await xapiError(s.url, 'event.from', [session, ['vm'], '', 0.1])).toEqual(['EVENTS_LOST']);
    await ok(s.url, 'event.from', [session, ['vm'], '', 0.1]);
  });

  it('failMethod: HTTP 503 with a body, Infinity times until clearFaults', async () => {
    const s = await start();
    const session = await loginAt(s.url);
    s.faults.failMethod('VM.get_all', { httpStatus: 503, body: 'Service Unavailable\n', count: Infinity });
    for (let i = 0; i < 3; i++) {
      const r = await rpc(s.url, 'VM.get_all', [session]);
      expect(r.status).toBe(503);
      expect(r.text).toBe('Service Unavailable\n');
    }
    expect(s.faults.state().failing['VM.get_all']).toEqual({ httpStatus: 503, remaining: 'Infinity' });
    s.faults.failMethod('host.get_all', { httpStatus: 500 });
    expect((await rpc(s.url, 'host.get_all', [session])).status).toBe(500);
    await s.faults.clearFaults();
    expect((await ok<string[]>(s.url, 'VM.get_all', [session])).length).toBe(s.records('VM').size);
  });
});

describe('server faults', () => {
  it('restart: sessions gone, objects kept, refused while down, old tokens honoured (xapi persists the generation)', async () => {
    const s = await start();
    const session = await loginAt(s.url);
    const { token } = await ok<{ token: string }>(s.url, 'event.from', [session, ['vm'], '', 0.1]);
    const vms = [...s.records('VM').keys()].sort();
    // A blocked event.from loses its connection.
    const blocked = socketError(rpc(s.url, 'event.from', [session, ['vm'], token, 10]));
    await new Promise((r) => setTimeout(r, 150));
    const restarted = s.faults.restart({ downMs: 300 });
    expect(await blocked).toBe('ECONNRESET');
    await new Promise((r) => setTimeout(r, 50));
    expect(await socketError(rpc(s.url, 'pool.get_all', [session]))).toBe('ECONNREFUSED');
    await restarted;
    expect(await xapiError(s.url, 'VM.get_all', [session])).toEqual(['SESSION_INVALID', session]);
    const fresh = await loginAt(s.url);
    expect((await ok<string[]>(s.url, 'VM.get_all', [fresh])).sort()).toEqual(vms);
    // The old token goes on: nothing changed to the VMs since, so nothing comes.
    const cont = await ok<{ events: unknown[]; token: string }>(s.url, 'event.from', [fresh, ['vm'], token, 0.1]);
    expect(cont.events).toEqual([]);
    const again = await ok<{ events: unknown[]; token: string }>(s.url, 'event.from', [fresh, ['vm'], '', 0.1]);
    expect(again.events).toHaveLength(vms.length);
    expect(s.faults.state().tokenFloor).toBe(0);
  });

  it('expireTokens: an old token is refused with EVENTS_LOST, sessions stay', async () => {
    const s = await start();
    const session = await loginAt(s.url);
    const { token } = await ok<{ token: string }>(s.url, 'event.from', [session, ['vm'], '', 0.1]);
    s.faults.expireTokens();
    expect(await xapiError(s.url, 'event.from', [session, ['vm'], token, 0.1])).toEqual(['EVENTS_LOST']);
    const next = await ok<{ token: string }>(s.url, 'event.from', [session, ['vm'], '', 0.1]);
    await ok(s.url, 'event.from', [session, ['vm'], next.token, 0.1]);
    // A call blocked with a good token wakes at once and answers EVENTS_LOST.
    const t = Date.now();
    const blocked = xapiError(s.url, 'event.from', [session, ['vm'], next.token, 10]);
    await new Promise((r) => setTimeout(r, 150));
    s.faults.expireTokens();
    expect(await blocked).toEqual(['EVENTS_LOST']);
    expect(Date.now() - t).toBeLessThan(2_000);
  });

  it('switchCoordinator: HOST_IS_SLAVE from the old address, the new one accepts logins and old sessions', async () => {
    const s = await start({ memberListeners: true });
    const session = await loginAt(s.url);
    const h2 = hostAt(s, '127.0.0.2');
    const blocked = socketError(rpc(s.url, 'event.from', [session, ['vm'], '', 0.1]).then(async (r) =>
      rpc(s.url, 'event.from', [session, ['vm'], (r.json?.result as { token: string }).token, 10])));
    await new Promise((r) => setTimeout(r, 200));
    s.faults.switchCoordinator(h2);
    expect(await blocked).toBe('ECONNRESET');
    expect([...s.records('pool').values()][0].master).toBe(h2);
    expect(await xapiError(s.url, 'session.login_with_password', [USER, PASSWORD])).toEqual(['HOST_IS_SLAVE', '127.0.0.2']);
    expect(await xapiError(s.url, 'VM.get_all', [session])).toEqual(['HOST_IS_SLAVE', '127.0.0.2']);
    expect(await xapiError(memberUrl(s, 3), 'session.login_with_password', [USER, PASSWORD])).toEqual(['HOST_IS_SLAVE', '127.0.0.2']);
    expect(await loginAt(memberUrl(s, 2))).toMatch(/^OpaqueRef:/);
    expect((await ok<string[]>(memberUrl(s, 2), 'VM.get_all', [session])).length).toBe(s.records('VM').size);
    // And back: the first host is the coordinator again.
    s.faults.switchCoordinator(hostAt(s, '127.0.0.1'));
    expect(await loginAt(s.url)).toMatch(/^OpaqueRef:/);
    expect(await xapiError(memberUrl(s, 2), 'session.login_with_password', [USER, PASSWORD])).toEqual(['HOST_IS_SLAVE', '127.0.0.1']);
  });

  it('killCoordinator: the old address refuses, another host takes over, clearFaults revives the old one as a member', async () => {
    const s = await start({ memberListeners: true });
    const session = await loginAt(s.url);
    const h1 = hostAt(s, '127.0.0.1');
    const h2 = hostAt(s, '127.0.0.2');
    const took = s.faults.killCoordinator({ delayMs: 400 });
    await new Promise((r) => setTimeout(r, 50));
    expect(await socketError(rpc(s.url, 'pool.get_all', [session]))).toBe('ECONNREFUSED');
    // Before the emergency transition the members still name the dead coordinator.
    expect(await xapiError(memberUrl(s, 2), 'session.login_with_password', [USER, PASSWORD])).toEqual(['HOST_IS_SLAVE', '127.0.0.1']);
    expect(await took).toBe(h2);
    expect([...s.records('pool').values()][0].master).toBe(h2);
    expect(s.records('host_metrics').get(String(s.records('host').get(h1)?.metrics))?.live).toBe(false);
    expect(await xapiError(memberUrl(s, 2), 'VM.get_all', [session])).toEqual(['SESSION_INVALID', session]);
    const fresh = await loginAt(memberUrl(s, 2));
    expect((await ok<string[]>(memberUrl(s, 2), 'VM.get_all', [fresh])).length).toBe(s.records('VM').size);
    expect(await xapiError(memberUrl(s, 3), 'session.login_with_password', [USER, PASSWORD])).toEqual(['HOST_IS_SLAVE', '127.0.0.2']);
    expect(await socketError(rpc(s.url, 'pool.get_all', [fresh]))).toBe('ECONNREFUSED');
    await s.faults.clearFaults();
    expect(await xapiError(s.url, 'session.login_with_password', [USER, PASSWORD])).toEqual(['HOST_IS_SLAVE', '127.0.0.2']);
    expect(s.faults.state().down).toEqual([]);
  });

  it('coordinator faults need member listeners', async () => {
    const s = await start();
    expect(() => s.faults.switchCoordinator(hostAt(s, '127.0.0.2'))).toThrow(/memberListeners/);
    expect(() => s.faults.killCoordinator()).toThrow(/memberListeners/);
  });
});

describe('POST /_simulator/faults', () => {
  const basic = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });

  it('is off by default', async () => {
    const s = await start();
    expect((await post(s.url, '/_simulator/faults', '{"action":"state"}', basic(USER, PASSWORD))).status).toBe(404);
  });

  it('needs the root credentials or a live session; drives the faults', async () => {
    const s = await start({ faultsEndpoint: true });
    const ctl = (body: unknown, headers: Record<string, string> = basic(USER, PASSWORD)) => post(s.url, '/_simulator/faults', JSON.stringify(body), headers);
    expect((await ctl({ action: 'state' }, {})).status).toBe(401);
    expect((await ctl({ action: 'state' }, basic(USER, 'wrong'))).status).toBe(401);
    expect((await ctl({ action: 'state' }, { 'X-XAPI-Session': 'OpaqueRef:nope' })).status).toBe(401);
    const session = await loginAt(s.url);
    const st = await ctl({ action: 'state' }, { 'X-XAPI-Session': session });
    expect(st.status).toBe(200);
    expect(JSON.parse(st.text)).toMatchObject({ ok: true, state: { dropNext: 0, delay: null, tokenFloor: 0 } });

    expect(JSON.parse((await ctl({ action: 'failMethod', method: 'VM.get_all', code: 'INTERNAL_ERROR', params: ['x'], count: 'Infinity' })).text))
      .toMatchObject({ ok: true, state: { failing: { 'VM.get_all': { code: 'INTERNAL_ERROR', params: ['x'], remaining: 'Infinity' } } } });
    expect(await xapiError(s.url, 'VM.get_all', [session])).toEqual(['INTERNAL_ERROR', 'x']);
    await ctl({ action: 'failMethod', method: 'host.get_all', httpStatus: 502 });
    expect((await rpc(s.url, 'host.get_all', [session])).status).toBe(502);
    await ctl({ action: 'dropNextConnections', count: 1 });
    expect(await socketError(rpc(s.url, 'pool.get_all', [session]))).toBe('ECONNRESET');
    await ctl({ action: 'delayResponses', ms: 300, methods: ['pool.get_all'] });
    let t = Date.now();
    await ok(s.url, 'pool.get_all', [session]);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    expect(JSON.parse((await ctl({ action: 'clearFaults' })).text).state).toMatchObject({ dropNext: 0, delay: null, failing: {} });
    expect((await ok<string[]>(s.url, 'VM.get_all', [session])).length).toBe(s.records('VM').size);

    expect((await ctl({ action: 'nope' })).status).toBe(400);
    expect((await post(s.url, '/_simulator/faults', 'not json', basic(USER, PASSWORD))).status).toBe(400);
    expect((await ctl({ action: 'switchCoordinator', host: 'OpaqueRef:x' })).status).toBe(400); // no member listeners

    // restart answers first, then cuts everything.
    expect((await ctl({ action: 'restart', downMs: 0 })).status).toBe(200);
    t = Date.now();
    while (s.records('session').size > 0 && Date.now() - t < 2_000) await new Promise((r) => setTimeout(r, 20));
    expect(await xapiError(s.url, 'VM.get_all', [session])).toEqual(['SESSION_INVALID', session]);
  });
});
