// The data that crosses the IPC boundary besides a channel's own arguments: connections, cache
// deltas, certificates and the settings status (requests' results and events carry these).
import type { XapiRole } from '../xapi/roles';
import type { ShortRecords } from '../first-load';

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
  /** A staged load's first message: the big classes' short forms as tables, adds before `changes` (shared/first-load.ts). */
  short?: ShortRecords[];
  /** True when the renderer must drop everything it holds for this connection first (resync). */
  reset: boolean;
  changes: ObjectChange[];
  /**
   * A big load in stages (shared/first-load.ts): true while full records are still to come (some
   * records are the first message's short form, some not sent yet), false on the slice that ends it.
   * Absent on ordinary deltas.
   */
  loading?: boolean;
}
