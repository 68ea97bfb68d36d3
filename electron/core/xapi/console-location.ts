// Where the session cookie may go: a console record's `location` comes from the server, and
// openConsoleTunnel sends the session to it. Only an address of a host of this connection's pool
// (a host's `address` in the cache, or the server the connection logged in to) is accepted, and
// never plain http when the API connection uses TLS (the cookie would cross the network in clear).
import { XapiError } from './errors';
import { parseConsoleLocation } from './console-tunnel';

export interface ConsoleLocationContext {
  /** The URLs the connection logged in to (the server's, and the coordinator's after HOST_IS_SLAVE). */
  apiUrls: string[];
  /** `address` of every host in the connection's cache. */
  hostAddresses: string[];
}

/** Host names compare without case, IPv6 without brackets. */
const norm = (h: string): string => h.trim().replace(/^\[(.*)\]$/, '$1').toLowerCase();

function hostnameOf(url: string): string | undefined {
  try { return norm(new URL(url).hostname); } catch { return undefined; }
}

/** Throws CONSOLE_LOCATION_REFUSED unless the cookie may be sent to `location`. */
export function checkConsoleLocation(location: string, ctx: ConsoleLocationContext): void {
  const loc = parseConsoleLocation(location);
  const where = loc.hostHeader;
  if (!loc.secure && ctx.apiUrls.some((u) => /^https:/i.test(u))) {
    throw new XapiError('CONSOLE_LOCATION_REFUSED', [where, 'plain http'], {
      message: `The console of ${where} is offered over plain http while the server connection uses TLS: the session is not sent unencrypted, so the console was not opened.`,
    });
  }
  const allowed = new Set([...ctx.apiUrls.map(hostnameOf), ...ctx.hostAddresses.map(norm)].filter((h): h is string => !!h));
  if (!allowed.has(norm(loc.host))) {
    throw new XapiError('CONSOLE_LOCATION_REFUSED', [where, 'not a host of the pool'], {
      message: `The console location ${where} is not the address of a server of this pool, so the session was not sent there and the console was not opened.`,
    });
  }
}
