// The one seam to the main process. Nothing else in the renderer knows whether it talks to
// Electron's preload or to the browser host's WebSocket.
import type { BridgeEvent, Envelope, ErrorInfo, RequestArgs, RequestChannel, RequestResult } from '../../../shared/ipc/contract';

export interface Bridge {
  request<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>>;
  subscribe(listener: (e: BridgeEvent) => void): () => void;
  /**
   * Called after the transport was lost and came back (browser host only): events may have been
   * missed, so the state must be fetched again.
   */
  onReconnected?(listener: () => void): () => void;
  /**
   * The byte stream of a console opened with 'console.open', in the shape noVNC accepts in place
   * of a WebSocket (browser host: a real WebSocket; Electron: a MessagePort adapter). Closing it
   * ends the stream.
   */
  openConsoleSocket?(streamId: string): WebSocketLike;
  /**
   * Browser host only: the URL of a transfer set up by vm.export (GET: download) or vm.import
   * (PUT: upload). Absent in Electron, where main moves the bytes itself.
   */
  transferUrl?(transferId: string): string;
}

/** The part of the WebSocket interface noVNC's RFB uses for a raw channel. */
export interface WebSocketLike {
  binaryType: string;
  readonly protocol: string;
  /** 0 connecting, 1 open, 2 closing, 3 closed (WebSocket's numbers). */
  readonly readyState: number;
  send(data: ArrayBuffer | ArrayBufferView): void;
  close(): void;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
}

/** A failed request, rebuilt from the envelope's ErrorInfo. */
export class BridgeError extends Error {
  readonly code: string;
  readonly params: string[];
  constructor(info: ErrorInfo) {
    super(info.message || info.code);
    this.name = 'BridgeError';
    this.code = info.code;
    this.params = Array.isArray(info.params) ? info.params.map(String) : [];
  }
  toInfo(): ErrorInfo {
    return { code: this.code, params: this.params, message: this.message };
  }
}

export function unwrapEnvelope<T>(env: Envelope<T> | undefined | null): T {
  if (!env || typeof env !== 'object') throw new BridgeError({ code: 'BRIDGE_BAD_RESPONSE', params: [], message: 'The main process sent an invalid response.' });
  if (env.ok) return env.result;
  throw new BridgeError(env.error ?? { code: 'INTERNAL_ERROR', params: [], message: 'Unknown error' });
}

/** Any thrown value as ErrorInfo. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof BridgeError) return err.toInfo();
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const e = err as { code: string; params?: unknown; message?: unknown };
    return { code: e.code, params: Array.isArray(e.params) ? e.params.map(String) : [], message: typeof e.message === 'string' ? e.message : e.code };
  }
  return { code: 'INTERNAL_ERROR', params: [], message: err instanceof Error ? err.message : String(err) };
}
