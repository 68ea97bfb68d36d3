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
