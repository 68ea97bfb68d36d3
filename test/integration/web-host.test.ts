// The browser host: only a client that knows the token, from our own origin and host name, gets
// the bridge; requests are validated; files outside the renderer folder are never served.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../electron/web-host';
import { AppCore } from '../../electron/core/app-core';
import { startSimulator, type Simulator } from '../../simulator/index';

let host: WebHost;
let core: AppCore;
let sim: Simulator;
const dir = mkdtempSync(join(tmpdir(), 'xc-webhost-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');

beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 4, taskDurationMs: 0 });
  core = new AppCore({ startDemoPool: async () => ({ url: sim.url, user: 'root', password: 'xenroot' }) });
  host = await startWebHost({ port: 0, staticDir: dir, core });
});
afterAll(async () => {
  await core.dispose();
  await host.close();
  await sim.close();
});

function open(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers: { origin: `http://127.0.0.1:${host.port}`, ...headers } });
    ws.once('open', () => ok(ws));
    ws.once('error', fail);
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
  });
}
function ask(ws: WebSocket, id: number, channel: string, payload: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string } }> {
  return new Promise((ok) => {
    const onMsg = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data));
      if (msg.id === id) { ws.off('message', onMsg); ok(msg.envelope); }
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ id, channel, payload }));
  });
}
function get(path: string, hostHeader?: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers: hostHeader ? { host: hostHeader } : {} }, (res) => { res.resume(); ok(res.statusCode ?? 0); });
    req.on('error', fail);
    req.end();
  });
}

describe('browser host', () => {
  it('prints a loopback URL carrying its token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('serves the renderer, and nothing outside it', async () => {
    expect(await get('/')).toBe(200);
    expect(await get('/index.html')).toBe(200);
    expect(await get('/../package.json')).not.toBe(200);
    expect(await get('/%2e%2e/%2e%2e/etc/passwd')).not.toBe(200);
    expect(await get('/missing.js')).toBe(404);
  });

  it('refuses other host names (DNS rebinding)', async () => {
    expect(await get('/', 'evil.example:80')).toBe(421);
  });

  it('refuses the bridge without the token, with a wrong token, or from another origin', async () => {
    await expect(open('/bridge')).rejects.toThrow(/403/);
    await expect(open(`/bridge?token=${'0'.repeat(48)}`)).rejects.toThrow(/403/);
    await expect(open(`/bridge?token=${host.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('answers requests and pushes events to a client with the token', async () => {
    const ws = await open(`/bridge?token=${host.token}`);
    const events: string[] = [];
    ws.on('message', (d) => { const m = JSON.parse(String(d)); if (m.event) events.push(m.event.channel); });
    const snap = await ask(ws, 1, 'state.snapshot', {});
    expect(snap.ok).toBe(true);
    const bad = await ask(ws, 2, 'xapi.call', { connectionId: 'x', method: 'session.logout', args: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    const unknown = await ask(ws, 3, 'fs.readFile', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    const added = await ask(ws, 4, 'servers.demo', {});
    expect(added.ok).toBe(true);
    await expect.poll(() => events.includes('cache.delta'), { timeout: 10_000 }).toBe(true);
    expect(events).toContain('connection.state');
    ws.close();
  });
});
