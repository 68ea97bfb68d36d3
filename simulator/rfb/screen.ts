// The simulated guest screen behind one console: a "boot screen" framebuffer (0xRRGGBB per pixel)
// shared by every client of the console. It redraws when something changes (a key, the pointer,
// the clipboard, the clock every second), diffs against the previous frame in 16x16 tiles and
// tells its clients which tiles changed.
//
// Layout (800x600 by default, margins 24 px; CELL 6x9 px per character at scale 1):
//   header band  y 0..55     colour HEADER_BG
//     title "PoolDesk simulator console"  at (24, 20), scale 2, TITLE colour
//     clock "HH:MM:SS" (local time)         right-aligned at (width-24-144, 14), scale 3, CLOCK colour
//   VM name       at (24, 80), scale 4 (3 or 2 when too long, then truncated), NAME colour
//   rule          y 128..129, RULE colour
//   "Ctrl+Alt+Del received" (" xN" after the first)  at (24, 144), scale 2, CAD colour (only once received)
//   typed text    from (24, 184), scale 2, 20 px per line, TEXT colour, wrapped, last lines that fit,
//                 followed by a cursor "_" in CLOCK colour
//   footer        at (24, height-34), scale 2, FOOTER colour: "pointer X,Y buttons B  clipboard: ..."
import { CELL_H, CELL_W, GLYPH_H, GLYPH_W, glyph } from './font';

export const COLOURS = {
  BACKGROUND: 0x101828,
  HEADER_BG: 0x1c2a44,
  TITLE: 0x8fa3bf,
  CLOCK: 0x5ce08a,
  NAME: 0xffffff,
  RULE: 0x2e4060,
  CAD: 0xffcc33,
  TEXT: 0xe6e6e6,
  FOOTER: 0x6a7a90,
} as const;

export const LAYOUT = {
  margin: 24, headerHeight: 56, titleY: 20, clockY: 14, nameY: 80, ruleY: 128, cadY: 144, textY: 184, lineHeight: 20,
} as const;

export const TILE = 16;

export interface ScreenClient {
  /** Tiles (row-major, tilesX per row) that changed, 1 = changed. */
  damage(tiles: Uint8Array): void;
  /** The guest copied text to its clipboard. */
  cutText(text: string): void;
}

export interface ScreenOptions {
  width?: number;
  height?: number;
  /** Clock source (tests). */
  now?: () => Date;
}

const KEY = { BackSpace: 0xff08, Tab: 0xff09, Return: 0xff0d, KP_Enter: 0xff8d, Delete: 0xffff, KP_Delete: 0xff9f } as const;
const MAX_TEXT = 8000;

export interface Modifiers { ctrl: boolean; alt: boolean }

export class ConsoleScreen {
  readonly width: number;
  readonly height: number;
  readonly tilesX: number;
  readonly tilesY: number;
  /** Current frame, 0xRRGGBB per pixel, row-major. */
  fb: Uint32Array;
  private scratch: Uint32Array;
  private typed = '';
  private cadCount = 0;
  private pointer = { x: 0, y: 0, buttons: 0 };
  private clipboard = '';
  private readonly clients = new Set<ScreenClient>();
  private timer?: NodeJS.Timeout;
  private readonly now: () => Date;
  private closed = false;

  constructor(readonly name: string, opts: ScreenOptions = {}) {
    this.width = opts.width ?? 800;
    this.height = opts.height ?? 600;
    this.tilesX = Math.ceil(this.width / TILE);
    this.tilesY = Math.ceil(this.height / TILE);
    this.now = opts.now ?? (() => new Date());
    this.fb = new Uint32Array(this.width * this.height);
    this.scratch = new Uint32Array(this.width * this.height);
    this.render(this.fb);
  }

  /** Everything typed so far ("\n" between lines). */
  get text(): string { return this.typed; }

  get ctrlAltDelCount(): number { return this.cadCount; }

  /** Registers a client; the clock ticks while at least one is attached. Returns the detach function. */
  attach(c: ScreenClient): () => void {
    this.clients.add(c);
    this.schedule();
    return () => {
      this.clients.delete(c);
      if (!this.clients.size && this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.clients.clear();
  }

  /** A key press (down only matters) with the sender's modifier state. */
  key(keysym: number, mods: Modifiers): void {
    if (keysym === KEY.Delete || keysym === KEY.KP_Delete) {
      if (mods.ctrl && mods.alt) { this.cadCount++; this.redraw(); }
      return;
    }
    if (mods.ctrl || mods.alt) return;
    let t = this.typed;
    if (keysym === KEY.Return || keysym === KEY.KP_Enter) {
      const line = t.slice(t.lastIndexOf('\n') + 1);
      t += '\n';
      if (line.startsWith('copy:')) for (const c of [...this.clients]) c.cutText(line.slice(5));
    } else if (keysym === KEY.BackSpace) {
      t = t.slice(0, -1);
    } else if (keysym === KEY.Tab) {
      t += '    ';
    } else if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) {
      t += String.fromCharCode(keysym);
    } else if (keysym >= 0x1000100 && keysym <= 0x110ffff) {
      t += String.fromCodePoint(keysym - 0x1000000);
    } else {
      return;
    }
    if (t.length > MAX_TEXT) t = t.slice(t.length - MAX_TEXT);
    this.typed = t;
    this.redraw();
  }

  pointerEvent(x: number, y: number, buttons: number): void {
    const p = this.pointer;
    if (p.x === x && p.y === y && p.buttons === buttons) return;
    this.pointer = { x, y, buttons };
    this.redraw();
  }

  clientCutText(text: string): void {
    this.clipboard = text;
    this.redraw();
  }

  private schedule(): void {
    if (this.timer || this.closed || !this.clients.size) return;
    const delay = 1000 - (Date.now() % 1000) + 5;
    this.timer = setTimeout(() => { this.timer = undefined; this.redraw(); this.schedule(); }, delay);
    this.timer.unref();
  }

  /** Renders a new frame and reports the changed tiles to every client. */
  redraw(): void {
    if (this.closed) return;
    const next = this.scratch;
    this.render(next);
    const prev = this.fb;
    const dirty = new Uint8Array(this.tilesX * this.tilesY);
    let any = false;
    const w = this.width;
    for (let y = 0; y < this.height; y++) {
      const ty = (y / TILE) | 0;
      const row = y * w;
      for (let tx = 0; tx < this.tilesX; tx++) {
        const ti = ty * this.tilesX + tx;
        if (dirty[ti]) continue;
        const end = row + Math.min(w, (tx + 1) * TILE);
        for (let i = row + tx * TILE; i < end; i++) {
          if (prev[i] !== next[i]) { dirty[ti] = 1; any = true; break; }
        }
      }
    }
    this.fb = next;
    this.scratch = prev;
    if (any) for (const c of [...this.clients]) c.damage(dirty);
  }

  // ---- drawing ----
  private render(buf: Uint32Array): void {
    const { width: W, height: H } = this;
    const L = LAYOUT;
    buf.fill(COLOURS.BACKGROUND);
    fillRect(buf, W, H, 0, 0, W, L.headerHeight, COLOURS.HEADER_BG);
    drawText(buf, W, H, 'PoolDesk simulator console', L.margin, L.titleY, 2, COLOURS.TITLE);
    const d = this.now();
    const clock = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    drawText(buf, W, H, clock, W - L.margin - 8 * CELL_W * 3, L.clockY, 3, COLOURS.CLOCK);

    const avail = W - 2 * L.margin;
    let scale = 4;
    while (scale > 2 && this.name.length * CELL_W * scale > avail) scale--;
    const maxChars = Math.floor(avail / (CELL_W * scale));
    const name = this.name.length > maxChars ? `${this.name.slice(0, maxChars - 3)}...` : this.name;
    drawText(buf, W, H, name, L.margin, L.nameY, scale, COLOURS.NAME);
    fillRect(buf, W, H, L.margin, L.ruleY, avail, 2, COLOURS.RULE);
    if (this.cadCount) {
      drawText(buf, W, H, `Ctrl+Alt+Del received${this.cadCount > 1 ? ` x${this.cadCount}` : ''}`, L.margin, L.cadY, 2, COLOURS.CAD);
    }

    // Typed text, wrapped; the last lines that fit above the footer.
    const cols = Math.floor(avail / (CELL_W * 2));
    const footerY = H - 34;
    const rows = Math.max(1, Math.floor((footerY - 8 - L.textY) / L.lineHeight));
    const visual: string[] = [];
    for (const line of this.typed.split('\n')) {
      if (!line.length) { visual.push(''); continue; }
      for (let i = 0; i < line.length; i += cols) visual.push(line.slice(i, i + cols));
    }
    if (visual[visual.length - 1].length >= cols) visual.push('');
    const shown = visual.slice(-rows);
    shown.forEach((line, i) => drawText(buf, W, H, line, L.margin, L.textY + i * L.lineHeight, 2, COLOURS.TEXT));
    const last = shown.length - 1;
    drawText(buf, W, H, '_', L.margin + shown[last].length * CELL_W * 2, L.textY + last * L.lineHeight, 2, COLOURS.CLOCK);

    const p = this.pointer;
    const clip = this.clipboard.replace(/\s+/g, ' ');
    let footer = `pointer ${p.x},${p.y} buttons ${p.buttons}${clip ? `  clipboard: ${clip}` : ''}`;
    if (footer.length > cols) footer = `${footer.slice(0, cols - 3)}...`;
    drawText(buf, W, H, footer, L.margin, footerY, 2, COLOURS.FOOTER);
  }
}

function fillRect(buf: Uint32Array, W: number, H: number, x: number, y: number, w: number, h: number, colour: number): void {
  const x0 = Math.max(0, x), x1 = Math.min(W, x + w);
  for (let yy = Math.max(0, y); yy < Math.min(H, y + h); yy++) buf.fill(colour, yy * W + x0, yy * W + x1);
}

/** Draws `text` with its top-left at (x, y), each glyph pixel as a scale x scale block. */
export function drawText(buf: Uint32Array, W: number, H: number, text: string, x: number, y: number, scale: number, colour: number): void {
  let cx = x;
  for (const ch of text) {
    if (cx >= W) break;
    const rows = glyph(ch);
    for (let r = 0; r < GLYPH_H; r++) {
      const bits = rows[r];
      if (!bits) continue;
      for (let c = 0; c < GLYPH_W; c++) {
        if (bits & (1 << (GLYPH_W - 1 - c))) fillRect(buf, W, H, cx + c * scale, y + r * scale, scale, scale, colour);
      }
    }
    cx += CELL_W * scale;
  }
}

export { CELL_H, CELL_W };
