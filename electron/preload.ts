// Exposes the bridge to the sandboxed renderer: two functions, no Node, no raw ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_REQUEST, type BridgeEvent, type Envelope } from '../shared/ipc/contract';

contextBridge.exposeInMainWorld('xenBridge', {
  request: (channel: string, payload: unknown): Promise<Envelope<unknown>> => ipcRenderer.invoke(IPC_REQUEST, channel, payload),
  onEvent: (cb: (e: BridgeEvent) => void): (() => void) => {
    const handler = (_e: IpcRendererEvent, ev: BridgeEvent) => cb(ev);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => { ipcRenderer.removeListener(IPC_EVENT, handler); };
  },
});
