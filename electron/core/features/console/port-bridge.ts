// Runtime-neutral halves of the Electron console plumbing, kept here so they can be tested without
// Electron: joining a console stream to a MessagePort-like object (Electron's MessagePortMain), and
// the location of an undocked console window.
//
// Port protocol (main <-> page): raw console bytes. Main posts Uint8Array; the page may post
// ArrayBuffer or any ArrayBuffer view (anything else is ignored). When the stream ends (server gone,
// reboot, console.close, disconnect) main posts one control message `{ type: 'close', message }`
// and closes its port (a port's 'close' event is not reliable in every Chromium). The page closing
// its port (or its window going away) closes the stream.
import type { ConsoleSink, ConsoleStreamHandle } from './streams';

/** The parts of Electron's MessagePortMain used here. */
export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export type AttachConsoleStream = (streamId: string, sink: ConsoleSink) => ConsoleStreamHandle | undefined;

/** Raw bytes from a port message, or undefined for anything that is not binary. */
export function portMessageBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/** Attaches `port` to the stream; false (port closed) when the stream is unknown or already attached. */
export function bridgeConsolePort(attach: AttachConsoleStream, streamId: string, port: PortLike): boolean {
  let open = true;
  const closePort = (): void => {
    if (!open) return;
    open = false;
    port.close();
  };
  const handle = attach(streamId, {
    // A fresh copy of exactly these bytes: cloning a view of a pooled buffer would copy the whole pool.
    send: (bytes) => { if (open) port.postMessage(new Uint8Array(bytes)); },
    close: (reason) => {
      if (open) port.postMessage({ type: 'close', message: reason ?? '' });
      closePort();
    },
  });
  if (!handle) {
    closePort();
    return false;
  }
  port.on('message', (e) => {
    const bytes = portMessageBytes(e.data);
    if (bytes && bytes.byteLength) handle.write(bytes);
  });
  port.on('close', () => {
    open = false;
    handle.close();
  });
  port.start();
  return true;
}

/** The hash an undocked console window opens at: `console/<connectionId>/<ref>` (each part URI-encoded). */
export function consoleWindowHash(connectionId: string, ref: string): string {
  return `console/${encodeURIComponent(connectionId)}/${encodeURIComponent(ref)}`;
}
