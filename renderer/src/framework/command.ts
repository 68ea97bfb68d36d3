import type { Bridge } from '../bridge/types';
import type { AppState } from '../state/store';
import type { ConfirmationSpec } from './confirmation';

/** One selected object. cls is the store class ('vm', 'host', ...) or 'connection'. */
export interface SelectedObject { connectionId: string; cls: string; ref: string }
export type Selection = readonly SelectedObject[];

/** What an executed command started (or failed to start), one per target. */
export interface CommandOutcome {
  target: SelectedObject;
  /** Title for the Events panel, e.g. "Starting VM". */
  title: string;
  /** Name of the target object when known. */
  vm?: string;
  taskRef?: string;
  error?: unknown;
}

/** A dialog a server command needs before it can run. 'password': Reconnect As with the user fixed. */
export interface ServerDialogRequest { kind: 'reconnectAs' | 'password' | 'forget'; connectionIds: string[] }

export type CommandDialogKind = 'migrateVm' | 'enableHa' | 'addToPool' | 'removeFromPool' | 'operations'
  | 'enterMaintenance' | 'rebootHost' | 'shutdownHost' | 'restartToolstack'
  | 'takeSnapshot' | 'copyVm' | 'deleteVm' | 'revertSnapshot' | 'deleteSnapshot'
  | 'newVm';
/** A command's own dialog, for one selected object. */
export interface CommandDialogRequest { kind: CommandDialogKind; target: SelectedObject }

/** One user action, shared by toolbar, menus, context menu and shortcuts. */
export interface Command {
  id: string;
  label: string;
  /** Acts on every server, whatever is selected (Connect All, Disconnect All). */
  global?: boolean;
  /** Acts on the selected server's connection itself (Disconnect, Reconnect, Forget): it also runs while
   * that connection is not connected; every other command then cannot (availability.ts). */
  connectionLevel?: boolean;
  /** The menus open this dialog (one selected object) instead of executing. */
  dialog?: CommandDialogKind;
  canExecute(selection: Selection, store: Pick<AppState, 'objects' | 'connections'>): boolean;
  /** Why canExecute says no, in words (the greyed item's tooltip), when the command can tell. */
  disabledReason?(selection: Selection, store: Pick<AppState, 'objects' | 'connections'>): string | undefined;
  /** The XAPI messages it calls: greyed when the session's role is below one's minimum role (availability.ts). */
  methods?: readonly string[];
  /** Asked before it runs, unless the user said not to ask again (confirmation.ts). */
  confirmation?: ConfirmationSpec;
  /** When set and it returns a request, the command opens that dialog instead of executing. */
  interact?(selection: Selection, store: Pick<AppState, 'objects' | 'connections'>): ServerDialogRequest | null;
  execute(selection: Selection, bridge: Bridge, store?: Pick<AppState, 'objects' | 'connections'>): Promise<CommandOutcome[]>;
}
