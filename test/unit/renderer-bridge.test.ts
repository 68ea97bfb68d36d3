import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, WebSocket as NodeWebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import type { BridgeEvent, Envelope } from '../../shared/ipc/contract';
import { BridgeError } from '../../renderer/src/bridge/types';
import { createElectronBridge } from '../../renderer/src/bridge/electron-bridge';
import { createWebSocketBridge, bridgeToken } from '../../renderer/src/bridge/ws-bridge';

describe('Electron bridge', () => {
  it('unwraps envelopes and rebuilds errors', async () => {
    let listener: ((batch: BridgeEvent[]) => void) | null = null;
    let acks = 0;
    const api = {
      async request(channel: string, payload: unknown): Promise<Envelope<unknown>> {
        if (channel === 'servers.add') return { ok: false, error: { code: 'SESSION_AUTHENTICATION_FAILED', params: ['root'], message: 'bad' } };
        return { ok: true, result: { echo: payload } };
      },
      onEvents(cb: (batch: BridgeEvent[]) => void) { listener = cb; return () => { listener = null; }; },
      ackEvents() { acks++; },
    };
    const bridge = createElectronBridge(api);
    await expect(bridge.request('xapi.call', { connectionId: 'c', method: 'VM.get_all', args: [] })).resolves.toEqual({ echo: { connectionId: 'c', method: 'VM.get_all', args: [] } });
    const err = await bridge.request('servers.add', { address: 'a', user: 'root', password: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err).toMatchObject({ code: 'SESSION_AUTHENTICATION_FAILED', params: ['root'], message: 'bad' });
    // Two subscribers share one IPC listener: each sees every event of a batch, in order, and the
    // batch is acked once (no animation frames here: at once).
    const got: BridgeEvent[] = [];
    const other: BridgeEvent[] = [];
    const off = bridge.subscribe((e) => got.push(e));
    bridge.subscribe((e) => other.push(e));
    const a: BridgeEvent = { channel: 'connection.removed', payload: { connectionId: 'a' } };
    const b: BridgeEvent = { channel: 'connection.removed', payload: { connectionId: 'b' } };
    listener!([a, b]);
    expect(got).toEqual([a, b]);
    expect(other).toEqual([a, b]);
    expect(acks).toBe(1);
    off();
    listener!([a]);
    expect(got).toHaveLength(2);
    expect(other).toHaveLength(3);
    expect(acks).toBe(2);
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

  it('speaks {id, channel, payload} / {id, envelope} / {events}, acks each batch, and reconnects', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => wss.close());
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as AddressInfo).port;
    fakeBrowser(`http://127.0.0.1:${port}/?token=tok`);
    const seen: Array<{ url: string; msg: unknown }> = [];
    let acks = 0;
    wss.on('connection', (ws, req) => {
      ws.on('message', (raw) => {
        const msg = JSON.parse(String(raw)) as { id: number; channel: string; payload: unknown; ack?: boolean };
        if (msg.ack === true) { acks++; return; }
        seen.push({ url: req.url ?? '', msg });
        if (msg.channel === 'servers.add') ws.send(JSON.stringify({ id: msg.id, envelope: { ok: false, error: { code: 'CONNECTION_FAILED', params: [], message: 'refused' } } }));
        else ws.send(JSON.stringify({ id: msg.id, envelope: { ok: true, result: { connections: [], deltas: [] } } }));
        ws.send(JSON.stringify({ events: [{ channel: 'connection.removed', payload: { connectionId: 'x' } }, { channel: 'connection.removed', payload: { connectionId: 'y' } }] }));
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
    expect(events.map((e) => (e.payload as { connectionId: string }).connectionId)).toEqual(['x', 'y', 'x', 'y']);
    await vi.waitFor(() => expect(acks).toBe(2));
    // Drop the socket: the bridge reconnects and says so.
    for (const c of wss.clients) c.terminate();
    await vi.waitFor(() => expect(reconnected).toBe(1), { timeout: 10_000 });
    await expect(bridge.request('state.snapshot', {})).resolves.toEqual({ connections: [], deltas: [] });
  });
});
