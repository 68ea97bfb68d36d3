import { IPC_CONSOLE_PORT, type BridgeEvent, type Envelope, type RequestArgs, type RequestChannel, type RequestResult } from '../../../shared/ipc/contract';
import { PortSocket, type PortLike } from './port-socket';
import { ackAtNextFrame } from './frame-ack';
import { unwrapEnvelope, type Bridge, type WebSocketLike } from './types';

/** What electron/preload.ts exposes with contextBridge. */
export interface XenBridgeApi {
  request(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  /** Core events in batches; the page acks each (ackEvents) when it has drawn it. */
  onEvents(cb: (batch: BridgeEvent[]) => void): () => void;
  ackEvents(): void;
}

declare global {
  interface Window { xenBridge?: XenBridgeApi }
}

/** How long a console stream's port may take to arrive after 'console.open' resolved. */
const PORT_TIMEOUT_MS = 15_000;

/**
 * Console ports: the preload posts `{type: IPC_CONSOLE_PORT, streamId}` with the port to the page,
 * before or right after 'console.open' resolves; keep them by stream id until asked for.
 */
export function createPortInbox(target: Pick<Window, 'addEventListener'> = window) {
  const ports = new Map<string, PortLike>();
  const waiters = new Map<string, (p: PortLike) => void>();
  target.addEventListener('message', (ev: MessageEvent) => {
    const d = ev.data as { type?: unknown; streamId?: unknown } | null;
    if (!d || d.type !== IPC_CONSOLE_PORT || typeof d.streamId !== 'string' || !ev.ports?.[0]) return;
    if (typeof window !== 'undefined' && ev.source && ev.source !== window) return;
    const port = ev.ports[0] as unknown as PortLike;
    const waiter = waiters.get(d.streamId);
    if (waiter) { waiters.delete(d.streamId); waiter(port); } else ports.set(d.streamId, port);
  });
  return {
    take(streamId: string, timeoutMs = PORT_TIMEOUT_MS): Promise<PortLike> {
      const p = ports.get(streamId);
      if (p) { ports.delete(streamId); return Promise.resolve(p); }
      return new Promise<PortLike>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(streamId);
          reject(new Error('The console stream did not arrive.'));
        }, timeoutMs);
        waiters.set(streamId, (port) => { clearTimeout(timer); resolve(port); });
      });
    },
  };
}

export function createElectronBridge(api: XenBridgeApi): Bridge {
  let inbox: ReturnType<typeof createPortInbox> | null = null;
  const request = async <C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> => {
    const env = await api.request(channel, args);
    return unwrapEnvelope(env as Envelope<RequestResult<C>>);
  };
  if (typeof window !== 'undefined') inbox = createPortInbox(window);
  const listeners = new Set<(e: BridgeEvent) => void>();
  let off: (() => void) | undefined;
  return {
    request,
    subscribe(listener) {
      // One IPC listener for the page, however many subscribers: one ack per batch.
      listeners.add(listener);
      off ??= api.onEvents((batch) => {
        for (const e of batch) for (const l of listeners) l(e);
        ackAtNextFrame(() => api.ackEvents());
      });
      return () => { listeners.delete(listener); };
    },
    openConsoleSocket(streamId: string): WebSocketLike {
      const port = inbox ? inbox.take(streamId) : Promise.reject(new Error('No console ports in this window.'));
      return new PortSocket(port, () => { request('console.close', { streamId }).catch(() => { /* already gone */ }); });
    },
  };
}
