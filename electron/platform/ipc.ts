// The one place ipcMain is used: requests from trusted senders go to AppCore (which validates
// them against the contract), and core events go to every window.
import { ipcMain, BrowserWindow } from 'electron';
import { IPC_EVENT, IPC_REQUEST, type Envelope } from '../../shared/ipc/contract';
import type { AppCore } from '../core/app-core';
import { isTrustedSender } from './secure-window';

export function registerIpc(core: AppCore, indexHtml: string): () => void {
  ipcMain.handle(IPC_REQUEST, async (event, channel: unknown, payload: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event.senderFrame?.url, indexHtml) || event.senderFrame?.parent) {
      return { ok: false, error: { code: 'IPC_UNTRUSTED_SENDER', params: [], message: 'Request refused: it did not come from the application window.' } };
    }
    return core.request(channel, payload);
  });
  const unsubscribe = core.subscribe((e) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(IPC_EVENT, e);
  });
  return () => { unsubscribe(); ipcMain.removeHandler(IPC_REQUEST); };
}
