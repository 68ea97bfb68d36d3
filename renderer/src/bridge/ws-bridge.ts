// The browser host's transport: one WebSocket to /bridge?token=..., requests matched by id.
import { CONSOLE_STREAM_PATH, TRANSFER_PATH, type BridgeEvent, type Envelope, type RequestArgs, type RequestChannel, type RequestResult } from '../../../shared/ipc/contract';
import { BridgeError, unwrapEnvelope, type Bridge, type WebSocketLike } from './types';
import { ackAtNextFrame } from './frame-ack';

const TOKEN_KEY = 'xenclient.bridgeToken';

/** The token from the page URL (kept in sessionStorage so a reload without it still works). */
export function bridgeToken(): string {
  let token: string | null = null;
  try {
    const url = new URL(window.location.href);
    token = url.searchParams.get('token');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
      // Keep the token out of the address bar and history once it is stored.
      url.searchParams.delete('token');
      window.history.replaceState(window.history.state, '', url.toString());
    } else {
      token = sessionStorage.getItem(TOKEN_KEY);
    }
  } catch {
    /* sessionStorage unavailable: use what the URL had */
  }
  return token ?? '';
}

export function bridgeUrl(token: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/bridge?token=${encodeURIComponent(token)}`;
}

/** http(s)://<host>/transfer/<id>?token=…: the bridge socket's origin and token. */
export function transferUrl(bridgeSocketUrl: string, transferId: string): string {
  const u = new URL(bridgeSocketUrl);
  const http = new URL(`${u.protocol === 'wss:' ? 'https:' : 'http:'}//${u.host}${TRANSFER_PATH}${encodeURIComponent(transferId)}`);
  http.searchParams.set('token', u.searchParams.get('token') ?? '');
  return http.toString();
}

const ACK_FRAME = JSON.stringify({ ack: true });

interface Pending { resolve: (v: unknown) => void; reject: (e: unknown) => void; frame: string }

/** The console stream's WebSocket URL: the bridge's, with the console path and the stream id. */
export function consoleStreamUrl(bridgeSocketUrl: string, streamId: string): string {
  const u = new URL(bridgeSocketUrl);
  u.pathname = CONSOLE_STREAM_PATH;
  u.searchParams.set('stream', streamId);
  return u.toString();
}

export function createWebSocketBridge(url: string = bridgeUrl(bridgeToken())): Bridge & { close(): void } {
  let socket: WebSocket | null = null;
  let open = false;
  let nextId = 1;
  let everOpened = false;
  let retryDelay = 500;
  let closed = false;
  const pending = new Map<number, Pending>();
  const queue: number[] = [];
  const listeners = new Set<(e: BridgeEvent) => void>();
  const reconnectListeners = new Set<() => void>();

  function connect(): void {
    if (closed) return;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      open = true;
      retryDelay = 500;
      for (const id of queue.splice(0)) {
        const p = pending.get(id);
        if (p) ws.send(p.frame);
      }
      if (everOpened) for (const l of reconnectListeners) l();
      everOpened = true;
    };
    ws.onmessage = (msg) => {
      let data: unknown;
      try { data = JSON.parse(typeof msg.data === 'string' ? msg.data : ''); } catch { return; }
      if (!data || typeof data !== 'object') return;
      const m = data as { id?: number; envelope?: Envelope<unknown>; events?: unknown };
      if (Array.isArray(m.events)) {
        for (const e of m.events as BridgeEvent[]) for (const l of listeners) l(e);
        ackAtNextFrame(() => { if (socket === ws && ws.readyState === WebSocket.OPEN) ws.send(ACK_FRAME); });
        return;
      }
      if (typeof m.id === 'number') {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        try { p.resolve(unwrapEnvelope(m.envelope)); } catch (e) { p.reject(e); }
      }
    };
    ws.onclose = () => {
      open = false;
      if (socket !== ws) return;
      // Requests in flight are lost with the socket: fail them rather than hang.
      for (const [id, p] of pending) {
        if (!queue.includes(id)) {
          pending.delete(id);
          p.reject(new BridgeError({ code: 'BRIDGE_DISCONNECTED', params: [], message: 'The connection to the application host was lost.' }));
        }
      }
      const delay = retryDelay;
      retryDelay = Math.min(retryDelay * 2, 10_000);
      setTimeout(connect, delay);
    };
    ws.onerror = () => { /* onclose follows */ };
  }
  connect();

  return {
    request<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, payload: args });
      return new Promise<RequestResult<C>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, frame });
        if (open && socket) socket.send(frame);
        else queue.push(id);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    close() {
      closed = true;
      socket?.close();
    },
    openConsoleSocket(streamId: string): WebSocketLike {
      const ws = new WebSocket(consoleStreamUrl(url, streamId));
      ws.binaryType = 'arraybuffer';
      return ws;
    },
    transferUrl(transferId: string): string {
      return transferUrl(url, transferId);
    },
    onReconnected(listener) {
      reconnectListeners.add(listener);
      return () => { reconnectListeners.delete(listener); };
    },
  };
}
