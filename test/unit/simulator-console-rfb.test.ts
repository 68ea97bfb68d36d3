import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ByteReader, handshake, keyEvent, readMessage, requestUpdate, setEncodings, typeText, type RawRect } from '../../simulator/rfb/client';
import { COLOURS, ConsoleScreen, LAYOUT, TILE } from '../../simulator/rfb/screen';
import { NATIVE_FORMAT, RfbSession, encodePixelFormat, type PixelFormat } from '../../simulator/rfb/server';

const NAME = 'web-01 (test VM)';
const FIXED = new Date(2026, 0, 2, 3, 4, 5);

/** Pixel (0xRRGGBB) of a 32 bpp little-endian raw rectangle at absolute (x, y). */
const px = (r: RawRect, x: number, y: number) => r.pixels.readUInt32LE(((y - r.y) * r.w + (x - r.x)) * 4) & 0xffffff;

describe('built-in RFB server over loopback TCP', () => {
  let server: net.Server;
  let port: number;
  let screen: ConsoleScreen;
  const open: net.Socket[] = [];

  beforeAll(async () => {
    screen = new ConsoleScreen(NAME, { now: () => FIXED });
    server = net.createServer((s) => { new RfbSession(s, screen); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterEach(() => { for (const s of open.splice(0)) s.destroy(); });
  afterAll(async () => { screen.close(); await new Promise((r) => server.close(r)); });

  const connect = async () => {
    const s = net.connect(port, '127.0.0.1');
    open.push(s);
    await new Promise((r) => s.once('connect', r));
    return { s, r: new ByteReader(s) };
  };

  it('handshakes RFB 3.8 with exact bytes and a ServerInit carrying the VM name', async () => {
    const { s, r } = await connect();
    expect((await r.read(12)).toString('latin1')).toBe('RFB 003.008\n');
    s.write('RFB 003.008\n');
    expect([...(await r.read(2))]).toEqual([1, 1]); // one security type: None
    s.write(Buffer.from([1]));
    expect([...(await r.read(4))]).toEqual([0, 0, 0, 0]); // SecurityResult OK
    s.write(Buffer.from([1])); // ClientInit shared
    const init = await r.read(24);
    expect(init.readUInt16BE(0)).toBe(800);
    expect(init.readUInt16BE(2)).toBe(600);
    expect([...init.subarray(4, 20)]).toEqual([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]);
    expect(init.readUInt32BE(20)).toBe(Buffer.byteLength(NAME));
    expect((await r.read(Buffer.byteLength(NAME))).toString('utf8')).toBe(NAME);
  });

  it('accepts a 3.3 client (server-chosen security None, no SecurityResult)', async () => {
    const { s, r } = await connect();
    await r.read(12);
    s.write('RFB 003.003\n');
    expect([...(await r.read(4))]).toEqual([0, 0, 0, 1]);
    s.write(Buffer.from([0]));
    const init = await r.read(24);
    expect(init.readUInt16BE(0)).toBe(800);
    expect((await r.read(init.readUInt32BE(20))).toString()).toBe(NAME);
  });

  it('sends the full screen as one Raw rectangle for a non-incremental request, with the name drawn', async () => {
    const { s, r } = await connect();
    const init = await handshake(r);
    setEncodings(s, [0, -223, -239]); // Raw, DesktopSize and Cursor pseudo-encodings (ignored)
    requestUpdate(s, false, 0, 0, 800, 600);
    const m = await readMessage(r, init.pixelFormat);
    expect(m.type).toBe('update');
    if (m.type !== 'update') return;
    expect(m.rects).toHaveLength(1);
    const rect = m.rects[0];
    expect(rect).toMatchObject({ x: 0, y: 0, w: 800, h: 600, encoding: 0 });
    expect(rect.pixels.length).toBe(800 * 600 * 4);
    // Name: scale 4 at (24, 80); count NAME-coloured pixels in its band.
    let ink = 0;
    for (let y = LAYOUT.nameY; y < LAYOUT.nameY + 28; y++) for (let x = 24; x < 24 + NAME.length * 24; x++) if (px(rect, x, y) === COLOURS.NAME) ink++;
    expect(ink).toBeGreaterThan(300);
    expect(px(rect, 790, 300)).toBe(COLOURS.BACKGROUND);
    expect(px(rect, 5, 5)).toBe(COLOURS.HEADER_BG);
    // Clock "03:04:05" at scale 3, right-aligned in the header.
    let clock = 0;
    for (let y = LAYOUT.clockY; y < LAYOUT.clockY + 21; y++) for (let x = 800 - 24 - 144; x < 800 - 24; x++) if (px(rect, x, y) === COLOURS.CLOCK) clock++;
    expect(clock).toBeGreaterThan(100);
  });

  it('applies keystrokes to the shared screen and answers an incremental request with only the changed tiles', async () => {
    const { s, r } = await connect();
    const init = await handshake(r);
    requestUpdate(s, false, 0, 0, 800, 600);
    await readMessage(r, init.pixelFormat);
    requestUpdate(s, true, 0, 0, 800, 600);
    typeText(s, 'hello\nwor');
    keyEvent(s, 0x78, true); keyEvent(s, 0x78, false); // x
    keyEvent(s, 0xff08, true); keyEvent(s, 0xff08, false); // BackSpace
    typeText(s, 'ld');
    const m = await readMessage(r, init.pixelFormat);
    expect(m.type).toBe('update');
    if (m.type !== 'update') return;
    for (const rect of m.rects) {
      expect(rect.y).toBeGreaterThanOrEqual(Math.floor(LAYOUT.textY / TILE) * TILE);
      expect(rect.w * rect.h).toBeLessThan(800 * 600);
    }
    await expect.poll(() => screen.text).toBe('hello\nworld');
    // Another client sees the same text on its screen.
    const other = await connect();
    const init2 = await handshake(other.r);
    requestUpdate(other.s, false, 0, LAYOUT.textY, 800, 40);
    const m2 = await readMessage(other.r, init2.pixelFormat);
    if (m2.type !== 'update') throw new Error('expected an update');
    const text = m2.rects[0];
    let ink = 0;
    for (let y = text.y; y < text.y + text.h; y++) for (let x = 24; x < 24 + 5 * 12; x++) if (px(text, x, y) === COLOURS.TEXT) ink++;
    expect(ink).toBeGreaterThan(50);
  });

  it('shows Ctrl+Alt+Del and sends ServerCutText for a typed "copy:" line', async () => {
    const { s, r } = await connect();
    const init = await handshake(r);
    for (const k of [0xffe3, 0xffe9, 0xffff]) keyEvent(s, k, true);
    for (const k of [0xffff, 0xffe9, 0xffe3]) keyEvent(s, k, false);
    await expect.poll(() => screen.ctrlAltDelCount).toBe(1);
    requestUpdate(s, false, 0, LAYOUT.cadY, 800, 14);
    const m = await readMessage(r, init.pixelFormat);
    if (m.type !== 'update') throw new Error('expected an update');
    expect([...Array(800 * 14).keys()].some((i) => px(m.rects[0], i % 800, LAYOUT.cadY + Math.floor(i / 800)) === COLOURS.CAD)).toBe(true);
    typeText(s, '\ncopy:clip me\n');
    const cut = await readMessage(r, init.pixelFormat);
    expect(cut).toEqual({ type: 'cut', text: 'clip me' });
  });

  it('honours SetPixelFormat (16 bpp RGB565 little-endian)', async () => {
    const { s, r } = await connect();
    await handshake(r);
    const pf: PixelFormat = { ...NATIVE_FORMAT, bpp: 16, depth: 16, redMax: 31, greenMax: 63, blueMax: 31, redShift: 11, greenShift: 5, blueShift: 0 };
    s.write(Buffer.concat([Buffer.from([0, 0, 0, 0]), encodePixelFormat(pf), Buffer.alloc(0)]));
    requestUpdate(s, false, 780, 300, 10, 10);
    const m = await readMessage(r, pf);
    if (m.type !== 'update') throw new Error('expected an update');
    expect(m.rects[0].pixels.length).toBe(200);
    const bg = COLOURS.BACKGROUND;
    const expected = (Math.round((bg >> 16) * 31 / 255) << 11) | (Math.round(((bg >> 8) & 255) * 63 / 255) << 5) | Math.round((bg & 255) * 31 / 255);
    expect(m.rects[0].pixels.readUInt16LE(0)).toBe(expected);
  });
});

describe('ConsoleScreen damage', () => {
  it('reports only the clock tiles when the second changes', () => {
    let t = new Date(2026, 0, 2, 3, 4, 5);
    const screen = new ConsoleScreen('x', { now: () => t });
    const seen: Uint8Array[] = [];
    const detach = screen.attach({ damage: (d) => seen.push(d.slice()), cutText: () => undefined });
    t = new Date(2026, 0, 2, 3, 4, 6);
    screen.redraw();
    detach();
    screen.close();
    expect(seen).toHaveLength(1);
    const tiles = [...seen[0].keys()].filter((i) => seen[0][i]);
    expect(tiles.length).toBeGreaterThan(0);
    for (const i of tiles) {
      expect(Math.floor(i / screen.tilesX) * TILE).toBeLessThan(LAYOUT.headerHeight);
      expect((i % screen.tilesX + 1) * TILE).toBeGreaterThan(800 - 24 - 144);
    }
  });
});
