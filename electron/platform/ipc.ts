// The one place ipcMain is used: requests from trusted senders go to AppCore (which validates
// them against the contract), and core events go to every window. A successful console.open also
// hands the page a MessagePort joined to the new stream (IPC_CONSOLE_PORT, before the reply).
import { ipcMain, BrowserWindow, MessageChannelMain, type IpcMainEvent, type WebContents } from 'electron';
import { IPC_CONSOLE_PORT, IPC_EVENT, IPC_EVENT_ACK, IPC_REQUEST, type Envelope, type RequestResult } from '../../shared/ipc/contract';
import { EventPacer } from '../core/event-pacer';
import type { AppCore } from '../core/app-core';
import { bridgeConsolePort } from '../core/features/console/port-bridge';
import { isTrustedSender } from './secure-window';

/** Joins a new MessageChannel to the stream and sends the page its end; false when that failed. */
function sendConsolePort(core: AppCore, sender: WebContents, streamId: string): boolean {
  const { port1, port2 } = new MessageChannelMain();
  if (!bridgeConsolePort((id, sink) => core.attachConsoleStream(id, sink), streamId, port1)) {
    port2.close();
    return false;
  }
  sender.postMessage(IPC_CONSOLE_PORT, { streamId }, [port2]);
  return true;
}

export function registerIpc(core: AppCore, indexHtml: string): () => void {
  ipcMain.handle(IPC_REQUEST, async (event, channel: unknown, payload: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event.senderFrame?.url, indexHtml) || event.senderFrame?.parent) {
      return { ok: false, error: { code: 'IPC_UNTRUSTED_SENDER', params: [], message: 'Request refused: it did not come from the application window.' } };
    }
    const envelope = await core.request(channel, payload);
    if (channel === 'console.open' && envelope.ok) {
      const { streamId } = envelope.result as RequestResult<'console.open'>;
      if (event.sender.isDestroyed() || !sendConsolePort(core, event.sender, streamId)) {
        await core.request('console.close', { streamId });
        return { ok: false, error: { code: 'CONSOLE_CONNECT_FAILED', params: [], message: 'The console stream could not be handed to the window.' } };
      }
    }
    return envelope;
  });
  // Each window's events paced to its frames (core/event-pacer.ts): a batch, then the next after its ack.
  const pacers = new Map<WebContents, EventPacer>();
  const pacerOf = (wc: WebContents): EventPacer => {
    let p = pacers.get(wc);
    if (!p) {
      const pacer = new EventPacer({ send: (batch) => { if (!wc.isDestroyed()) wc.send(IPC_EVENT, batch); } });
      pacers.set(wc, pacer);
      wc.once('destroyed', () => { pacer.dispose(); pacers.delete(wc); });
      p = pacer;
    }
    return p;
  };
  const onAck = (event: IpcMainEvent): void => {
    if (!isTrustedSender(event.senderFrame?.url, indexHtml) || event.senderFrame?.parent) return;
    pacers.get(event.sender)?.ack();
  };
  ipcMain.on(IPC_EVENT_ACK, onAck);
  const unsubscribe = core.subscribe((e) => {
    for (const win of BrowserWindow.getAllWindows()) pacerOf(win.webContents).push(e);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_REQUEST);
    ipcMain.removeListener(IPC_EVENT_ACK, onAck);
    for (const p of pacers.values()) p.dispose();
    pacers.clear();
  };
}
