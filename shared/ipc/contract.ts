// The IPC contract between the main process (or the browser host) and the renderer. Every
// request and event crosses one of these typed channels. Each area of requests (areas/*.ts) holds
// its slice of the request map and the validators main runs on each request before acting on it;
// areas/index.ts joins them (RequestMap here, the validator table in validate.ts). Passwords travel only
// renderer -> main on servers.add, and session refs never travel at all: main injects the session
// into every call.
import type { CacheDelta, CertificatePrompt, ConnectionInfo, ErrorInfo, SettingsStatus } from './model';
import type { AreaRequests } from './areas/index';
import type { OpenedFile } from './areas/transfer';

export type {
  CacheDelta, CertificateInfo, CertificatePrompt, ConnectionInfo, ConnectionStatus, ErrorInfo, ObjectChange, PasswordStorage, SettingsStatus,
} from './model';
export type { MetricsSeries, MetricsSource, ObjectUsage, Throughput, UsageSample } from './areas/metrics';
export type { TransferStarted } from './areas/transfer';

/** Every request channel: its arguments and its result. Areas are registered in areas/index.ts. */
export type RequestMap = AreaRequests;
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
  /** An .xva file was opened from the desktop: the Import wizard opens with it (shared/ipc/areas/transfer.ts). */
  'transfer.fileOpened': OpenedFile;
  /** A native menu item was clicked (Electron): the renderer runs that command (shared/ipc/areas/menu.ts). */
  'menu.command': { commandId: string };
}
export type EventChannel = keyof EventMap;
export interface BridgeEvent<C extends EventChannel = EventChannel> { channel: C; payload: EventMap[C] }

/** Every response crosses as an envelope, and is rebuilt as a real error on the other side. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorInfo };

export const IPC_REQUEST = 'xc:request';
/** main -> page: a batch of BridgeEvents, in order; the next batch waits for IPC_EVENT_ACK (electron/core/event-pacer.ts). */
export const IPC_EVENT = 'xc:event';
/** page -> main: the page drew the last batch (sent at its next animation frame). */
export const IPC_EVENT_ACK = 'xc:event-ack';
/** main -> preload: `{ streamId }` with one MessagePort carrying the console's raw bytes. */
export const IPC_CONSOLE_PORT = 'xc:console-port';
/** Browser host path of a console stream's WebSocket (binary frames). */
export const CONSOLE_STREAM_PATH = '/console';
/** Browser host path prefix of a transfer: GET (export download) or PUT (import upload) /transfer/<transferId>?token=… */
export const TRANSFER_PATH = '/transfer/';
