// The browser host: serves the built renderer and the same main-process core (AppCore) over one
// WebSocket, bound to 127.0.0.1 and guarded by a random token. It is how tests, and machines
// where Electron cannot run, use the real app. Usage: web-host [--port P] [--demo] [--settings-dir DIR]
// Settings (saved servers, pinned certificates, passwords encrypted under a main password) live in
// --settings-dir, else $XC_SETTINGS_DIR, else ~/.config/pooldesk.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve, extname, sep, dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { EventPacer } from './core/event-pacer';
import { AppCore } from './core/app-core';
import { mainPasswordSecretStore } from './core/secrets/secret-store';
import { startDemoPool, stopDemoPool } from './demo-on-demand';
import { CONSOLE_STREAM_PATH, TRANSFER_PATH, type BridgeEvent } from '../shared/ipc/contract';
import { toErrorInfo } from './core/xapi/errors';
import { logSafe } from './core/log-safe';
import { RENDERER_CSP_HEADER } from '../shared/csp';
import { parseTarget, hasOneHost, handshakeProblem, refuseSocket } from './web-host-guards';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.json': 'application/json', '.map': 'application/json', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
};

export interface WebHostOptions { port?: number; staticDir: string; core: AppCore; token?: string }
export interface WebHost { url: string; port: number; token: string; close(): Promise<void> }

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const tokenBuf = Buffer.from(token);
  const staticDir = resolve(opts.staticDir);
  let origin = '';

  const tokenOk = (candidate: string | null): boolean => {
    const b = Buffer.from(candidate ?? '');
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };
  // DNS-rebinding guard: only our own loopback names may address us.
  const hostOk = (req: IncomingMessage): boolean => {
    const host = req.headers.host ?? '';
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  };

  /** `path`: the decoded request path (parseTarget). */
  async function serveStatic(res: ServerResponse, requestPath: string): Promise<void> {
    const path = requestPath === '/' ? '/index.html' : requestPath;
    const file = resolve(staticDir, '.' + path);
    if (file !== staticDir && !file.startsWith(staticDir + sep)) { res.writeHead(403).end(); return; }
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': RENDERER_CSP_HEADER,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
  }

  /** A JSON reply to a transfer request (errors: `{ error: ErrorInfo }`). */
  function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) { res.destroy(); return; }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', Connection: 'close' });
    res.end(text);
    req.resume();
  }
  const transferStatus = (code: string): number => (code === 'TRANSFER_NOT_FOUND' ? 404 : 500);

  /**
   * GET /transfer/<id>?token=… streams a vm.export (a download), PUT /transfer/<id>?token=… uploads a
   * vm.import (Content-Length required). Guards as for /bridge: token, and an Origin equal to ours
   * (a same-origin download carries none: then Sec-Fetch-Site must not say cross-site).
   */
  async function serveTransfer(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const id = path.slice(TRANSFER_PATH.length);
    const o = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    const originOk = req.method === 'GET' ? (o === undefined ? site === undefined || site === 'same-origin' || site === 'none' : o === origin) : o === origin;
    if (!originOk || !tokenOk(query.get('token')) || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
      sendJson(req, res, 403, { error: { code: 'FORBIDDEN', params: [], message: 'Forbidden' } });
      return;
    }
    if (req.method === 'GET') {
      try {
        await opts.core.streamExport(id, ({ fileName, size }) => {
          res.writeHead(200, {
            'Content-Type': 'application/octet-stream',
            'Content-Disposition': contentDisposition(fileName),
            'Cache-Control': 'no-store',
            'X-Content-Type-Options': 'nosniff',
            ...(size !== undefined ? { 'Content-Length': size } : {}),
          });
          return res;
        });
      } catch (e) {
        const info = toErrorInfo(e);
        sendJson(req, res, transferStatus(info.code), { error: info });
      }
      return;
    }
    if (req.method === 'PUT') {
      const len = req.headers['content-length'];
      if (len === undefined || !/^\d{1,16}$/.test(len)) {
        sendJson(req, res, 411, { error: { code: 'LENGTH_REQUIRED', params: [], message: 'The upload needs a Content-Length' } });
        return;
      }
      try {
        const result = await opts.core.streamImport(id, req, Number(len));
        sendJson(req, res, 200, result);
      } catch (e) {
        const info = toErrorInfo(e);
        sendJson(req, res, transferStatus(info.code), { error: info });
      }
      return;
    }
    sendJson(req, res, 405, { error: { code: 'METHOD_NOT_ALLOWED', params: [], message: 'GET or PUT only' } });
  }

  /** A bare status reply; after the headers went out, only the connection can be dropped. */
  function refuse(res: ServerResponse, status: number): void {
    if (res.headersSent) { res.destroy(); return; }
    res.writeHead(status, { 'Content-Length': 0, 'Cache-Control': 'no-store', Connection: 'close' }).end();
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseTarget(req.url);
    if (!target.ok) { refuse(res, target.status); return; }
    if (!hasOneHost(req)) { refuse(res, 400); return; }
    if (!hostOk(req)) { refuse(res, 421); return; }
    if (target.path.startsWith(TRANSFER_PATH)) { await serveTransfer(req, res, target.path, target.query); return; }
    if (req.method !== 'GET' && req.method !== 'HEAD') { refuse(res, 405); return; }
    await serveStatic(res, target.path);
  }

  // Every path ends in an answer: whatever a handler throws on hostile input becomes a 400, never
  // an exception that would stop the host.
  const server: Server = createServer((req, res) => {
    handleRequest(req, res).catch(() => refuse(res, 400));
  });
  // No proxying here: CONNECT gets 405 (without a listener Node would drop the socket unanswered).
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    refuseSocket(socket, 405);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  // Console streams: raw RFB in binary frames; no compression (keystroke latency, CPU per frame).
  const consoleWss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024, perMessageDeflate: false });
  const sockets = new Map<WebSocket, EventPacer>();
  const consoleSockets = new Set<WebSocket>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node drops its own error listener at upgrade: a reset from the peer must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    try { onUpgrade(req, socket, head); } catch { refuseSocket(socket, 400); }
  });

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = parseTarget(req.url);
    if (!target.ok) { refuseSocket(socket, target.status); return; }
    if (!hasOneHost(req)) { refuseSocket(socket, 400); return; }
    if (!hostOk(req)) { refuseSocket(socket, 421); return; }
    if (target.path !== '/bridge' && target.path !== CONSOLE_STREAM_PATH) { refuseSocket(socket, 404); return; }
    if (req.headers.origin !== origin || !tokenOk(target.query.get('token'))) { refuseSocket(socket, 403); return; }
    const bad = handshakeProblem(req);
    if (bad) { refuseSocket(socket, bad); return; }
    if (target.path === CONSOLE_STREAM_PATH) {
      onConsoleUpgrade(req, socket, head, target.query.get('stream') ?? '');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  }

  /** /console?token=<token>&stream=<streamId>: one WebSocket per console.open stream, bytes both ways. */
  function onConsoleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, streamId: string): void {
    let ws: WebSocket | undefined;
    const early: Buffer[] = [];
    let closedEarly: string | undefined;
    const reasonText = (r?: string): string => Buffer.from(r ?? '').subarray(0, 120).toString('utf8').replace(/\uFFFD+$/, '');
    // Bytes handed to ws.send whose write has not completed yet: the backpressure signal.
    let outstanding = 0;
    let drained: { low: number; resume: () => void } | null = null;
    const sent = (n: number) => () => {
      outstanding -= n;
      if (drained && outstanding <= drained.low) { const d = drained; drained = null; d.resume(); }
    };
    const handle = streamId ? opts.core.attachConsoleStream(streamId, {
      send: (bytes) => {
        if (!ws) { early.push(Buffer.from(bytes)); return; }
        outstanding += bytes.byteLength;
        ws.send(bytes, { binary: true }, sent(bytes.byteLength));
      },
      close: (reason) => { if (ws) ws.close(1000, reasonText(reason)); else closedEarly = reason ?? ''; },
      bufferedAmount: () => outstanding,
      whenDrained: (low, resume) => { if (outstanding <= low) resume(); else drained = { low, resume }; },
    }) : undefined;
    if (!handle) { refuseSocket(socket, 404); return; }
    // The upgrade can still fail (bad handshake, socket gone): then the stream goes too.
    socket.once('close', () => { if (!ws) handle.close(); });
    consoleWss.handleUpgrade(req, socket, head, (w) => {
      ws = w;
      consoleSockets.add(w);
      w.on('close', () => { consoleSockets.delete(w); handle.close(); });
      w.on('error', () => w.terminate());
      w.on('message', (data, isBinary) => {
        if (!isBinary) { w.close(1003, 'binary frames only'); return; }
        const chunks = Array.isArray(data) ? data : [data instanceof ArrayBuffer ? Buffer.from(data) : data];
        for (const c of chunks) handle.write(c);
      });
      for (const b of early.splice(0)) { outstanding += b.length; w.send(b, { binary: true }, sent(b.length)); }
      if (closedEarly !== undefined) w.close(1000, reasonText(closedEarly));
    });
  }

  function onSocket(ws: WebSocket): void {
    // Core events reach this page paced to its frames (core/event-pacer.ts): `{ events }` batches,
    // the next after the page's `{ ack: true }`.
    // Sent as bytes: ws keeps a string it is given until the socket has written it, which for a big
    // load's deltas (512 KB each, the page busy reading) is long enough for V8 to move it to the old
    // generation, where it stayed after the load (34 MB of them at 10,000 VMs). Text frames all the same.
    const pacer = new EventPacer({ send: (events) => { if (ws.readyState === ws.OPEN) ws.send(Buffer.from(JSON.stringify({ events })), { binary: false }); } });
    sockets.set(ws, pacer);
    ws.on('close', () => { sockets.delete(ws); pacer.dispose(); });
    // Bad frames, oversized messages: ws has already sent the close (1002, 1009); without a listener
    // the 'error' event would be thrown.
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      let msg: unknown;
      try { msg = JSON.parse(String(data)); } catch { ws.close(1003, 'invalid JSON'); return; }
      if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) { ws.close(1003, 'not a request object'); return; }
      if ((msg as { ack?: unknown }).ack === true) { pacer.ack(); return; }
      const { id, channel, payload } = msg as { id?: unknown; channel?: unknown; payload?: unknown };
      if (typeof id !== 'number' || !Number.isSafeInteger(id)) { ws.close(1003, 'missing id'); return; }
      void opts.core.request(channel, payload).then((envelope) => {
        if (ws.readyState !== ws.OPEN) return;
        let text: string;
        try { text = JSON.stringify({ id, envelope }); } catch (e) { text = JSON.stringify({ id, envelope: { ok: false, error: toErrorInfo(e) } }); }
        ws.send(text);
      });
    });
  }
  const unsubscribe = opts.core.subscribe((event: BridgeEvent) => {
    for (const [ws, pacer] of sockets) if (ws.readyState === ws.OPEN) pacer.push(event);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of [...sockets.keys(), ...consoleSockets]) ws.terminate();
      wss.close();
      consoleWss.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** attachment; filename="<ascii>"; filename*=UTF-8''<encoded> */
export function contentDisposition(name: string): string {
  // A VM name is the server's string: a lone surrogate would make encodeURIComponent throw.
  const fileName = name.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export interface WebHostArgs { port: number; demo: boolean; settingsDir: string }

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): WebHostArgs {
  let port = 0;
  let demo = false;
  let settingsDir = env.XC_SETTINGS_DIR || join(homedir(), '.config', 'pooldesk');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--demo') demo = true;
    else if (a === '--port') {
      port = Number(argv[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a number from 0 to 65535, got ${argv[i]}`);
    } else if (a === '--settings-dir') {
      const d = argv[++i];
      if (!d) throw new Error('--settings-dir needs a directory');
      settingsDir = d;
    } else throw new Error(`unknown option ${a} (expected --port P, --demo, --settings-dir DIR)`);
  }
  return { port, demo, settingsDir: resolve(settingsDir) };
}

async function main(): Promise<void> {
  let args: WebHostArgs;
  try { args = parseArgs(process.argv.slice(2)); } catch (err) {
    console.error(`web-host: ${(err as Error).message}`);
    process.exit(2);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const staticDir = process.env.XC_RENDERER_DIR ?? resolve(here, '../dist/renderer');
  // No OS keychain here: passwords are stored only under a main password the user sets.
  const core = new AppCore({ startDemoPool, settingsDir: args.settingsDir, secretStore: mainPasswordSecretStore() });
  await core.start();
  if (core.settingsProblem) console.error(`web-host: ${logSafe(core.settingsProblem)}`);
  const host = await startWebHost({ port: args.port, staticDir, core });
  if (args.demo) {
    const r = await core.request('servers.demo', {});
    if (!r.ok) console.error(`web-host: the demo pool did not start: ${logSafe(r.error.message)}`);
  }
  console.log('Open this URL in your browser:');
  console.log(host.url);
  const stop = async () => {
    await core.dispose();
    await host.close();
    await stopDemoPool();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => { console.error(`web-host: ${(err as Error).stack ?? err}`); process.exit(1); });
}
