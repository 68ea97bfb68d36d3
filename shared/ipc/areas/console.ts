// Consoles: the graphical console's byte stream and undocking it into a window of its own.
import { exactKeys, ref, str, type Validators } from '../checks';

export interface ConsoleRequests {
  /**
   * Opens the HTTP CONNECT tunnel to an rfb console record (main adds the session) and returns a
   * stream id. Its bytes then flow through a MessagePort (Electron: IPC_CONSOLE_PORT) or the
   * browser host's WebSocket at /console?token=<token>&stream=<streamId>.
   */
  'console.open': { args: { connectionId: string; consoleRef: string }; result: { streamId: string } };
  'console.close': { args: { streamId: string }; result: null };
  /** Electron: opens the console of `ref` (VM or host) in a window of its own. Elsewhere: { undocked: false }. */
  'console.undock': { args: { connectionId: string; ref: string }; result: { undocked: boolean } };
}

export const CONSOLE_VALIDATORS: Validators<ConsoleRequests> = {
  'console.open': (o) => {
    exactKeys(o, ['connectionId', 'consoleRef']);
    return { connectionId: str(o, 'connectionId'), consoleRef: ref(o, 'consoleRef') };
  },
  'console.close': (o) => {
    exactKeys(o, ['streamId']);
    return { streamId: str(o, 'streamId') };
  },
  'console.undock': (o) => {
    exactKeys(o, ['connectionId', 'ref']);
    return { connectionId: str(o, 'connectionId'), ref: ref(o, 'ref') };
  },
};
