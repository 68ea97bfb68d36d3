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
    // Events come in batches; the next batch waits for this client's ack (or half a second).
    const events: string[] = [];
    let batches = 0;
    let binaryEvents = 0;
    ws.on('message', (d, isBinary) => {
      const m = JSON.parse(String(d)) as { events?: Array<{ channel: string }> };
      if (!m.events) return;
      batches++;
      if (isBinary) binaryEvents++;
      events.push(...m.events.map((e) => e.channel));
      ws.send(JSON.stringify({ ack: true }));
    });
    const snap = await ask(ws, 1, 'state.snapshot', {});
    expect(snap.ok).toBe(true);
    const bad = await ask(ws, 2, 'xapi.call', { connectionId: 'x', method: 'session.logout', args: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'IPC_CALL_REFUSED' } });
    const unknown = await ask(ws, 3, 'fs.readFile', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    const added = await ask(ws, 4, 'servers.demo', {});
    expect(added.ok).toBe(true);
    await expect.poll(() => events.includes('cache.delta'), { timeout: 10_000 }).toBe(true);
    expect(events).toContain('connection.state');
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThanOrEqual(events.length);
    // Sent as bytes (web-host.ts), but in text frames: the page reads strings.
    expect(binaryEvents).toBe(0);
    ws.close();
  });
});

describe('browser host console streams (/console)', () => {
  async function openStream(): Promise<string> {
    const ws = await open(`/bridge?token=${host.token}`);
    const added = await ask(ws, 1, 'servers.demo', {});
    const connectionId = (added.result as { connectionId: string }).connectionId;
    const conn = core.connection(connectionId)!;
    await expect.poll(() => [...conn.cache.getAll('console').values()].some((c) => c.protocol === 'rfb' && conn.cache.get('vm', String(c.VM))?.power_state === 'Running'), { timeout: 10_000 }).toBe(true);
    const [consoleRef] = [...conn.cache.getAll('console')].find(([, c]) => c.protocol === 'rfb' && conn.cache.get('vm', String(c.VM))?.power_state === 'Running')!;
    const opened = await ask(ws, 2, 'console.open', { connectionId, consoleRef });
    expect(opened.ok).toBe(true);
    ws.close();
    return (opened.result as { streamId: string }).streamId;
  }

  it('needs the token and our origin, and refuses unknown streams', async () => {
    const streamId = await openStream();
    await expect(open(`/console?stream=${streamId}`)).rejects.toThrow(/403/);
    await expect(open(`/console?token=${'0'.repeat(48)}&stream=${streamId}`)).rejects.toThrow(/403/);
    await expect(open(`/console?token=${host.token}&stream=${streamId}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(open(`/console?token=${host.token}&stream=${'f'.repeat(32)}`)).rejects.toThrow(/404/);
    await expect(open(`/console?token=${host.token}`)).rejects.toThrow(/404/);
    // The refusals above did not consume the stream: it still attaches once, and only once.
    const ws = await open(`/console?token=${host.token}&stream=${streamId}`);
    await expect(open(`/console?token=${host.token}&stream=${streamId}`)).rejects.toThrow(/404/);
    ws.close();
  });

  it('carries RFB bytes both ways in binary frames, without compression', async () => {
    const streamId = await openStream();
    let got = Buffer.alloc(0);
    const frames: boolean[] = [];
    // Listen from the start: the first frame can arrive in the same packet as the 101 reply.
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/console?token=${host.token}&stream=${streamId}`, { headers: { origin: `http://127.0.0.1:${host.port}` } });
    ws.on('message', (d, isBinary) => { frames.push(isBinary); got = Buffer.concat([got, d as Buffer]); });
    await new Promise((ok, fail) => { ws.once('open', ok); ws.once('error', fail); });
    expect(ws.extensions).toBe('');
    await expect.poll(() => got.length).toBeGreaterThanOrEqual(12);
    expect(got.subarray(0, 12).toString('latin1')).toBe('RFB 003.008\n');
    ws.send(Buffer.from('RFB 003.008\n'));
    // Security types: count 1, None (1).
    await expect.poll(() => got.length).toBeGreaterThanOrEqual(14);
    expect([...got.subarray(12, 14)]).toEqual([1, 1]);
    expect(frames.every(Boolean)).toBe(true);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    expect(core.consoleStreamCount).toBeGreaterThan(0);
    await core.request('console.close', { streamId });
    expect(await closed).toBe(1000);
    await expect.poll(() => core.consoleStreamCount).toBe(0);
  });
});
