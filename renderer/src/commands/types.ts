import type { Bridge } from '../bridge/types';
import type { AppState } from '../store/store';

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

/** One user action, shared by toolbar, menus, context menu and shortcuts. */
export interface Command {
  id: string;
  label: string;
  canExecute(selection: Selection, store: Pick<AppState, 'objects' | 'connections'>): boolean;
  execute(selection: Selection, bridge: Bridge, store?: Pick<AppState, 'objects' | 'connections'>): Promise<CommandOutcome[]>;
}
