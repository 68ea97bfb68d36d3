// A minimal RFB client for tests and smoke checks: a byte reader over a socket, the CONNECT
// reply, the 3.8 handshake with security None, and server-message decoding (Raw rectangles only).
import type { Duplex } from 'node:stream';
import { decodePixelFormat, type PixelFormat } from './server';

export class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private waiter?: () => void;
  ended = false;

  constructor(readonly socket: Duplex) {
    socket.on('data', (d: Buffer) => { this.buf = Buffer.concat([this.buf, d]); this.waiter?.(); });
    const end = () => { this.ended = true; this.waiter?.(); };
    socket.on('close', end);
    socket.on('end', end);
    socket.on('error', end);
  }

  get buffered(): number { return this.buf.length; }

  /** Exactly n bytes; rejects on timeout or when the stream ends first. */
  async read(n: number, timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buf.length < n) {
      if (this.ended) throw new Error(`stream ended after ${this.buf.length}/${n} bytes`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} bytes (have ${this.buf.length})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => { clearTimeout(t); this.waiter = undefined; resolve(); };
      });
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Bytes up to and including `delim`. */
  async readUntil(delim: string, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.buf.indexOf(delim);
      if (i >= 0) return (await this.read(i + delim.length)).toString('latin1');
      await this.read(this.buf.length + 1, deadline - Date.now()).then((b) => { this.buf = Buffer.concat([b, this.buf]); });
    }
  }

  /** Resolves when the stream has ended (or after timeoutMs, with false). */
  async waitEnd(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiter = () => { clearTimeout(t); this.waiter = undefined; resolve(); };
      });
      this.buf = Buffer.alloc(0);
    }
    return this.ended;
  }
}

/** Reads an HTTP reply head ("HTTP/1.1 200 OK\r\n...\r\n\r\n"): status and raw head text. */
export async function readHttpHead(r: ByteReader): Promise<{ status: number; head: string }> {
  const head = await r.readUntil('\r\n\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!m) throw new Error(`not an HTTP reply: ${JSON.stringify(head.slice(0, 80))}`);
  return { status: Number(m[1]), head };
}

export interface ServerInit { version: string; securityTypes: number[]; securityResult: number; width: number; height: number; pixelFormat: PixelFormat; name: string }

/** RFB 3.8 handshake as a client choosing security None; shared flag 1. */
export async function handshake(r: ByteReader): Promise<ServerInit> {
  const s = r.socket;
  const version = (await r.read(12)).toString('latin1');
  s.write('RFB 003.008\n');
  const n = (await r.read(1))[0];
  const securityTypes = [...(await r.read(n))];
  s.write(Buffer.from([1]));
  const securityResult = (await r.read(4)).readUInt32BE(0);
  s.write(Buffer.from([1]));
  const init = await r.read(24);
  const name = (await r.read(init.readUInt32BE(20))).toString('utf8');
  return { version, securityTypes, securityResult, width: init.readUInt16BE(0), height: init.readUInt16BE(2), pixelFormat: decodePixelFormat(init, 4), name };
}

export function setEncodings(s: Duplex, encodings: number[]): void {
  const b = Buffer.alloc(4 + 4 * encodings.length);
  b[0] = 2;
  b.writeUInt16BE(encodings.length, 2);
  encodings.forEach((e, i) => b.writeInt32BE(e, 4 + 4 * i));
  s.write(b);
}

export function requestUpdate(s: Duplex, incremental: boolean, x: number, y: number, w: number, h: number): void {
  const b = Buffer.alloc(10);
  b[0] = 3; b[1] = incremental ? 1 : 0;
  b.writeUInt16BE(x, 2); b.writeUInt16BE(y, 4); b.writeUInt16BE(w, 6); b.writeUInt16BE(h, 8);
  s.write(b);
}

export function keyEvent(s: Duplex, keysym: number, down: boolean): void {
  const b = Buffer.alloc(8);
  b[0] = 4; b[1] = down ? 1 : 0;
  b.writeUInt32BE(keysym, 4);
  s.write(b);
}

/** Types a string: press and release each character's keysym (printable ASCII, "\n" = Return). */
export function typeText(s: Duplex, text: string): void {
  for (const ch of text) {
    const k = ch === '\n' ? 0xff0d : ch.charCodeAt(0);
    keyEvent(s, k, true);
    keyEvent(s, k, false);
  }
}

export interface RawRect { x: number; y: number; w: number; h: number; encoding: number; pixels: Buffer }
export type ServerMessage =
  | { type: 'update'; rects: RawRect[] }
  | { type: 'cut'; text: string }
  | { type: 'bell' }
  | { type: 'colourmap' };

/** Reads one server message; rectangles must be Raw (or zero-size pseudo-encodings). */
export async function readMessage(r: ByteReader, pf: PixelFormat, timeoutMs = 5000): Promise<ServerMessage> {
  const t = (await r.read(1, timeoutMs))[0];
  if (t === 0) {
    const n = (await r.read(3)).readUInt16BE(1);
    const rects: RawRect[] = [];
    for (let i = 0; i < n; i++) {
      const h = await r.read(12);
      const rect = { x: h.readUInt16BE(0), y: h.readUInt16BE(2), w: h.readUInt16BE(4), h: h.readUInt16BE(6), encoding: h.readInt32BE(8) };
      if (rect.encoding !== 0 && rect.w * rect.h !== 0) throw new Error(`unsupported encoding ${rect.encoding}`);
      const pixels = rect.encoding === 0 ? await r.read(rect.w * rect.h * (pf.bpp / 8)) : Buffer.alloc(0);
      rects.push({ ...rect, pixels });
    }
    return { type: 'update', rects };
  }
  if (t === 2) return { type: 'bell' };
  if (t === 3) {
    const len = (await r.read(7)).readUInt32BE(3);
    return { type: 'cut', text: (await r.read(len)).toString('latin1') };
  }
  if (t === 1) {
    const n = (await r.read(5)).readUInt16BE(3);
    await r.read(6 * n);
    return { type: 'colourmap' };
  }
  throw new Error(`unknown server message ${t}`);
}
