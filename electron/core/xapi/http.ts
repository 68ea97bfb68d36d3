// One raw HTTP(S) request to a XAPI host's other endpoints (WIRE.md "Other HTTP endpoints":
// GET /export, PUT /import, GET /rrd_updates): the session goes in the query (session_id=), TLS is verified by
// core/trust secureConnectOptions exactly as the XAPI transport verifies that host:port.
// Resolves with the response head (the body not read yet); rejects with CONNECTION_* /
// CERTIFICATE_UNTRUSTED errors. Connection.openHttp calls this with the session it holds.
// errorFromBody reads the XAPI error out of a refused request's error page.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { XapiError, xapiErrorFromWire } from './errors';
import type { XapiClientOptions } from './transport';
import { secureConnectOptions } from '../trust/trust';
import { replaceHost } from './address';

export interface XapiHttpRequest {
  method: 'GET' | 'PUT';
  /** e.g. "/export" */
  path: string;
  /** Query parameters besides session_id. */
  query: Record<string, string>;
  headers?: Record<string, string | number>;
  /** PUT: the bytes to send (the caller sets Content-Length). */
  body?: Readable;
  /** Longest silence on the socket before giving up (default 5 minutes). */
  idleTimeoutMs?: number;
  /**
   * Another host of the pool to send it to (its `address`), with the base URL's scheme and port:
   * metrics live on each host. Absent: the base URL's host (the coordinator).
   */
  address?: string;
}

/** Where a request goes: the host (and port) to connect to, the Host header and the path with the session added. */
export function httpTarget(baseUrl: string, sessionRef: string, r: Pick<XapiHttpRequest, 'path' | 'query' | 'address'>): {
  secure: boolean; host: string; port: number; hostHeader: string; path: string;
} {
  const base = new URL(r.address ? replaceHost(baseUrl, r.address) : baseUrl);
  const secure = base.protocol === 'https:';
  const q = new URLSearchParams({ ...r.query, session_id: sessionRef });
  return {
    secure, host: base.hostname.replace(/^\[(.*)\]$/, '$1'), port: base.port ? Number(base.port) : secure ? 443 : 80,
    hostHeader: base.host, path: `${r.path}?${q.toString()}`,
  };
}

const TLS_VERIFY = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ALTNAME|INVALID_CA|PINNING/;

export function xapiHttp(baseUrl: string, sessionRef: string, clientOptions: XapiClientOptions | undefined, r: XapiHttpRequest): Promise<http.IncomingMessage> {
  let target: ReturnType<typeof httpTarget>;
  try {
    target = httpTarget(baseUrl, sessionRef, r);
  } catch {
    return Promise.reject(new XapiError('INVALID_ADDRESS', [r.address ?? baseUrl], { message: `"${r.address ?? baseUrl}" is not a usable host address` }));
  }
  const { secure, host, port } = target;
  const where = target.hostHeader;
  const options: https.RequestOptions = {
    method: r.method, host, port, path: target.path, agent: false,
    headers: { Host: target.hostHeader, ...(r.headers ?? {}) },
    ...(secure ? secureConnectOptions(host, port, clientOptions ?? {}) : {}),
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (e: XapiError): void => {
      if (settled) return;
      settled = true;
      req.destroy();
      r.body?.destroy();
      reject(e);
    };
    const req = (secure ? https : http).request(options, (res) => {
      if (settled) { res.destroy(); return; }
      settled = true;
      // The server answered (maybe early, refusing the upload): stop sending.
      if (r.body && !r.body.readableEnded) r.body.unpipe(req);
      resolve(res);
    });
    req.setTimeout(r.idleTimeoutMs ?? 300_000, () => fail(new XapiError('CONNECTION_TIMEOUT', [where], { message: `${where} did not answer ${r.method} ${r.path} in time` })));
    req.on('error', (e: Error) => {
      const code = String((e as { code?: unknown }).code ?? '');
      if (TLS_VERIFY.test(code) || /certificate/i.test(e.message)) {
        fail(new XapiError('CERTIFICATE_UNTRUSTED', [where, code || e.message], { message: `The TLS certificate of ${where} could not be verified (${e.message})`, cause: e }));
      } else {
        fail(new XapiError('CONNECTION_FAILED', [where, code || e.message], { message: `${r.method} ${r.path} on ${where} failed: ${code || e.message}`, cause: e }));
      }
    });
    if (r.body) {
      r.body.on('error', (e: unknown) => fail(e instanceof XapiError ? e : new XapiError('CONNECTION_FAILED', [where, String((e as Error)?.message ?? e)], { message: `The upload to ${where} failed: ${String((e as Error)?.message ?? e)}` })));
      r.body.pipe(req);
    } else req.end();
  });
}

/** ["CODE", "param", …] inside xapi's HTML error page (HTML-escaped), if there is one. */
export function errorFromBody(text: string): XapiError | undefined {
  const plain = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const m = /\[\s*"[A-Z][A-Z0-9_]*"(?:\s*,\s*"(?:[^"\\]|\\.)*")*\s*\]/.exec(plain);
  if (!m) return undefined;
  try {
    return xapiErrorFromWire(JSON.parse(m[0]));
  } catch {
    return undefined;
  }
}
