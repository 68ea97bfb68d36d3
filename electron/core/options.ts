// What a host (Electron main, the browser host, tests) gives AppCore: where settings live, the
// password store, timings, and the Electron-only dialogs and windows (absent elsewhere).
import type { XapiClientOptions } from './xapi/transport';
import type { SecretStoreFactory } from './secrets/secret-store';
import type { ConfirmCredentialUse } from './pool/credential-guard';
import type { UpdateCheckResult } from '../../shared/ipc/areas/updates';
import type { NativeMenuModel } from '../../shared/ipc/areas/menu';

export interface DemoPoolCredentials {
  url: string;
  user: string;
  password: string;
  /** Standalone servers served beside the demo pool (same credentials), connected with it. */
  standaloneUrls?: string[];
}

/** Electron: electron-updater behind the updates.* requests (electron/platform/updater.ts). */
export interface AppUpdater {
  readonly currentVersion: string;
  /** Asks the feed for its newest version; nothing is downloaded. */
  check(feedUrl: string): Promise<UpdateCheckResult>;
  /** Downloads the version the last check found, then quits and installs it. */
  install(): Promise<void>;
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
  /** Electron: shows the renderer's menu model as the native menu bar (menu.set); absent means { shown: false }. */
  setNativeMenu?: (model: NativeMenuModel) => boolean;
  /**
   * Electron: asks where to save an exported VM (a save dialog); undefined when the user cancelled.
   * With it, vm.export writes the file in main (handledByMain); without it a host runs the transfer.
   */
  chooseExportFile?: (suggestedName: string) => Promise<string | undefined>;
  /** Electron: asks for the XVA file to import (an open dialog); undefined when the user cancelled. */
  chooseImportFile?: () => Promise<string | undefined>;
  /** Electron: asks where a Server Status Report's zip goes (a save dialog); undefined when cancelled. */
  chooseStatusReportFile?: (suggestedName: string) => Promise<string | undefined>;
  /**
   * Electron: asks the user (a native dialog naming both servers) before one connection's password
   * or session is sent to another server (pool.join, vm.crossPoolMigrate). Absent (browser host,
   * tests): only the live/logged-in/provenance check of pool/credential-guard.ts applies.
   */
  confirmCredentialUse?: ConfirmCredentialUse;
  /** Electron: checks for and installs updates; absent (browser host, tests), updates.check answers UPDATES_UNAVAILABLE. */
  updater?: AppUpdater;
  /** A transfer nobody used is dropped after this long (default 60 s). */
  transferExpiryMs?: number;
  /** A console stream nobody attached to is closed after this long (default 30 s). */
  consoleAttachTimeoutMs?: number;
  /** CONNECT + reply deadline of a console tunnel (default 15 s). */
  consoleConnectTimeoutMs?: number;
}
