// Help > Keyboard Shortcuts lists, per menu, every registered entry that has a shortcut.
import { describe, expect, it } from 'vitest';
import { CONTRIBUTIONS } from '../../renderer/src/app/menu-model';
import { shortcutSections } from '../../renderer/src/app/keyboard-shortcuts';
import { isAction } from '../../renderer/src/framework/command';
import { at, type Feature } from '../../renderer/src/framework/feature';

describe('shortcutSections', () => {
  it('lists every shortcut of the real registry, under a menu the entry sits in', () => {
    const sections = shortcutSections(CONTRIBUTIONS);
    const listed = sections.flatMap((s) => s.rows.map((r) => `${r.label}|${r.shortcut}`));
    const rowsIn = (menu: string) => sections.find((s) => s.menu === menu)?.rows;
    const registered = CONTRIBUTIONS.flatMap((f) => (f.commands ?? []).map((c) => c.entry)).filter((e) => e.shortcut);
    expect(registered.length).toBeGreaterThan(0);
    for (const e of registered) expect(listed).toContain(`${e.label}|${e.shortcut}`);
    // No row twice in a menu, no empty section; each menu's Properties is listed under it.
    for (const s of sections) {
      expect(s.rows.length).toBeGreaterThan(0);
      expect(new Set(s.rows.map((r) => `${r.label}|${r.shortcut}`)).size).toBe(s.rows.length);
    }
    expect(rowsIn('View')).toContainEqual({ label: 'Command Palette…', shortcut: 'Ctrl+K' });
    // A template's or a network's Properties sits in their context menus only.
    expect(rowsIn('Context menus')).toEqual([{ label: 'Properties', shortcut: 'Alt+Enter' }]);
    for (const menu of ['Server', 'Pool', 'VM', 'Storage']) expect(rowsIn(menu)).toContainEqual({ label: 'Properties', shortcut: 'Alt+Enter' });
  });

  it('keeps the menu bar order; entries of no menu come last: the context menus\' own, then the rest', () => {
    const action = (id: string, shortcut?: string) => ({ id, label: id, shortcut, perform: () => {} });
    const f: Feature = {
      id: 't',
      commands: [
        { entry: action('help-one', 'F1'), places: [at('menu:help', 0)] },
        { entry: action('file-one', 'Ctrl+O'), places: [at('menu:file', 0)] },
        { entry: action('no-key'), places: [at('menu:file', 0)] },
        { entry: action('ctx-only', 'Delete'), places: [at('context:vm', 0)] },
        { entry: action('toolbar-only', 'F5'), places: [at('toolbar', 0)] },
      ],
    };
    expect(isAction(f.commands![0].entry)).toBe(true);
    expect(shortcutSections([f])).toEqual([
      { menu: 'File', rows: [{ label: 'file-one', shortcut: 'Ctrl+O' }] },
      { menu: 'Help', rows: [{ label: 'help-one', shortcut: 'F1' }] },
      { menu: 'Context menus', rows: [{ label: 'ctx-only', shortcut: 'Delete' }] },
      { menu: 'Other', rows: [{ label: 'toolbar-only', shortcut: 'F5' }] },
    ]);
  });
});
