// electron/preload.ts against fakes of contextBridge and ipcRenderer: what the sandboxed page can
// reach (window.xenBridge) and how console ports are handed to it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CONSOLE_PORT, IPC_EVENT, IPC_EVENT_ACK, IPC_REQUEST, type BridgeEvent } from '../../shared/ipc/contract';
import { createPortInbox, type XenBridgeApi } from '../../renderer/src/bridge/electron-bridge';

type Listener = (event: { ports: unknown[] }, ...args: unknown[]) => void;

const fakes = vi.hoisted(() => {
  const listeners = new Map<string, Listener[]>();
  const ipcRenderer = {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, result: 'invoked' })),
    send: vi.fn((..._args: unknown[]) => undefined),
    on: vi.fn((channel: string, l: Listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), l]);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, l: Listener) => {
      const ls = listeners.get(channel) ?? [];
      const i = ls.indexOf(l);
      if (i >= 0) ls.splice(i, 1);
      return ipcRenderer;
    }),
  };
  const contextBridge = { exposeInMainWorld: vi.fn((_key: string, _api: unknown) => undefined) };
  /** Delivers an IPC message to the preload's listeners like Electron does. */
  const emit = (channel: string, ports: unknown[], ...args: unknown[]) => {
    for (const l of [...(listeners.get(channel) ?? [])]) l({ ports }, ...args);
  };
  return { listeners, ipcRenderer, contextBridge, emit };
});

vi.mock('electron', () => ({ contextBridge: fakes.contextBridge, ipcRenderer: fakes.ipcRenderer }));

const fakeWindow = { postMessage: vi.fn() };
let api: XenBridgeApi;

beforeAll(async () => {
  vi.stubGlobal('window', fakeWindow);
  await import('../../electron/preload');
  api = fakes.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as XenBridgeApi;
});
afterAll(() => { vi.unstubAllGlobals(); });

describe('preload', () => {
  it('exposes one API, window.xenBridge, once', () => {
    expect(fakes.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(fakes.contextBridge.exposeInMainWorld.mock.calls[0][0]).toBe('xenBridge');
  });

  it('the API has only request, onEvents and ackEvents, all functions: no ipcRenderer, nothing else', () => {
    expect(Object.keys(api).sort()).toEqual(['ackEvents', 'onEvents', 'request']);
    for (const f of Object.values(api)) expect(typeof f).toBe('function');
    expect(Object.values(api)).not.toContain(fakes.ipcRenderer);
    expect(Object.getOwnPropertySymbols(api)).toEqual([]);
  });

  it('request(channel, payload) invokes IPC_REQUEST with exactly those arguments and returns its result', async () => {
    const payload = { connectionId: 'c1', method: 'VM.start', args: ['OpaqueRef:v', false, false] };
    await expect(api.request('xapi.callAsync', payload)).resolves.toEqual({ ok: true, result: 'invoked' });
    expect(fakes.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_REQUEST, 'xapi.callAsync', payload);
  });

  it('onEvents delivers IPC_EVENT batches (without the IPC event object, nothing that is not a list) until its unsubscribe is called', () => {
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.onEvents(a);
    api.onEvents(b);
    const batch: BridgeEvent[] = [{ channel: 'connection.removed', payload: { connectionId: 'c1' } }];
    fakes.emit(IPC_EVENT, [], batch);
    expect(a).toHaveBeenCalledTimes(1);
    expect(a).toHaveBeenCalledWith(batch);
    expect(b).toHaveBeenCalledWith(batch);
    fakes.emit(IPC_EVENT, [], { channel: 'connection.removed' });
    expect(a).toHaveBeenCalledTimes(1);

    offA();
    fakes.emit(IPC_EVENT, [], batch);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    // Exactly that listener was removed: b's handler is still registered on IPC_EVENT.
    expect(fakes.ipcRenderer.removeListener).toHaveBeenCalledTimes(1);
    expect(fakes.ipcRenderer.removeListener.mock.calls[0][0]).toBe(IPC_EVENT);
    expect(fakes.listeners.get(IPC_EVENT)).toHaveLength(1);
  });

  it('ackEvents sends IPC_EVENT_ACK with nothing else', () => {
    api.ackEvents();
    expect(fakes.ipcRenderer.send.mock.calls).toEqual([[IPC_EVENT_ACK]]);
  });

  it('forwards a console port to the page with window.postMessage', () => {
    fakeWindow.postMessage.mockClear();
    const port = { name: 'port2' };
    fakes.emit(IPC_CONSOLE_PORT, [port], { streamId: 's1' });
    expect(fakeWindow.postMessage).toHaveBeenCalledTimes(1);
    expect(fakeWindow.postMessage).toHaveBeenCalledWith({ type: 'xc:console-port', streamId: 's1' }, '*', [port]);
  });

  it('ignores console-port messages without exactly one port or without a string stream id', () => {
    fakeWindow.postMessage.mockClear();
    fakes.emit(IPC_CONSOLE_PORT, [], { streamId: 's1' });
    fakes.emit(IPC_CONSOLE_PORT, [{}, {}], { streamId: 's1' });
    fakes.emit(IPC_CONSOLE_PORT, [{}], { streamId: 42 });
    fakes.emit(IPC_CONSOLE_PORT, [{}], null);
    expect(fakeWindow.postMessage).not.toHaveBeenCalled();
  });

  it("the page's port inbox (renderer/src/bridge/electron-bridge.ts) accepts what the preload posts", async () => {
    // Wire the fake window's postMessage to a 'message' listener, as the browser would.
    let deliver: ((ev: MessageEvent) => void) | undefined;
    const target = { addEventListener: (_t: string, l: (ev: MessageEvent) => void) => { deliver = l; } } as unknown as Pick<Window, 'addEventListener'>;
    const inbox = createPortInbox(target);
    fakeWindow.postMessage.mockImplementationOnce((data: unknown, _origin: string, ports: unknown[]) => {
      deliver?.({ data, ports, source: fakeWindow } as unknown as MessageEvent);
    });
    const port = { name: 'port-for-s9' };
    fakes.emit(IPC_CONSOLE_PORT, [port], { streamId: 's9' });
    await expect(inbox.take('s9', 50)).resolves.toBe(port);
  });
});
