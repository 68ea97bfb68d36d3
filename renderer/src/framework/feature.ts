// What a feature contributes to the shell: commands and actions with the places they show in, dialogs
// for the dialog host, tabs for object kinds, and always-mounted pieces. Each features/<name>/index.ts
// exports one Feature; features/index.ts lists them; the shell reads nothing else.
import type { ComponentType } from 'react';
import type { MenuEntry, Place, SelectedObject } from './command';
import type { TabDefinition, TabTarget } from './tab';
import type { AppState } from '../state/store';
import type { DropSpec } from './drop';

/** An entry and where it shows; no place at all for a command only its own tab runs (still run by id elsewhere). */
export interface Placement { entry: MenuEntry; places: readonly Place[] }

/** A dialog the host renders while ui.dialog has its kind; closes itself with useUi's closeDialog(). */
export interface DialogSpec {
  kind: string;
  /** Untargeted dialogs (Add Server) get no target. */
  component: ComponentType<{ target: SelectedObject }> | ComponentType<{ targets: SelectedObject[] }> | ComponentType<object>;
}

/** A tab for some object kinds ('pool', 'host', 'vm', 'template', 'snapshot', 'sr', 'network', 'connection'); tabs sort by order.
 * `shows` narrows it to some objects of those kinds (the Users tab: pools and standalone servers, not pool members). */
export interface TabSpec {
  tab: TabDefinition; kinds: readonly string[]; order: number;
  shows?: (target: TabTarget, store: Pick<AppState, 'objects'>) => boolean;
}

/** A named place inside another feature's view that features fill without importing it: 'console:above' is
 * the row above a VM's console (XenCenter's DVD drive there). */
export type ExtensionPoint = 'console:above' | 'snapshots:below';
export interface ExtensionSpec { point: ExtensionPoint; component: ComponentType<{ target: SelectedObject }> }

export interface Feature {
  id: string;
  commands?: readonly Placement[];
  dialogs?: readonly DialogSpec[];
  tabs?: readonly TabSpec[];
  /** Mounted once beside the shell for as long as the window lives (a hidden file input, prompts). */
  mounts?: readonly ComponentType[];
  /** Pieces shown inside another feature's view, at a named point. */
  extensions?: readonly ExtensionSpec[];
  /** What dropping dragged tree rows on another row does (framework/drop.ts). */
  drops?: readonly DropSpec[];
}

/** One place of an entry: `at('menu:vm', 2)`. */
export const at = (slot: Place['slot'], group: number, extra: Omit<Place, 'slot' | 'group'> = {}): Place => ({ slot, group, ...extra });
