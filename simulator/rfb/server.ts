// A minimal RFB (VNC) server speaking to one client over any byte stream (RFC 6143): versions 3.3,
// 3.7 and 3.8, security type None, Raw encoding only, client pixel formats of 8/16/32 bpp
// true colour (either byte order), incremental updates from the screen's damaged tiles,
// KeyEvent / PointerEvent / ClientCutText forwarded to the shared ConsoleScreen, and
// ServerCutText when the guest "copies" text.
import type { Duplex } from 'node:stream';
import { TILE, type ConsoleScreen, type ScreenClient } from './screen';

export const RFB_VERSION = 'RFB 003.008\n';

export interface PixelFormat {
  bpp: number; depth: number; bigEndian: boolean; trueColour: boolean;
  redMax: number; greenMax: number; blueMax: number; redShift: number; greenShift: number; blueShift: number;
}

/** The server's native format: 32 bpp, depth 24, little-endian, 0x00RRGGBB. */
export const NATIVE_FORMAT: PixelFormat = {
  bpp: 32, depth: 24, bigEndian: false, trueColour: true, redMax: 255, greenMax: 255, blueMax: 255, redShift: 16, greenShift: 8, blueShift: 0,
};

export function encodePixelFormat(pf: PixelFormat): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(pf.bpp, 0); b.writeUInt8(pf.depth, 1); b.writeUInt8(pf.bigEndian ? 1 : 0, 2); b.writeUInt8(pf.trueColour ? 1 : 0, 3);
  b.writeUInt16BE(pf.redMax, 4); b.writeUInt16BE(pf.greenMax, 6); b.writeUInt16BE(pf.blueMax, 8);
  b.writeUInt8(pf.redShift, 10); b.writeUInt8(pf.greenShift, 11); b.writeUInt8(pf.blueShift, 12);
  return b;
}

export function decodePixelFormat(b: Buffer, o = 0): PixelFormat {
  return {
    bpp: b[o], depth: b[o + 1], bigEndian: b[o + 2] !== 0, trueColour: b[o + 3] !== 0,
    redMax: b.readUInt16BE(o + 4), greenMax: b.readUInt16BE(o + 6), blueMax: b.readUInt16BE(o + 8),
    redShift: b[o + 10], greenShift: b[o + 11], blueShift: b[o + 12],
  };
}

interface Rect { x: number; y: number; w: number; h: number }

const KEYSYM = { Control_L: 0xffe3, Control_R: 0xffe4, Alt_L: 0xffe9, Alt_R: 0xffea, Meta_L: 0xffe7, Meta_R: 0xffe8, ISO_Level3_Shift: 0xfe03 };

type State = 'version' | 'security' | 'clientinit' | 'normal' | 'closed';

export class RfbSession implements ScreenClient {
  private buf: Buffer = Buffer.alloc(0);
  private state: State = 'version';
  private minor = 8;
  private pf: PixelFormat = NATIVE_FORMAT;
  private dirty: Uint8Array;
  private pending: Rect | null = null;
  private readonly down = new Set<number>();
  private detach?: () => void;
  /** Encodings the client announced (SetEncodings), in its order. */
  encodings: number[] = [];

  constructor(private readonly socket: Duplex, private readonly screen: ConsoleScreen, initial?: Buffer) {
    this.dirty = new Uint8Array(screen.tilesX * screen.tilesY);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('close', () => this.close());
    socket.on('end', () => this.close());
    socket.on('error', () => this.close());
    socket.write(RFB_VERSION);
    if (initial?.length) this.onData(initial);
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.detach?.();
    this.socket.destroy();
  }

  private fail(): void { this.close(); }

  private get closed(): boolean { return this.state === 'closed'; }

  private onData(d: Buffer): void {
    if (this.state === 'closed') return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    for (;;) {
      const used = this.step(this.buf);
      if (used <= 0 || this.closed) break;
      this.buf = this.buf.subarray(used);
    }
  }

  /** Consumes one message from the front of `b`; returns the bytes used or 0 when incomplete. */
  private step(b: Buffer): number {
    switch (this.state) {
      case 'version': {
        if (b.length < 12) return 0;
        const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(b.toString('latin1', 0, 12));
        if (!m || Number(m[1]) !== 3) { this.fail(); return 0; }
        const minor = Number(m[2]);
        this.minor = minor >= 8 ? 8 : minor === 7 ? 7 : 3;
        if (this.minor === 3) {
          this.socket.write(u32(1)); // security type None
          this.state = 'clientinit';
        } else {
          this.socket.write(Buffer.from([1, 1])); // one type: None
          this.state = 'security';
        }
        return 12;
      }
      case 'security': {
        if (b.length < 1) return 0;
        if (b[0] !== 1) {
          if (this.minor === 8) {
            const reason = Buffer.from('security type not supported');
            this.socket.write(Buffer.concat([u32(1), u32(reason.length), reason]));
          }
          this.fail();
          return 0;
        }
        if (this.minor === 8) this.socket.write(u32(0));
        this.state = 'clientinit';
        return 1;
      }
      case 'clientinit': {
        if (b.length < 1) return 0;
        const name = Buffer.from(this.screen.name, 'utf8');
        const head = Buffer.alloc(4);
        head.writeUInt16BE(this.screen.width, 0); head.writeUInt16BE(this.screen.height, 2);
        this.socket.write(Buffer.concat([head, encodePixelFormat(NATIVE_FORMAT), u32(name.length), name]));
        this.state = 'normal';
        this.detach = this.screen.attach(this);
        return 1;
      }
      case 'normal': return this.message(b);
      default: return 0;
    }
  }

  private message(b: Buffer): number {
    if (b.length < 1) return 0;
    switch (b[0]) {
      case 0: { // SetPixelFormat
        if (b.length < 20) return 0;
        const pf = decodePixelFormat(b, 4);
        if (![8, 16, 32].includes(pf.bpp)) { this.fail(); return 0; }
        // Colour-map formats are not supported: fall back to BGR233 true colour.
        this.pf = pf.trueColour ? pf : { ...pf, trueColour: true, redMax: 7, greenMax: 7, blueMax: 3, redShift: 0, greenShift: 3, blueShift: 6 };
        return 20;
      }
      case 2: { // SetEncodings
        if (b.length < 4) return 0;
        const n = b.readUInt16BE(2);
        if (b.length < 4 + 4 * n) return 0;
        this.encodings = Array.from({ length: n }, (_, i) => b.readInt32BE(4 + 4 * i));
        return 4 + 4 * n;
      }
      case 3: { // FramebufferUpdateRequest
        if (b.length < 10) return 0;
        const rect = this.clip({ x: b.readUInt16BE(2), y: b.readUInt16BE(4), w: b.readUInt16BE(6), h: b.readUInt16BE(8) });
        if (b[1] === 0) {
          this.pending = null;
          this.clearDirty(rect);
          this.sendRects(rect.w && rect.h ? [rect] : []);
        } else {
          this.pending = rect;
          this.flush();
        }
        return 10;
      }
      case 4: { // KeyEvent
        if (b.length < 8) return 0;
        const down = b[1] !== 0;
        const keysym = b.readUInt32BE(4);
        if (down) {
          this.down.add(keysym);
          const has = (...k: number[]) => k.some((x) => this.down.has(x));
          this.screen.key(keysym, {
            ctrl: has(KEYSYM.Control_L, KEYSYM.Control_R),
            alt: has(KEYSYM.Alt_L, KEYSYM.Alt_R, KEYSYM.Meta_L, KEYSYM.Meta_R),
          });
        } else {
          this.down.delete(keysym);
        }
        return 8;
      }
      case 5: { // PointerEvent
        if (b.length < 6) return 0;
        this.screen.pointerEvent(b.readUInt16BE(2), b.readUInt16BE(4), b[1]);
        return 6;
      }
      case 6: { // ClientCutText
        if (b.length < 8) return 0;
        const len = b.readUInt32BE(4);
        if (len > 1 << 20) { this.fail(); return 0; }
        if (b.length < 8 + len) return 0;
        this.screen.clientCutText(b.toString('latin1', 8, 8 + len));
        return 8 + len;
      }
      default: // unknown message: the stream cannot be resynchronised
        this.fail();
        return 0;
    }
  }

  // ---- ScreenClient ----
  damage(tiles: Uint8Array): void {
    for (let i = 0; i < tiles.length; i++) if (tiles[i]) this.dirty[i] = 1;
    this.flush();
  }

  cutText(text: string): void {
    if (this.state !== 'normal') return;
    const t = Buffer.from(text, 'latin1');
    const head = Buffer.alloc(8);
    head[0] = 3;
    head.writeUInt32BE(t.length, 4);
    this.socket.write(Buffer.concat([head, t]));
  }

  // ---- updates ----
  private clip(r: Rect): Rect {
    const x = Math.min(r.x, this.screen.width), y = Math.min(r.y, this.screen.height);
    return { x, y, w: Math.max(0, Math.min(r.w, this.screen.width - x)), h: Math.max(0, Math.min(r.h, this.screen.height - y)) };
  }

  /** Tile index range covering a rectangle. */
  private tileRange(r: Rect): [number, number, number, number] {
    return [Math.floor(r.x / TILE), Math.floor(r.y / TILE), Math.ceil((r.x + r.w) / TILE), Math.ceil((r.y + r.h) / TILE)];
  }

  private clearDirty(r: Rect): void {
    const [tx0, ty0, tx1, ty1] = this.tileRange(r);
    for (let ty = ty0; ty < ty1; ty++) for (let tx = tx0; tx < tx1; tx++) this.dirty[ty * this.screen.tilesX + tx] = 0;
  }

  /** Answers a pending incremental request with the damaged tiles inside it (runs of tiles per tile row). */
  private flush(): void {
    const req = this.pending;
    if (!req || this.state !== 'normal' || !req.w || !req.h) return;
    const [tx0, ty0, tx1, ty1] = this.tileRange(req);
    const X = this.screen.tilesX;
    const rects: Rect[] = [];
    for (let ty = ty0; ty < ty1; ty++) {
      for (let tx = tx0; tx < tx1; tx++) {
        if (!this.dirty[ty * X + tx]) continue;
        let end = tx;
        while (end + 1 < tx1 && this.dirty[ty * X + end + 1]) end++;
        for (let i = tx; i <= end; i++) this.dirty[ty * X + i] = 0;
        const x = Math.max(req.x, tx * TILE), y = Math.max(req.y, ty * TILE);
        const x2 = Math.min(req.x + req.w, (end + 1) * TILE), y2 = Math.min(req.y + req.h, (ty + 1) * TILE);
        if (x2 > x && y2 > y) rects.push({ x, y, w: x2 - x, h: y2 - y });
        tx = end;
      }
    }
    if (!rects.length) return;
    // Merge vertically adjacent runs with identical horizontal extent.
    const merged: Rect[] = [];
    for (const r of rects) {
      const m = merged.find((p) => p.x === r.x && p.w === r.w && p.y + p.h === r.y);
      if (m) m.h += r.h; else merged.push({ ...r });
    }
    this.pending = null;
    this.sendRects(merged);
  }

  private sendRects(rects: Rect[]): void {
    const head = Buffer.alloc(4);
    head[0] = 0;
    head.writeUInt16BE(rects.length, 2);
    const parts: Buffer[] = [head];
    for (const r of rects) {
      const rh = Buffer.alloc(12);
      rh.writeUInt16BE(r.x, 0); rh.writeUInt16BE(r.y, 2); rh.writeUInt16BE(r.w, 4); rh.writeUInt16BE(r.h, 6);
      rh.writeInt32BE(0, 8); // Raw
      parts.push(rh, this.encodeRaw(r));
    }
    this.socket.write(Buffer.concat(parts));
  }

  private encodeRaw(r: Rect): Buffer {
    const pf = this.pf;
    const bytes = pf.bpp / 8;
    const out = Buffer.alloc(r.w * r.h * bytes);
    const fb = this.screen.fb;
    const W = this.screen.width;
    const native = pf.bpp === 32 && pf.redMax === 255 && pf.greenMax === 255 && pf.blueMax === 255;
    let o = 0;
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let i = y * W + r.x, end = i + r.w; i < end; i++) {
        const p = fb[i];
        let v: number;
        if (native) {
          v = (((p >>> 16) & 255) << pf.redShift) | (((p >>> 8) & 255) << pf.greenShift) | ((p & 255) << pf.blueShift);
        } else {
          const red = Math.round((((p >>> 16) & 255) * pf.redMax) / 255);
          const green = Math.round((((p >>> 8) & 255) * pf.greenMax) / 255);
          const blue = Math.round(((p & 255) * pf.blueMax) / 255);
          v = (red << pf.redShift) | (green << pf.greenShift) | (blue << pf.blueShift);
        }
        v >>>= 0;
        if (bytes === 4) { if (pf.bigEndian) out.writeUInt32BE(v, o); else out.writeUInt32LE(v, o); }
        else if (bytes === 2) { if (pf.bigEndian) out.writeUInt16BE(v & 0xffff, o); else out.writeUInt16LE(v & 0xffff, o); }
        else out[o] = v & 0xff;
        o += bytes;
      }
    }
    return out;
  }
}

function u32(n: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0, 0); return b; }
