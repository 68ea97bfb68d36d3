// The native menu bar (Electron): the renderer sends the menu model it shows in-page (menus, items with their
// access keys, shortcuts, greying, check marks, one level of submenus) and main builds the native menu from it
// (electron/platform/native-menu.ts); a click comes back as the 'menu.command' event with the item's id, which
// the renderer runs through its registry. Untrusted input: bounded sizes, strings only, known shapes.
import { ContractError, bool, exactKeys, isPlainObject, type Validators } from '../checks';

export type NativeMenuItem =
  | { kind: 'separator' }
  | {
    kind: 'item';
    /** The registry's command or action id, sent back on click. */
    id: string;
    /** '&' marks the access key, '&&' a literal '&' (as the in-page menus). */
    label: string;
    /** The registry's shortcut text ("Alt+Enter", "Ctrl+K"); main converts it to an accelerator. */
    shortcut?: string;
    enabled: boolean;
    checked?: boolean;
    /** A drop-down (Assign to vApp / Snapshot Schedule): its entries, items and separators only. */
    submenu?: NativeMenuItem[];
  };
export interface NativeMenu { label: string; items: NativeMenuItem[] }
export interface NativeMenuModel { menus: NativeMenu[] }

export interface MenuRequests {
  /** Shows the model as the window's native menu bar; shown false when the host has none (the browser host). */
  'menu.set': { args: NativeMenuModel; result: { shown: boolean } };
}

export const MAX_MENUS = 16;
export const MAX_MENU_ITEMS = 256;
const MAX_LABEL = 200;
const ID = /^[A-Za-z0-9._:|-]{1,200}$/;
const SHORTCUT = /^[A-Za-z0-9]+(\+[A-Za-z0-9]+){0,4}$/;

function text(o: Record<string, unknown>, key: string, max: number): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new ContractError(`"${key}" must be a string of 1 to ${max} characters`);
  return v;
}

function items(v: unknown, depth: number): NativeMenuItem[] {
  if (!Array.isArray(v) || v.length > MAX_MENU_ITEMS) throw new ContractError(`menu items must be an array of at most ${MAX_MENU_ITEMS}`);
  return v.map((x): NativeMenuItem => {
    if (!isPlainObject(x)) throw new ContractError('a menu item must be an object');
    if (x.kind === 'separator') { exactKeys(x, ['kind']); return { kind: 'separator' }; }
    if (x.kind !== 'item') throw new ContractError('a menu item\'s "kind" must be "item" or "separator"');
    exactKeys(x, ['kind', 'id', 'label', 'shortcut', 'enabled', 'checked', 'submenu']);
    const id = text(x, 'id', 200);
    if (!ID.test(id)) throw new ContractError('"id" must be a command id');
    const item: NativeMenuItem = { kind: 'item', id, label: text(x, 'label', MAX_LABEL), enabled: bool(x, 'enabled') };
    if (x.shortcut !== undefined) {
      const s = text(x, 'shortcut', 64);
      if (!SHORTCUT.test(s)) throw new ContractError('"shortcut" must be keys joined by "+"');
      item.shortcut = s;
    }
    if (x.checked !== undefined) item.checked = bool(x, 'checked');
    if (x.submenu !== undefined) {
      if (depth > 0) throw new ContractError('submenus nest one level only');
      item.submenu = items(x.submenu, depth + 1);
    }
    return item;
  });
}

export function parseNativeMenuModel(o: Record<string, unknown>): NativeMenuModel {
  exactKeys(o, ['menus']);
  if (!Array.isArray(o.menus) || o.menus.length > MAX_MENUS) throw new ContractError(`"menus" must be an array of at most ${MAX_MENUS}`);
  return {
    menus: o.menus.map((m) => {
      if (!isPlainObject(m)) throw new ContractError('a menu must be an object');
      exactKeys(m, ['label', 'items']);
      return { label: text(m, 'label', MAX_LABEL), items: items(m.items, 0) };
    }),
  };
}

export const MENU_VALIDATORS: Validators<MenuRequests> = {
  'menu.set': parseNativeMenuModel,
};
