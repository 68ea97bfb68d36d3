// The console's pure parts: keysyms for paste-as-keystrokes and special keys, the MessagePort ->
// WebSocket-shape adapter (Electron's console stream), and which console a VM or host shows.
import { describe, expect, it, vi } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { comboEvents, keystrokeEvents, SPECIAL_KEYS, textToKeystrokes, XK } from '../../renderer/src/features/console/keysyms';
import { PortSocket, CLOSED, CONNECTING, OPEN, type PortLike } from '../../renderer/src/bridge/port-socket';
import { controlDomainOf, pickConsole } from '../../renderer/src/features/console/pick';
import { createAppStore } from '../../renderer/src/state/store';
import { parseConsoleHash, consoleHash } from '../../renderer/src/features/console/undock';
import { screenshotName } from '../../renderer/src/features/console/screenshot-name';

const events = (text: string) => textToKeystrokes(text).flatMap(keystrokeEvents);
/** One turn of the event loop (message ports deliver on later turns: conditions use vi.waitFor). */
const tick = () => new Promise((r) => setImmediate(r));

describe('paste as keystrokes: keysyms', () => {
  it('types lower-case letters and digits as their Latin-1 keysyms, press then release', () => {
    expect(events('a1')).toEqual([[0x61, true], [0x61, false], [0x31, true], [0x31, false]]);
  });

  it('holds Shift around upper-case letters and shifted symbols', () => {
    expect(events('A')).toEqual([[XK.Shift_L, true], [0x41, true], [0x41, false], [XK.Shift_L, false]]);
    for (const ch of '!@#$%^&*()_+{}|:"<>?~') {
      const [k] = textToKeystrokes(ch);
      expect(k, ch).toMatchObject({ keysym: ch.charCodeAt(0), shift: true });
    }
    for (const ch of "-=[]\\;',./` ") {
      const [k] = textToKeystrokes(ch);
      expect(k, ch).toMatchObject({ keysym: ch.charCodeAt(0), shift: false });
    }
  });

  it('sends newline (LF, CRLF, CR) as one Return and tab as Tab', () => {
    expect(textToKeystrokes('a\r\nb\nc\rd').map((k) => k.keysym)).toEqual([0x61, XK.Return, 0x62, XK.Return, 0x63, XK.Return, 0x64]);
    expect(textToKeystrokes('\t')).toEqual([{ keysym: XK.Tab, shift: false, char: '\t' }]);
  });

  it('maps Latin-1 to itself and other characters to Unicode keysyms; drops other control characters', () => {
    expect(textToKeystrokes('é')[0]).toMatchObject({ keysym: 0xe9, shift: false });
    expect(textToKeystrokes('É')[0]).toMatchObject({ keysym: 0xc9, shift: true });
    expect(textToKeystrokes('€')[0]).toMatchObject({ keysym: 0x010020ac });
    expect(textToKeystrokes('😀')[0]).toMatchObject({ keysym: 0x0101f600 });
    expect(textToKeystrokes('a\u0000\u0007b').map((k) => k.char)).toEqual(['a', 'b']);
  });

  it('special keys press modifiers in order and release them in reverse', () => {
    const caf1 = SPECIAL_KEYS.find((k) => k.label === 'Ctrl+Alt+F1')!;
    expect(comboEvents(caf1.keys)).toEqual([
      [0xffe3, 'ControlLeft', true], [0xffe9, 'AltLeft', true], [0xffbe, 'F1', true],
      [0xffbe, 'F1', false], [0xffe9, 'AltLeft', false], [0xffe3, 'ControlLeft', false],
    ]);
    const by = (l: string) => SPECIAL_KEYS.find((k) => k.label === l)!.keys.map((k) => k.keysym);
    expect(by('Ctrl+Alt+F12')).toEqual([0xffe3, 0xffe9, 0xffc9]);
    expect(by('Alt+F4')).toEqual([0xffe9, 0xffc1]);
    expect(by('Alt+Tab')).toEqual([0xffe9, 0xff09]);
    expect(by('Ctrl+Esc')).toEqual([0xffe3, 0xff1b]);
    expect(SPECIAL_KEYS.map((k) => k.label)).toEqual([...Array.from({ length: 12 }, (_, i) => `Ctrl+Alt+F${i + 1}`), 'Alt+F4', 'Alt+Tab', 'Ctrl+Esc']);
  });
});

describe('PortSocket (MessagePort as a WebSocket for noVNC)', () => {
  it('opens asynchronously, delivers binary messages as ArrayBuffers, sends copies, closes both ways', async () => {
    const { port1, port2 } = new MessageChannel();
    let ended = 0;
    const sock = new PortSocket(port1 as unknown as PortLike, () => { ended++; });
    expect(sock.readyState).toBe(CONNECTING);
    expect(sock.binaryType).toBe('arraybuffer');
    expect(sock.protocol).toBe('');
    const log: string[] = [];
    const got: number[][] = [];
    sock.onopen = () => log.push('open');
    sock.onmessage = (e) => { expect(e.data).toBeInstanceOf(ArrayBuffer); got.push([...new Uint8Array(e.data as ArrayBuffer)]); };
    sock.onclose = (e) => log.push(`close ${e.code} ${e.wasClean}`);
    expect(log).toEqual([]); // not synchronously
    await tick();
    expect(log).toEqual(['open']);
    expect(sock.readyState).toBe(OPEN);

    // main -> page: ArrayBuffer and Uint8Array (a view into a bigger buffer) both arrive as exact bytes.
    port2.postMessage(new Uint8Array([1, 2, 3]).buffer);
    const big = new Uint8Array([9, 9, 4, 5, 9]);
    port2.postMessage(big.subarray(2, 4));
    await vi.waitFor(() => expect(got).toEqual([[1, 2, 3], [4, 5]]));

    // page -> main: a view into a reused buffer sends exactly its bytes.
    const received: number[][] = [];
    port2.on('message', (d: ArrayBuffer) => received.push([...new Uint8Array(d)]));
    const reused = new Uint8Array(16);
    reused.set([7, 8, 9]);
    sock.send(new Uint8Array(reused.buffer, 0, 3));
    reused.set([0, 0, 0]);
    sock.send(new Uint8Array([42]).buffer);
    await vi.waitFor(() => expect(received).toEqual([[7, 8, 9], [42]]));

    sock.close();
    expect(sock.readyState).toBeGreaterThanOrEqual(2);
    await vi.waitFor(() => expect(sock.readyState).toBe(CLOSED));
    expect(log).toEqual(['open', 'close 1000 true']);
    expect(ended).toBe(1);
    sock.send(new Uint8Array([1])); // ignored once closed
    sock.close();
    await tick();
    expect(ended).toBe(1);
    port2.close();
  });

  it('reports the far end closing the port, and a control message ending the stream', async () => {
    const a = new MessageChannel();
    const s1 = new PortSocket(a.port1 as unknown as PortLike);
    const closes: number[] = [];
    s1.onclose = (e) => closes.push(e.code);
    await tick();
    a.port2.close();
    await vi.waitFor(() => expect(s1.readyState).toBe(CLOSED));
    expect(closes).toEqual([1000]);

    const b = new MessageChannel();
    let ended = 0;
    const s2 = new PortSocket(b.port1 as unknown as PortLike, () => { ended++; });
    const errs: string[] = [];
    s2.onerror = () => errs.push('error');
    s2.onclose = (e) => errs.push(`close ${e.code} ${e.reason}`);
    await tick();
    b.port2.postMessage({ type: 'error', message: 'Console refused (503)' });
    await vi.waitFor(() => expect(errs).toEqual(['error', 'close 1006 Console refused (503)']));
    expect(ended).toBe(1);
    b.port2.close();
  });

  it('waits for a port that arrives later; a port that never comes fails with error + close', async () => {
    const { port1, port2 } = new MessageChannel();
    let give!: (p: PortLike) => void;
    const sock = new PortSocket(new Promise<PortLike>((r) => { give = r; }));
    const log: string[] = [];
    sock.onopen = () => log.push('open');
    await tick();
    expect(sock.readyState).toBe(CONNECTING); // nothing can open it before the port is given
    give(port1 as unknown as PortLike);
    await tick();
    expect(log).toEqual(['open']);
    sock.close();
    port2.close();

    const lost = new PortSocket(Promise.reject(new Error('The console stream did not arrive.')));
    const log2: string[] = [];
    lost.onerror = () => log2.push('error');
    lost.onclose = (e) => log2.push(`close ${e.code} ${e.reason}`);
    await tick();
    expect(log2).toEqual(['error', 'close 1006 The console stream did not arrive.']);
    expect(lost.readyState).toBe(CLOSED);
  });

  it("has every property noVNC's Websock.attach() checks for on a raw channel", () => {
    const sock = new PortSocket(new Promise<PortLike>(() => {}));
    const props = [...Object.keys(sock), ...Object.getOwnPropertyNames(Object.getPrototypeOf(sock))];
    for (const p of ['send', 'close', 'binaryType', 'onerror', 'onmessage', 'onopen', 'protocol', 'readyState']) expect(props, p).toContain(p);
  });

  it('works with a plain fake port object (no start method)', async () => {
    const listeners = new Map<string, (e: { data?: unknown }) => void>();
    const posted: unknown[] = [];
    let closed = false;
    const fake: PortLike = {
      postMessage: (m) => posted.push(m),
      close: () => { closed = true; },
      addEventListener: (t, l) => listeners.set(t, l),
      removeEventListener: (t) => listeners.delete(t),
    };
    const sock = new PortSocket(fake);
    const got: ArrayBuffer[] = [];
    sock.onmessage = (e) => got.push(e.data as ArrayBuffer);
    await tick();
    listeners.get('message')!({ data: new Uint8Array([5, 6]) });
    expect([...new Uint8Array(got[0])]).toEqual([5, 6]);
    sock.send(new Uint8Array([1, 2]));
    expect([...new Uint8Array(posted[0] as ArrayBuffer)]).toEqual([1, 2]);
    listeners.get('close')!({});
    expect(sock.readyState).toBe(CLOSED);
    expect(closed).toBe(true);
    expect(listeners.size).toBe(0);
  });
});

describe('which console a tab shows', () => {
  const C = 'c1';
  function storeWith(changes: Array<{ cls: string; ref: string; record: Record<string, unknown> }>) {
    const st = createAppStore();
    st.getState().applyDelta({ connectionId: C, reset: true, changes: changes.map((c) => ({ ...c, op: 'add' as const })) });
    return st.getState();
  }
  const base = [
    { cls: 'host', ref: 'H1', record: { name_label: 'host-1' } },
    { cls: 'host', ref: 'H2', record: { name_label: 'host-2' } },
    { cls: 'vm', ref: 'D1', record: { name_label: 'Control domain on host: host-1', is_control_domain: true, resident_on: 'H1', domid: 0, power_state: 'Running', consoles: ['DC1', 'DC2'] } },
    { cls: 'vm', ref: 'D2', record: { name_label: 'Control domain on host: host-2', is_control_domain: true, resident_on: 'H2', domid: 0, power_state: 'Running', consoles: ['DC3'] } },
    { cls: 'console', ref: 'DC1', record: { protocol: 'vt100', VM: 'D1' } },
    { cls: 'console', ref: 'DC2', record: { protocol: 'rfb', VM: 'D1' } },
    { cls: 'console', ref: 'DC3', record: { protocol: 'rfb', VM: 'D2' } },
    { cls: 'vm', ref: 'V1', record: { name_label: 'web', power_state: 'Running', resident_on: 'H1', consoles: ['VC1', 'VC2'] } },
    { cls: 'console', ref: 'VC1', record: { protocol: 'vt100', VM: 'V1' } },
    { cls: 'console', ref: 'VC2', record: { protocol: 'rfb', VM: 'V1' } },
    { cls: 'vm', ref: 'V2', record: { name_label: 'db', power_state: 'Halted', resident_on: 'OpaqueRef:NULL', consoles: [] } },
    { cls: 'vm', ref: 'V3', record: { name_label: 'old', power_state: 'Suspended', consoles: ['STALE'] } },
    { cls: 'console', ref: 'STALE', record: { protocol: 'rfb', VM: 'V3' } },
  ];

  it("a running VM shows its rfb console (not the text one)", () => {
    expect(pickConsole(storeWith(base), C, 'vm', 'V1')).toEqual({ vmRef: 'V1', name: 'web', powerState: 'Running', consoleRef: 'VC2', isHost: false });
  });

  it("a host shows its control domain's rfb console", () => {
    const s = storeWith(base);
    expect(controlDomainOf(s, C, 'H2')).toBe('D2');
    expect(pickConsole(s, C, 'host', 'H1')).toEqual({ vmRef: 'D1', name: 'host-1', powerState: 'Running', consoleRef: 'DC2', isHost: true });
    expect(pickConsole(s, C, 'host', 'H2').consoleRef).toBe('DC3');
  });

  it('a halted or suspended VM has none', () => {
    const s = storeWith(base);
    expect(pickConsole(s, C, 'vm', 'V2')).toMatchObject({ vmRef: 'V2', powerState: 'Halted', consoleRef: null });
    expect(pickConsole(s, C, 'vm', 'V3')).toMatchObject({ powerState: 'Suspended', consoleRef: null });
    expect(pickConsole(s, C, 'vm', 'NOPE')).toMatchObject({ vmRef: null, consoleRef: null });
    expect(pickConsole(s, C, 'host', 'NOPE')).toMatchObject({ vmRef: null, consoleRef: null, isHost: true });
  });

  it('finds a new console record before the VM lists it (after a reboot)', () => {
    const st = createAppStore();
    st.getState().applyDelta({ connectionId: C, reset: true, changes: base.map((c) => ({ ...c, op: 'add' as const })) });
    st.getState().applyDelta({ connectionId: C, reset: false, changes: [
      { cls: 'console', ref: 'VC2', op: 'del' },
      { cls: 'console', ref: 'VC9', op: 'add', record: { protocol: 'rfb', VM: 'V1' } },
    ] });
    expect(pickConsole(st.getState(), C, 'vm', 'V1').consoleRef).toBe('VC9');
  });
});

describe('undocked console addresses and screenshot names', () => {
  it('round-trips #console/<connectionId>/<ref>', () => {
    const h = consoleHash('conn-1', 'OpaqueRef:ab/cd');
    expect(parseConsoleHash(h)).toEqual({ connectionId: 'conn-1', ref: 'OpaqueRef:ab/cd' });
    expect(parseConsoleHash('#console/c/OpaqueRef:1')).toEqual({ connectionId: 'c', ref: 'OpaqueRef:1' });
    expect(parseConsoleHash('')).toBeNull();
    expect(parseConsoleHash('#general')).toBeNull();
  });

  it('names screenshots <name>-console-<timestamp>.png', () => {
    expect(screenshotName('My VM: web/1', new Date(2026, 0, 2, 3, 4, 5))).toBe('My-VM-web-1-console-20260102-030405.png');
    expect(screenshotName('', new Date(2026, 0, 2, 3, 4, 5))).toBe('vm-console-20260102-030405.png');
  });
});

describe('Electron console ports (preload -> page postMessage)', () => {
  it('hands out a port that came before or after it was asked for, by stream id', async () => {
    const { createPortInbox } = await import('../../renderer/src/bridge/electron-bridge');
    let deliver!: (ev: MessageEvent) => void;
    const target = { addEventListener: (_t: string, l: (ev: MessageEvent) => void) => { deliver = l; } } as unknown as Window;
    const inbox = createPortInbox(target);
    const a = new MessageChannel();
    const b = new MessageChannel();
    const msg = (streamId: string, port: unknown) => ({ data: { type: 'xc:console-port', streamId }, ports: [port] }) as unknown as MessageEvent;
    deliver(msg('early', a.port1));
    deliver({ data: { type: 'other' }, ports: [] } as unknown as MessageEvent); // ignored
    expect(await inbox.take('early')).toBe(a.port1);
    const later = inbox.take('late');
    deliver(msg('late', b.port1));
    expect(await later).toBe(b.port1);
    await expect(inbox.take('never', 20)).rejects.toThrow('did not arrive');
    for (const c of [a, b]) { c.port1.close(); c.port2.close(); }
  });
});
