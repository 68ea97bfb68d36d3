// The raw console tunnel (WIRE.md "Consoles"): connect to the console record's location (TLS for
// https, verified by core/trust secureConnectOptions like the XAPI transport; TCP for http),
// send `CONNECT <path?query> HTTP/1.0` with the session cookie, read the HTTP reply head, and hand
// back the socket positioned on the first byte of the RFB stream. Bytes that arrived in the same
// packet as the reply head are pushed back into the socket, so nothing is lost.
import net from 'node:net';
import tls from 'node:tls';
import { XapiError } from './errors';
import type { XapiClientOptions } from './transport';
import { secureConnectOptions } from '../trust/trust';

export type TunnelSocket = net.Socket | tls.TLSSocket;

export interface ConsoleTunnelOptions {
  /** The console record's `location`: http(s)://host[:port]/console?uuid=... */
  location: string;
  /** Injected as `Cookie: session_id=<ref>`; never appears in an error. */
  sessionRef: string;
  /** ca / checkServerIdentity for https locations (verification is always on). */
  clientOptions?: XapiClientOptions;
  /** Connect + reply head deadline (default 15 s). */
  timeoutMs?: number;
  /** Largest accepted reply head (default 16 KiB). */
  maxHeaderBytes?: number;
}

export const CONSOLE_ERRORS = {
  CONSOLE_NOT_FOUND: 'The console is not available: the VM is not running or the console no longer exists.',
  CONSOLE_SESSION_LIMIT: 'Too many console sessions are open to this VM; close one and try again.',
  CONSOLE_NOT_AUTHORISED: 'The server refused to open the console: the session is not authorised to use it.',
} as const;

const TLS_VERIFY = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ALTNAME|INVALID_CA|PINNING/;
const HEAD_END = Buffer.from('\r\n\r\n');

/** The http(s) URL of a console location, or a CONSOLE_CONNECT_FAILED error. */
export function parseConsoleLocation(location: string): { secure: boolean; host: string; port: number; hostHeader: string; target: string } {
  let u: URL;
  try {
    u = new URL(location);
  } catch {
    throw new XapiError('CONSOLE_CONNECT_FAILED', [location], { message: `The console location "${location}" is not a URL` });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new XapiError('CONSOLE_CONNECT_FAILED', [location], { message: `The console location "${location}" is not an http(s) URL` });
  }
  const secure = u.protocol === 'https:';
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return { secure, host, port: u.port ? Number(u.port) : secure ? 443 : 80, hostHeader: u.host, target: `${u.pathname || '/'}${u.search}` };
}

/** The XapiError for a non-200 CONNECT reply. */
export function consoleStatusError(status: number, reason: string, where: string): XapiError {
  const params = [String(status)];
  if (status === 404) return new XapiError('CONSOLE_NOT_FOUND', params, { status, message: CONSOLE_ERRORS.CONSOLE_NOT_FOUND });
  if (status === 503) return new XapiError('CONSOLE_SESSION_LIMIT', params, { status, message: CONSOLE_ERRORS.CONSOLE_SESSION_LIMIT });
  if (status === 401 || status === 403) return new XapiError('CONSOLE_NOT_AUTHORISED', params, { status, message: CONSOLE_ERRORS.CONSOLE_NOT_AUTHORISED });
  return new XapiError('CONSOLE_CONNECT_FAILED', params, {
    status, message: `${where} refused to open the console: HTTP ${status}${reason ? ` ${reason}` : ''}`,
  });
}

/**
 * Opens the tunnel. Resolves with the socket paused and positioned right after the reply head
 * (call resume() or attach a reader that does); rejects with CONSOLE_* / CONNECTION_* /
 * CERTIFICATE_UNTRUSTED errors.
 */
export function openConsoleTunnel(opts: ConsoleTunnelOptions): Promise<TunnelSocket> {
  const loc = parseConsoleLocation(opts.location);
  const where = loc.hostHeader;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const maxHeader = opts.maxHeaderBytes ?? 16 * 1024;
  const co = opts.clientOptions ?? {};
  if (/[\r\n;]/.test(opts.sessionRef)) throw new XapiError('CONSOLE_NOT_AUTHORISED', [], { message: 'The session cannot be sent in a console request' });
  return new Promise<TunnelSocket>((resolve, reject) => {
    const socket: TunnelSocket = loc.secure
      // Verified exactly as the XAPI transport verifies this host:port (system CAs or its pin).
      ? tls.connect({ host: loc.host, port: loc.port, ...secureConnectOptions(loc.host, loc.port, co) })
      : net.connect({ host: loc.host, port: loc.port });
    socket.setNoDelay(true);
    let head: Buffer = Buffer.alloc(0);
    let settled = false;
    const finish = (err: XapiError | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        // The caller adds its own handlers; until then an error must not crash the process.
        socket.on('error', () => undefined);
        resolve(socket);
      }
    };
    const onError = (e: Error): void => {
      const code = String((e as { code?: unknown }).code ?? '');
      if (TLS_VERIFY.test(code) || /certificate/i.test(e.message)) {
        finish(new XapiError('CERTIFICATE_UNTRUSTED', [where, code || e.message], {
          message: `The TLS certificate of ${where} could not be verified (${e.message}), so the console was not opened.`, cause: e,
        }));
      } else {
        finish(new XapiError('CONNECTION_FAILED', [where, code || e.message], { message: `Could not open the console on ${where}: ${code || e.message}`, cause: e }));
      }
    };
    const onClose = (): void => {
      finish(new XapiError('CONNECTION_FAILED', [where, 'ECONNRESET'], { message: `${where} closed the console connection before answering` }));
    };
    const onData = (chunk: Buffer): void => {
      head = head.length ? Buffer.concat([head, chunk]) : chunk;
      const end = head.indexOf(HEAD_END);
      if (end < 0) {
        if (head.length > maxHeader) {
          finish(new XapiError('CONSOLE_CONNECT_FAILED', [where], { message: `${where} sent a console reply header larger than ${maxHeader} bytes` }));
        }
        return;
      }
      if (end > maxHeader) {
        finish(new XapiError('CONSOLE_CONNECT_FAILED', [where], { message: `${where} sent a console reply header larger than ${maxHeader} bytes` }));
        return;
      }
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
      if (!m) {
        finish(new XapiError('CONSOLE_CONNECT_FAILED', [where], { message: `${where} did not answer the console request with HTTP (${JSON.stringify(statusLine.slice(0, 60))})` }));
        return;
      }
      const status = Number(m[1]);
      if (status !== 200) { finish(consoleStatusError(status, (m[2] ?? '').trim(), where)); return; }
      // Hold the stream until the caller reads it, and give back what followed the head.
      socket.pause();
      const rest = head.subarray(end + HEAD_END.length);
      if (rest.length) socket.unshift(rest);
      finish(null);
    };
    const timer = setTimeout(() => finish(new XapiError('CONNECTION_TIMEOUT', [String(timeoutMs)], {
      message: `${where} did not open the console within ${Math.round(timeoutMs / 100) / 10} s`,
    })), timeoutMs);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.on(loc.secure ? 'secureConnect' : 'connect', () => {
      socket.write(`CONNECT ${loc.target} HTTP/1.0\r\nHost: ${loc.hostHeader}\r\nCookie: session_id=${opts.sessionRef}\r\n\r\n`);
    });
    socket.on('data', onData);
  });
}
