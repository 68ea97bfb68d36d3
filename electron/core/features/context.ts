// What a feature's request handlers get from AppCore: the connection registry, the services it
// holds (consoles, transfers, metrics, settings, saved servers), and the events channel. Handlers
// are plain functions of (args, ctx); AppCore routes each validated request to one of them.
import type { BridgeEvent, RequestArgs, RequestChannel, RequestResult, SettingsStatus } from '../../../shared/ipc/contract';
import type { Connection } from '../connection/connection';
import type { ConsoleStreams } from './console/streams';
import type { TransferRegistry } from './transfer/registry';
import type { MetricsService } from './metrics/metrics';
import type { OpenedFiles } from './transfer/opened-files';
import type { SavedServer, SettingsStore } from '../settings/store';
import type { SavedPasswords } from '../saved/saved-passwords';
import type { SavedServers } from '../saved/saved-servers';
import type { CertificateFlow } from '../trust/certificate-flow';
import type { OwnSession } from '../xapi/secret-scrub';
import type { ConnectionOrigin } from '../pool/credential-guard';
import type { AppCoreOptions } from '../options';
import type { ClientLog } from '../client-log';

export interface CoreContext {
  readonly opts: AppCoreOptions;
  /** The listed connection with this id; UNKNOWN_CONNECTION when there is none. */
  get(connectionId: string): Connection;
  /** Whether `c` is still the connection listed under its id (not removed or replaced). */
  isListed(c: Connection): boolean;
  /** Every listed connection, now. */
  connections(): Connection[];
  /** How a connection came to be (pool/credential-guard.ts). */
  originOf(c: Connection): ConnectionOrigin | undefined;
  /** True once AppCore is being disposed. */
  stopped(): boolean;

  // The connection registry's operations (AppCore).
  /** Adds (or reconnects) a server and resolves with its connection id. */
  addServer(address: string, user: string, password: string, o: { friendlyName?: string; save: boolean }): Promise<string>;
  /** Reconnect / Reconnect As: logs an idle (or, with new credentials, running) connection in. */
  reconnect(c: Connection, creds: { user?: string; password?: string }, interactive?: boolean): Promise<void>;
  /** Disconnects and removes a connection, its saved entry and stored password. */
  forget(connectionId: string): Promise<void>;
  /** Lists servers imported into the saved list (shown disconnected). */
  addImported(servers: SavedServer[]): void;
  /** "Restore session": saved servers whose password can be read log in again, in the background. */
  restoreSession(): void;

  readonly consoles: ConsoleStreams;
  readonly transfers: TransferRegistry;
  readonly metrics: MetricsService;
  /** .xva files opened from the desktop, behind one-use tokens (AppCore.openFile). */
  readonly openedFiles: OpenedFiles;
  readonly settings: SettingsStore;
  readonly passwords: SavedPasswords;
  readonly saved: SavedServers;
  readonly certificates: CertificateFlow;
  /** Whether a ref is a session of any connection (scrubbed from what reaches the renderer). */
  readonly ownSession: OwnSession;
  settingsStatus(): SettingsStatus;
  emit(e: BridgeEvent): void;
  /** One escaped line per message (log-safe.ts). */
  log(message: string): void;
  /** The client's own log so far (core/client-log.ts): a status report's client logs. */
  clientLog(): ClientLog;
}

/** One request handler: the validated arguments and the context in, the channel's result out. */
export type Handler<C extends RequestChannel> = (args: RequestArgs<C>, ctx: CoreContext) => Promise<RequestResult<C>>;

/** A feature's handlers: one for each channel of its area (`M` is the area's slice of RequestMap). */
export type HandlerSlice<M> = { [C in keyof M & RequestChannel]: Handler<C> };
