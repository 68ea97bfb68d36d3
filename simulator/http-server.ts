// HTTP(S) front: POST /jsonrpc only (404 elsewhere), CONNECT /console (consoles.ts), keep-alive,
// and a socket registry so the simulator can drop every connection at once (fault injection) and
// close fast.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { ConsoleService } from './consoles';
import { handleJsonRpc } from './jsonrpc';
import type { Sim } from './sim';

export interface Tls { key: string; cert: string }

export class Listener {
  readonly server: http.Server;
  constructor(sim: Sim, readonly address: string, sockets: Set<Socket>, tls?: Tls, consoles?: ConsoleService) {
    const handler: http.RequestListener = (req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST' || path !== '/jsonrpc') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
        return;
      }
      const closed = new AbortController();
      res.on('close', () => closed.abort());
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void handleJsonRpc(sim, Buffer.concat(chunks).toString('utf8'), { connection: closed.signal, hostAddress: address }).then(({ status, json }) => {
          if (res.destroyed) return;
          const text = JSON.stringify(json);
          res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
        });
      });
    };
    this.server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
    this.server.keepAliveTimeout = 65_000;
    this.server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    this.server.on('connect', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
      if (consoles) consoles.handleConnect(req, socket, head);
      else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.address, () => {
        this.server.off('error', reject);
        const a = this.server.address();
        resolve(typeof a === 'object' && a ? a.port : port);
      });
    });
  }

  close(): Promise<void> { return new Promise((resolve) => this.server.close(() => resolve())); }
}
