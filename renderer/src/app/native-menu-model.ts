// The menu bar's model for the native menu (Electron, shared/ipc/areas/menu.ts): the same menus and items the
// in-page bar shows, with their access keys settled as it settles them, submenus read now (a native menu cannot
// ask when it opens), and each clickable item's handler kept here by id for the click main sends back.
import type { NativeMenuItem, NativeMenuModel } from '../../../shared/ipc/areas/menu';
import type { MenuItemSpec } from '../ui/Menu';
import { assignMnemonics, type Mnemonic } from '../ui/mnemonics';

export interface NativeMenuBuild {
  model: NativeMenuModel;
  /** The enabled items' handlers by id: a click on anything else (greyed since, or unknown) does nothing. */
  handlers: Map<string, () => void>;
}

/** A settled access key as the native menus read it: '&' before the key, a literal '&' doubled. */
export function markMnemonic({ text, index }: Mnemonic): string {
  return [...text].map((ch, i) => (ch === '&' ? '&&' : i === index ? `&${ch}` : ch)).join('');
}

function nativeItems(specs: readonly MenuItemSpec[], handlers: Map<string, () => void>, nested: boolean): NativeMenuItem[] {
  const keys = assignMnemonics(specs.map((s) => s.label));
  const out: NativeMenuItem[] = [];
  specs.forEach((s, i) => {
    if (s.separatorBefore && out.length > 0) out.push({ kind: 'separator' });
    const item: NativeMenuItem = { kind: 'item', id: s.id, label: markMnemonic(keys[i]), enabled: !s.disabled };
    if (s.shortcut) item.shortcut = s.shortcut;
    if (s.checked !== undefined) item.checked = s.checked;
    if (s.submenu && !nested) item.submenu = s.disabled ? [] : nativeItems(s.submenu(), handlers, true);
    else if (!s.disabled) handlers.set(s.id, s.onSelect);
    out.push(item);
  });
  return out;
}

export function nativeMenuModel(menus: ReadonlyArray<{ label: string; items: readonly MenuItemSpec[] }>): NativeMenuBuild {
  const handlers = new Map<string, () => void>();
  const titles = assignMnemonics(menus.map((m) => m.label));
  return { model: { menus: menus.map((m, i) => ({ label: markMnemonic(titles[i]), items: nativeItems(m.items, handlers, false) })) }, handlers };
}
