// Checks the browser host applies to every request before acting on it. Any web page can reach
// 127.0.0.1, so request lines and headers are hostile input: each check answers with the status to
// refuse with instead of throwing.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Longer request targets get 414 (ours are short: a path, a 48-character token, a stream id). */
export const MAX_TARGET_LENGTH = 4096;

export type Target = { ok: true; path: string; query: URLSearchParams } | { ok: false; status: number };

/**
 * The request target in origin-form ("/path?query"), its path percent-decoded. Anything else is
 * refused: absolute-form (its authority would bypass the Host check), asterisk- and authority-form,
 * bad percent escapes (path or query), and control characters (NUL included) in the decoded path. Dot segments are not
 * normalised here: the static handler confines paths itself and /transfer ids allow no dots.
 */
export function parseTarget(raw: string | undefined): Target {
  if (raw === undefined || !raw.startsWith('/')) return { ok: false, status: 400 };
  if (raw.length > MAX_TARGET_LENGTH) return { ok: false, status: 414 };
  const q = raw.indexOf('?');
  const rawPath = q === -1 ? raw : raw.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
    if (q !== -1) decodeURIComponent(raw.slice(q + 1)); // only to refuse bad escapes in the query
  } catch { return { ok: false, status: 400 }; }
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  if (/[\x00-\x1f\x7f]/.test(path)) return { ok: false, status: 400 };
  return { ok: true, path, query: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)) };
}

/** RFC 9112 3.2: a request with more than one Host header field gets 400 (Node keeps only the first). */
export function hasOneHost(req: IncomingMessage): boolean {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === 'host') n++;
  return n === 1;
}

const WS_KEY = /^[+/0-9A-Za-z]{22}==$/;

/**
 * The status to refuse a WebSocket opening handshake with (RFC 6455 4.2.1), or undefined when it
 * is well formed. Checked before a console stream is attached, so a bad handshake does not use it up.
 */
export function handshakeProblem(req: IncomingMessage): number | undefined {
  if (req.method !== 'GET') return 405;
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') return 400;
  const key = req.headers['sec-websocket-key'];
  if (key === undefined || !WS_KEY.test(key)) return 400;
  const version = req.headers['sec-websocket-version'];
  if (version !== '13' && version !== '8') return 400;
  return undefined;
}

/** Answers an upgrade (or CONNECT) socket with a bare status and closes it. */
export function refuseSocket(socket: Duplex, status: number): void {
  if (socket.writable) {
    socket.once('finish', () => socket.destroy());
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  } else {
    socket.destroy();
  }
}
