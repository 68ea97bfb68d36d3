// The IPC contract between the main process (or the browser host) and the renderer. Every
// request and event crosses one of these typed channels; main validates each request with
// validate.ts before acting on it. Passwords travel only renderer -> main on servers.add, and
// session refs never travel at all: main injects the session into every call.
import type { NetworkChange } from '../network/change';
import type { MetricsRangeId } from '../metrics/ranges';
import type { NewVmSpec } from '../new-vm/spec';
import type { HostMaintenanceAction } from '../host/maintenance';
import type { ConfirmationId, ConfirmationSettings } from '../settings/confirmations';
import type { XapiRole } from '../xapi/roles';

/** A serialisable error: the XAPI error code and params, or a client-side code such as CONNECTION_FAILED. */
export interface ErrorInfo { code: string; params: string[]; message: string }

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'failed';

export interface ConnectionInfo {
  id: string;
  /** What the user typed, normalised to a URL (https://host[:port]). */
  url: string;
  /** Host name shown until the pool name is known. */
  hostname: string;
  user: string;
  status: ConnectionStatus;
  /** Set when status is failed or reconnecting: why. */
  error?: ErrorInfo;
  /** ms since epoch of the next reconnection attempt, while reconnecting. */
  nextAttemptAt?: number;
  /** Where the connection ended up after following HOST_IS_SLAVE. */
  coordinatorUrl?: string;
  /** The name the user gave this server (saved servers), if any. */
  friendlyName?: string;
  /** True when the server is in the saved server list (reconnected on start). */
  saved: boolean;
  /** True when main holds a stored password for it (so Reconnect needs no prompt). */
  hasStoredPassword: boolean;
  /** Pool members learned while connected: where to look if the coordinator is gone. */
  poolMembers: string[];
  /** The logged-in session's role (pool-admin for the local superuser), when known: commands it cannot run are greyed. */
  role?: XapiRole;
}

/** A server's TLS certificate as the user sees it before trusting it. */
export interface CertificateInfo {
  /** host:port the certificate was presented by. */
  host: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by ':'. */
  fingerprintSha256: string;
  subject: string;
  issuer: string;
  /** ISO 8601 dates. */
  validFrom: string;
  validTo: string;
}

/**
 * Main asks the user before trusting a certificate no system CA vouches for (kind 'new'), or a
 * pinned host's certificate that changed (kind 'changed': `previous` is the pinned one). Nothing
 * is sent to that host until the renderer answers with certificate.answer.
 */
export interface CertificatePrompt { promptId: string; kind: 'new' | 'changed'; certificate: CertificateInfo; previous?: CertificateInfo }

/** Where passwords can be kept: the OS keychain, a main password (locked or unlocked), or nowhere. */
export type PasswordStorage = 'os' | 'main-password-locked' | 'main-password-unlocked' | 'main-password-unset';

export interface SettingsStatus {
  passwordStorage: PasswordStorage;
  /** Set when the settings file could not be used (it was damaged and set aside): what happened, in words. */
  problem?: string;
}

/**
 * One object change. `record` is the full record for add/mod. On a del it is the object's final
 * record when that changed since the last delta (so the renderer learns how e.g. a task ended before
 * it was destroyed), else absent. A del with `record` can also come for a task the renderer never
 * saw (added and deleted within one delta); for other classes a del names an object it has.
 */
export interface ObjectChange { cls: string; ref: string; op: 'add' | 'mod' | 'del'; record?: Record<string, unknown> }

export interface CacheDelta {
  connectionId: string;
  /** True when the renderer must drop everything it holds for this connection first (resync). */
  reset: boolean;
  changes: ObjectChange[];
}

export interface RequestMap {
  /**
   * Log in to a server and start following it. Rejects with the login error; nothing is kept then.
   * On success the server joins the saved list (and its password is stored when password storage
   * is available) unless `save` is false.
   */
  'servers.add': { args: { address: string; user: string; password: string; friendlyName?: string; save?: boolean }; result: { connectionId: string } };
  /** Reconnect a disconnected/failed server; with user/password: "Reconnect As…". */
  'servers.reconnect': { args: { connectionId: string; user?: string; password?: string }; result: null };
  /** Disconnect and drop from the saved list and the password store. */
  'servers.forget': { args: { connectionId: string }; result: null };
  'servers.connectAll': { args: Record<string, never>; result: null };
  'servers.disconnectAll': { args: Record<string, never>; result: null };
  /** The saved server list as JSON text, without passwords. */
  'servers.export': { args: Record<string, never>; result: { json: string } };
  /** Adds the servers of an exported list (not connected; no passwords). Bad input: a clear error, nothing changed. */
  'servers.import': { args: { json: string }; result: { added: number; skipped: number } };
  'certificate.answer': { args: { promptId: string; accept: boolean }; result: null };
  'settings.status': { args: Record<string, never>; result: SettingsStatus };
  /** Sets (or changes, with `current`) the main password from which the password-store key is derived. */
  'settings.setMainPassword': { args: { password: string; current?: string }; result: SettingsStatus };
  /** Unlocks stored passwords with the main password, then reconnects saved servers. Wrong password: MAIN_PASSWORD_INCORRECT. */
  'settings.unlock': { args: { password: string }; result: SettingsStatus };
  /** The questions (shared/settings/confirmations.ts) the user said not to ask again. */
  'settings.confirmations': { args: Record<string, never>; result: ConfirmationSettings };
  /** Records the answer to a question's "Do not ask again" (ask: false) or asks it again (ask: true). */
  'settings.setConfirmation': { args: { id: ConfirmationId; ask: boolean }; result: ConfirmationSettings };
  /** Asks every question again (the Options dialog's reset). */
  'settings.resetConfirmations': { args: Record<string, never>; result: ConfirmationSettings };
  /** Start the built-in demo pool (an in-process simulator) and connect to it. */
  'servers.demo': { args: Record<string, never>; result: { connectionId: string } };
  'servers.disconnect': { args: { connectionId: string }; result: null };
  'servers.remove': { args: { connectionId: string }; result: null };
  /** Everything main knows now: connections and every cached object (used on renderer start). */
  'state.snapshot': { args: Record<string, never>; result: { connections: ConnectionInfo[]; deltas: CacheDelta[] } };
  /** A synchronous XAPI call with the connection's session injected first. */
  'xapi.call': { args: { connectionId: string; method: string; args: unknown[] }; result: unknown };
  /** `Async.<method>`: resolves with the task ref as soon as the server returns it. */
  'xapi.callAsync': { args: { connectionId: string; method: string; args: unknown[] }; result: { taskRef: string } };
  /**
   * Opens the HTTP CONNECT tunnel to an rfb console record (main adds the session) and returns a
   * stream id. Its bytes then flow through a MessagePort (Electron: IPC_CONSOLE_PORT) or the
   * browser host's WebSocket at /console?token=<token>&stream=<streamId>.
   */
  'console.open': { args: { connectionId: string; consoleRef: string }; result: { streamId: string } };
  'console.close': { args: { streamId: string }; result: null };
  /** Electron: opens the console of `ref` (VM or host) in a window of its own. Elsewhere: { undocked: false }. */
  'console.undock': { args: { connectionId: string; ref: string }; result: { undocked: boolean } };
  /**
   * Exports a VM as an XVA file. Main makes the task ("Export of <vm name>") and returns its ref.
   * Browser host: the renderer then downloads GET /transfer/<transferId>?token=<token> within 60 s.
   * Electron (`handledByMain`): main asked where to save it and writes the file itself.
   * The user cancelling main's file dialog rejects with TRANSFER_CANCELLED.
   */
  'vm.export': { args: { connectionId: string; vmRef: string }; result: TransferStarted };
  /**
   * Imports an XVA file into an SR. Browser host: the renderer then uploads the file's `size` bytes
   * with PUT /transfer/<transferId>?token=<token> (Content-Length required) within 60 s; the reply is
   * `{ vmRefs }`. Electron (`handledByMain`): main asks for the file itself (fileName/size unused).
   */
  'vm.import': { args: { connectionId: string; srRef: string; fileName: string; size: number }; result: TransferStarted };
  /**
   * "Add Server to Pool": the standalone server of `connectionId` joins the pool of `poolConnectionId`
   * (Async pool.join on the standalone server, with the address of the pool's coordinator and the
   * credentials main holds for the pool's connection). Resolves with the joiner's task; once the
   * server is a member, main removes the joiner's connection (connection.removed): the pool's
   * connection shows the server from then on.
   */
  'pool.join': { args: { connectionId: string; poolConnectionId: string }; result: { taskRef: string } };
  /**
   * Migrate a VM to a host of another connected pool: host.migrate_receive on the destination's
   * connection (its management network), then Async VM.migrate_send(vm, dest, live, vdiMap, vifMap,
   * {}, {}) on the source's. Resolves with the source's task.
   */
  'vm.crossPoolMigrate': {
    args: { connectionId: string; vmRef: string; destConnectionId: string; hostRef: string; vdiMap: Record<string, string>; vifMap: Record<string, string> };
    result: { taskRef: string };
  };
  /**
   * Whether the destination would take the VM, before Migrate to Server offers it (XenCenter greys
   * refused hosts): host.migrate_receive on the destination, then VM.assert_can_migrate with the same
   * maps on the source. Resolves with {} when it would; otherwise fails with the server's error.
   */
  'vm.crossPoolMigrateCheck': {
    args: { connectionId: string; vmRef: string; destConnectionId: string; hostRef: string; vdiMap: Record<string, string>; vifMap: Record<string, string> };
    result: Record<string, never>;
  };
  /**
   * Take Snapshot: Async VM.snapshot (mode 'snapshot'), VM.checkpoint ('checkpoint', with memory)
   * or VM.snapshot_with_quiesce ('quiesce'); main sets the description once the task succeeded.
   */
  'vm.snapshot': { args: { connectionId: string; vmRef: string; name: string; description: string; mode: 'snapshot' | 'checkpoint' | 'quiesce' }; result: { taskRef: string } };
  /** Copy VM: Async VM.clone (no srRef: fast clone) or VM.copy to srRef (full copy); then the description. */
  'vm.copy': { args: { connectionId: string; vmRef: string; name: string; description: string; srRef?: string }; result: { taskRef: string } };
  /**
   * Delete a VM or a snapshot as XenCenter does: the chosen snapshots of the VM (with all their
   * disks), VM.destroy, then VDI.destroy of `vdiRefs` (disks of the VM's own VBDs) and the suspend
   * VDI. Resolves with a task made with task.create that reports the steps and ends with the first error.
   */
  'vm.delete': { args: { connectionId: string; vmRef: string; vdiRefs: string[]; snapshotRefs: string[] }; result: { taskRef: string } };
  /**
   * The Performance tab's data: one host's or VM's AVERAGE data sources over `range`, from
   * /rrd_updates on the host that holds its RRD (a VM's resident host; the coordinator for a VM
   * that is not running). Main adds the session; a short cache lets several views share a fetch.
   */
  'metrics.series': { args: { connectionId: string; cls: 'host' | 'vm'; ref: string; range: MetricsRangeId }; result: MetricsSeries };
  /**
   * New VM wizard: main clones (or copies) the template and runs every step (electron/core/new-vm);
   * resolves at once with the task made with task.create that carries the steps and the first error.
   */
  'vm.create': { args: NewVmSpec; result: { taskRef: string } };
  /**
   * A host's maintenance flow (shared/host/maintenance.ts): enter / exit maintenance mode, or reboot /
   * shut down after disabling and evacuating it. Main runs every step and resolves at once with a
   * task made with task.create that carries the flow's progress and ends with its first error.
   */
  'host.maintenance': { args: { connectionId: string; hostRef: string; action: HostMaintenanceAction; shutDownVms?: string[] }; result: { taskRef: string } };
  /** The Networking tab's multi-call changes (shared/network/change.ts), on one task.create task. */
  'network.change': { args: NetworkChange; result: { taskRef: string } };
}

/** One object's metrics over a time range (metrics.series). */
export interface MetricsSeries {
  /** Seconds between rows: the period of the archive that answered (5, 60, 3600 or 86400). */
  step: number;
  /** Row times in unix seconds, oldest first. */
  times: number[];
  /** The object's data sources in the server's order; null where the value is unknown (NaN). */
  sources: MetricsSource[];
}
export interface MetricsSource { name: string; values: (number | null)[] }

/** A transfer set up by vm.export / vm.import. */
export interface TransferStarted {
  transferId: string;
  /** The XAPI task the transfer reports progress on (destroyed when it ends). */
  taskRef: string;
  /** True when main moves the bytes itself (Electron file dialogs): the renderer does nothing more. */
  handledByMain: boolean;
}
export type RequestChannel = keyof RequestMap;
export type RequestArgs<C extends RequestChannel> = RequestMap[C]['args'];
export type RequestResult<C extends RequestChannel> = RequestMap[C]['result'];

export interface EventMap {
  'cache.delta': CacheDelta;
  'connection.state': ConnectionInfo;
  'connection.removed': { connectionId: string };
  'certificate.prompt': CertificatePrompt;
  /** A prompt answered elsewhere or timed out: close its dialog. */
  'certificate.promptClosed': { promptId: string };
  'settings.status': SettingsStatus;
}
export type EventChannel = keyof EventMap;
export interface BridgeEvent<C extends EventChannel = EventChannel> { channel: C; payload: EventMap[C] }

/** Every response crosses as an envelope, and is rebuilt as a real error on the other side. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorInfo };

export const REQUEST_CHANNELS: readonly RequestChannel[] = [
  'servers.add', 'servers.demo', 'servers.disconnect', 'servers.remove', 'state.snapshot', 'xapi.call', 'xapi.callAsync',
  'console.open', 'console.close', 'console.undock',
  'servers.reconnect', 'servers.forget', 'servers.connectAll', 'servers.disconnectAll', 'servers.export', 'servers.import',
  'certificate.answer', 'settings.status', 'settings.setMainPassword', 'settings.unlock',
  'settings.confirmations', 'settings.setConfirmation', 'settings.resetConfirmations',
  'vm.export', 'vm.import', 'pool.join', 'vm.crossPoolMigrate', 'vm.crossPoolMigrateCheck', 'metrics.series',
  'host.maintenance',
  'vm.snapshot', 'vm.copy', 'vm.delete',
  'vm.create',
  'network.change',
];
export const IPC_REQUEST = 'xc:request';
export const IPC_EVENT = 'xc:event';
/** main -> preload: `{ streamId }` with one MessagePort carrying the console's raw bytes. */
export const IPC_CONSOLE_PORT = 'xc:console-port';
/** Browser host path of a console stream's WebSocket (binary frames). */
export const CONSOLE_STREAM_PATH = '/console';
/** Browser host path prefix of a transfer: GET (export download) or PUT (import upload) /transfer/<transferId>?token=… */
export const TRANSFER_PATH = '/transfer/';
