// The one service behind both the Electron main process and the browser host: validates every
// request from the (untrusted) renderer, owns the connections, the saved server list, the pinned
// certificates and the password store, and fans state and cache deltas out to subscribers.
// request() never throws; failures come back as ErrorInfo envelopes.
import { randomUUID } from 'node:crypto';
import type {
  BridgeEvent, CacheDelta, ConnectionInfo, Envelope, ErrorInfo, RequestArgs, RequestChannel, RequestResult, SettingsStatus,
} from '../../shared/ipc/contract';
import { validateRequest, ContractError } from '../../shared/ipc/validate';
import { messageInfo, hasAsyncForm } from '../../shared/xapi/model';
import { Connection } from './connection/connection';
import { XapiError, toErrorInfo } from './xapi/errors';
import { hostLabel, normalizeServerAddress } from './xapi/address';
import type { XapiClientOptions } from './xapi/transport';
import { ConsoleStreams, type ConsoleSink, type ConsoleStreamHandle } from './console/streams';
import { CONSOLE_ERRORS } from './console/tunnel';
import { SettingsStore, type SavedServer } from './settings/store';
import { mainPasswordSecretStore, type SecretStore, type SecretStoreFactory } from './secrets/secret-store';
import { decideTrust, hostPortOfUrl, probeCertificate, type PinLookup, type ProbeResult } from './trust/trust';
import { CertificatePrompts } from './trust/prompts';
import { exportServers, parseServerImport } from './settings/server-list';
export interface DemoPoolCredentials { url: string; user: string; password: string }

export interface AppCoreOptions {
  /** Directory of settings.json (saved servers, pins, encrypted passwords); absent: nothing is persisted. */
  settingsDir?: string;
  /** The password store (default: the main-password store). */
  secretStore?: SecretStoreFactory;
  /** Where settings problems are logged (default console.error). */
  log?: (message: string) => void;
  /** A certificate question is refused after this long (default 10 minutes). */
  certificatePromptTimeoutMs?: number;
  /** Saving learned pool members waits this long for more changes (default 2 s). */
  poolMembersSaveDelayMs?: number;
  /** Starts the in-process demo simulator (servers.demo); absent means the demo is unavailable. */
  startDemoPool?: () => Promise<DemoPoolCredentials>;
  /** Cache delta coalescing interval (default 50 ms). */
  flushIntervalMs?: number;
  /** event.from server-side timeout in seconds (default 30). */
  eventTimeoutS?: number;
  /** Extra TLS options for every connection (tests: a CA); pins are added from the settings. */
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
  private settings!: SettingsStore;
  private secrets!: SecretStore;
  private readonly prompts: CertificatePrompts;
  private readonly ready: Promise<void>;
  private readonly poolSaveTimers = new Map<string, NodeJS.Timeout>();
  private readonly clientOptions: XapiClientOptions;
  private disposed = false;

  constructor(opts: AppCoreOptions = {}) {
    this.opts = opts;
    this.consoles = new ConsoleStreams({ attachTimeoutMs: opts.consoleAttachTimeoutMs });
    const pins: PinLookup = (key) => this.settings?.pinOf(key);
    this.clientOptions = { ...opts.clientOptions, pins };
    this.prompts = new CertificatePrompts({
      emitPrompt: (payload) => this.emit({ channel: 'certificate.prompt', payload }),
      emitClosed: (promptId) => this.emit({ channel: 'certificate.promptClosed', payload: { promptId } }),
      pin: (probe) => this.pin(probe),
      timeoutMs: opts.certificatePromptTimeoutMs,
    });
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

  /** Console streams open now (tests and diagnostics). */
  get consoleStreamCount(): number {
    return this.consoles.size;
  }

  async request(channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
    try {
      const { channel: c, args } = validateRequest(channel, payload);
      await this.ready;
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
    this.disposed = true;
    await this.ready.catch(() => undefined);
    this.prompts.closeAll();
    for (const [id, t] of this.poolSaveTimers) { clearTimeout(t); await this.savePoolMembers(id).catch(() => undefined); }
    this.poolSaveTimers.clear();
    this.consoles.closeAll();
    const all = [...this.connections.values()];
    await Promise.all(all.map((c) => c.disconnect().catch(() => undefined)));
    for (const c of all) c.dispose();
    this.connections.clear();
    await this.settings?.flush();
    this.listeners.clear();
  }

  private readonly handlers: Handlers = {
    'servers.add': async ({ address, user, password, friendlyName, save }) => ({
      connectionId: await this.addServer(address, user, password, { friendlyName, save: save ?? true }),
    }),
    'servers.demo': async () => {
      if (!this.opts.startDemoPool) throw new XapiError('DEMO_UNAVAILABLE', [], { message: 'The demo pool is not available in this build' });
      const demo = await this.opts.startDemoPool();
      // The demo pool listens on a new port each run: never saved.
      return { connectionId: await this.addServer(demo.url, demo.user, demo.password, { save: false }) };
    },
    'servers.reconnect': async ({ connectionId, user, password }) => {
      await this.reconnect(this.get(connectionId), { user, password });
      return null;
    },
    'servers.disconnect': async ({ connectionId }) => {
      const c = this.get(connectionId);
      this.consoles.closeConnection(connectionId, 'The server was disconnected');
      await c.disconnect();
      if (c.status !== 'disconnected') c.setIdleState('disconnected');
      return null;
    },
    'servers.remove': async ({ connectionId }) => {
      await this.forget(connectionId);
      return null;
    },
    'servers.forget': async ({ connectionId }) => {
      await this.forget(connectionId);
      return null;
    },
    'servers.connectAll': async () => {
      const idle = [...this.connections.values()].filter((c) => c.status === 'disconnected' || c.status === 'failed');
      await Promise.all(idle.map((c) => this.reconnect(c, {}).catch(() => undefined)));
      return null;
    },
    'servers.disconnectAll': async () => {
      const all = [...this.connections.values()];
      await Promise.all(all.map(async (c) => {
        this.consoles.closeConnection(c.id, 'The server was disconnected');
        await c.disconnect().catch(() => undefined);
        if (c.status !== 'disconnected') c.setIdleState('disconnected');
      }));
      return null;
    },
    'servers.export': async () => ({ json: exportServers(this.settings.data.servers) }),
    'servers.import': async ({ json }) => {
      const entries = parseServerImport(json);
      const known = new Set([...this.connections.values()].map((c) => `${c.url}\n${c.user}`));
      for (const s of this.settings.data.servers) known.add(`${s.url}\n${s.user}`);
      const fresh: SavedServer[] = [];
      let skipped = 0;
      for (const e of entries) {
        const k = `${e.url}\n${e.user}`;
        if (known.has(k)) { skipped++; continue; }
        known.add(k);
        fresh.push({ id: randomUUID(), url: e.url, user: e.user, ...(e.friendlyName ? { friendlyName: e.friendlyName } : {}), poolMembers: e.poolMembers, savedAt: new Date().toISOString() });
      }
      if (fresh.length) await this.settings.update((d) => { d.servers.push(...fresh); });
      for (const s of fresh) this.addSavedConnection(s, false);
      return { added: fresh.length, skipped };
    },
    'certificate.answer': async ({ promptId, accept }) => {
      await this.prompts.answer(promptId, accept);
      return null;
    },
    'settings.status': async () => this.settingsStatus(),
    'settings.setMainPassword': async ({ password, current }) => {
      await this.secrets.setMainPassword(password, current);
      this.emitSettingsStatus();
      await this.storeHeldPasswords();
      return this.settingsStatus();
    },
    'settings.unlock': async ({ password }) => {
      await this.secrets.unlock(password);
      this.emitSettingsStatus();
      this.restoreSession();
      return this.settingsStatus();
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

  // ---------- start-up and the saved server list ----------

  private async init(): Promise<void> {
    const log = this.opts.log ?? ((m: string) => console.error(m));
    this.settings = await SettingsStore.open({ dir: this.opts.settingsDir, log });
    this.secrets = (this.opts.secretStore ?? mainPasswordSecretStore())({
      read: () => this.settings.data.secrets,
      write: (next) => this.settings.update((d) => { d.secrets = next; }),
    });
    const kind = await this.secrets.kind();
    // Entries written by another kind of store (the keychain went away, or appeared) cannot be read.
    if (this.settings.data.secrets.kind !== kind) {
      await this.settings.update((d) => { d.secrets = { kind, entries: {} }; });
    }
    const entries = this.settings.data.secrets.entries;
    for (const s of this.settings.data.servers) this.addSavedConnection(s, !!entries[s.id]);
    this.restoreSession();
  }

  private settingsStatus(): SettingsStatus {
    const st: SettingsStatus = { passwordStorage: this.secrets.status() };
    if (this.settings.problem) st.problem = this.settings.problem;
    return st;
  }

  private emitSettingsStatus(): void {
    this.emit({ channel: 'settings.status', payload: this.settingsStatus() });
  }

  /** A saved server shown as disconnected until it logs in. */
  private addSavedConnection(s: SavedServer, hasStoredPassword: boolean): Connection {
    const conn = this.newConnection(s.id, s.url, s.user, undefined, s.poolMembers);
    conn.setMeta({ saved: true, hasStoredPassword, ...(s.friendlyName ? { friendlyName: s.friendlyName } : {}) }, false);
    this.connections.set(s.id, conn);
    this.emit({ channel: 'connection.state', payload: conn.info });
    return conn;
  }

  /** "Restore session": every idle saved server whose password can be read logs in again, in the background. */
  private restoreSession(): void {
    if (!this.canReadPasswords()) return;
    for (const c of this.connections.values()) {
      // Idle, or waiting for exactly this password (Connect All while the store was locked).
      const waiting = c.status === 'disconnected' || (c.status === 'failed' && c.info.error?.code === 'PASSWORD_NEEDED');
      if (c.meta.saved && c.meta.hasStoredPassword && waiting) {
        void this.reconnect(c, {}, false).catch(() => undefined);
      }
    }
  }

  private canReadPasswords(): boolean {
    const st = this.secrets.status();
    return st === 'os' || st === 'main-password-unlocked';
  }

  private async storedPassword(id: string): Promise<string | undefined> {
    const b64 = this.settings.data.secrets.entries[id];
    if (!b64 || !this.canReadPasswords()) return undefined;
    try {
      return await this.secrets.decrypt(Buffer.from(b64, 'base64'));
    } catch {
      return undefined;
    }
  }

  /** Stores a password when the store can (OS keychain or unlocked main password); false otherwise. */
  private async storePassword(id: string, password: string): Promise<boolean> {
    if (!this.canReadPasswords()) return false;
    try {
      const enc = (await this.secrets.encrypt(password)).toString('base64');
      await this.settings.update((d) => { d.secrets.entries[id] = enc; });
      return true;
    } catch (e) {
      (this.opts.log ?? console.error)(`The password for a saved server could not be stored: ${(e as Error).message}`);
      return false;
    }
  }

  /** After a main password is set: store the passwords of saved servers logged in this run. */
  private async storeHeldPasswords(): Promise<void> {
    // The password itself stays inside the Connection; it is re-read through a login-free path.
    for (const c of this.connections.values()) {
      if (!c.meta.saved || c.meta.hasStoredPassword) continue;
      const pw = c.heldPassword();
      if (pw !== undefined && (await this.storePassword(c.id, pw))) c.setMeta({ hasStoredPassword: true });
    }
  }

  private async saveServer(c: Connection, password: string | undefined, friendlyName: string | undefined): Promise<void> {
    const entry: SavedServer = {
      id: c.id, url: c.url, user: c.user, poolMembers: c.poolMembers, savedAt: new Date().toISOString(),
      ...(friendlyName ? { friendlyName } : {}),
    };
    await this.settings.update((d) => {
      const i = d.servers.findIndex((s) => s.id === c.id);
      if (i >= 0) d.servers[i] = { ...entry, ...(friendlyName ?? d.servers[i].friendlyName ? { friendlyName: friendlyName ?? d.servers[i].friendlyName } : {}) };
      else d.servers.push(entry);
    });
    const stored = password !== undefined ? await this.storePassword(c.id, password) : c.meta.hasStoredPassword;
    const saved = this.settings.data.servers.find((s) => s.id === c.id);
    c.setMeta({ saved: true, hasStoredPassword: stored, ...(saved?.friendlyName ? { friendlyName: saved.friendlyName } : {}) });
  }

  private async forget(connectionId: string): Promise<void> {
    const c = this.get(connectionId);
    this.connections.delete(connectionId);
    this.consoles.closeConnection(connectionId, 'The server was removed');
    const t = this.poolSaveTimers.get(connectionId);
    if (t) { clearTimeout(t); this.poolSaveTimers.delete(connectionId); }
    await c.disconnect().catch(() => undefined);
    c.dispose();
    // Pins stay: they belong to the hosts, not to this entry of the list.
    if (this.settings.data.servers.some((s) => s.id === connectionId) || this.settings.data.secrets.entries[connectionId]) {
      await this.settings.update((d) => {
        d.servers = d.servers.filter((s) => s.id !== connectionId);
        delete d.secrets.entries[connectionId];
      });
    }
    this.emit({ channel: 'connection.removed', payload: { connectionId } });
  }

  private schedulePoolMembersSave(id: string): void {
    if (this.disposed || !this.connections.get(id)?.meta.saved) return;
    if (this.poolSaveTimers.has(id)) return;
    const t = setTimeout(() => {
      this.poolSaveTimers.delete(id);
      void this.savePoolMembers(id).catch(() => undefined);
    }, this.opts.poolMembersSaveDelayMs ?? 2_000);
    t.unref?.();
    this.poolSaveTimers.set(id, t);
  }

  private async savePoolMembers(id: string): Promise<void> {
    const c = this.connections.get(id);
    if (!c?.meta.saved) return;
    const members = c.poolMembers;
    const cur = this.settings.data.servers.find((s) => s.id === id);
    if (!cur || JSON.stringify(cur.poolMembers) === JSON.stringify(members)) return;
    await this.settings.update((d) => {
      const s = d.servers.find((x) => x.id === id);
      if (s) s.poolMembers = members;
    });
  }

  // ---------- connecting ----------

  private async addServer(address: string, user: string, password: string, o: { friendlyName?: string; save: boolean }): Promise<string> {
    const url = normalizeServerAddress(address);
    const key = `${url}\n${user}`;
    const existing = [...this.connections.values()].find((c) => c.url === url && c.user === user);
    if (existing) {
      const idle = existing.status === 'disconnected' || existing.status === 'failed';
      if (idle) await this.reconnect(existing, { password });
      // Only a password that just logged in is stored.
      if (o.save) await this.saveServer(existing, idle ? password : undefined, o.friendlyName);
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
    this.connections.set(id, conn);
    if (o.save) {
      try {
        await this.saveServer(conn, password, o.friendlyName);
      } catch (e) {
        (this.opts.log ?? console.error)(`The server list could not be saved: ${(e as Error).message}`);
      }
    } else if (o.friendlyName) conn.setMeta({ friendlyName: o.friendlyName }, false);
    conn.start();
    return id;
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
        if (info.status === 'disconnected' || info.status === 'failed') this.consoles.closeConnection(id, 'The connection to the server was closed');
        if (live()) this.emit({ channel: 'connection.state', payload: info });
      },
      onDelta: (delta: CacheDelta) => { if (live()) this.emit({ channel: 'cache.delta', payload: delta }); },
      onPoolMembers: () => this.schedulePoolMembersSave(id),
      onUntrustedCertificate: (target, error, interactive) => this.checkCertificate(conn, target, error, interactive),
    });
    return conn;
  }

  /**
   * Reconnect / Reconnect As / Connect All / restore: logs in an idle (or, with new credentials,
   * running) connection. The password: the one given, else the stored one, else the one held from
   * earlier this run; none: failed with "Password needed". New credentials that work replace the
   * saved ones; ones that do not change nothing (the connection shows the error).
   */
  private async reconnect(c: Connection, creds: { user?: string; password?: string }, interactive = true): Promise<void> {
    const reconnectAs = creds.user !== undefined || creds.password !== undefined;
    if (c.status !== 'disconnected' && c.status !== 'failed') {
      if (!reconnectAs) return;
      this.consoles.closeConnection(c.id, 'The server is being reconnected');
      await c.disconnect();
    }
    let password = creds.password;
    if (password === undefined && (creds.user === undefined || creds.user === c.user)) password = await this.storedPassword(c.id);
    if (password === undefined && (creds.user === undefined || creds.user === c.user) && c.hasPassword) password = c.heldPassword();
    if (password === undefined) {
      const why = this.secrets.status() === 'main-password-locked' && c.meta.hasStoredPassword
        ? 'the password store is locked (unlock it with the main password, or enter the password)'
        : 'no password is stored for it';
      const err = new XapiError('PASSWORD_NEEDED', [hostLabel(c.url)], { message: `Password needed: ${c.user} on ${hostLabel(c.url)} cannot be connected because ${why}.` });
      c.setIdleState('failed', err.toErrorInfo());
      throw err;
    }
    c.setIdleState('connecting');
    try {
      await c.logIn(password, { ...(creds.user !== undefined ? { user: creds.user } : {}), interactive });
    } catch (e) {
      if (this.connections.get(c.id) === c) c.setIdleState('failed', errorInfoOf(e));
      throw e;
    }
    if (this.connections.get(c.id) !== c) { await c.disconnect().catch(() => undefined); return; }
    c.start();
    if (reconnectAs && c.meta.saved) await this.saveServer(c, password, undefined).catch(() => undefined);
  }

  // ---------- certificates ----------

  private async pin(probe: ProbeResult): Promise<void> {
    const ci = probe.certificate;
    await this.settings.update((d) => {
      d.pins[ci.host] = {
        fingerprintSha256: ci.fingerprintSha256, subject: ci.subject, issuer: ci.issuer, validFrom: ci.validFrom, validTo: ci.validTo,
        pem: probe.pem, acceptedAt: new Date().toISOString(),
      };
    });
  }

  /**
   * A login target failed the TLS handshake (nothing was sent to it). Looks at its certificate with
   * a handshake that sends nothing and decides: trusted now (retry), first contact (ask), changed
   * since it was pinned (refuse and warn, ask), or broken in another way (report the TLS error).
   * The user waiting (interactive): the login waits for the answer. In the background: the
   * connection fails with the reason, and accepting the certificate reconnects it.
   */
  private async checkCertificate(conn: Connection, targetUrl: string, error: XapiError, interactive: boolean): Promise<boolean> {
    const { host, port, key } = hostPortOfUrl(targetUrl);
    let probe: ProbeResult;
    try {
      probe = await probeCertificate(host, port, this.clientOptions);
    } catch {
      throw error;
    }
    const stored = this.settings.data.pins[key];
    const decision = decideTrust({ authorized: probe.authorized, fingerprintSha256: probe.certificate.fingerprintSha256 }, stored);
    if (decision === 'trusted') return true;
    if (decision === 'invalid') throw error;
    const previous = stored ? {
      host: key, fingerprintSha256: stored.fingerprintSha256, subject: stored.subject, issuer: stored.issuer, validFrom: stored.validFrom, validTo: stored.validTo,
    } : undefined;
    const refusal = decision === 'changed'
      ? new XapiError('CERTIFICATE_CHANGED', [key, stored!.fingerprintSha256, probe.certificate.fingerprintSha256], {
        message: `The certificate of ${key} has changed since you accepted it. Old fingerprint ${stored!.fingerprintSha256}. ` +
          `New fingerprint ${probe.certificate.fingerprintSha256}. Connect only if you expected this (for example, the host's certificate was renewed).`,
      })
      : interactive
        ? new XapiError('CERTIFICATE_REJECTED', [key, probe.certificate.fingerprintSha256], { message: `You did not accept the certificate of ${key}; nothing was sent to it.` })
        : new XapiError('CERTIFICATE_UNTRUSTED', [key, probe.certificate.fingerprintSha256], {
          message: `The certificate of ${key} is not signed by an authority this computer trusts (SHA-256 fingerprint ${probe.certificate.fingerprintSha256}). Accept it to connect; nothing was sent to it.`,
        });
    const answer = this.prompts.ask(decision, probe, previous);
    if (interactive) {
      if (await answer) return true;
      throw refusal;
    }
    void answer.then((ok) => {
      if (ok && this.connections.get(conn.id) === conn && conn.status === 'failed') void this.reconnect(conn, {}).catch(() => undefined);
    });
    throw refusal;
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

function errorInfoOf(e: unknown): ErrorInfo {
  return toErrorInfo(e);
}
