// The one service behind both the Electron main process and the browser host: validates every
// request from the (untrusted) renderer, dispatches it, owns the connections, and fans state and
// cache deltas out to subscribers. The saved server list (saved/saved-servers.ts), the passwords
// (saved/saved-passwords.ts) and certificate questions (trust/certificate-flow.ts) live beside it.
// request() never throws; failures come back as ErrorInfo envelopes.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type {
  BridgeEvent, CacheDelta, ConnectionInfo, Envelope, RequestArgs, RequestChannel, RequestResult, SettingsStatus,
} from '../../shared/ipc/contract';
import { validateRequest, ContractError, RefusedCallError } from '../../shared/ipc/validate';
import { messageInfo, hasAsyncForm, type MessageInfo } from '../../shared/xapi/model';
import { Connection } from './connection/connection';
import { XapiError, toErrorInfo } from './xapi/errors';
import { scrubCallResult, scrubDelta, type OwnSession } from './xapi/secret-scrub';
import { hostLabel, normalizeServerAddress } from './xapi/address';
import type { XapiClientOptions } from './xapi/transport';
import { ConsoleStreams, type ConsoleSink, type ConsoleStreamHandle } from './console/streams';
import { CONSOLE_ERRORS } from './console/tunnel';
import { SettingsStore, type SavedServer } from './settings/store';
import type { SecretStoreFactory } from './secrets/secret-store';
import type { PinLookup } from './trust/trust';
import { CertificateFlow } from './trust/certificate-flow';
import { SavedPasswords } from './saved/saved-passwords';
import { SavedServers } from './saved/saved-servers';
import { TransferRegistry, type PendingTransfer } from './transfer/registry';
import { createTransferTask, endTask, exportVm, importVm } from './transfer/transfer';
import { startPoolJoin } from './pool/pool-join';
import { checkCrossPoolMigrate, startCrossPoolMigrate } from './pool/cross-pool-migrate';
import { checkCredentialParties, checkCredentialUse, type ConfirmCredentialUse, type ConnectionOrigin } from './pool/credential-guard';
import { MetricsService } from './metrics/metrics';
import { startCreateVm } from './new-vm/create-vm';
import { startHostMaintenance } from './host/maintenance';
import { startCopy, startDelete, startSnapshot } from './vm/vm-lifecycle';
import { startNetworkChange } from './network/network-change';
import { assertMacsFree } from './network/mac-in-use';
import { logSafe } from './log-safe';

export interface DemoPoolCredentials {
  url: string;
  user: string;
  password: string;
  /** Standalone servers served beside the demo pool (same credentials), connected with it. */
  standaloneUrls?: string[];
}

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
  /**
   * Electron: asks where to save an exported VM (a save dialog); undefined when the user cancelled.
   * With it, vm.export writes the file in main (handledByMain); without it a host runs the transfer.
   */
  chooseExportFile?: (suggestedName: string) => Promise<string | undefined>;
  /** Electron: asks for the XVA file to import (an open dialog); undefined when the user cancelled. */
  chooseImportFile?: () => Promise<string | undefined>;
  /**
   * Electron: asks the user (a native dialog naming both servers) before one connection's password
   * or session is sent to another server (pool.join, vm.crossPoolMigrate). Absent (browser host,
   * tests): only the live/logged-in/provenance check of pool/credential-guard.ts applies.
   */
  confirmCredentialUse?: ConfirmCredentialUse;
  /** A transfer nobody used is dropped after this long (default 60 s). */
  transferExpiryMs?: number;
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
  /** How each connection came to be (pool/credential-guard.ts): who may receive whose credentials. */
  private readonly origins = new WeakMap<Connection, ConnectionOrigin>();

  private readonly consoles: ConsoleStreams;
  private readonly transfers: TransferRegistry;
  private readonly metrics = new MetricsService();
  // Set by init() (the settings file is read asynchronously); requests wait for it through `ready`.
  private settings!: SettingsStore;
  private passwords!: SavedPasswords;
  private saved!: SavedServers;
  private certificates!: CertificateFlow;
  private readonly ready: Promise<void>;
  private readonly clientOptions: XapiClientOptions;
  private disposed = false;

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
    const t = this.transfers.take(transferId, 'export');
    if (!t) throw transferNotFound();
    const c = this.get(t.connectionId);
    await exportVm(c, t.ref, (info) => open({ fileName: t.fileName, ...info }), { task: t.taskRef });
  }

  /**
   * For the browser host (PUT /transfer/<id>): uploads `size` bytes of `source` as the import
   * vm.import set up (the size must be the one announced there). Resolves with the new VM ref(s).
   */
  async streamImport(transferId: string, source: Readable, size: number): Promise<{ vmRefs: string[] }> {
    const t = this.transfers.take(transferId, 'import');
    if (!t) throw transferNotFound();
    const c = this.connections.get(t.connectionId);
    if (!c) { throw new XapiError('UNKNOWN_CONNECTION', [t.connectionId], { message: `No connection with id ${t.connectionId}` }); }
    if (size !== t.size) {
      void endTask(c, t.taskRef);
      throw new XapiError('IMPORT_ERROR', [`size ${size} is not the announced ${t.size ?? 0}`], { message: `The upload is ${size} bytes, but ${t.size ?? 0} were announced` });
    }
    return importVm(c, t.ref, source, size, { task: t.taskRef });
  }

  /** Transfers set up and not used yet (tests and diagnostics). */
  get pendingTransferCount(): number {
    return this.transfers.size;
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

  private readonly handlers: Handlers = {
    'servers.add': async ({ address, user, password, friendlyName, save }) => ({
      connectionId: await this.addServer(address, user, password, { friendlyName, save: save ?? true }),
    }),
    'servers.demo': async () => {
      if (!this.opts.startDemoPool) throw new XapiError('DEMO_UNAVAILABLE', [], { message: 'The demo pool is not available in this build' });
      const demo = await this.opts.startDemoPool();
      // The demo pool listens on a new port each run: never saved.
      const connectionId = await this.addServer(demo.url, demo.user, demo.password, { save: false });
      // Its standalone servers are extras: the pool is open even when one of them does not connect.
      for (const url of demo.standaloneUrls ?? []) {
        await this.addServer(url, demo.user, demo.password, { save: false })
          .catch((e: unknown) => this.log(`The demo server ${hostLabel(url)} did not connect: ${(e as Error).message}`));
      }
      return { connectionId };
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
      const idle = [...this.connections.values()].filter(isIdle);
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
    'servers.export': async () => ({ json: this.saved.exportJson() }),
    'servers.import': async ({ json }) => {
      const { fresh, skipped } = await this.saved.importJson(json, this.connections.values());
      for (const s of fresh) this.addSavedConnection(s, false, 'imported');
      return { added: fresh.length, skipped };
    },
    'certificate.answer': async ({ promptId, accept }) => {
      await this.certificates.answer(promptId, accept);
      return null;
    },
    'settings.status': async () => this.settingsStatus(),
    'settings.setMainPassword': async ({ password, current }) => {
      await this.passwords.setMainPassword(password, current);
      this.emitSettingsStatus();
      await this.passwords.storeHeld(this.connections.values());
      return this.settingsStatus();
    },
    'settings.unlock': async ({ password }) => {
      await this.passwords.unlock(password);
      this.emitSettingsStatus();
      this.restoreSession();
      return this.settingsStatus();
    },
    'settings.confirmations': async () => this.settings.data.confirmations,
    'settings.setConfirmation': async ({ id, ask }) => {
      await this.settings.update((d) => {
        const rest = d.confirmations.skipped.filter((s) => s !== id);
        d.confirmations.skipped = ask ? rest : [...rest, id];
      });
      return this.settings.data.confirmations;
    },
    'settings.resetConfirmations': async () => {
      await this.settings.update((d) => { d.confirmations.skipped = []; });
      return this.settings.data.confirmations;
    },
    'state.snapshot': async () => {
      const conns = [...this.connections.values()];
      return { connections: conns.map((c) => c.info), deltas: conns.map((c) => scrubDelta(c.cache.toDelta(), this.ownSession)) };
    },
    'xapi.call': async ({ connectionId, method, args }) => {
      const m = xapiMessage(method);
      const c = this.get(connectionId);
      if (!m.takesSession) throw new XapiError('UNKNOWN_METHOD', [method], { message: `${method} cannot be called from the renderer` });
      const result = await c.call<unknown>(method, args);
      return scrubCallResult(method, result, this.ownSession, method === 'task.get_result' ? await this.taskLabel(c, args[0]) : undefined);
    },
    'xapi.callAsync': async ({ connectionId, method, args }) => {
      const m = xapiMessage(method);
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
      if (!rec) throw consoleNotFound(consoleRef);
      if (rec.protocol !== 'rfb') {
        throw new XapiError('CONSOLE_PROTOCOL_UNSUPPORTED', [String(rec.protocol)], {
          message: `This console uses the ${String(rec.protocol)} protocol; only graphical (rfb) consoles can be opened here.`,
        });
      }
      if (typeof rec.location !== 'string' || !rec.location) throw consoleNotFound(consoleRef);
      if (this.consoles.size >= MAX_CONSOLE_STREAMS) {
        throw new XapiError('CONSOLE_SESSION_LIMIT', [String(MAX_CONSOLE_STREAMS)], { message: `At most ${MAX_CONSOLE_STREAMS} consoles can be open at once; close one and try again.` });
      }
      const socket = await c.openConsoleTunnel(rec.location, this.opts.consoleConnectTimeoutMs);
      // Disconnected or removed while the tunnel was opening: do not keep it.
      if (this.connections.get(connectionId) !== c || isIdle(c)) {
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
    'vm.export': async ({ connectionId, vmRef }) => {
      const c = this.get(connectionId);
      const vm = c.cache.get('vm', vmRef);
      if (!vm) throw new XapiError('HANDLE_INVALID', ['VM', vmRef]);
      const name = typeof vm.name_label === 'string' && vm.name_label ? vm.name_label : 'VM';
      const fileName = `${safeFileName(name)}.xva`;
      let path: string | undefined;
      if (this.opts.chooseExportFile) {
        path = await this.opts.chooseExportFile(fileName);
        if (!path) throw transferCancelled();
      }
      const taskRef = await createTransferTask(c, `Export of ${name}`);
      if (path) {
        const file = path;
        let opened = false;
        void exportVm(c, vmRef, () => { opened = true; return createWriteStream(file); }, { task: taskRef }).catch((e) => {
          this.log(`Export of ${name} to ${file} failed: ${(e as Error).message}`);
          if (opened) void unlink(file).catch(() => undefined);
        });
        return { transferId: randomUUID(), taskRef, handledByMain: true };
      }
      return { transferId: this.addTransfer({ kind: 'export', connectionId, ref: vmRef, fileName, taskRef }), taskRef, handledByMain: false };
    },
    'vm.import': async ({ connectionId, srRef, fileName, size }) => {
      const c = this.get(connectionId);
      if (!c.cache.get('sr', srRef)) throw new XapiError('HANDLE_INVALID', ['SR', srRef]);
      if (this.opts.chooseImportFile) {
        const path = await this.opts.chooseImportFile();
        if (!path) throw transferCancelled();
        const bytes = (await stat(path)).size;
        const taskRef = await createTransferTask(c, 'Import');
        void importVm(c, srRef, createReadStream(path), bytes, { task: taskRef })
          .catch((e) => this.log(`Import of ${path} failed: ${(e as Error).message}`));
        return { transferId: randomUUID(), taskRef, handledByMain: true };
      }
      const taskRef = await createTransferTask(c, 'Import');
      return { transferId: this.addTransfer({ kind: 'import', connectionId, ref: srRef, fileName, size, taskRef }), taskRef, handledByMain: false };
    },
    'pool.join': async ({ connectionId, poolConnectionId }) => {
      const joiner = this.get(connectionId);
      const target = this.get(poolConnectionId);
      if (target !== joiner) this.checkCredentialParties(target, joiner);
      const stillListed = (): boolean => this.connections.get(connectionId) === joiner;
      const { taskRef, joined } = await startPoolJoin(joiner, target, {
        stopped: () => this.disposed || !stillListed(),
        // The pool's password goes to the joining server: only after the user's say-so.
        authorize: () => this.checkCredentialUse(target, joiner, 'pool.join'),
      });
      // A member now: the pool's connection shows it. The task's end goes out first, so the
      // Events panel keeps how it finished, then the joiner's connection (and saved entry) goes.
      void joined.then((ok) => {
        if (!ok || !stillListed()) return;
        joiner.cache.flush();
        return this.forget(connectionId);
      }).catch((e: unknown) => this.log(`The connection of a server that joined a pool could not be removed: ${(e as Error).message}`));
      return { taskRef };
    },
    'vm.crossPoolMigrate': async ({ connectionId, vmRef, destConnectionId, hostRef, vdiMap, vifMap }) => {
      const source = this.get(connectionId);
      const dest = this.get(destConnectionId);
      // A session on the destination pool goes to the source pool (VM.migrate_send's dest map).
      if (source !== dest) this.checkCredentialParties(dest, source);
      const authorize = () => this.checkCredentialUse(dest, source, 'vm.crossPoolMigrate');
      return { taskRef: await startCrossPoolMigrate(source, dest, { vmRef, hostRef, vdiMap, vifMap }, authorize) };
    },
    // The same parties as the migration itself. The check, too, sends a session of the destination to
    // the source: where the user is asked before that (Electron's native dialog), it is not made
    // unasked (the migration asks and checks); without a dialog (browser host) the parties rule is all.
    'vm.crossPoolMigrateCheck': async ({ connectionId, vmRef, destConnectionId, hostRef, vdiMap, vifMap }) => {
      const source = this.get(connectionId);
      const dest = this.get(destConnectionId);
      if (source !== dest) this.checkCredentialParties(dest, source);
      if (this.opts.confirmCredentialUse) {
        throw new XapiError('CREDENTIAL_USE_UNCONFIRMED', [], { message: 'This server is checked when you migrate, after you allow its pool\'s session to be sent' });
      }
      await checkCrossPoolMigrate(source, dest, { vmRef, hostRef, vdiMap, vifMap });
      return {};
    },
    'metrics.series': async ({ connectionId, cls, ref, range }) => this.metrics.series(this.get(connectionId), cls, ref, range),
    'vm.create': async (spec) => {
      const conn = this.get(spec.connectionId);
      assertMacsFree(conn.cache, spec.vifs.map((v) => v.mac));
      const { taskRef, done } = await startCreateVm(conn, spec);
      void done.catch((e: unknown) => this.log(`New VM '${spec.name}' failed: ${(e as Error).message}`));
      return { taskRef };
    },
    'host.maintenance': async ({ connectionId, ...req }) => {
      const { taskRef, done } = await startHostMaintenance(this.get(connectionId), req);
      void done.catch((e: unknown) => this.log(`A host maintenance flow ended abnormally: ${(e as Error).message}`));
      return { taskRef };
    },
    'vm.snapshot': async ({ connectionId, ...a }) => startSnapshot(this.get(connectionId), a, (m) => this.log(m)),
    'vm.copy': async ({ connectionId, ...a }) => startCopy(this.get(connectionId), a, (m) => this.log(m)),
    'vm.delete': async ({ connectionId, ...a }) => startDelete(this.get(connectionId), a, (m) => this.log(m)),
    'network.change': async (ch) => {
      const conn = this.get(ch.connectionId);
      if (ch.kind === 'addVif') assertMacsFree(conn.cache, [ch.mac]);
      return startNetworkChange(conn, ch, (m) => this.log(m));
    },
  };

  private addTransfer(t: PendingTransfer): string {
    return this.transfers.add(t);
  }

  // ---------- start-up and settings ----------

  /** Where problems are logged; read at call time, as hosts and tests may replace console.error.
   * Messages carry server text (names, error messages): one escaped line each (log-safe.ts). */
  private readonly log = (message: string): void => { (this.opts.log ?? console.error)(logSafe(message)); };

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

  private emitSettingsStatus(): void {
    this.emit({ channel: 'settings.status', payload: this.settingsStatus() });
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
        await this.saved.save(conn, password, o.friendlyName);
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
   * running) connection. The password: the one given, else the stored one, else the one held from
   * earlier this run; none: failed with "Password needed". New credentials that work replace the
   * saved ones; ones that do not change nothing (the connection shows the error).
   */
  private async reconnect(c: Connection, creds: { user?: string; password?: string }, interactive = true): Promise<void> {
    const reconnectAs = creds.user !== undefined || creds.password !== undefined;
    if (!isIdle(c)) {
      if (!reconnectAs) return;
      this.consoles.closeConnection(c.id, 'The server is being reconnected');
      await c.disconnect();
    }
    let password = creds.password;
    if (password === undefined && (creds.user === undefined || creds.user === c.user)) {
      password = await this.passwords.stored(c);
      // A saved password bound to another server (or of an earlier version) does not count: the
      // renderer then asks for the password, as for a server without one.
      if (password === undefined && this.passwords.refusedReason(c.id) && c.meta.hasStoredPassword) c.setMeta({ hasStoredPassword: false }, false);
    }
    if (password === undefined && (creds.user === undefined || creds.user === c.user) && c.hasPassword) password = c.heldPassword();
    if (password === undefined) {
      const why = this.passwords.status() === 'main-password-locked' && c.meta.hasStoredPassword
        ? 'the password store is locked (unlock it with the main password, or enter the password)'
        : this.passwords.refusedReason(c.id) ?? 'no password is stored for it';
      const err = new XapiError('PASSWORD_NEEDED', [hostLabel(c.url)], { message: `Password needed: ${c.user} on ${hostLabel(c.url)} cannot be connected because ${why}.` });
      c.setIdleState('failed', err.toErrorInfo());
      throw err;
    }
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

  /** Refuses at once when either connection may not exchange credentials (before any other check). */
  private checkCredentialParties(from: Connection, to: Connection): void {
    checkCredentialParties({ conn: from, origin: this.origins.get(from) }, { conn: to, origin: this.origins.get(to) });
  }

  /** Refuses, or asks the user about, sending `from`'s password or session to `to`'s server (just before it is sent). */
  private checkCredentialUse(from: Connection, to: Connection, operation: 'pool.join' | 'vm.crossPoolMigrate'): Promise<void> {
    return checkCredentialUse({ conn: from, origin: this.origins.get(from) }, { conn: to, origin: this.origins.get(to) }, operation, this.opts.confirmCredentialUse);
  }

  /** Whether a ref is a session of any connection (scrubbed from what reaches the renderer). */
  private readonly ownSession: OwnSession = (ref) => [...this.connections.values()].some((c) => c.ownsSession(ref));

  /** A task's name_label (the cache's, else the server's), to know whether its result may cross. */
  private async taskLabel(c: Connection, ref: unknown): Promise<string | undefined> {
    if (typeof ref !== 'string') return undefined;
    const label = c.cache.get('task', ref)?.name_label;
    if (typeof label === 'string') return label;
    return c.call<unknown>('task.get_name_label', [ref]).then((l) => (typeof l === 'string' ? l : undefined), () => undefined);
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

/** Not logged in and not trying to: the state a reconnect starts from. */
function isIdle(c: Connection): boolean {
  return c.status === 'disconnected' || c.status === 'failed';
}

/** The XAPI message a renderer request names; UNKNOWN_METHOD when there is none. */
function xapiMessage(method: string): MessageInfo {
  const m = messageInfo(method);
  if (!m) throw new XapiError('UNKNOWN_METHOD', [method], { message: `${method} is not a XAPI method` });
  return m;
}

function transferNotFound(): XapiError {
  return new XapiError('TRANSFER_NOT_FOUND', [], { message: 'This transfer is unknown, was already used, or expired (transfers must start within 60 s).' });
}

function transferCancelled(): XapiError {
  return new XapiError('TRANSFER_CANCELLED', [], { message: 'Cancelled' });
}

/** A VM name as a file name: no path separators, control or reserved characters. */
export function safeFileName(name: string): string {
  const out = [...name].map((ch) => (ch.charCodeAt(0) < 32 || '/\\:*?"<>|'.includes(ch) ? '_' : ch)).join('').trim().replace(/^\.+/, '_');
  return (out || 'VM').slice(0, 200);
}

function consoleNotFound(consoleRef: string): XapiError {
  return new XapiError('CONSOLE_NOT_FOUND', [consoleRef], { message: CONSOLE_ERRORS.CONSOLE_NOT_FOUND });
}
