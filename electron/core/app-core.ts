// The one service behind both the Electron main process and the browser host: validates every
// request from the (untrusted) renderer, dispatches it, owns the connections, and fans state and
// cache deltas out to subscribers. The saved server list (saved/saved-servers.ts), the passwords
// (saved/saved-passwords.ts) and certificate questions (trust/certificate-flow.ts) live beside it.
// request() never throws; failures come back as ErrorInfo envelopes.
import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import type {
  BridgeEvent, CacheDelta, ConnectionInfo, Envelope, SettingsStatus,
} from '../../shared/ipc/contract';
import { validateRequest, ContractError, RefusedCallError } from '../../shared/ipc/validate';
import { Connection } from './connection/connection';
import { isIdle } from './connection/idle';
import { XapiError, toErrorInfo } from './xapi/errors';
import { scrubDelta, type OwnSession } from './xapi/secret-scrub';
import { normalizeServerAddress } from './xapi/address';
import type { XapiClientOptions } from './xapi/transport';
import { ConsoleStreams, type ConsoleSink, type ConsoleStreamHandle } from './features/console/streams';
import { SettingsStore, type SavedServer } from './settings/store';
import type { PinLookup } from './trust/trust';
import { CertificateFlow } from './trust/certificate-flow';
import { SavedPasswords } from './saved/saved-passwords';
import { SavedServers } from './saved/saved-servers';
import { reconnectPassword } from './saved/reconnect-password';
import { TransferRegistry } from './features/transfer/registry';
import { OpenedFiles } from './features/transfer/opened-files';
import type { OpenedFile } from '../../shared/ipc/areas/transfer';
import { endTask } from './features/transfer/transfer';
import type { ConnectionOrigin } from './pool/credential-guard';
import { MetricsService } from './features/metrics/metrics';
import type { AppCoreOptions } from './options';
import type { CoreContext } from './features/context';
import { HANDLERS } from './features/index';
import { streamExport, streamImport } from './features/transfer/streams';
import { ClientLog } from './client-log';
import { logSafe } from './log-safe';

export type { AppCoreOptions, DemoPoolCredentials } from './options';

export type BridgeListener = (e: BridgeEvent) => void;

export class AppCore {
  private readonly connections = new Map<string, Connection>();
  private readonly listeners = new Set<BridgeListener>();
  private readonly opts: AppCoreOptions;
  /** servers.add calls in flight per url+user, so a double click does not log in twice. */
  private readonly adding = new Map<string, Promise<string>>();
  /** How each connection came to be (pool/credential-guard.ts): who may receive whose credentials. */
  private readonly origins = new WeakMap<Connection, ConnectionOrigin>();

  private readonly consoles: ConsoleStreams;
  private readonly transfers: TransferRegistry;
  private readonly metrics = new MetricsService();
  private readonly openedFiles = new OpenedFiles();
  // Set by init() (the settings file is read asynchronously); requests wait for it through `ready`.
  private settings!: SettingsStore;
  private passwords!: SavedPasswords;
  private saved!: SavedServers;
  private certificates!: CertificateFlow;
  private readonly ready: Promise<void>;
  private readonly clientOptions: XapiClientOptions;
  private disposed = false;

  /** What the features' handlers (features/<area>/handlers.ts) get: the registry and the services. */
  private readonly ctx: CoreContext = ((core: AppCore): CoreContext => ({
    get opts() { return core.opts; },
    get: (id) => core.get(id),
    isListed: (c) => core.connections.get(c.id) === c,
    connections: () => [...core.connections.values()],
    originOf: (c) => core.origins.get(c),
    stopped: () => core.disposed,
    addServer: (address, user, password, o) => core.addServer(address, user, password, o),
    reconnect: (c, creds, interactive) => core.reconnect(c, creds, interactive),
    forget: (id) => core.forget(id),
    addImported: (servers) => { for (const s of servers) core.addSavedConnection(s, false, 'imported'); },
    restoreSession: () => core.restoreSession(),
    get consoles() { return core.consoles; },
    get transfers() { return core.transfers; },
    get metrics() { return core.metrics; },
    get openedFiles() { return core.openedFiles; },
    // Set by init(), which every request waits for.
    get settings() { return core.settings; },
    get passwords() { return core.passwords; },
    get saved() { return core.saved; },
    get certificates() { return core.certificates; },
    ownSession: (ref) => core.ownSession(ref),
    settingsStatus: () => core.settingsStatus(),
    emit: (e) => core.emit(e),
    log: (m) => core.log(m),
    clientLog: () => core.clientLog,
  }))(this);

  constructor(opts: AppCoreOptions = {}) {
    this.opts = opts;
    this.consoles = new ConsoleStreams({ attachTimeoutMs: opts.consoleAttachTimeoutMs });
    this.transfers = new TransferRegistry({
      expiryMs: opts.transferExpiryMs,
      onExpire: (t) => { const c = this.connections.get(t.connectionId); if (c) void endTask(c, t.taskRef); },
    });
    const pins: PinLookup = (key) => this.settings?.pinOf(key);
    this.clientOptions = { ...opts.clientOptions, pins };
    this.ready = this.init();
    // Requests wait for ready and report its failure; nobody else awaits it.
    this.ready.catch(() => undefined);
  }

  /**
   * Resolves once the settings are loaded and the saved servers are listed (their restore runs on
   * in the background). Every request waits for this too; hosts may await it to log problems.
   */
  start(): Promise<void> {
    return this.ready;
  }

  /** Why the settings file was not used, if it was not (moved aside as settings.json.corrupt-<time>). */
  get settingsProblem(): string | undefined {
    return this.settings?.problem;
  }

  /**
   * For the hosts (Electron MessagePort, browser-host WebSocket): connects a viewer to a stream that
   * console.open returned. One attachment per stream; undefined when the stream is unknown, closed
   * or already attached. Closing either side closes the other.
   */
  attachConsoleStream(streamId: string, sink: ConsoleSink): ConsoleStreamHandle | undefined {
    return this.consoles.attach(streamId, sink);
  }

  /**
   * For the browser host (GET /transfer/<id>): runs the export vm.export set up, streaming XAPI's
   * reply into the stream `open` returns (called once the server accepted, with the file name and
   * the size when known). TRANSFER_NOT_FOUND when the id is unknown, used or expired.
   */
  async streamExport(transferId: string, open: (info: { fileName: string; size?: number }) => Writable): Promise<void> {
    return streamExport(this.ctx, transferId, open);
  }

  /**
   * For the browser host (PUT /transfer/<id>): uploads `size` bytes of `source` as the import
   * vm.import set up (the size must be the one announced there). Resolves with the new VM ref(s).
   */
  async streamImport(transferId: string, source: Readable, size: number): Promise<{ vmRefs: string[] }> {
    return streamImport(this.ctx, transferId, source, size);
  }

  /** Transfers set up and not used yet (tests and diagnostics). */
  get pendingTransferCount(): number {
    return this.transfers.size;
  }

  /** Console streams open now (tests and diagnostics). */
  get consoleStreamCount(): number {
    return this.consoles.size;
  }

  /**
   * Electron: a file the operating system asked the app to open (an .xva): checked and kept behind a
   * one-use token, announced to the page, which opens the Import wizard with it. Throws when the path
   * is not an existing .xva file.
   */
  /** Electron: a native menu item was clicked; the page runs that command through its registry. */
  menuCommand(commandId: string): void {
    this.emit({ channel: 'menu.command', payload: { commandId } });
  }

  async openFile(path: string): Promise<OpenedFile> {
    const file = await this.openedFiles.offer(path);
    this.emit({ channel: 'transfer.fileOpened', payload: file });
    return file;
  }

  async request(channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
    try {
      const { channel: c, args } = validateRequest(channel, payload);
      await this.ready;
      const handler = HANDLERS[c] as (a: unknown, ctx: CoreContext) => Promise<unknown>;
      return { ok: true, result: await handler(args, this.ctx) };
    } catch (e) {
      if (e instanceof RefusedCallError) return { ok: false, error: { code: e.code, params: [e.method], message: e.message } };
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
    this.disposed = true;
    await this.ready.catch(() => undefined);
    // Absent when start-up failed: then there is nothing of theirs to close.
    this.certificates?.closeAll();
    await this.saved?.flushPoolMembers();
    this.consoles.closeAll();
    this.transfers.drop();
    const all = [...this.connections.values()];
    await Promise.all(all.map((c) => c.disconnect().catch(() => undefined)));
    for (const c of all) c.dispose();
    this.connections.clear();
    await this.settings?.flush();
    this.listeners.clear();
  }

  // ---------- start-up and settings ----------

  /** Where problems are logged; read at call time, as hosts and tests may replace console.error.
   * Messages carry server text (names, error messages): one escaped line each (log-safe.ts). */
  /** What main logged and the connections' state changes, for a status report's client logs. */
  readonly clientLog = new ClientLog();
  private readonly log = (message: string): void => {
    const line = logSafe(message);
    this.clientLog.add(line);
    (this.opts.log ?? console.error)(line);
  };

  private async init(): Promise<void> {
    this.settings = await SettingsStore.open({ dir: this.opts.settingsDir, log: this.log });
    this.passwords = await SavedPasswords.open(this.settings, this.opts.secretStore, this.log);
    this.saved = new SavedServers({
      settings: this.settings,
      passwords: this.passwords,
      connection: (id) => this.connections.get(id),
      stopped: () => this.disposed,
      poolMembersSaveDelayMs: this.opts.poolMembersSaveDelayMs,
    });
    this.certificates = new CertificateFlow({
      settings: this.settings,
      clientOptions: this.clientOptions,
      emit: (e) => this.emit(e),
      promptTimeoutMs: this.opts.certificatePromptTimeoutMs,
    });
    for (const { server, hasStoredPassword } of this.saved.list()) this.addSavedConnection(server, hasStoredPassword, 'restored');
    this.restoreSession();
  }

  private settingsStatus(): SettingsStatus {
    const st: SettingsStatus = { passwordStorage: this.passwords.status() };
    if (this.settings.problem) st.problem = this.settings.problem;
    return st;
  }

  // ---------- the connection registry ----------

  /** A saved server shown as disconnected until it logs in. */
  private addSavedConnection(s: SavedServer, hasStoredPassword: boolean, origin: ConnectionOrigin): Connection {
    const conn = this.newConnection(s.id, s.url, s.user, undefined, s.poolMembers);
    this.origins.set(conn, origin);
    conn.setMeta({ saved: true, hasStoredPassword, ...(s.friendlyName ? { friendlyName: s.friendlyName } : {}) }, false);
    this.connections.set(s.id, conn);
    this.emit({ channel: 'connection.state', payload: conn.info });
    return conn;
  }

  /** "Restore session": every idle saved server whose password can be read logs in again, in the background. */
  private restoreSession(): void {
    for (const c of this.saved.restorable(this.connections.values())) {
      void this.reconnect(c, {}, false).catch(() => undefined);
    }
  }

  private async forget(connectionId: string): Promise<void> {
    const c = this.get(connectionId);
    this.connections.delete(connectionId);
    this.consoles.closeConnection(connectionId, 'The server was removed');
    this.transfers.drop(connectionId);
    this.metrics.forget(connectionId);
    this.saved.cancelPoolMembersSave(connectionId);
    await c.disconnect().catch(() => undefined);
    c.dispose();
    await this.saved.forget(connectionId);
    this.emit({ channel: 'connection.removed', payload: { connectionId } });
  }

  private async addServer(address: string, user: string, password: string, o: { friendlyName?: string; save: boolean }): Promise<string> {
    const url = normalizeServerAddress(address);
    const key = `${url}\n${user}`;
    const existing = [...this.connections.values()].find((c) => c.url === url && c.user === user);
    if (existing) {
      const idle = isIdle(existing);
      if (idle) await this.reconnect(existing, { password });
      // Only a password that just logged in is stored.
      if (o.save) await this.saved.save(existing, idle ? password : undefined, o.friendlyName);
      return existing.id;
    }
    const inFlight = this.adding.get(key);
    if (inFlight) return inFlight;
    const p = this.createConnection(url, user, password, o).finally(() => this.adding.delete(key));
    this.adding.set(key, p);
    return p;
  }

  private async createConnection(url: string, user: string, password: string, o: { friendlyName?: string; save: boolean }): Promise<string> {
    const id = randomUUID();
    const conn = this.newConnection(id, url, user, password, []);
    try {
      await conn.logIn(password);
    } catch (e) {
      conn.dispose();
      throw e;
    }
    // A pool member's address leads to a coordinator we follow already (e.g. a server that joined
    // that pool): keep the one connection to that pool.
    const same = this.samePool(conn);
    if (same) {
      await conn.disconnect().catch(() => undefined);
      conn.dispose();
      return same.id;
    }
    this.connections.set(id, conn);
    this.origins.set(conn, 'added');
    if (o.save) {
      try {
        // Not announced: start() below does, so the page's first sight of the server is
        // "connecting" and saved (it was "disconnected", then a second message and render).
        await this.saved.save(conn, password, o.friendlyName, false);
      } catch (e) {
        this.log(`The server list could not be saved: ${(e as Error).message}`);
      }
    } else if (o.friendlyName) conn.setMeta({ friendlyName: o.friendlyName }, false);
    conn.start();
    return id;
  }

  /** A live connection, as the same user, to the coordinator `conn` logged in at. */
  private samePool(conn: Connection): Connection | undefined {
    const where = conn.info.coordinatorUrl ?? conn.url;
    return [...this.connections.values()].find((c) => c !== conn && !isIdle(c) && c.user === conn.user && (c.info.coordinatorUrl ?? c.url) === where);
  }

  private newConnection(id: string, url: string, user: string, password: string | undefined, poolMembers: string[]): Connection {
    const live = (): boolean => this.connections.get(id) === conn;
    const conn: Connection = new Connection({
      id, url, user, password, poolMembers,
      clientOptions: this.clientOptions,
      eventTimeoutS: this.opts.eventTimeoutS,
      flushIntervalMs: this.opts.flushIntervalMs,
      backoffBaseMs: this.opts.backoffBaseMs,
      backoffMaxMs: this.opts.backoffMaxMs,
      // Nothing is announced until the connection is listed: a failed add leaves no trace.
      onState: (info) => {
        this.clientLog.connectionState(info);
        if (info.status === 'disconnected' || info.status === 'failed') this.consoles.closeConnection(id, 'The connection to the server was closed');
        if (live()) this.emit({ channel: 'connection.state', payload: info });
      },
      onDelta: (delta: CacheDelta) => { if (live()) this.emit({ channel: 'cache.delta', payload: scrubDelta(delta, this.ownSession) }); },
      onPoolMembers: () => this.saved.schedulePoolMembersSave(id),
      // Accepted later (background login): reconnect if this connection is still listed and failed.
      onUntrustedCertificate: (target, error, interactive) => this.certificates.check(target, error, interactive, () => {
        if (live() && conn.status === 'failed') void this.reconnect(conn, {}).catch(() => undefined);
      }),
    });
    return conn;
  }

  /**
   * Reconnect / Reconnect As / Connect All / restore: logs in an idle (or, with new credentials,
   * running) connection with the password saved/reconnect-password.ts picks. New credentials that work replace the
   * saved ones; ones that do not change nothing (the connection shows the error).
   */
  private async reconnect(c: Connection, creds: { user?: string; password?: string }, interactive = true): Promise<void> {
    const reconnectAs = creds.user !== undefined || creds.password !== undefined;
    if (!isIdle(c)) {
      if (!reconnectAs) return;
      this.consoles.closeConnection(c.id, 'The server is being reconnected');
      await c.disconnect();
    }
    const password = await reconnectPassword(this.passwords, c, creds);
    c.setIdleState('connecting');
    try {
      await c.logIn(password, { ...(creds.user !== undefined ? { user: creds.user } : {}), interactive });
    } catch (e) {
      if (this.connections.get(c.id) === c) c.setIdleState('failed', toErrorInfo(e));
      throw e;
    }
    if (this.connections.get(c.id) !== c) { await c.disconnect().catch(() => undefined); return; }
    // A password the user gave (Connect, Reconnect As, Add Server again) makes it the user's.
    if (creds.password !== undefined) this.origins.set(c, 'added');
    c.start();
    if (reconnectAs && c.meta.saved) await this.saved.save(c, password, undefined).catch(() => undefined);
  }

  /** Whether a ref is a session of any connection (scrubbed from what reaches the renderer). */
  private readonly ownSession: OwnSession = (ref) => [...this.connections.values()].some((c) => c.ownsSession(ref));

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
