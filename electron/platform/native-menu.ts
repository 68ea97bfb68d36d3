// The native menu bar (Electron), built from the menu model the renderer sends (menu.set, already
// validated in main: shared/ipc/areas/menu.ts). A click sends the item's id back (AppCore.menuCommand);
// the renderer runs it through its registry, re-checking whether it can run now. On macOS the menus follow
// the app menu (About, Preferences…, Services, Hide, Quit).
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { NativeMenuItem, NativeMenuModel } from '../../shared/ipc/areas/menu';

/** The registry's ids the macOS app menu runs: Help > About and Tools > Options (when the model has them). */
export const ABOUT_ID = 'about';
export const OPTIONS_ID = 'options';

const MODIFIERS: Record<string, string> = { ctrl: 'CmdOrCtrl', cmd: 'CmdOrCtrl', alt: 'Alt', shift: 'Shift', meta: 'Super' };
const NAMED_KEYS: Record<string, string> = {
  enter: 'Enter', return: 'Enter', delete: 'Delete', del: 'Delete', insert: 'Insert', ins: 'Insert', home: 'Home', end: 'End',
  pageup: 'PageUp', pagedown: 'PageDown', escape: 'Escape', esc: 'Escape', tab: 'Tab', space: 'Space', backspace: 'Backspace',
  up: 'Up', down: 'Down', left: 'Left', right: 'Right', arrowup: 'Up', arrowdown: 'Down', arrowleft: 'Left', arrowright: 'Right',
};

/**
 * A registry shortcut ("Ctrl+K", "Alt+Enter") in Electron's accelerator syntax ("CmdOrCtrl+K", "Alt+Enter"):
 * XenCenter's Ctrl is the Command key on macOS. Undefined for keys Electron has no name for.
 */
export function toAccelerator(shortcut: string): string | undefined {
  const parts = shortcut.split('+');
  const key = parts.pop() ?? '';
  const mods: string[] = [];
  for (const p of parts) {
    const m = MODIFIERS[p.toLowerCase()];
    if (!m) return undefined;
    if (!mods.includes(m)) mods.push(m);
  }
  let k: string | undefined;
  if (/^[A-Za-z0-9]$/.test(key)) k = key.toUpperCase();
  else if (/^F([1-9]|1[0-9]|2[0-4])$/i.test(key)) k = key.toUpperCase();
  else k = NAMED_KEYS[key.toLowerCase()];
  return k ? [...mods, k].join('+') : undefined;
}

function itemTemplate(item: NativeMenuItem, onCommand: (id: string) => void): MenuItemConstructorOptions {
  if (item.kind === 'separator') return { type: 'separator' };
  const accelerator = item.shortcut ? toAccelerator(item.shortcut) : undefined;
  return {
    id: item.id,
    label: item.label,
    enabled: item.enabled,
    ...(item.checked !== undefined ? { type: 'checkbox' as const, checked: item.checked } : {}),
    // Shown in the menu, but the page handles the key itself (shortcuts.ts): not while a VM's console has the
    // keys or a dialog is up, and never twice (Windows and Linux; macOS offers the key to the page first).
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    ...(item.submenu ? { submenu: item.submenu.map((s) => itemTemplate(s, onCommand)) } : { click: () => onCommand(item.id) }),
  };
}

/** Whether the model has an enabled item with this id (at the menus' top level). */
function enabledItem(model: NativeMenuModel, id: string): boolean {
  return model.menus.some((m) => m.items.some((i) => i.kind === 'item' && i.id === id && i.enabled));
}

/** macOS's application menu: About and Preferences… run the registry's own, the rest are the system's roles. */
function macAppMenu(model: NativeMenuModel, appName: string, onCommand: (id: string) => void): MenuItemConstructorOptions {
  const own = (id: string, label: string, accelerator?: string): MenuItemConstructorOptions[] =>
    (enabledItem(model, id) ? [{ id: `app.${id}`, label, accelerator, click: () => onCommand(id) }] : []);
  return {
    label: appName,
    submenu: [
      ...own(ABOUT_ID, `About ${appName}`),
      { type: 'separator' },
      ...own(OPTIONS_ID, 'Preferences…', 'Cmd+,'),
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
}

/** The menu template: the model's menus in order ('&' access keys as Electron reads them), after macOS's app menu. */
export function nativeMenuTemplate(model: NativeMenuModel, opts: { mac: boolean; appName: string; onCommand: (id: string) => void }): MenuItemConstructorOptions[] {
  const menus = model.menus.map((m): MenuItemConstructorOptions => ({ label: m.label, submenu: m.items.map((i) => itemTemplate(i, opts.onCommand)) }));
  return opts.mac ? [macAppMenu(model, opts.appName, opts.onCommand), ...menus] : menus;
}

/** Shows the model as the application's menu bar. */
export function setNativeMenu(model: NativeMenuModel, opts: { mac: boolean; appName: string; onCommand: (id: string) => void }): boolean {
  Menu.setApplicationMenu(Menu.buildFromTemplate(nativeMenuTemplate(model, opts)));
  return true;
}
