// JSON-RPC 2.0 over HTTP(S) to one XAPI host: POST <url>/jsonrpc, or XML-RPC at POST <url>/ for
// hosts without /jsonrpc (older releases): chosen by the `protocol` option, 'auto' by default (the
// first call that shows the host has no JSON-RPC endpoint switches this client to XML-RPC). Both
// give the same values and the same XapiError shapes. One keep-alive agent per client
// (a blocked event.from holds one socket while other calls use the rest). TLS verification is
// always on; how a host is verified (system CAs, a pinned certificate) is decided by
// core/trust secureConnectOptions(), the one function every HTTPS path uses.
import http from 'node:http';
import https from 'node:https';
import { secureConnectOptions, hostPortOfUrl, type TlsTrustOptions } from '../trust/trust';
import { parseJson } from './json-codec';
import { constants as bufferConstants } from 'node:buffer';
import { XapiError, paramToString, xapiErrorFromWire } from './errors';
import { hostLabel } from './address';
import { decodeMethodResponse, encodeMethodCall, resultTypeOf, shapeBySchema } from './xmlrpc-codec';
import { JsonBody, ResponseBody } from './response-body';

export type XapiProtocol = 'jsonrpc' | 'xmlrpc';

export interface XapiClientOptions extends TlsTrustOptions {
  /** Per-call timeout unless a call gives its own (default 60 s). */
  timeoutMs?: number;
  /** Upper bound for one response body (default 512 MiB: a big pool's first event.from is large). */
  maxResponseBytes?: number;
  /**
   * 'auto' (default): JSON-RPC at POST /jsonrpc until a call shows the host has none (HTTP 404 or
   * 405 there, or a 200 answer that is not JSON), then XML-RPC at POST / if the host answers that
   * same call in XML-RPC; the choice sticks for this client. 'jsonrpc' / 'xmlrpc' force one.
   */
  protocol?: XapiProtocol | 'auto';
}

/** JSON-RPC attempts whose answer says "no JSON-RPC here" (set by decode, read by the auto fallback). */
/** Sent with every API request: xapi logs it, and a server (or the simulator's fault log) can tell its clients apart. */
export const USER_AGENT = 'PoolDesk';

const notJsonBodies = new WeakSet<XapiError>();

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

const TLS_VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH',
  'INVALID_CA', 'ERR_TLS_CERT_PINNING_FAILED',
]);

export class XapiClient {
  readonly url: string;
  private readonly endpoint: URL;
  private readonly xmlEndpoint: URL;
  #protocol: XapiProtocol | undefined;
  private readonly agent: http.Agent;
  private readonly opts: XapiClientOptions;
  private nextId = 1;
  private inFlight = 0;
  private closing = false;

  constructor(url: string, opts: XapiClientOptions = {}) {
    this.url = url;
    this.opts = opts;
    this.endpoint = new URL('/jsonrpc', url);
    this.xmlEndpoint = new URL('/', url);
    this.#protocol = opts.protocol === 'jsonrpc' || opts.protocol === 'xmlrpc' ? opts.protocol : undefined;
    const agentOpts = { keepAlive: true, keepAliveMsecs: 15_000, scheduling: 'lifo' as const };
    if (this.endpoint.protocol === 'https:') {
      // The agent is private to this client, and so to this one host:port: its pin cannot leak to
      // another host. SNI is left to Node (it knows to send none for an IP address).
      const { host, port } = hostPortOfUrl(url);
      const { servername: _sni, ...verify } = secureConnectOptions(host, port, opts);
      this.agent = new https.Agent({ ...agentOpts, ...verify });
    } else {
      this.agent = new http.Agent(agentOpts);
    }
  }

  call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    return this.callWith<T>(method, args);
  }

  /** The protocol in use; undefined while 'auto' has not decided yet (before the first answer). */
  get protocol(): XapiProtocol | undefined {
    return this.#protocol;
  }

  callWith<T = unknown>(method: string, args: unknown[], callOpts: CallOptions = {}): Promise<T> {
    if (this.#protocol === 'xmlrpc') return this.callXml<T>(method, args, callOpts);
    if (this.#protocol === 'jsonrpc') return this.callJson<T>(method, args, callOpts);
    return this.callAuto<T>(method, args, callOpts);
  }

  private callJson<T>(method: string, args: unknown[], callOpts: CallOptions): Promise<T> {
    const id = this.nextId++;
    const body = JSON.stringify({ jsonrpc: '2.0', method, params: args, id });
    return this.post(this.endpoint, body, 'application/json', callOpts, (declared, max) => new JsonBody(declared, max, parseJson))
      .then((json) => this.decode<T>(json, id));
  }

  /**
   * Not decided yet: JSON-RPC first. An answer that shows there is no JSON-RPC endpoint (404/405,
   * or 200 with a body that is not JSON: nothing there ran the call) → the same call in XML-RPC;
   * only a real XML-RPC answer (a result or a XAPI error) switches this client, otherwise the
   * JSON-RPC attempt's error is reported. Network errors and XAPI errors never switch.
   */
  private async callAuto<T>(method: string, args: unknown[], callOpts: CallOptions): Promise<T> {
    let jsonError: XapiError;
    try {
      const r = await this.callJson<T>(method, args, callOpts);
      this.#protocol ??= 'jsonrpc';
      return r;
    } catch (e) {
      if (!(e instanceof XapiError)) throw e;
      if (e.fromServer) this.#protocol ??= 'jsonrpc';
      const noJsonRpc = (e.code === 'HTTP_ERROR' && (e.status === 404 || e.status === 405)) || notJsonBodies.has(e);
      if (!noJsonRpc || this.#protocol === 'jsonrpc') throw e;
      jsonError = e;
    }
    try {
      const r = await this.callXml<T>(method, args, callOpts);
      this.#protocol ??= 'xmlrpc';
      return r;
    } catch (x) {
      if (x instanceof XapiError && x.fromServer) {
        this.#protocol ??= 'xmlrpc';
        throw x;
      }
      throw jsonError;
    }
  }

  private async callXml<T>(method: string, args: unknown[], callOpts: CallOptions): Promise<T> {
    let body: string;
    try {
      body = encodeMethodCall(method, args);
    } catch (e) {
      throw new XapiError('INTERNAL_ERROR', [], { message: `The call ${method} could not be written as XML-RPC: ${(e as Error).message}`, cause: e });
    }
    const text = await this.post(this.xmlEndpoint, body, 'text/xml', callOpts, (declared, max) => new ResponseBody(declared, max)).then(readText(this.url));
    const where = hostLabel(this.url);
    let r: ReturnType<typeof decodeMethodResponse>;
    try {
      r = decodeMethodResponse(text);
    } catch (e) {
      throw new XapiError('INVALID_RESPONSE', [], { message: `${where} sent a response that is not XML-RPC: ${(e as Error).message}`, cause: e });
    }
    switch (r.kind) {
      case 'success':
        try {
          return shapeBySchema(r.value, resultTypeOf(method)) as T;
        } catch (e) {
          throw new XapiError('INVALID_RESPONSE', [], { message: `${where} sent an XML-RPC value that could not be read: ${(e as Error).message}`, cause: e });
        }
      case 'failure':
        // Same shape as JSON-RPC: [CODE, ...params] → XapiError(CODE, params); anything else is INVALID_RESPONSE.
        throw xapiErrorFromWire(r.errorDescription);
      case 'fault':
        throw new XapiError('XMLRPC_FAULT', [paramToString(r.faultCode ?? ''), paramToString(r.faultString ?? '')], { fromServer: true });
      case 'bare':
        if (method === 'system.listMethods') return r.value as T;
        throw new XapiError('INVALID_RESPONSE', [], { message: `${where} sent an XML-RPC response without Status` });
    }
  }

  /**
   * Releases the sockets. By default calls still in flight may finish (a re-login must not cut a
   * long VM.migrate started on the old session); `force` cuts them too.
   */
  close(opts: { force?: boolean } = {}): void {
    this.closing = true;
    if (opts.force || this.inFlight === 0) this.agent.destroy();
  }

  private decode<T>(body: JsonBody, id: number): T {
    let msg: unknown;
    try {
      msg = body.value();
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw unreadable(hostLabel(this.url), e);
      const err = new XapiError('INVALID_RESPONSE', [], { message: `${hostLabel(this.url)} sent a response that is not JSON: ${(e as Error).message}`, cause: e });
      notJsonBodies.add(err);
      throw err;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      throw new XapiError('INVALID_RESPONSE', [], { message: `${hostLabel(this.url)} sent a response that is not a JSON-RPC object` });
    }
    const m = msg as { id?: unknown; result?: unknown; error?: unknown };
    // paramToString, not String(): a hostile id such as {"toString": 1} made String() throw a TypeError.
    if (m.id !== undefined && m.id !== null && m.id !== id && m.id !== String(id)) {
      throw new XapiError('INVALID_RESPONSE', [], { message: `${hostLabel(this.url)} answered a different request (id ${paramToString(m.id)}, expected ${id})` });
    }
    if (m.error !== undefined && m.error !== null) throw xapiErrorFromWire(m.error);
    if (!('result' in m)) {
      throw new XapiError('INVALID_RESPONSE', [], { message: `${hostLabel(this.url)} sent a JSON-RPC response without result or error` });
    }
    return m.result as T;
  }

  /** POSTs `body`; resolves with the response body as `open` collects it (once it has all come, with HTTP 200). */
  private post<B extends { push(chunk: Buffer): void }>(endpoint: URL, body: string, contentType: string, callOpts: CallOptions,
    open: (declaredLength: string | undefined, maxBytes: number) => B): Promise<B> {
    const timeoutMs = callOpts.timeoutMs ?? this.opts.timeoutMs ?? 60_000;
    // Capped at V8's longest string: a body between MAX_STRING_LENGTH (2^29-24 chars) and the old
    // 512 MiB default made Buffer.toString throw ERR_STRING_TOO_LONG inside the 'end' listener,
    // an uncaught exception that takes the whole main process down.
    const maxBytes = Math.min(this.opts.maxResponseBytes ?? 512 * 1024 * 1024, bufferConstants.MAX_STRING_LENGTH);
    const where = hostLabel(this.url);
    const lib = endpoint.protocol === 'https:' ? https : http;
    this.inFlight++;
    return new Promise<B>((resolve, reject) => {
      let settled = false;
      // Once the whole request went out, a failure no longer proves the call did not run.
      let sent = false;
      const finish = (err: XapiError | null, received?: B): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (--this.inFlight === 0 && this.closing) setImmediate(() => this.agent.destroy());
        callOpts.signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          if (sent && (err.code === 'CONNECTION_FAILED' || err.code === 'CONNECTION_TIMEOUT')) err.requestSent = true;
          reject(err);
        } else resolve(received as B);
      };
      const onAbort = (): void => finish(new XapiError('REQUEST_ABORTED', [], { message: 'The request was cancelled' }));
      const req = lib.request(endpoint, {
        method: 'POST',
        agent: this.agent,
        headers: { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), Accept: contentType, 'User-Agent': USER_AGENT },
      }, (res) => {
        const status = res.statusCode ?? 0;
        let received: B;
        try {
          received = open(res.headers['content-length'], maxBytes);
        } catch (e) {
          finish(unreadable(where, e));
          return;
        }
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) finish(new XapiError('INVALID_RESPONSE', [], { message: `The response from ${where} is larger than ${maxBytes} bytes` }));
          else if (status === 200) {
            // Nothing thrown in a stream listener may escape (it would be an uncaught exception).
            try {
              received.push(chunk);
            } catch (e) {
              finish(unreadable(where, e));
            }
          }
        });
        res.on('end', () => {
          if (status !== 200) {
            finish(new XapiError('HTTP_ERROR', [String(status)], { status, message: `${where} answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}` }));
          } else finish(null, received);
        });
        res.on('aborted', () => finish(connectionLost(where)));
        res.on('error', (e) => finish(networkError(e, where)));
      });
      req.on('error', (e) => finish(networkError(e, where)));
      req.on('finish', () => { sent = true; });
      const timer = setTimeout(() => finish(new XapiError('CONNECTION_TIMEOUT', [String(timeoutMs)], {
        message: `${where} did not answer within ${Math.round(timeoutMs / 100) / 10} s`,
      })), timeoutMs);
      if (callOpts.signal?.aborted) { onAbort(); return; }
      callOpts.signal?.addEventListener('abort', onAbort, { once: true });
      req.end(body);
    });
  }
}

/** A body that arrived but could not be turned into text or values (ERR_STRING_TOO_LONG, an allocation failure). */
function unreadable(where: string, e: unknown): XapiError {
  return new XapiError('INVALID_RESPONSE', [], { message: `The response from ${where} could not be read: ${(e as Error).message}`, cause: e });
}

/** The text of a body, a failure to decode it reported as unreadable. */
function readText(url: string): (body: ResponseBody) => string {
  return (body) => {
    try {
      return body.text();
    } catch (e) {
      throw unreadable(hostLabel(url), e);
    }
  };
}

function connectionLost(where: string): XapiError {
  return new XapiError('CONNECTION_FAILED', [where, 'ECONNRESET'], { message: `The connection to ${where} was lost` });
}

function networkError(e: unknown, where: string): XapiError {
  const code = String((e as { code?: unknown })?.code ?? '');
  const reason = (e as Error)?.message ?? String(e);
  if (TLS_VERIFY_CODES.has(code) || /certificate/i.test(reason)) {
    return new XapiError('CERTIFICATE_UNTRUSTED', [where, code || reason], {
      message: `The TLS certificate of ${where} could not be verified (${reason}), so the connection was refused. ` +
        'The server may use a self-signed certificate that this computer does not trust.',
      cause: e,
    });
  }
  // A TLS handshake answered by a plain-HTTP server (OpenSSL: "wrong version number"): say so, and
  // which address would reach it (params: where, the http:// URL).
  if (code === 'EPROTO' && /wrong version number|http request|packet length too long/i.test(reason)) {
    return new XapiError('SERVER_USES_HTTP', [where, `http://${where}`], {
      message: `${where} answered in plain HTTP, not HTTPS. If the server is meant to be reached without encryption, connect to http://${where}`,
      cause: e,
    });
  }
  const why = code || reason;
  // A reset after the request went out means an established connection dropped, not a refusal.
  const lost = code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(reason);
  return new XapiError('CONNECTION_FAILED', [where, why], {
    message: lost ? `The connection to ${where} was lost (${why})` : `Could not connect to ${where}: ${why}`,
    cause: e,
  });
}
