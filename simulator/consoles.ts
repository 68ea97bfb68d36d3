// Consoles over HTTP CONNECT (WIRE.md "Consoles", SEMANTICS.md 2.7):
//   CONNECT /console?uuid=<console uuid> HTTP/1.0   (or ?ref=<console ref>)
//   Cookie: session_id=<session ref>                (or a session_id query parameter)
// Replies: 200 then raw RFB (the built-in ConsoleScreen, or a transparent pipe to a real VNC
// server with consoleVnc); 401 without a valid session; 404 for an unknown path/console or a VM
// that is not running; 503 past MAX_CLIENTS simultaneous clients of one console; 502 when the
// consoleVnc target cannot be reached. A console's sockets are closed when its record goes away
// (shutdown, suspend, reboot: the domain is gone), as on a real host.
// vt100 consoles get a tiny line-echo text console instead of RFB.
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { ConsoleScreen } from './rfb/screen';
import { RfbSession } from './rfb/server';
import type { Sim } from './sim';

export const MAX_CLIENTS = 8;

const REASON: Record<number, string> = { 200: 'OK', 401: 'Unauthorized', 404: 'Not Found', 502: 'Bad Gateway', 503: 'Service Unavailable' };

export interface ConsoleServiceOptions {
  /** "host:port" of a real VNC server every console is piped to instead of the built-in screen. */
  vnc?: string;
  maxClients?: number;
}

export function parseHostPort(v: string): { host: string; port: number } | undefined {
  const m = /^(.+):(\d{1,5})$/.exec(v);
  if (!m || Number(m[2]) > 65535) return undefined;
  return { host: m[1].replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) };
}

function reply(socket: Duplex, status: number, end: boolean): void {
  const head = `HTTP/1.1 ${status} ${REASON[status] ?? ''}\r\n`;
  if (end) {
    socket.end(`${head}Connection: close\r\nContent-Length: 0\r\n\r\n`);
  } else {
    socket.write(`${head}Connection: keep-alive\r\nCache-Control: no-cache, no-store\r\n\r\n`);
  }
}

function cookieSession(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'session_id') return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export class ConsoleService {
  private readonly screens = new Map<string, ConsoleScreen>();
  private readonly clients = new Map<string, Set<Duplex>>();
  private readonly upstreams = new Set<net.Socket>();
  private readonly vnc?: { host: string; port: number };
  private readonly max: number;
  private readonly off: () => void;

  constructor(private readonly sim: Sim, opts: ConsoleServiceOptions = {}) {
    if (opts.vnc) {
      this.vnc = parseHostPort(opts.vnc);
      if (!this.vnc) throw new Error(`consoleVnc must be HOST:PORT, got ${JSON.stringify(opts.vnc)}`);
    }
    this.max = opts.maxClients ?? MAX_CLIENTS;
    this.off = sim.db.onChange(() => this.collect());
  }

  /** Handler for the HTTP server's 'connect' event. */
  handleConnect(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    // The HTTP server allows half-open sockets: a client's FIN must end the console session.
    socket.on('end', () => socket.destroy());
    const { db } = this.sim;
    const url = new URL(req.url ?? '/', 'http://simulator');
    const session = cookieSession(req.headers.cookie) ?? url.searchParams.get('session_id') ?? '';
    if (url.pathname !== '/console') return reply(socket, 404, true);
    if (!session || !db.get('session', session)) return reply(socket, 401, true);
    const uuid = url.searchParams.get('uuid');
    const ref = uuid ? db.findByUuid('console', uuid) : url.searchParams.get('ref') ?? undefined;
    const con = ref ? db.get('console', ref) : undefined;
    const vm = con ? db.get('VM', String(con.VM)) : undefined;
    if (!ref || !con || !vm || (vm.power_state !== 'Running' && vm.power_state !== 'Paused')) return reply(socket, 404, true);
    const set = this.clients.get(ref) ?? new Set<Duplex>();
    if (set.size >= this.max) return reply(socket, 503, true);
    set.add(socket);
    this.clients.set(ref, set);
    socket.on('close', () => { set.delete(socket); if (!set.size && this.clients.get(ref) === set) this.clients.delete(ref); });

    if (this.vnc) return this.proxy(socket, head);
    reply(socket, 200, false);
    if (con.protocol === 'vt100') return this.textConsole(socket, String(vm.name_label), head);
    let screen = this.screens.get(ref);
    if (!screen) { screen = new ConsoleScreen(String(vm.name_label)); this.screens.set(ref, screen); }
    new RfbSession(socket, screen, head);
  }

  /** Text typed on the VM's rfb console so far ('' when nobody has connected). */
  textOf(vmRef: string): string {
    const vm = this.sim.db.get('VM', vmRef);
    for (const c of (vm?.consoles as string[] | undefined) ?? []) {
      const s = this.screens.get(c);
      if (s) return s.text;
    }
    return '';
  }

  close(): void {
    this.off();
    for (const set of this.clients.values()) for (const s of set) s.destroy();
    for (const u of this.upstreams) u.destroy();
    for (const s of this.screens.values()) s.close();
    this.clients.clear();
    this.screens.clear();
  }

  /** Drops every console client (fault injection). */
  dropAll(): void {
    for (const set of this.clients.values()) for (const s of set) s.destroy();
    for (const u of this.upstreams) u.destroy();
  }

  /** Consoles whose record is gone: close their clients and forget their screens. */
  private collect(): void {
    const { db } = this.sim;
    for (const [ref, set] of this.clients) {
      if (db.get('console', ref)) continue;
      for (const s of set) s.destroy();
      this.clients.delete(ref);
    }
    for (const [ref, screen] of this.screens) {
      if (db.get('console', ref)) continue;
      screen.close();
      this.screens.delete(ref);
    }
  }

  private proxy(socket: Duplex, head: Buffer): void {
    const { host, port } = this.vnc!;
    const up = net.connect({ host, port });
    this.upstreams.add(up);
    let connected = false;
    up.on('connect', () => {
      connected = true;
      if (socket.destroyed) { up.destroy(); return; }
      reply(socket, 200, false);
      if (head.length) up.write(head);
      socket.pipe(up);
      up.pipe(socket);
    });
    up.on('error', () => {
      if (!connected && !socket.destroyed) reply(socket, 502, true);
      else socket.destroy();
    });
    up.on('close', () => { this.upstreams.delete(up); if (connected) socket.destroy(); });
    socket.on('close', () => up.destroy());
  }

  private textConsole(socket: Duplex, name: string, head: Buffer): void {
    socket.write(`\r\n${name} - PoolDesk simulator text console\r\n\r\nlogin: `);
    const echo = (d: Buffer) => socket.write(d.toString('latin1').replace(/\r(?!\n)/g, '\r\n'), 'latin1');
    if (head.length) echo(head);
    socket.on('data', echo);
  }
}
