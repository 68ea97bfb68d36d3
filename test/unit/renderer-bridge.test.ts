import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, WebSocket as NodeWebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import type { BridgeEvent, Envelope } from '../../shared/ipc/contract';
import { BridgeError } from '../../renderer/src/bridge/types';
import { createElectronBridge } from '../../renderer/src/bridge/electron-bridge';
import { createWebSocketBridge, bridgeToken } from '../../renderer/src/bridge/ws-bridge';

describe('Electron bridge', () => {
  it('unwraps envelopes and rebuilds errors', async () => {
    let listener: ((e: BridgeEvent) => void) | null = null;
    const api = {
      async request(channel: string, payload: unknown): Promise<Envelope<unknown>> {
        if (channel === 'servers.add') return { ok: false, error: { code: 'SESSION_AUTHENTICATION_FAILED', params: ['root'], message: 'bad' } };
        return { ok: true, result: { echo: payload } };
      },
      onEvent(cb: (e: BridgeEvent) => void) { listener = cb; return () => { listener = null; }; },
    };
    const bridge = createElectronBridge(api);
    await expect(bridge.request('xapi.call', { connectionId: 'c', method: 'VM.get_all', args: [] })).resolves.toEqual({ echo: { connectionId: 'c', method: 'VM.get_all', args: [] } });
    const err = await bridge.request('servers.add', { address: 'a', user: 'root', password: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err).toMatchObject({ code: 'SESSION_AUTHENTICATION_FAILED', params: ['root'], message: 'bad' });
    const got: BridgeEvent[] = [];
    const off = bridge.subscribe((e) => got.push(e));
    listener!({ channel: 'connection.removed', payload: { connectionId: 'c' } });
    expect(got).toHaveLength(1);
    off();
    expect(listener).toBeNull();
  });
});

describe('WebSocket bridge', () => {
  const g = globalThis as Record<string, unknown>;
  const cleanups: Array<() => void> = [];
  afterEach(() => { for (const c of cleanups.splice(0)) c(); delete g.window; delete g.sessionStorage; delete g.WebSocket; });

  function fakeBrowser(href: string) {
    const store = new Map<string, string>();
    const url = new URL(href);
    const win = {
      location: { href, protocol: url.protocol, host: url.host },
      history: { state: null, replaceState: (_s: unknown, _t: string, u: string) => { win.location.href = u; } },
    };
    g.window = win;
    g.sessionStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => { store.set(k, v); } };
    g.WebSocket = NodeWebSocket;
    return win;
  }

  it('keeps the token from the URL in sessionStorage', () => {
    const win = fakeBrowser('http://127.0.0.1:1/?token=s3cret');
    expect(bridgeToken()).toBe('s3cret');
    expect(win.location.href).not.toContain('s3cret');
    expect(bridgeToken()).toBe('s3cret');
  });

  it('speaks {id, channel, payload} / {id, envelope} / {event}, and reconnects', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => wss.close());
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as AddressInfo).port;
    fakeBrowser(`http://127.0.0.1:${port}/?token=tok`);
    const seen: Array<{ url: string; msg: unknown }> = [];
    wss.on('connection', (ws, req) => {
      ws.on('message', (raw) => {
        const msg = JSON.parse(String(raw)) as { id: number; channel: string; payload: unknown };
        seen.push({ url: req.url ?? '', msg });
        if (msg.channel === 'servers.add') ws.send(JSON.stringify({ id: msg.id, envelope: { ok: false, error: { code: 'CONNECTION_FAILED', params: [], message: 'refused' } } }));
        else ws.send(JSON.stringify({ id: msg.id, envelope: { ok: true, result: { connections: [], deltas: [] } } }));
        ws.send(JSON.stringify({ event: { channel: 'connection.removed', payload: { connectionId: 'x' } } }));
      });
    });
    const bridge = createWebSocketBridge();
    cleanups.unshift(() => bridge.close());
    const events: BridgeEvent[] = [];
    bridge.subscribe((e) => events.push(e));
    let reconnected = 0;
    bridge.onReconnected!(() => { reconnected++; });
    await expect(bridge.request('state.snapshot', {})).resolves.toEqual({ connections: [], deltas: [] });
    expect(seen[0]).toEqual({ url: '/bridge?token=tok', msg: { id: 1, channel: 'state.snapshot', payload: {} } });
    await expect(bridge.request('servers.add', { address: 'a', user: 'root', password: 'p' })).rejects.toMatchObject({ code: 'CONNECTION_FAILED', message: 'refused' });
    expect(events.map((e) => e.channel)).toContain('connection.removed');
    // Drop the socket: the bridge reconnects and says so.
    for (const c of wss.clients) c.terminate();
    await vi.waitFor(() => expect(reconnected).toBe(1), { timeout: 10_000 });
    await expect(bridge.request('state.snapshot', {})).resolves.toEqual({ connections: [], deltas: [] });
  });
});
