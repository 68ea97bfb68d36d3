// A MessagePort (Electron: main's console stream, posted to the page by the preload) dressed as
// the WebSocket noVNC expects: binaryType, readyState, send, close and the on* handlers. Binary
// messages both ways carry raw RFB bytes. The port may arrive after the socket is created; onopen
// fires asynchronously once it is there.
import type { WebSocketLike } from './types';

/** What we use of a MessagePort (DOM MessagePort and node:worker_threads' both fit). */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  start?(): void;
  close(): void;
  addEventListener(type: string, listener: (ev: { data?: unknown }) => void): void;
  removeEventListener(type: string, listener: (ev: { data?: unknown }) => void): void;
}

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;
export const CLOSED = 3;

/** Bytes of a message as an ArrayBuffer of exactly their length, or null when it is not binary. */
export function toArrayBuffer(data: unknown): ArrayBuffer | null {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) {
    const v = data as ArrayBufferView;
    const out = new Uint8Array(v.byteLength);
    out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    return out.buffer;
  }
  // A buffer from another realm (e.g. a test's worker) fails instanceof.
  if (data && typeof data === 'object' && Object.prototype.toString.call(data) === '[object ArrayBuffer]') return data as ArrayBuffer;
  return null;
}

export class PortSocket implements WebSocketLike {
  binaryType = 'arraybuffer';
  readonly protocol = '';
  readyState = CONNECTING;
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;

  private port: PortLike | null = null;
  private ended = false;
  private readonly onMessage = (ev: { data?: unknown }) => this.received(ev.data);
  private readonly onPortClose = () => this.remoteClosed(true, 'The console stream ended.');

  /**
   * @param port the port, or a promise of it (rejecting = the stream never came)
   * @param onEnd called once when the socket closes for any reason (to release the stream in main)
   */
  constructor(port: PortLike | Promise<PortLike>, private readonly onEnd?: () => void) {
    Promise.resolve(port).then(
      (p) => this.attach(p),
      (err: unknown) => this.fail(err instanceof Error ? err.message : String(err)),
    );
  }

  private attach(port: PortLike): void {
    if (this.readyState !== CONNECTING) { port.close(); return; }
    this.port = port;
    port.addEventListener('message', this.onMessage);
    port.addEventListener('close', this.onPortClose);
    port.start?.();
    this.readyState = OPEN;
    this.onopen?.({ type: 'open' } as Event);
  }

  private received(data: unknown): void {
    if (this.readyState !== OPEN) return;
    const buf = toArrayBuffer(data);
    if (buf) {
      this.onmessage?.({ type: 'message', data: buf } as MessageEvent);
      return;
    }
    // Control messages from main: null / {type:'close'} end the stream; {type:'error'} too, with a reason.
    const m = data as { type?: unknown; message?: unknown } | null;
    if (m === null || m === undefined || m.type === 'close' || m.type === 'end') this.remoteClosed(true, '');
    else if (m.type === 'error') this.remoteClosed(false, typeof m.message === 'string' ? m.message : 'The console stream failed.');
  }

  private remoteClosed(clean: boolean, reason: string): void {
    if (this.readyState === CLOSED) return;
    if (!clean) this.onerror?.({ type: 'error' } as Event);
    this.finish(clean ? 1000 : 1006, reason, clean);
  }

  private fail(reason: string): void {
    if (this.readyState === CLOSED) return;
    this.onerror?.({ type: 'error' } as Event);
    this.finish(1006, reason, false);
  }

  private finish(code: number, reason: string, wasClean: boolean): void {
    this.readyState = CLOSED;
    if (this.port) {
      this.port.removeEventListener('message', this.onMessage);
      this.port.removeEventListener('close', this.onPortClose);
      try { this.port.close(); } catch { /* already closed */ }
    }
    if (!this.ended) { this.ended = true; this.onEnd?.(); }
    this.onclose?.({ type: 'close', code, reason, wasClean } as CloseEvent);
  }

  send(data: ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== OPEN || !this.port) return;
    // noVNC sends views into a buffer it reuses: copy exactly the bytes, then transfer the copy.
    const buf = toArrayBuffer(ArrayBuffer.isView(data) ? data : new Uint8Array(data));
    if (buf) this.port.postMessage(buf, [buf]);
  }

  close(): void {
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    this.readyState = CLOSING;
    // A WebSocket reports its close asynchronously; so do we.
    setTimeout(() => this.finish(1000, '', true), 0);
  }
}
