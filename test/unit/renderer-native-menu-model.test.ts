// The renderer's side of the native menu bar: the model it sends and the handlers a click may run.
import { describe, expect, it, vi } from 'vitest';
import { markMnemonic, nativeMenuModel } from '../../renderer/src/app/native-menu-model';

describe('nativeMenuModel', () => {
  it('keeps handlers for enabled items only: a click on a greyed or unknown id runs nothing', () => {
    const run = { a: vi.fn(), b: vi.fn(), s: vi.fn(), inner: vi.fn() };
    const { model, handlers } = nativeMenuModel([{ label: '&VM', items: [
      { id: 'a', label: 'Start', shortcut: 'Ctrl+B', onSelect: run.a },
      { id: 'b', label: 'Shut Down', disabled: true, onSelect: run.b },
      { id: 's', label: 'Assign to vApp', onSelect: run.s, submenu: () => [{ id: 'inner', label: 'Web', onSelect: run.inner }] },
      { id: 'g', label: 'Greyed drop-down', disabled: true, onSelect: () => {}, submenu: () => [{ id: 'hidden', label: 'X', onSelect: () => {} }] },
    ] }]);
    expect([...handlers.keys()]).toEqual(['a', 'inner']);
    handlers.get('inner')!();
    expect(run.inner).toHaveBeenCalledTimes(1);
    expect(model.menus[0]).toEqual({ label: '&VM', items: [
      { kind: 'item', id: 'a', label: '&Start', shortcut: 'Ctrl+B', enabled: true },
      { kind: 'item', id: 'b', label: 'Shut &Down', enabled: false },
      { kind: 'item', id: 's', label: '&Assign to vApp', enabled: true, submenu: [{ kind: 'item', id: 'inner', label: '&Web', enabled: true }] },
      { kind: 'item', id: 'g', label: '&Greyed drop-down', enabled: false, submenu: [] },
    ] });
  });

  it('marks access keys as the native menus read them', () => {
    expect(markMnemonic({ text: 'Save & Exit', index: 0 })).toBe('&Save && Exit');
    expect(markMnemonic({ text: 'Plain', index: -1 })).toBe('Plain');
  });
});
