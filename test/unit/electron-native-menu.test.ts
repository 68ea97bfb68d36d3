// The native menu bar (electron/platform/native-menu.ts) with electron mocked: built from the renderer's model
// of the real registry (app/native-menu-model.ts), every menu entry is there with its accelerator; macOS gets
// its app menu; a click sends the id back; main's validator refuses what is not a menu model.
import { describe, expect, it, vi } from 'vitest';
import { MENUS, menuGroups } from '../../renderer/src/app/menu-model';
import { nativeMenuModel } from '../../renderer/src/app/native-menu-model';
import type { MenuItemSpec } from '../../renderer/src/ui/Menu';
import { parseMnemonic } from '../../renderer/src/ui/mnemonics';
import { validateRequest } from '../../shared/ipc/validate';
import { MENU_HANDLERS } from '../../electron/core/features/menu/handlers';
import type { CoreContext } from '../../electron/core/features/context';

const electron = vi.hoisted(() => ({
  Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ built: t })), setApplicationMenu: vi.fn() },
}));
vi.mock('electron', () => electron);
const { nativeMenuTemplate, setNativeMenu, toAccelerator } = await import('../../electron/platform/native-menu');
/** Electron's MenuItemConstructorOptions, named through the module (tests may not import electron). */
type MenuItemConstructorOptions = ReturnType<typeof nativeMenuTemplate>[number];

/** The menu bar's items as MenuBar.tsx makes them from the registry: every entry enabled, submenus empty. */
const registryMenus = () => MENUS.map((m) => ({
  label: m.label,
  items: menuGroups(m.id).flatMap((group, g) => group.map(({ entry }, j): MenuItemSpec => ({
    id: entry.id, label: entry.label, shortcut: entry.shortcut, separatorBefore: g > 0 && j === 0, onSelect: () => {},
    submenu: 'submenu' in entry && entry.submenu ? () => [] : undefined,
  }))),
}));

function walk(items: readonly MenuItemConstructorOptions[], out: MenuItemConstructorOptions[] = []): MenuItemConstructorOptions[] {
  for (const i of items) {
    out.push(i);
    if (Array.isArray(i.submenu)) walk(i.submenu, out);
  }
  return out;
}

describe('the native menu template', () => {
  it('has every entry of the registry\'s menus, with its accelerator, under its menu, in order', () => {
    const { model } = nativeMenuModel(registryMenus());
    const template = nativeMenuTemplate(model, { mac: false, appName: 'PoolDesk', onCommand: () => {} });
    expect(template.map((m) => m.label)).toEqual(['&File', '&View', '&Server', '&Pool', 'V&M', 'St&orage', '&Tools', '&Help']);
    let withShortcut = 0;
    MENUS.forEach((m, i) => {
      const items = (template[i].submenu as MenuItemConstructorOptions[]).filter((x) => x.type !== 'separator');
      const entries = menuGroups(m.id).flat().map((p) => p.entry);
      expect(items.map((x) => x.id)).toEqual(entries.map((e) => e.id));
      entries.forEach((e, k) => {
        expect(parseMnemonic(items[k].label ?? '').text).toBe(parseMnemonic(e.label).text);
        if (!e.shortcut) return;
        withShortcut++;
        expect(items[k].accelerator).toBe(toAccelerator(e.shortcut));
        expect(items[k].accelerator).toBeDefined();
        // Shown, but the page handles the key (not while a console has it, never twice).
        expect(items[k].registerAccelerator).toBe(false);
      });
    });
    expect(withShortcut).toBeGreaterThan(0);
  });

  it('sends the clicked item\'s id; checkboxes, greyed items and submenus keep their shape', () => {
    const onCommand = vi.fn();
    const { model } = nativeMenuModel([{ label: '&Tools', items: [
      { id: 'a', label: 'Alpha', onSelect: () => {} },
      { id: 'b', label: 'Beta', disabled: true, separatorBefore: true, onSelect: () => {} },
      { id: 'c', label: 'Check', checked: true, onSelect: () => {} },
      { id: 'sub', label: 'Assign to vApp', onSelect: () => {}, submenu: () => [{ id: 'vapp.one', label: 'R&&D', onSelect: () => {} }] },
    ] }]);
    const [tools] = nativeMenuTemplate(model, { mac: false, appName: 'PoolDesk', onCommand });
    const items = tools.submenu as MenuItemConstructorOptions[];
    expect(items.map((i) => i.type ?? i.label)).toEqual(['&Alpha', 'separator', '&Beta', 'checkbox', 'Assign &to vApp']);
    // Access keys as the in-page menu settles them: A is Alpha's, so Assign to vApp takes T.
    expect(items[2].enabled).toBe(false);
    expect(items[3]).toMatchObject({ id: 'c', checked: true, label: '&Check' });
    const sub = items[4].submenu as MenuItemConstructorOptions[];
    expect(sub).toHaveLength(1);
    expect(sub[0].label).toBe('&R&&D');
    (items[0].click as () => void)();
    (sub[0].click as () => void)();
    expect(onCommand.mock.calls).toEqual([['a'], ['vapp.one']]);
  });

  it('puts macOS\'s app menu first: About and Preferences… run the registry\'s, then Services, Hide, Quit', () => {
    const onCommand = vi.fn();
    const menus = [{ label: '&Help', items: [{ id: 'about', label: 'About PoolDesk', onSelect: () => {} }] }];
    const [app, help] = nativeMenuTemplate(nativeMenuModel(menus).model, { mac: true, appName: 'PoolDesk', onCommand });
    expect(help.label).toBe('&Help');
    const items = app.submenu as MenuItemConstructorOptions[];
    expect(app.label).toBe('PoolDesk');
    expect(items.map((i) => i.role ?? i.type ?? i.label)).toEqual(
      ['About PoolDesk', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    (items[0].click as () => void)();
    expect(onCommand).toHaveBeenCalledWith('about');
    // With Tools > Options in the model: Preferences… (Cmd+,) runs it.
    const withOptions = nativeMenuModel([...menus, { label: '&Tools', items: [{ id: 'options', label: 'Options…', onSelect: () => {} }] }]).model;
    const prefs = walk(nativeMenuTemplate(withOptions, { mac: true, appName: 'PoolDesk', onCommand })).find((i) => i.label === 'Preferences…');
    expect(prefs).toMatchObject({ accelerator: 'Cmd+,' });
    (prefs!.click as () => void)();
    expect(onCommand).toHaveBeenLastCalledWith('options');
    // Not on Windows or Linux.
    expect(nativeMenuTemplate(withOptions, { mac: false, appName: 'PoolDesk', onCommand }).map((m) => m.label)).toEqual(['&Help', '&Tools']);
  });

  it('is set as the application menu', () => {
    const model = nativeMenuModel(registryMenus()).model;
    expect(setNativeMenu(model, { mac: false, appName: 'PoolDesk', onCommand: () => {} })).toBe(true);
    expect(electron.Menu.buildFromTemplate).toHaveBeenCalledTimes(1);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith({ built: electron.Menu.buildFromTemplate.mock.calls[0][0] });
  });
});

describe('toAccelerator', () => {
  it('converts XenCenter\'s shortcuts to Electron\'s syntax (Ctrl is Cmd on macOS)', () => {
    expect(toAccelerator('Ctrl+K')).toBe('CmdOrCtrl+K');
    expect(toAccelerator('Cmd+K')).toBe('CmdOrCtrl+K');
    expect(toAccelerator('Alt+Enter')).toBe('Alt+Enter');
    expect(toAccelerator('Ctrl+Shift+f')).toBe('CmdOrCtrl+Shift+F');
    expect(toAccelerator('F5')).toBe('F5');
    expect(toAccelerator('Delete')).toBe('Delete');
    expect(toAccelerator('Ctrl+ArrowUp')).toBe('CmdOrCtrl+Up');
    expect(toAccelerator('Meta+1')).toBe('Super+1');
  });
  it('gives none for keys or modifiers Electron has no name for', () => {
    expect(toAccelerator('Hyper+K')).toBeUndefined();
    expect(toAccelerator('Ctrl+')).toBeUndefined();
    expect(toAccelerator('Ctrl+Pause2')).toBeUndefined();
  });
});

describe('menu.set in main', () => {
  const item = { kind: 'item', id: 'vm.start', label: '&Start', enabled: true };
  const refused = (payload: unknown) => () => validateRequest('menu.set', payload);

  it('accepts a menu model and keeps only its known fields', () => {
    const model = { menus: [{ label: '&VM', items: [item, { kind: 'separator' }, { ...item, id: 'x', shortcut: 'Alt+Enter', checked: false, submenu: [item] }] }] };
    expect(validateRequest('menu.set', model).args).toEqual(model);
  });

  it('refuses bad shapes with a clear error', () => {
    expect(refused({ menus: 'File' })).toThrow('"menus" must be an array');
    expect(refused({ menus: [], extra: 1 })).toThrow('unexpected field "extra"');
    expect(refused({ menus: Array.from({ length: 17 }, () => ({ label: 'M', items: [] })) })).toThrow('at most 16');
    expect(refused({ menus: [{ label: 'M', items: Array.from({ length: 257 }, () => item) }] })).toThrow('at most 256');
    expect(refused({ menus: [{ label: 'x'.repeat(201), items: [] }] })).toThrow('"label" must be a string');
    expect(refused({ menus: [{ label: 'M', items: [{ ...item, enabled: 'yes' }] }] })).toThrow('"enabled" must be true or false');
    expect(refused({ menus: [{ label: 'M', items: [{ ...item, id: 'a b<script>' }] }] })).toThrow('"id" must be a command id');
    expect(refused({ menus: [{ label: 'M', items: [{ ...item, shortcut: 'Ctrl+K; rm' }] }] })).toThrow('"shortcut"');
    expect(refused({ menus: [{ label: 'M', items: [{ ...item, click: 'x' }] }] })).toThrow('unexpected field "click"');
    expect(refused({ menus: [{ label: 'M', items: [{ kind: 'role', role: 'quit' }] }] })).toThrow('"kind" must be');
    expect(refused({ menus: [{ label: 'M', items: [{ ...item, submenu: [{ ...item, submenu: [] }] }] }] })).toThrow('one level only');
  });

  it('shows the model only where the host has a native menu bar', async () => {
    const model = { menus: [] };
    const setNative = vi.fn(() => true);
    expect(await MENU_HANDLERS['menu.set'](model, { opts: { setNativeMenu: setNative } } as unknown as CoreContext)).toEqual({ shown: true });
    expect(setNative).toHaveBeenCalledWith(model);
    expect(await MENU_HANDLERS['menu.set'](model, { opts: {} } as unknown as CoreContext)).toEqual({ shown: false });
  });
});
