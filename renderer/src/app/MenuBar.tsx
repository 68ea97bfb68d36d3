import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useUi } from '../state/ui';
import { Menu, type MenuItemSpec } from '../ui/Menu';
import { useEntryStates, useRunEntry } from '../framework/use-commands';
import type { PlacedEntry } from '../framework/menu-model';
import { altKeyLetter, assignMnemonics, mnemonicKey } from '../ui/mnemonics';
import { MnemonicLabel } from '../ui/MnemonicLabel';
import { MENUS, menuGroups } from './menu-model';
import { submenuItems } from './submenu-items';
import { appStore } from '../state';
import { isAction } from '../framework/command';
import { useNativeMenu } from './use-native-menu';

/** Keys typed into a VM's console, or while a modal dialog is up, are not the menu bar's. */
function keysBelongElsewhere(target: EventTarget | null): boolean {
  if (target instanceof Element && target.closest('[data-console-screen]')) return true;
  return document.querySelector('[aria-modal="true"]') !== null;
}

// Every menu's entries in groups, from the registered contributions (fixed for the window's life).
const MENU_GROUPS = MENUS.map((m) => menuGroups(m.id));
const ALL_ENTRIES = MENU_GROUPS.flatMap((groups) => groups.flat().map((p) => p.entry));

export function MenuBar() {
  const [open, setOpen] = useState<number | null>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const selection = useUi((s) => s.selection);
  const run = useRunEntry();
  const states = useEntryStates(ALL_ENTRIES, selection);
  let k = 0;
  /** An entry's menu item: greyed with the reason as its tooltip when it cannot run; a check mark for options. */
  const item = ({ entry }: PlacedEntry, separatorBefore: boolean): MenuItemSpec => {
    const st = states[k++];
    return {
      id: entry.id, label: entry.label, disabled: !st.enabled, title: st.enabled ? undefined : st.reason,
      checked: st.checked, shortcut: entry.shortcut, separatorBefore, onSelect: () => run(entry, selection),
      submenu: !isAction(entry) && entry.submenu ? () => submenuItems(entry, selection, appStore.getState(), run) : undefined,
    };
  };
  const menus = MENUS.map((m, i) => ({
    label: m.label,
    items: MENU_GROUPS[i].flatMap((group, g) => group.map((p, j) => item(p, g > 0 && j === 0))),
  }));

  const titles = assignMnemonics(menus.map((m) => m.label));
  // Electron shows these menus natively (use-native-menu.ts); the browser host keeps the bar below.
  const native = useNativeMenu(menus);

  // Alt+letter opens that menu; Alt pressed and released alone moves the focus to the menu bar (Windows).
  const titleKeys = titles.map(mnemonicKey).join('');
  useEffect(() => {
    if (native) return undefined;
    let altAlone = false;
    const onDown = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Alt') { altAlone = !e.repeat && !e.ctrlKey && !e.metaKey && !e.shiftKey; return; }
      altAlone = false;
      if (!e.altKey || e.ctrlKey || e.metaKey || keysBelongElsewhere(e.target)) return;
      const letter = altKeyLetter(e.code);
      const i = letter ? [...titleKeys].indexOf(letter) : -1;
      if (i < 0) return;
      e.preventDefault();
      setOpen(i);
    };
    const onUp = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Alt' || !altAlone) return;
      altAlone = false;
      if (keysBelongElsewhere(e.target)) return;
      e.preventDefault();
      if (!barRef.current?.contains(document.activeElement)) barRef.current?.querySelector<HTMLElement>('[data-menubar-item]')?.focus();
    };
    const reset = () => { altAlone = false; };
    window.addEventListener('keydown', onDown);
    window.addEventListener('keyup', onUp);
    window.addEventListener('pointerdown', reset, true);
    return () => {
      window.removeEventListener('keydown', onDown);
      window.removeEventListener('keyup', onUp);
      window.removeEventListener('pointerdown', reset, true);
    };
  }, [titleKeys, native]);

  const buttons = () => [...(barRef.current?.querySelectorAll<HTMLElement>('[data-menubar-item]') ?? [])];
  const close = useCallback((reason: string) => {
    setOpen((cur) => {
      if (cur != null && reason !== 'outside' && reason !== 'select') buttons()[cur]?.focus();
      return null;
    });
  }, []);

  const onBarKey = (e: KeyboardEvent, i: number) => {
    const all = buttons();
    if (e.key === 'ArrowRight') all[(i + 1) % all.length]?.focus();
    else if (e.key === 'ArrowLeft') all[(i - 1 + all.length) % all.length]?.focus();
    else if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') setOpen(i);
    else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // On the bar (F10, Alt), a menu's access key opens it.
      const k = titles.findIndex((t) => mnemonicKey(t) === e.key.toLowerCase());
      if (k < 0) return;
      setOpen(k);
    } else return;
    e.preventDefault();
  };

  if (native) return null;
  return (
    <div role="menubar" aria-label="Main menu" className="menubar" ref={barRef}>
      {menus.map((m, i) => (
        <div key={titles[i].text} className="menubar-slot">
          <button
            type="button"
            role="menuitem"
            data-menubar-item
            aria-haspopup="menu"
            aria-expanded={open === i}
            aria-keyshortcuts={titles[i].index >= 0 ? `Alt+${titles[i].text[titles[i].index].toUpperCase()}` : undefined}
            tabIndex={i === 0 ? 0 : -1}
            className={`menubar-item${open === i ? ' open' : ''}`}
            onClick={() => setOpen(open === i ? null : i)}
            onMouseEnter={() => { if (open != null && open !== i) setOpen(i); }}
            onKeyDown={(e) => onBarKey(e, i)}
          >
            <MnemonicLabel m={titles[i]} />
          </button>
          {open === i ? (
            <Menu
              label={titles[i].text}
              items={m.items}
              onClose={close}
              onNavigate={(d) => setOpen((i + d + menus.length) % menus.length)}
              className="dropdown"
            />
          ) : null}
        </div>
      ))}
    </div>
  );
}
