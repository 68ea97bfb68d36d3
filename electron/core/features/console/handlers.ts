// Consoles: open an rfb console's CONNECT tunnel as a stream (at most MAX_CONSOLE_STREAMS at once),
// close it, or undock it into a window of its own (Electron).
import type { ConsoleRequests } from '../../../../shared/ipc/areas/console';
import { isIdle } from '../../connection/idle';
import { CONSOLE_ERRORS } from '../../xapi/console-tunnel';
import { XapiError } from '../../xapi/errors';
import type { HandlerSlice } from '../context';

/** At most this many console streams at once (each holds a socket to a host). */
const MAX_CONSOLE_STREAMS = 64;

function consoleNotFound(consoleRef: string): XapiError {
  return new XapiError('CONSOLE_NOT_FOUND', [consoleRef], { message: CONSOLE_ERRORS.CONSOLE_NOT_FOUND });
}

export const CONSOLE_HANDLERS: HandlerSlice<ConsoleRequests> = {
  'console.open': async ({ connectionId, consoleRef }, ctx) => {
    const c = ctx.get(connectionId);
    await c.cache.whenComplete();
    const rec = c.cache.get('console', consoleRef);
    if (!rec) throw consoleNotFound(consoleRef);
    if (rec.protocol !== 'rfb') {
      throw new XapiError('CONSOLE_PROTOCOL_UNSUPPORTED', [String(rec.protocol)], {
        message: `This console uses the ${String(rec.protocol)} protocol; only graphical (rfb) consoles can be opened here.`,
      });
    }
    if (typeof rec.location !== 'string' || !rec.location) throw consoleNotFound(consoleRef);
    if (ctx.consoles.size >= MAX_CONSOLE_STREAMS) {
      throw new XapiError('CONSOLE_SESSION_LIMIT', [String(MAX_CONSOLE_STREAMS)], { message: `At most ${MAX_CONSOLE_STREAMS} consoles can be open at once; close one and try again.` });
    }
    const socket = await c.openConsoleTunnel(rec.location, ctx.opts.consoleConnectTimeoutMs);
    // Disconnected or removed while the tunnel was opening: do not keep it.
    if (!ctx.isListed(c) || isIdle(c)) {
      socket.destroy();
      throw new XapiError('NOT_CONNECTED', [connectionId], { message: 'The server was disconnected while the console was opening' });
    }
    return { streamId: ctx.consoles.add(connectionId, socket) };
  },
  'console.close': async ({ streamId }, ctx) => {
    ctx.consoles.close(streamId, 'The console was closed');
    return null;
  },
  'console.undock': async ({ connectionId, ref }, ctx) => {
    ctx.get(connectionId);
    if (!ctx.opts.undockConsole) return { undocked: false };
    return { undocked: await ctx.opts.undockConsole(connectionId, ref) };
  },
};
