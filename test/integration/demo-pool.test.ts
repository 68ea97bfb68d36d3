// The demo pool runs inside the app, on 127.0.0.x, where any web page can send requests. Each of
// its listeners answers only requests that name it (Host = its own address:port) and that no
// browser sent, and no answer allows cross-origin reads; the app's own connection still works
// (API, events, console CONNECT, metrics from a member's own listener).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { startDemoPool, stopDemoPool } from '../../electron/demo-pool';
import { AppCore } from '../../electron/core/app-core';
import type { MetricsSeries } from '../../shared/ipc/contract';
import { ok, until } from '../support/core-harness';

let demo: Awaited<ReturnType<typeof startDemoPool>>;
let port = 0;
/** Every address the demo listens on: the coordinator, its members and the standalone server. */
let addresses: string[] = [];

interface Reply { status: number; headers: IncomingHttpHeaders; body: string }
function send(address: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: address, port, method, path, headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const jsonRpc = (method: string, ...params: unknown[]) => JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 });
const xmlLogin = '<?xml version="1.0"?><methodCall><methodName>session.login_with_password</methodName><params>'
  + '<param><value>root</value></param><param><value>xenroot</value></param></params></methodCall>';

/** The first reply line to raw bytes written on a fresh connection to `address`. */
function rawStatus(address: string, bytes: string): Promise<number | null> {
  return new Promise((resolve) => {
    const s = connect(port, address, () => s.write(bytes));
    let got = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => { got += d; if (got.includes('\r\n')) s.destroy(); });
    s.on('close', () => resolve(/^HTTP\/1\.[01] (\d{3})/.exec(got) ? Number(/^HTTP\/1\.[01] (\d{3})/.exec(got)![1]) : null));
    s.on('error', () => undefined);
  });
}

async function session(address: string): Promise<string> {
  const r = await send(address, 'POST', '/jsonrpc', { Host: `${address}:${port}`, 'Content-Type': 'application/json' }, jsonRpc('session.login_with_password', 'root', 'xenroot', '2.21', 'test'));
  return (JSON.parse(r.body) as { result: string }).result;
}

beforeAll(async () => {
  demo = await startDemoPool();
  const u = new URL(demo.url);
  port = Number(u.port);
  const s = await session(u.hostname);
  const hosts = await send(u.hostname, 'POST', '/jsonrpc', { Host: `${u.hostname}:${port}`, 'Content-Type': 'application/json' }, jsonRpc('host.get_all_records', s));
  const poolAddresses = Object.values((JSON.parse(hosts.body) as { result: Record<string, { address: string }> }).result).map((h) => h.address);
  // Members listen on their own address only where it can be bound (demo-pool.ts); probe which do.
  const listening = await Promise.all(poolAddresses.map((a) => new Promise<boolean>((r) => {
    const c = connect(port, a, () => { c.destroy(); r(true); });
    c.on('error', () => r(false));
  })));
  addresses = [...new Set([u.hostname, ...poolAddresses.filter((_, i) => listening[i]), ...demo.standaloneUrls.map((x) => new URL(x).hostname)])];
});
afterAll(() => stopDemoPool());

describe('the embedded demo pool refuses web pages', () => {
  it('listens on more than the coordinator (so every listener is checked)', () => {
    expect(addresses.length).toBeGreaterThan(1);
  });

  it('refuses a Host that does not name the listener itself (DNS rebinding), on every listener', async () => {
    for (const a of addresses) {
      const other = a === '127.0.0.1' ? '127.0.0.2' : '127.0.0.1';
      for (const host of ['evil.example', `evil.example:${port}`, `localhost:${port}`, `${other}:${port}`, `${a}:${port + 1}`, a]) {
        const r = await send(a, 'POST', '/jsonrpc', { Host: host, 'Content-Type': 'application/json' }, jsonRpc('session.login_with_password', 'root', 'xenroot'));
        expect(r.status, `${a} Host: ${host}`).toBe(421);
        expect(r.body).not.toContain('OpaqueRef');
        expect(r.headers['access-control-allow-origin']).toBeUndefined();
      }
      const r = await send(a, 'GET', '/rrd_updates?start=0&host=true', { Host: `rebind.example:${port}` });
      expect(r.status).toBe(421);
      // Two Host headers, ours first, are refused as well.
      expect(await rawStatus(a, `POST /jsonrpc HTTP/1.1\r\nHost: ${a}:${port}\r\nHost: evil.example\r\nContent-Length: 0\r\n\r\n`)).toBe(421);
      expect(await rawStatus(a, `CONNECT /console?uuid=x HTTP/1.0\r\nHost: evil.example:${port}\r\n\r\n`)).toBe(421);
    }
  });

  it('refuses what a browser sends, even with the right Host', async () => {
    for (const a of addresses) {
      const host = `${a}:${port}`;
      const browserHeaders: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Mode': 'no-cors' }];
      for (const extra of browserHeaders) {
        const r = await send(a, 'POST', '/jsonrpc', { Host: host, 'Content-Type': 'text/plain', ...extra }, jsonRpc('session.login_with_password', 'root', 'xenroot'));
        expect(r.status, `${a} ${JSON.stringify(extra)}`).toBe(403);
        expect(r.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
  });

  it('answers its own Host without Access-Control-Allow-Origin (JSON-RPC, XML-RPC, metrics)', async () => {
    for (const a of addresses) {
      const host = `${a}:${port}`;
      const json = await send(a, 'POST', '/jsonrpc', { Host: host, 'Content-Type': 'application/json' }, jsonRpc('session.login_with_password', 'root', 'xenroot'));
      expect(json.status).toBe(200);
      // A pool member answers HOST_IS_SLAVE, as xapi does; the session then comes from the coordinator.
      const answer = JSON.parse(json.body) as { result?: string; error?: { message: string } };
      expect(answer.result ?? answer.error?.message).toMatch(/^OpaqueRef:|^HOST_IS_SLAVE$/);
      const xml = await send(a, 'POST', '/', { Host: host, 'Content-Type': 'text/xml' }, xmlLogin);
      expect(xml.status).toBe(200);
      expect(xml.body).toMatch(/OpaqueRef:|HOST_IS_SLAVE/);
      const s = answer.result ?? await session(new URL(demo.url).hostname);
      const rrd = await send(a, 'GET', `/rrd_updates?session_id=${encodeURIComponent(s)}&start=${Math.floor(Date.now() / 1000) - 60}&host=true&json=true`, { Host: host });
      expect(rrd.status).toBe(200);
      const refused = await send(a, 'GET', '/rrd_updates?start=0', { Host: host });
      expect(refused.status).toBe(401);
      for (const r of [json, xml, rrd, refused]) {
        expect(r.headers['access-control-allow-origin']).toBeUndefined();
        expect(r.headers['access-control-allow-headers']).toBeUndefined();
      }
    }
  });

  it('answers a request target it cannot parse with 400 and goes on', async () => {
    const [a] = addresses;
    expect(await rawStatus(a, `GET http://[ HTTP/1.1\r\nHost: ${a}:${port}\r\n\r\n`)).toBe(400);
    expect(await rawStatus(a, `CONNECT http://[ HTTP/1.1\r\nHost: ${a}:${port}\r\n\r\n`)).toBe(400);
    expect(await session(a)).toMatch(/^OpaqueRef:/);
  });

  it("still serves the app's own connection: events, a member's metrics and a console", async () => {
    const core = new AppCore({ flushIntervalMs: 10, eventTimeoutS: 5, startDemoPool });
    try {
      const { connectionId } = ok<{ connectionId: string }>(await core.request('servers.demo', {}));
      const conn = core.connection(connectionId)!;
      await until(() => core.connectionInfos().length === 1 + demo.standaloneUrls.length && core.connectionInfos().every((c) => c.status === 'connected'), 'the demo connected');
      const hosts = [...conn.cache.getAll('host')];
      const coordinator = String([...conn.cache.getAll('pool').values()][0].master);
      const member = hosts.find(([ref, h]) => ref !== coordinator && addresses.includes(String(h.address)));
      if (member) {
        // Asked of the member's own listener (request.ts): its Host is the member's address.
        const series = ok<MetricsSeries>(await core.request('metrics.series', { connectionId, cls: 'host', ref: member[0], range: '10m' }));
        expect(series.sources.length).toBeGreaterThan(0);
      }
      const [consoleRef] = await until(() => [...conn.cache.getAll('console')].find(([, c]) => c.protocol === 'rfb' && conn.cache.get('vm', String(c.VM))?.power_state === 'Running'), 'a running console');
      const { streamId } = ok<{ streamId: string }>(await core.request('console.open', { connectionId, consoleRef }));
      let got = Buffer.alloc(0);
      const handle = core.attachConsoleStream(streamId, { send: (b) => { got = Buffer.concat([got, Buffer.from(b)]); }, close: () => undefined });
      expect(handle).toBeDefined();
      await until(() => got.length >= 12, 'the RFB greeting');
      expect(got.subarray(0, 12).toString('latin1')).toBe('RFB 003.008\n');
      handle!.close();
    } finally {
      await core.dispose();
    }
  });
});
