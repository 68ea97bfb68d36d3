import type { Bridge } from '../bridge/types';
import type { AppState } from '../state/store';
import type { UiState } from '../state/ui';
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

/** A dialog in the dialog host: a registered kind (each feature's index registers its own), for one
 * selected object or, for a window of the shell (Add Server, Import…), for none. */
export interface DialogRequest {
  kind: string;
  target?: SelectedObject;
  /** The object the target was dropped on, which the dialog starts from (the pool a server was dragged onto). */
  partner?: SelectedObject;
  /** A command's dialog for several objects (Command.multiDialog): the selected ones it can act on. */
  targets?: SelectedObject[];
}

/** Where a command or action shows: a menu of the menu bar, the toolbar, or the tree's context menu for a
 * kind of selection. Items of a slot are sorted by group, then order; a separator falls between groups. */
export type MenuId = 'file' | 'view' | 'server' | 'pool' | 'vm' | 'storage' | 'tools' | 'help';
/** 'server': pools, hosts and server nodes (with 'pool' / 'host' added when all are one of them); 'template': one
 * template (instead of 'vm'); 'sr': storage repositories; 'any': one object of any kind; 'organize': objects that
 * go in folders and take tags (VMs, templates, servers, pools, storage, networks); 'tagged': objects' rows under a
 * tag. Rows that stand for no object: 'tag' (a tag), 'folder' (a folder), 'folders' (the Folders root), 'vapp' (a vApp in Objects by vApp). */
export type ContextId = 'vm' | 'snapshot' | 'template' | 'server' | 'pool' | 'host' | 'sr' | 'any' | 'organize' | 'tagged' | 'tag' | 'folder' | 'folders' | 'vapp';
export type Slot = `menu:${MenuId}` | `context:${ContextId}` | 'toolbar';
export interface Place {
  slot: Slot;
  group: number;
  order?: number;
  /** The toolbar's shorter label ("New VM" for "New VM…") and its icon. */
  label?: string;
  icon?: string;
  /** The icon's colour class (app.css); default the id with '-' for '.'. */
  iconClass?: string;
}

/** One user action, shared by toolbar, menus, context menu and shortcuts. */
export interface Command {
  id: string;
  label: string;
  /** Acts on every server, whatever is selected (Connect All, Disconnect All). */
  global?: boolean;
  /** Acts on the selected server's connection itself (Disconnect, Reconnect, Forget): it also runs while
   * that connection is not connected; every other command then cannot (availability.ts). */
  connectionLevel?: boolean;
  /** Acts on each selected object alone (a VM's Start): on several it can run when one of them allows
   * it, and runs on those that do (availability.ts commandTargets), one task each. */
  eachObject?: boolean;
  /** Its keyboard shortcut ("Alt+Enter"): shown in the menus, run on the selection (app/shortcuts.ts). */
  shortcut?: string;
  /** The menus open this dialog (one selected object) instead of executing. */
  dialog?: string;
  /** With several objects selected, this dialog instead (Delete VMs…), for those of them the command can
   * act on now (as eachObject judges them). Without it, a dialog command works on one object at a time. */
  multiDialog?: string;
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
  /** A drop-down in the menus instead of one item (XenCenter's Assign to vApp / Snapshot Schedule): its entries,
   * read when it opens, each a command run on the same selection. This command's own state greys the whole of it;
   * the palette leaves it out. */
  submenu?(selection: Selection, store: Pick<AppState, 'objects' | 'connections'>): SubmenuItem[];
}

/** One entry of a command's submenu: a command for the same selection, with its check mark. */
export interface SubmenuItem { command: Command; checked?: boolean; separatorBefore?: boolean }

/** A UI action of the renderer alone (open a window, toggle a view option): no XAPI, no selection. */
export interface Action {
  id: string;
  label: string;
  /** Its keyboard shortcut, shown in its menu; the action handles the key itself (the palette's Ctrl+K). */
  shortcut?: string;
  /** A check mark in its menu (the View options). */
  checked?(ui: UiState): boolean;
  /** Why it cannot run now, when it cannot (greyed, with this as the tooltip). */
  disabledReason?(ui: UiState): string | undefined;
  perform(ctx: ActionContext): void;
}
export interface ActionContext { bridge: Bridge; ui: UiState }

/** What a menu, the toolbar or the context menu shows. */
export type MenuEntry = Command | Action;
export const isAction = (e: MenuEntry): e is Action => 'perform' in e;
