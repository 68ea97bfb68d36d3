// electron/platform/ipc.ts against fakes of ipcMain, BrowserWindow.getAllWindows and
// MessageChannelMain, and a fake AppCore (only the methods registerIpc uses).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CONSOLE_PORT, IPC_EVENT, IPC_EVENT_ACK, IPC_REQUEST, type BridgeEvent, type Envelope } from '../../shared/ipc/contract';
import type { ConsoleSink, ConsoleStreamHandle } from '../../electron/core/features/console/streams';
import type { AppCore } from '../../electron/core/app-core';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

interface FakeWebContents { send: ReturnType<typeof vi.fn>; isDestroyed(): boolean; once(ev: string, l: () => void): void }

const fakes = vi.hoisted(() => {
  class FakePort {
    posted: unknown[] = [];
    listeners = new Map<string, ((e?: unknown) => void)[]>();
    started = false;
    closed = false;
    constructor(public name: string) {}
    postMessage(m: unknown): void {
      if (this.closed) throw new Error(`${this.name}: postMessage after close`);
      this.posted.push(m);
    }
    on(ev: string, l: (e?: unknown) => void): this {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), l]);
      return this;
    }
    start(): void { this.started = true; }
    close(): void { this.closed = true; }
    emit(ev: string, e?: unknown): void { for (const l of this.listeners.get(ev) ?? []) l(e); }
  }
  const channels: { port1: FakePort; port2: FakePort }[] = [];
  class FakeMessageChannelMain {
    port1 = new FakePort('port1');
    port2 = new FakePort('port2');
    constructor() { channels.push(this); }
  }
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, h: Handler) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, h);
    }),
    removeHandler: vi.fn((channel: string) => { handlers.delete(channel); }),
    on: vi.fn((channel: string, l: (event: unknown) => void) => { onListeners.set(channel, [...(onListeners.get(channel) ?? []), l]); }),
    removeListener: vi.fn((channel: string, l: (event: unknown) => void) => { onListeners.set(channel, (onListeners.get(channel) ?? []).filter((x) => x !== l)); }),
  };
  const onListeners = new Map<string, Array<(event: unknown) => void>>();
  const windows: { webContents: FakeWebContents }[] = [];
  return { FakePort, FakeMessageChannelMain, channels, handlers, ipcMain, windows, onListeners };
});

vi.mock('electron', () => ({
  ipcMain: fakes.ipcMain,
  MessageChannelMain: fakes.FakeMessageChannelMain,
  BrowserWindow: { getAllWindows: () => fakes.windows },
}));

const { registerIpc } = await import('../../electron/platform/ipc');

const indexHtml = join('/opt/xenclient/dist/renderer', 'index.html');
const indexUrl = pathToFileURL(indexHtml).toString();

/** A fake AppCore: request() answers from `answers`, subscribe() keeps listeners, attach keeps sinks. */
function fakeCore(answers: Record<string, Envelope<unknown>> = {}) {
  const listeners = new Set<(e: BridgeEvent) => void>();
  const sinks = new Map<string, ConsoleSink>();
  const handles = new Map<string, { write: ReturnType<typeof vi.fn>; close: ReturnType<typeof vi.fn> }>();
  const log: string[] = [];
  const core = {
    log,
    listeners,
    sinks,
    handles,
    request: vi.fn(async (channel: unknown, _payload: unknown): Promise<Envelope<unknown>> => {
      log.push(`request ${String(channel)}`);
      return answers[String(channel)] ?? { ok: true, result: null };
    }),
    subscribe: vi.fn((l: (e: BridgeEvent) => void) => { listeners.add(l); return () => { listeners.delete(l); }; }),
    attachConsoleStream: vi.fn((streamId: string, sink: ConsoleSink): ConsoleStreamHandle | undefined => {
      if (streamId.startsWith('unknown') || sinks.has(streamId)) return undefined;
      sinks.set(streamId, sink);
      const h = { write: vi.fn(), close: vi.fn() };
      handles.set(streamId, h);
      return h;
    }),
  };
  return core;
}

function event(opts: { url?: string; parent?: unknown; destroyed?: boolean; noFrame?: boolean; log?: string[] } = {}) {
  const sender = {
    isDestroyed: () => opts.destroyed ?? false,
    postMessage: vi.fn((channel: string, _msg: unknown, _ports?: unknown[]) => { opts.log?.push(`postMessage ${channel}`); }),
  };
  return {
    sender,
    senderFrame: opts.noFrame ? null : { url: opts.url ?? indexUrl, parent: opts.parent ?? null },
  };
}

function handler(): Handler {
  const h = fakes.handlers.get(IPC_REQUEST);
  if (!h) throw new Error('no handler for IPC_REQUEST');
  return h;
}

let unregister: (() => void) | undefined;
beforeEach(() => {
  fakes.handlers.clear();
  fakes.channels.length = 0;
  fakes.windows.length = 0;
  fakes.ipcMain.handle.mockClear();
  fakes.ipcMain.removeHandler.mockClear();
});
afterEach(() => { unregister?.(); unregister = undefined; });

describe('registerIpc', () => {
  it('registers exactly one handler, for IPC_REQUEST', () => {
    unregister = registerIpc(fakeCore() as unknown as AppCore, indexHtml);
    expect(fakes.ipcMain.handle).toHaveBeenCalledTimes(1);
    expect(fakes.ipcMain.handle.mock.calls[0][0]).toBe(IPC_REQUEST);
  });

  it('refuses requests from untrusted senders without reaching AppCore', async () => {
    const core = fakeCore();
    unregister = registerIpc(core as unknown as AppCore, indexHtml);
    const untrusted = [
      event({ url: 'https://evil.example/index.html' }),
      event({ url: pathToFileURL('/tmp/index.html').toString() }),
      event({ url: pathToFileURL(join('/opt/xenclient/dist/renderer', 'other.html')).toString() }),
      // A subframe, even one showing our own index.html.
      event({ url: indexUrl, parent: { url: indexUrl } }),
      // A frame that is gone (senderFrame null).
      event({ noFrame: true }),
    ];
    for (const ev of untrusted) {
      const env = await handler()(ev, 'servers.disconnectAll', {}) as Envelope<unknown>;
      expect(env.ok).toBe(false);
      if (!env.ok) expect(env.error.code).toBe('IPC_UNTRUSTED_SENDER');
    }
    expect(core.request).not.toHaveBeenCalled();
  });

  it('passes a trusted request through to AppCore and returns its envelope unchanged', async () => {
    const answer: Envelope<unknown> = { ok: true, result: { json: '{"servers":[]}' } };
    const core = fakeCore({ 'servers.export': answer });
    unregister = registerIpc(core as unknown as AppCore, indexHtml);
    const env = await handler()(event(), 'servers.export', {});
    expect(core.request).toHaveBeenCalledWith('servers.export', {});
    expect(env).toEqual(answer);

    const failure: Envelope<unknown> = { ok: false, error: { code: 'HANDLE_INVALID', params: ['VM', 'OpaqueRef:x'], message: 'gone' } };
    const core2 = fakeCore({ 'xapi.call': failure });
    unregister();
    unregister = registerIpc(core2 as unknown as AppCore, indexHtml);
    const payload = { connectionId: 'c1', method: 'VM.get_record', args: ['OpaqueRef:x'] };
    expect(await handler()(event({ url: `${indexUrl}#console/c1/OpaqueRef%3Ax` }), 'xapi.call', payload)).toEqual(failure);
    expect(core2.request).toHaveBeenCalledWith('xapi.call', payload);
  });

  const win = () => ({ webContents: { send: vi.fn(), isDestroyed: () => false, once: vi.fn() } });
  const ack = (w: { webContents: FakeWebContents }, url = indexUrl) => {
    for (const l of fakes.onListeners.get(IPC_EVENT_ACK) ?? []) l({ sender: w.webContents, senderFrame: { url, parent: null } });
  };

  it('sends every core event to every window on IPC_EVENT, as batches paced by each window\'s acks', async () => {
    const core = fakeCore();
    const w1 = win();
    const w2 = win();
    fakes.windows.push(w1, w2);
    unregister = registerIpc(core as unknown as AppCore, indexHtml);
    const ev = (id: string): BridgeEvent => ({ channel: 'connection.removed', payload: { connectionId: id } });
    for (const l of core.listeners) l(ev('a'));
    await Promise.resolve();
    for (const w of [w1, w2]) expect(w.webContents.send.mock.calls).toEqual([[IPC_EVENT, [ev('a')]]]);
    // Until a window acks, its events wait and then go as one batch; each window at its own pace.
    for (const l of core.listeners) { l(ev('b')); l(ev('c')); }
    await Promise.resolve();
    expect(w1.webContents.send).toHaveBeenCalledTimes(1);
    ack(w1);
    expect(w1.webContents.send.mock.calls[1]).toEqual([IPC_EVENT, [ev('b'), ev('c')]]);
    expect(w2.webContents.send).toHaveBeenCalledTimes(1);
    // An ack from a page that is not the app's is ignored.
    ack(w2, 'https://evil.example/index.html');
    expect(w2.webContents.send).toHaveBeenCalledTimes(1);
    ack(w2);
    expect(w2.webContents.send.mock.calls[1]).toEqual([IPC_EVENT, [ev('b'), ev('c')]]);
    // A window opened later (an undocked console) gets the next events too.
    const w3 = win();
    fakes.windows.push(w3);
    for (const l of core.listeners) l(ev('d'));
    await Promise.resolve();
    expect(w3.webContents.send).toHaveBeenCalledWith(IPC_EVENT, [ev('d')]);
    unregister();
    unregister = undefined;
    expect(fakes.onListeners.get(IPC_EVENT_ACK)).toEqual([]);
  });

  it('console.open: posts the stream port to the sender before replying, and bytes flow both ways', async () => {
    const core = fakeCore({ 'console.open': { ok: true, result: { streamId: 's1' } } });
    unregister = registerIpc(core as unknown as AppCore, indexHtml);
    const ev = event({ log: core.log });
    const reply = handler()(ev, 'console.open', { connectionId: 'c1', consoleRef: 'OpaqueRef:cons' }).then((env) => {
      core.log.push('reply');
      return env;
    });
    const env = await reply;
    expect(env).toEqual({ ok: true, result: { streamId: 's1' } });
    expect(core.log).toEqual(['request console.open', `postMessage ${IPC_CONSOLE_PORT}`, 'reply']);

    expect(fakes.channels).toHaveLength(1);
    const { port1, port2 } = fakes.channels[0];
    expect(ev.sender.postMessage).toHaveBeenCalledTimes(1);
    expect(ev.sender.postMessage).toHaveBeenCalledWith(IPC_CONSOLE_PORT, { streamId: 's1' }, [port2]);
    expect(core.attachConsoleStream).toHaveBeenCalledWith('s1', expect.anything());
    expect(port1.started).toBe(true);
    expect(port2.closed).toBe(false);

    // Server -> page.
    const sink = core.sinks.get('s1');
    if (!sink) throw new Error('no sink attached');
    const pool = Buffer.from('xxRFB 003.008\nyy');
    sink.send(pool.subarray(2, 14));
    expect(port1.posted).toHaveLength(1);
    expect(Buffer.from(port1.posted[0] as Uint8Array).toString()).toBe('RFB 003.008\n');

    // Page -> server.
    const handle = core.handles.get('s1');
    port1.emit('message', { data: new Uint8Array([1, 2, 3]) });
    expect(handle?.write).toHaveBeenCalledTimes(1);
    expect(Array.from(handle?.write.mock.calls[0][0] as Uint8Array)).toEqual([1, 2, 3]);
    port1.emit('message', { data: 'not bytes' });
    expect(handle?.write).toHaveBeenCalledTimes(1);

    // The stream ends: one close message, then the port is closed and nothing more is posted.
    sink.close('The VM was shut down.');
    expect(port1.posted.at(-1)).toEqual({ type: 'close', message: 'The VM was shut down.' });
    expect(port1.closed).toBe(true);
    sink.send(new Uint8Array([9]));
    sink.close();
    expect(port1.posted).toHaveLength(2);
  });

  it('the page closing its port closes the stream, and nothing more is posted to it', async () => {
    const core = fakeCore({ 'console.open': { ok: true, result: { streamId: 's3' } } });
    unregister = registerIpc(core as unknown as AppCore, indexHtml);
    await handler()(event(), 'console.open', { connectionId: 'c1', consoleRef: 'OpaqueRef:cons' });
    const { port1 } = fakes.channels[0];
    port1.emit('close');
    expect(core.handles.get('s3')?.close).toHaveBeenCalledTimes(1);
    core.sinks.get('s3')?.send(new Uint8Array([1]));
    core.sinks.get('s3')?.close('late');
    expect(port1.posted).toEqual([]);
  });

  it('console.open to a window that has gone away closes the stream and reports CONSOLE_CONNECT_FAILED', async () => {
    const core = fakeCore({ 'console.open': { ok: true, result: { streamId: 's2' } } });
    unregister = registerIpc(core as unknown as AppCore, indexHtml);
    const ev = event({ destroyed: true });
    const env = await handler()(ev, 'console.open', { connectionId: 'c1', consoleRef: 'OpaqueRef:cons' }) as Envelope<unknown>;
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.code).toBe('CONSOLE_CONNECT_FAILED');
    expect(core.request).toHaveBeenCalledWith('console.close', { streamId: 's2' });
    expect(ev.sender.postMessage).not.toHaveBeenCalled();
  });

  it('console.open whose stream cannot be attached closes both ports and the stream', async () => {
    const core = fakeCore({ 'console.open': { ok: true, result: { streamId: 'unknown-1' } } });
    unregister = registerIpc(core as unknown as AppCore, indexHtml);
    const ev = event();
    const env = await handler()(ev, 'console.open', { connectionId: 'c1', consoleRef: 'OpaqueRef:cons' }) as Envelope<unknown>;
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.code).toBe('CONSOLE_CONNECT_FAILED');
    expect(ev.sender.postMessage).not.toHaveBeenCalled();
    expect(fakes.channels[0].port1.closed).toBe(true);
    expect(fakes.channels[0].port2.closed).toBe(true);
    expect(core.request).toHaveBeenCalledWith('console.close', { streamId: 'unknown-1' });
  });

  it('a failed console.open creates no port', async () => {
    const failure: Envelope<unknown> = { ok: false, error: { code: 'CONSOLE_NOT_FOUND', params: [], message: 'The VM is not running.' } };
    const core = fakeCore({ 'console.open': failure });
    unregister = registerIpc(core as unknown as AppCore, indexHtml);
    const ev = event();
    expect(await handler()(ev, 'console.open', { connectionId: 'c1', consoleRef: 'OpaqueRef:cons' })).toEqual(failure);
    expect(fakes.channels).toHaveLength(0);
    expect(ev.sender.postMessage).not.toHaveBeenCalled();
  });

  it('the returned function removes the handler and stops forwarding events', () => {
    const core = fakeCore();
    const w = win();
    fakes.windows.push(w);
    const off = registerIpc(core as unknown as AppCore, indexHtml);
    expect(fakes.handlers.has(IPC_REQUEST)).toBe(true);
    off();
    expect(fakes.ipcMain.removeHandler).toHaveBeenCalledWith(IPC_REQUEST);
    expect(fakes.handlers.has(IPC_REQUEST)).toBe(false);
    expect(core.listeners.size).toBe(0);
    // Registering again works (no "second handler" error).
    unregister = registerIpc(core as unknown as AppCore, indexHtml);
    expect(fakes.handlers.has(IPC_REQUEST)).toBe(true);
  });
});
