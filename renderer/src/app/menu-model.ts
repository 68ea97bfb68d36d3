// The shell's menus, toolbar and context menu, all read from the registered contributions (the shell's own
// and every feature's) by their places: one model, no lists kept by hand.
import type { AppState } from '../state/store';
import type { MenuEntry, MenuId, Selection } from '../framework/command';
import type { Feature } from '../framework/feature';
import { installCommands } from '../framework/registry';
import { contextSlots, slotGroups, type PlacedEntry } from '../framework/menu-model';
import { FEATURES } from '../features';
import { shellFeature } from './shell-feature';
import { paletteFeature } from './palette';

export const CONTRIBUTIONS: readonly Feature[] = [shellFeature, paletteFeature, ...FEATURES];
// Commands another feature runs by id (framework/registry.ts) resolve from the moment the shell is loaded.
installCommands(CONTRIBUTIONS);

export { MENUS } from './menu-titles';

export const menuGroups = (menu: MenuId): PlacedEntry[][] => slotGroups(CONTRIBUTIONS, [`menu:${menu}`]);
export const toolbarGroups = (): PlacedEntry[][] => slotGroups(CONTRIBUTIONS, ['toolbar']);

/**
 * The tree's context menu, in groups (separated when shown): VMs get the power commands, Migrate VM…,
 * Take Snapshot… and Copy VM…, Export…, Delete VM…; a snapshot its own commands; pools, servers and server
 * nodes New VM…, HA (pools), the connection commands, pool membership, maintenance and power (hosts), the
 * all-servers ones; any one object Edit Tags… and XAPI Operations… last.
 */
export function contextMenuGroups(selection: Selection, store?: Pick<AppState, 'objects'>, rowId?: string | null): MenuEntry[][] {
  return slotGroups(CONTRIBUTIONS, contextSlots(selection, store, rowId)).map((g) => g.map((p) => p.entry));
}
