// HTTP(S) front: POST /jsonrpc (JSON-RPC), POST / and /RPC2 (XML-RPC), GET /export and PUT /import (xva-http.ts), GET /rrd_updates and
// the full RRDs (rrd/http.ts), 404 elsewhere, CONNECT /console (consoles.ts), keep-alive,
// and a socket registry so the simulator can drop every connection at once (fault injection) and
// close fast. Fault hooks (faults.ts): drop a request's socket, hold or fail a call, the
// POST /_simulator/faults control endpoint, and stop()/resume() for a host that is down.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ConsoleService } from './consoles';
import type { CallEnv, RawReply } from './dispatch';
import { handleJsonRpc } from './jsonrpc';
import { handleXmlRpc } from './xmlrpc';
import { handleXvaHttp } from './xva-http';
import { handleSystemStatusHttp } from './system-status-http';
import { handleJoinImport, JOIN_IMPORT_PATH } from './remote-join';
import { handleRrdHttp } from './rrd/http';
import type { Sim } from './sim';

export interface Tls { key: string; cert: string }

export const CONTROL_PATH = '/_simulator/faults';

export interface ListenerHooks {
  /** True: destroy this request's socket without a reply (dropNextConnections). */
  dropRequest(req: { userAgent: string; address: string }): boolean;
  beforeCall(method: string, env: CallEnv): Promise<RawReply | undefined>;
  /** The fault control endpoint; absent when it is not enabled (404 then). */
  control?: (req: http.IncomingMessage, body: string) => Promise<{ status: number; json: unknown; headers?: Record<string, string> }>;
}

/** What a listener serves: the pool (Sim) its host belongs to. A host joining another pool is re-targeted (pool-network.ts). */
export interface ListenerTarget { sim: Sim; consoles?: ConsoleService }

/**
 * For a simulator embedded in the app (the demo pool), which any web page could otherwise reach on
 * 127.0.0.1: the status to refuse a request with, or undefined. Only a Host naming this listener's
 * own address and port is accepted (a DNS-rebinding page sends its own name), and nothing a browser
 * sends (Origin, Sec-Fetch-*): the app's own client is Node and sends neither.
 */
export function foreignRequest(req: http.IncomingMessage, address: string, port: number): number | undefined {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === 'host') hosts++;
  if (hosts !== 1 || req.headers.host !== `${address}:${port}`) return 421;
  const h = req.headers;
  if (h.origin !== undefined || h['sec-fetch-site'] !== undefined || h['sec-fetch-mode'] !== undefined) return 403;
  return undefined;
}

const refuseSocket = (socket: Duplex, status: number): void => {
  socket.on('error', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
};

export class Listener {
  readonly server: http.Server;
  /** This listener's own connections (the shared set holds every listener's). */
  readonly ownSockets = new Set<Socket>();
  hooks?: ListenerHooks;
  #port = 0;
  #listening = false;

  /**
   * `localOnly` (the demo pool embedded in the app): refuse foreign Host names and browsers
   * (foreignRequest) and send no `Access-Control-Allow-Origin`. Off, the listener answers as xapi
   * does (ACAO `*` on XML-RPC and the metrics endpoints).
   */
  constructor(public target: ListenerTarget, readonly address: string, sockets: Set<Socket>, tls?: Tls, readonly localOnly = false) {
    const cors = !localOnly;
    const serve: http.RequestListener = (req, res) => {
      if (localOnly) {
        const refused = foreignRequest(req, address, this.#port);
        if (refused) { res.writeHead(refused, { 'Content-Type': 'text/plain', Connection: 'close' }).end(`${http.STATUS_CODES[refused]}\n`); return; }
      }
      const { sim } = this.target;
      const path = (req.url ?? '').split('?')[0];
      const control = this.hooks?.control;
      if (req.method === 'POST' && path === JOIN_IMPORT_PATH) {
        readBody(req, (body) => {
          const { status, json } = handleJoinImport(sim, body);
          if (res.destroyed) return;
          const text = JSON.stringify(json);
          res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
        });
        return;
      }
      if (req.method === 'POST' && path === CONTROL_PATH && control) {
        readBody(req, (body) => {
          void control(req, body).then(({ status, json, headers }) => {
            if (res.destroyed) return;
            const text = JSON.stringify(json);
            res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
          });
        });
        return;
      }
      if ((path === '/export' || path === '/import') && handleXvaHttp(sim, req, res, address)) return;
      if (path === '/system-status' && handleSystemStatusHttp(sim, req, res, address)) return;
      if (handleRrdHttp(sim, req, res, address, cors)) return;
      const xml = path === '/' || path === '/RPC2';
      if (req.method !== 'POST' || (path !== '/jsonrpc' && !xml)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
        return;
      }
      const userAgent = String(req.headers['user-agent'] ?? '');
      if (this.hooks?.dropRequest({ userAgent, address })) {
        req.socket.destroy();
        return;
      }
      const closed = new AbortController();
      res.on('close', () => closed.abort());
      if (xml) {
        readBody(req, (body) => {
          void handleXmlRpc(sim, body, { connection: closed.signal, hostAddress: address, userAgent, beforeCall: this.hooks?.beforeCall }).then((reply) => {
            if (res.destroyed) return;
            if ('text' in reply) {
              res.writeHead(reply.status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(reply.text) }).end(reply.text);
              return;
            }
            res.writeHead(reply.status, { 'Content-Type': 'text/xml', ...(cors ? { 'Access-Control-Allow-Origin': '*' } : {}), 'Content-Length': Buffer.byteLength(reply.xml) }).end(reply.xml);
          });
        });
        return;
      }
      readBody(req, (body) => {
        void handleJsonRpc(sim, body, { connection: closed.signal, hostAddress: address, userAgent, beforeCall: this.hooks?.beforeCall }).then((reply) => {
          if (res.destroyed) return;
          if ('text' in reply) {
            res.writeHead(reply.status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(reply.text) }).end(reply.text);
            return;
          }
          const text = JSON.stringify(reply.json);
          res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
        });
      });
    };
    // A request the handlers cannot parse is answered, never thrown: an embedded simulator shares the app's process.
    const handler: http.RequestListener = (req, res) => {
      try { serve(req, res); } catch {
        if (res.headersSent) res.destroy();
        else res.writeHead(400, { 'Content-Type': 'text/plain', Connection: 'close' }).end('Bad request\n');
      }
    };
    this.server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
    this.server.keepAliveTimeout = 65_000;
    this.server.on('connection', (s: Socket) => {
      sockets.add(s);
      this.ownSockets.add(s);
      s.on('close', () => { sockets.delete(s); this.ownSockets.delete(s); });
    });
    this.server.on('connect', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
      const refused = localOnly ? foreignRequest(req, address, this.#port) : undefined;
      if (refused) { refuseSocket(socket, refused); return; }
      const { consoles } = this.target;
      try {
        if (consoles) consoles.handleConnect(req, socket, head);
        else refuseSocket(socket, 404);
      } catch { refuseSocket(socket, 400); }
    });
  }

  get listening(): boolean { return this.#listening; }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.address, () => {
        this.server.off('error', reject);
        const a = this.server.address();
        this.#port = typeof a === 'object' && a ? a.port : port;
        this.#listening = true;
        resolve(this.#port);
      });
    });
  }

  /** Destroys this listener's connections (consoles tunnelled through it included). */
  dropConnections(): void { for (const s of this.ownSockets) s.destroy(); }

  /** The host is down: its connections are cut and new ones refused (nothing listens) until resume(). */
  stop(): Promise<void> {
    if (!this.#listening) return Promise.resolve();
    this.#listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.dropConnections();
    return closed;
  }

  /** Listens again on the same address and port after stop(). */
  async resume(): Promise<void> {
    if (this.#listening) return;
    await this.listen(this.#port);
  }

  close(): Promise<void> {
    this.#listening = false;
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function readBody(req: http.IncomingMessage, then: (body: string) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => then(Buffer.concat(chunks).toString('utf8')));
}
