// Exposes the bridge to the sandboxed renderer: three functions, no Node, no raw ipcRenderer.
// Console streams arrive as MessagePorts (IPC_CONSOLE_PORT); they cannot cross contextBridge, so
// they are forwarded to the page with window.postMessage({ type: 'xc:console-port', streamId }).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CONSOLE_PORT, IPC_EVENT, IPC_EVENT_ACK, IPC_REQUEST, type BridgeEvent, type Envelope } from '../shared/ipc/contract';

contextBridge.exposeInMainWorld('xenBridge', {
  request: (channel: string, payload: unknown): Promise<Envelope<unknown>> => ipcRenderer.invoke(IPC_REQUEST, channel, payload),
  onEvents: (cb: (batch: BridgeEvent[]) => void): (() => void) => {
    const handler = (_e: IpcRendererEvent, batch: BridgeEvent[]) => { if (Array.isArray(batch)) cb(batch); };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => { ipcRenderer.removeListener(IPC_EVENT, handler); };
  },
  ackEvents: (): void => { ipcRenderer.send(IPC_EVENT_ACK); },
});

ipcRenderer.on(IPC_CONSOLE_PORT, (e: IpcRendererEvent, msg: { streamId?: unknown }) => {
  if (typeof msg?.streamId !== 'string' || e.ports.length !== 1) return;
  // To this same window (file:// pages have the opaque origin "null", hence '*'); the page checks event.source === window.
  window.postMessage({ type: 'xc:console-port', streamId: msg.streamId }, '*', e.ports);
});
