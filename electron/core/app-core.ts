// The one service behind both the Electron main process and the browser host: validates every
// request from the (untrusted) renderer, owns the connections, and fans their state and cache
// deltas out to subscribers. request() never throws; failures come back as ErrorInfo envelopes.
import { randomUUID } from 'node:crypto';
import type { BridgeEvent, CacheDelta, ConnectionInfo, Envelope, RequestArgs, RequestChannel, RequestResult } from '../../shared/ipc/contract';
import { validateRequest, ContractError } from '../../shared/ipc/validate';
import { messageInfo, hasAsyncForm } from '../../shared/xapi/model';
import { Connection } from './connection/connection';
import { XapiError, toErrorInfo } from './xapi/errors';
import { normalizeServerAddress } from './xapi/address';
import type { XapiClientOptions } from './xapi/transport';
import { ConsoleStreams, type ConsoleSink, type ConsoleStreamHandle } from './console/streams';
import { CONSOLE_ERRORS } from './console/tunnel';

export interface DemoPoolCredentials { url: string; user: string; password: string }

export interface AppCoreOptions {
  /** Starts the in-process demo simulator (servers.demo); absent means the demo is unavailable. */
  startDemoPool?: () => Promise<DemoPoolCredentials>;
  /** Cache delta coalescing interval (default 50 ms). */
  flushIntervalMs?: number;
  /** event.from server-side timeout in seconds (default 30). */
  eventTimeoutS?: number;
  /** TLS options for every connection (certificate pinning hooks). */
  clientOptions?: XapiClientOptions;
  /** Reconnection backoff (defaults 500 ms doubling up to 30 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Electron: opens a console in a window of its own (console.undock); absent means { undocked: false }. */
  undockConsole?: (connectionId: string, ref: string) => Promise<boolean>;
  /** A console stream nobody attached to is closed after this long (default 30 s). */
  consoleAttachTimeoutMs?: number;
  /** CONNECT + reply deadline of a console tunnel (default 15 s). */
  consoleConnectTimeoutMs?: number;
}

/** At most this many console streams at once (each holds a socket to a host). */
const MAX_CONSOLE_STREAMS = 64;

export type BridgeListener = (e: BridgeEvent) => void;

type Handlers = { [C in RequestChannel]: (args: RequestArgs<C>) => Promise<RequestResult<C>> };

export class AppCore {
  private readonly connections = new Map<string, Connection>();
  private readonly listeners = new Set<BridgeListener>();
  private readonly opts: AppCoreOptions;
  /** servers.add calls in flight per url+user, so a double click does not log in twice. */
  private readonly adding = new Map<string, Promise<string>>();

  private readonly consoles: ConsoleStreams;

  constructor(opts: AppCoreOptions = {}) {
    this.opts = opts;
    this.consoles = new ConsoleStreams({ attachTimeoutMs: opts.consoleAttachTimeoutMs });
  }

  /**
   * For the hosts (Electron MessagePort, browser-host WebSocket): connects a viewer to a stream that
   * console.open returned. One attachment per stream; undefined when the stream is unknown, closed
   * or already attached. Closing either side closes the other.
   */
  attachConsoleStream(streamId: string, sink: ConsoleSink): ConsoleStreamHandle | undefined {
    return this.consoles.attach(streamId, sink);
  }

  /** Console streams open now (tests and diagnostics). */
  get consoleStreamCount(): number {
    return this.consoles.size;
  }

  async request(channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
    try {
      const { channel: c, args } = validateRequest(channel, payload);
      const handler = this.handlers[c] as (a: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(args) };
    } catch (e) {
      if (e instanceof ContractError) return { ok: false, error: { code: e.code, params: [], message: `Invalid request: ${e.message}` } };
      return { ok: false, error: toErrorInfo(e) };
    }
  }

  subscribe(listener: BridgeListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Current connections (same data as state.snapshot, for hosts that need it directly). */
  connectionInfos(): ConnectionInfo[] {
    return [...this.connections.values()].map((c) => c.info);
  }

  /** For tests and diagnostics: the connection object behind an id. */
  connection(id: string): Connection | undefined {
    return this.connections.get(id);
  }

  async dispose(): Promise<void> {
    this.consoles.closeAll();
    const all = [...this.connections.values()];
    await Promise.all(all.map((c) => c.disconnect().catch(() => undefined)));
    for (const c of all) c.dispose();
    this.connections.clear();
    this.listeners.clear();
  }

  private readonly handlers: Handlers = {
    'servers.add': async ({ address, user, password }) => ({ connectionId: await this.addServer(address, user, password) }),
    'servers.demo': async () => {
      if (!this.opts.startDemoPool) throw new XapiError('DEMO_UNAVAILABLE', [], { message: 'The demo pool is not available in this build' });
      const demo = await this.opts.startDemoPool();
      return { connectionId: await this.addServer(demo.url, demo.user, demo.password) };
    },
    'servers.disconnect': async ({ connectionId }) => {
      const c = this.get(connectionId);
      this.consoles.closeConnection(connectionId, 'The server was disconnected');
      await c.disconnect();
      return null;
    },
    'servers.remove': async ({ connectionId }) => {
      const c = this.get(connectionId);
      this.connections.delete(connectionId);
      this.consoles.closeConnection(connectionId, 'The server was removed');
      await c.disconnect().catch(() => undefined);
      c.dispose();
      this.emit({ channel: 'connection.removed', payload: { connectionId } });
      return null;
    },
    'state.snapshot': async () => {
      const conns = [...this.connections.values()];
      return { connections: conns.map((c) => c.info), deltas: conns.map((c) => c.cache.toDelta()) };
    },
    'xapi.call': async ({ connectionId, method, args }) => {
      const m = messageInfo(method);
      if (!m) throw new XapiError('UNKNOWN_METHOD', [method], { message: `${method} is not a XAPI method` });
      const c = this.get(connectionId);
      return m.takesSession ? c.call(method, args) : Promise.reject(new XapiError('UNKNOWN_METHOD', [method], { message: `${method} cannot be called from the renderer` }));
    },
    'xapi.callAsync': async ({ connectionId, method, args }) => {
      const m = messageInfo(method);
      if (!m) throw new XapiError('UNKNOWN_METHOD', [method], { message: `${method} is not a XAPI method` });
      if (!hasAsyncForm(m)) throw new XapiError('UNKNOWN_METHOD', [method], { message: `${method} has no asynchronous form (Async.${method} does not exist)` });
      const taskRef = await this.get(connectionId).call<unknown>(`Async.${method}`, args);
      if (typeof taskRef !== 'string' || !taskRef.startsWith('OpaqueRef:')) {
        throw new XapiError('INVALID_RESPONSE', [], { message: `Async.${method} did not return a task reference` });
      }
      return { taskRef };
    },
    'console.open': async ({ connectionId, consoleRef }) => {
      const c = this.get(connectionId);
      const rec = c.cache.get('console', consoleRef);
      if (!rec) throw new XapiError('CONSOLE_NOT_FOUND', [consoleRef], { message: CONSOLE_ERRORS.CONSOLE_NOT_FOUND });
      if (rec.protocol !== 'rfb') {
        throw new XapiError('CONSOLE_PROTOCOL_UNSUPPORTED', [String(rec.protocol)], {
          message: `This console uses the ${String(rec.protocol)} protocol; only graphical (rfb) consoles can be opened here.`,
        });
      }
      if (typeof rec.location !== 'string' || !rec.location) throw new XapiError('CONSOLE_NOT_FOUND', [consoleRef], { message: CONSOLE_ERRORS.CONSOLE_NOT_FOUND });
      if (this.consoles.size >= MAX_CONSOLE_STREAMS) {
        throw new XapiError('CONSOLE_SESSION_LIMIT', [String(MAX_CONSOLE_STREAMS)], { message: `At most ${MAX_CONSOLE_STREAMS} consoles can be open at once; close one and try again.` });
      }
      const socket = await c.openConsoleTunnel(rec.location, this.opts.consoleConnectTimeoutMs);
      // Disconnected or removed while the tunnel was opening: do not keep it.
      if (this.connections.get(connectionId) !== c || c.status === 'disconnected' || c.status === 'failed') {
        socket.destroy();
        throw new XapiError('NOT_CONNECTED', [connectionId], { message: 'The server was disconnected while the console was opening' });
      }
      return { streamId: this.consoles.add(connectionId, socket) };
    },
    'console.close': async ({ streamId }) => {
      this.consoles.close(streamId, 'The console was closed');
      return null;
    },
    'console.undock': async ({ connectionId, ref }) => {
      this.get(connectionId);
      if (!this.opts.undockConsole) return { undocked: false };
      return { undocked: await this.opts.undockConsole(connectionId, ref) };
    },
  };

  private async addServer(address: string, user: string, password: string): Promise<string> {
    const url = normalizeServerAddress(address);
    const key = `${url}\n${user}`;
    const existing = [...this.connections.values()].find((c) => c.url === url && c.user === user);
    if (existing) {
      if (existing.status === 'disconnected' || existing.status === 'failed') await existing.connect(password);
      return existing.id;
    }
    const inFlight = this.adding.get(key);
    if (inFlight) return inFlight;
    const p = this.createConnection(url, user, password).finally(() => this.adding.delete(key));
    this.adding.set(key, p);
    return p;
  }

  private async createConnection(url: string, user: string, password: string): Promise<string> {
    const id = randomUUID();
    const live = (): boolean => this.connections.get(id) === conn;
    const conn = new Connection({
      id, url, user, password,
      clientOptions: this.opts.clientOptions,
      eventTimeoutS: this.opts.eventTimeoutS,
      flushIntervalMs: this.opts.flushIntervalMs,
      backoffBaseMs: this.opts.backoffBaseMs,
      backoffMaxMs: this.opts.backoffMaxMs,
      // Nothing is announced until the login succeeded: a failed add leaves no trace.
      onState: (info) => {
        if (info.status === 'disconnected' || info.status === 'failed') this.consoles.closeConnection(id, 'The connection to the server was closed');
        if (live()) this.emit({ channel: 'connection.state', payload: info });
      },
      onDelta: (delta: CacheDelta) => { if (live()) this.emit({ channel: 'cache.delta', payload: delta }); },
    });
    try {
      await conn.logIn();
    } catch (e) {
      conn.dispose();
      throw e;
    }
    this.connections.set(id, conn);
    conn.start();
    return id;
  }

  private get(connectionId: string): Connection {
    const c = this.connections.get(connectionId);
    if (!c) throw new XapiError('UNKNOWN_CONNECTION', [connectionId], { message: `No connection with id ${connectionId}` });
    return c;
  }

  private emit(e: BridgeEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        /* a failing subscriber must not break the others or the event loop */
      }
    }
  }
}
