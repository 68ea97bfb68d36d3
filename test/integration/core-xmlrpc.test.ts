// The XML-RPC fallback: a host without /jsonrpc (older releases) is spoken to in XML-RPC at POST /,
// chosen automatically on the first call. A proxy in front of the simulator plays such a host
// (/jsonrpc answers 404, 405, or an HTML page with 200); login, get_all_records and errors come
// back exactly as over JSON-RPC, and a Connection runs its event.from loop over XML-RPC.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { XapiClient } from '../../electron/core/xapi/transport';
import { login, SessionClient } from '../../electron/core/xapi/session';
import { XapiError } from '../../electron/core/xapi/errors';
import { Connection } from '../../electron/core/connection/connection';

type JsonRpcBlock = 404 | 405 | 'html';
let sim: Simulator;
const servers: http.Server[] = [];
const seen: string[] = [];

/** A host whose /jsonrpc is missing (`block`); every other request goes to the simulator. */
async function oldHost(block: JsonRpcBlock): Promise<string> {
  const target = new URL(sim.url);
  const server = http.createServer((req, res) => {
    seen.push(`${block} ${req.method} ${req.url}`);
    if (req.url === '/jsonrpc') {
      req.resume();
      req.on('end', () => {
        if (block === 'html') res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>XenServer</body></html>');
        else res.writeHead(block, { 'Content-Type': 'text/plain' }).end('no\n');
      });
      return;
    }
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  sim = await startSimulator({ hosts: 2, vms: 8, taskDurationMs: 100 });
});
afterAll(async () => {
  for (const s of servers) { s.closeAllConnections(); await new Promise((r) => s.close(r)); }
  await sim?.close();
});

/**
 * The simulator leaves a few fields undefined (VM_metrics.memory_actual): JSON.stringify omits
 * them, its XML-RPC writer sends <value></value>. A real host always has a value. Drops exactly
 * those ('' in the XML-RPC answer, absent from the JSON-RPC one).
 */
function withoutSimulatorUndefined(xml: unknown, json: unknown): unknown {
  const x = xml as Record<string, Record<string, unknown>>;
  const j = json as Record<string, Record<string, unknown>>;
  for (const [ref, rec] of Object.entries(x)) {
    for (const k of Object.keys(rec)) if (rec[k] === '' && j[ref] && !(k in j[ref])) delete rec[k];
  }
  return x;
}

async function outcome(p: Promise<unknown>): Promise<unknown> {
  try { return { ok: await p }; } catch (e) { return e instanceof XapiError ? { code: e.code, params: e.params, fromServer: e.fromServer, message: e.message } : e; }
}

describe('XapiClient protocol choice', () => {
  it('stays on JSON-RPC with a host that has it', async () => {
    const r = await login(sim.url, 'root', 'xenroot');
    expect(r.client.protocol).toBe('jsonrpc');
    r.client.close();
  });

  it.each([404, 405, 'html'] as const)('falls back to XML-RPC when /jsonrpc answers %s, with identical results and errors', async (block) => {
    const url = await oldHost(block);
    const before = seen.length;
    const x = await login(url, 'root', 'xenroot');
    expect(x.client.protocol).toBe('xmlrpc');
    expect(x.sessionRef).toMatch(/^OpaqueRef:/);
    const j = await login(sim.url, 'root', 'xenroot', { protocol: 'jsonrpc' });
    const xs = new SessionClient(x.client, x.sessionRef);
    const js = new SessionClient(j.client, j.sessionRef);
    try {
      // One JSON-RPC attempt, then XML-RPC only.
      await xs.call('pool.get_all');
      expect(seen.slice(before)).toEqual([`${block} POST /jsonrpc`, `${block} POST /`, `${block} POST /`]);

      for (const cls of ['VM', 'host', 'SR', 'network', 'pool', 'VM_metrics']) {
        const viaXml = await xs.call(`${cls}.get_all_records`);
        const viaJson = await js.call(`${cls}.get_all_records`);
        expect(withoutSimulatorUndefined(viaXml, viaJson), cls).toEqual(viaJson);
      }
      const vm = [...sim.records('VM')].find(([, v]) => v.power_state === 'Running' && !v.is_control_domain)![0];
      const errs = await Promise.all([xs, js].map((s) => outcome(s.call('VM.start', vm, false, false))));
      expect(errs[0]).toMatchObject({ code: 'VM_BAD_POWER_STATE', params: [vm, 'halted', 'running'], fromServer: true });
      expect(errs[0]).toEqual(errs[1]);
      const handle = await Promise.all([xs, js].map((s) => outcome(s.call('VM.get_record', 'OpaqueRef:nope'))));
      expect(handle[0]).toMatchObject({ code: 'HANDLE_INVALID' });
      expect(handle[0]).toEqual(handle[1]);
      // Bad password: the same error over both.
      const bad = await Promise.all([url, sim.url].map((u) => outcome(login(u, 'root', 'wrong'))));
      expect(bad[0]).toMatchObject({ code: 'SESSION_AUTHENTICATION_FAILED' });
      expect(bad[0]).toEqual(bad[1]);
      // Floats, ints, datetimes and maps inside records keep their JSON-RPC types.
      const [hostRef] = [...sim.records('host_metrics')][0];
      expect(await xs.call('host_metrics.get_record', hostRef)).toEqual(await js.call('host_metrics.get_record', hostRef));
    } finally {
      await xs.logout(); xs.close();
      await js.logout(); js.close();
    }
  });

  it('protocol "xmlrpc" talks XML-RPC straight away; "jsonrpc" never falls back', async () => {
    const url = await oldHost(404);
    const before = seen.length;
    const c = new XapiClient(url, { protocol: 'xmlrpc' });
    expect(c.protocol).toBe('xmlrpc');
    expect(await c.call('session.login_with_password', 'root', 'xenroot')).toMatch(/^OpaqueRef:/);
    expect(seen.slice(before)).toEqual(['404 POST /']);
    c.close();
    await expect(new XapiClient(url, { protocol: 'jsonrpc' }).call('session.login_with_password', 'root', 'xenroot')).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 404 });
  });

  it('does not switch when POST / is not XML-RPC either: the JSON-RPC error is reported', async () => {
    const nothing = http.createServer((req, res) => { req.resume(); res.writeHead(404).end(); });
    servers.push(nothing);
    await new Promise<void>((r) => nothing.listen(0, '127.0.0.1', r));
    const c = new XapiClient(`http://127.0.0.1:${(nothing.address() as AddressInfo).port}`);
    await expect(c.call('session.login_with_password', 'root', 'xenroot')).rejects.toMatchObject({ code: 'HTTP_ERROR', params: ['404'] });
    expect(c.protocol).toBeUndefined();
    c.close();
  });

  it('a Connection loads and follows events over XML-RPC', async () => {
    const url = await oldHost(404);
    const conn = new Connection({ id: 'old', url, user: 'root', password: 'xenroot', eventTimeoutS: 5 });
    try {
      await conn.connect();
      await expect.poll(() => conn.cache.getAll('vm').size, { timeout: 10_000 }).toBe(sim.records('VM').size);
      const vm = [...conn.cache.getAll('vm')].find(([, v]) => v.power_state === 'Halted' && !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot)![0];
      expect(typeof conn.cache.get('vm', vm)!.memory_static_max).toBe('number');
      await conn.call('VM.set_name_label', [vm, 'renamed over XML-RPC']);
      await expect.poll(() => conn.cache.get('vm', vm)?.name_label, { timeout: 10_000 }).toBe('renamed over XML-RPC');
    } finally {
      await conn.disconnect();
    }
  });
});
