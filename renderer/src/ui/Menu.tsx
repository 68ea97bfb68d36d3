// A popup menu (role menu / menuitem), keyboard navigable; used by the menu bar and the tree's
// context menu. An item may open a submenu, drawn beside it inside this menu's element (so a click in it is not
// "outside"). Each item has an access key (underlined): typing it picks the item, or, when several
// items share it, moves to the next of them, as Windows menus do.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { assignMnemonics, entriesForKey, mnemonicKey } from './mnemonics';
import { MnemonicLabel } from './MnemonicLabel';

export interface MenuItemSpec {
  id: string;
  /** The label; "&" marks its access key ("Open &Demo Pool"), else one is chosen. */
  label: string;
  disabled?: boolean;
  /** The tooltip: for a disabled item, why it cannot be chosen. */
  title?: string;
  /** For menuitemcheckbox. */
  checked?: boolean;
  separatorBefore?: boolean;
  shortcut?: string;
  /** A drop-down of its own (opened by hover, click, Enter or Right; Left or Escape closes it): its items, read when it
   * opens. onSelect is not called for such an item. */
  submenu?(): MenuItemSpec[];
  onSelect(): void;
}

interface MenuProps {
  label: string;
  items: MenuItemSpec[];
  onClose(reason: 'escape' | 'select' | 'outside' | 'tab'): void;
  /** Left/Right inside a menu bar's menu. */
  onNavigate?(dir: -1 | 1): void;
  style?: CSSProperties;
  className?: string;
  id?: string;
}

/** This menu's own items, not those of an open submenu inside it. */
const OWN_ITEMS = ':scope > .menu-entry > [role^="menuitem"]';

export function Menu({ label, items, onClose, onNavigate, style, className, id }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [sub, setSub] = useState<{ index: number; items: MenuItemSpec[] } | null>(null);
  const mnemonics = useMemo(() => assignMnemonics(items.map((it) => it.label)), [items]);
  // A submenu that would leave the window opens on its parent's left instead, and moves up to fit.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !el.classList.contains('submenu')) return;
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth) el.classList.add('flip');
    if (r.bottom > window.innerHeight) el.style.top = `${Math.max(-r.top, window.innerHeight - r.bottom - 4)}px`;
  }, []);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('[role^="menuitem"]');
    first?.focus();
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose('outside');
    };
    const t = setTimeout(() => document.addEventListener('pointerdown', onDown, true), 0);
    return () => { clearTimeout(t); document.removeEventListener('pointerdown', onDown, true); };
  }, [onClose]);

  const focusAt = (k: number) => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>(OWN_ITEMS) ?? [])];
    if (all.length === 0) return;
    all[(k + all.length) % all.length].focus();
  };
  const currentIndex = () => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>(OWN_ITEMS) ?? [])];
    return all.indexOf(document.activeElement as HTMLElement);
  };

  /** Chooses an item: opens its submenu, or closes the menu and runs it. */
  const choose = (n: number) => {
    const item = items[n];
    if (!item || item.disabled) return;
    if (item.submenu) { setSub({ index: n, items: item.submenu() }); return; }
    onClose('select');
    item.onSelect();
  };
  const closeSub = (reason: 'escape' | 'select' | 'outside' | 'tab') => {
    const at = sub?.index;
    setSub(null);
    if (reason === 'select') onClose('select');
    else if (reason === 'escape' && at !== undefined) focusAt(at);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const i = currentIndex();
    switch (e.key) {
      case 'ArrowDown': focusAt(i + 1); break;
      case 'ArrowUp': focusAt(i - 1); break;
      case 'Home': focusAt(0); break;
      case 'End': focusAt(-1); break;
      case 'Escape': onClose('escape'); break;
      case 'Tab': onClose('tab'); return;
      case 'ArrowLeft': if (onNavigate) onNavigate(-1); else return; break;
      case 'ArrowRight': if (items[i]?.submenu) choose(i); else if (onNavigate) onNavigate(1); else return; break;
      case 'Enter':
      case ' ': choose(i); break;
      default: {
        // Alt+letter belongs to the menu bar (another menu), Ctrl/Meta to shortcuts.
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
        const hits = entriesForKey(mnemonics, e.key);
        if (hits.length === 1) {
          focusAt(hits[0]);
          choose(hits[0]);
        } else if (hits.length > 1) {
          focusAt(hits.find((k) => k > i) ?? hits[0]);
        }
        break;
      }
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div role="menu" aria-label={label} id={id} ref={ref} className={`menu ${className ?? ''}`} style={style} onKeyDown={onKeyDown}>
      {items.map((it, n) => (
        <div key={it.id} className="menu-entry">
          {it.separatorBefore ? <div role="separator" className="menu-separator" /> : null}
          <div
            role={it.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
            aria-checked={it.checked === undefined ? undefined : it.checked}
            aria-haspopup={it.submenu ? 'menu' : undefined}
            aria-expanded={it.submenu ? sub?.index === n : undefined}
            aria-disabled={it.disabled ? true : undefined}
            title={it.title}
            aria-keyshortcuts={mnemonicKey(mnemonics[n])?.toUpperCase()}
            tabIndex={-1}
            className={`menu-item${it.disabled ? ' disabled' : ''}`}
            onClick={() => choose(n)}
            onMouseEnter={() => { if (it.submenu && !it.disabled) { if (sub?.index !== n) choose(n); } else if (sub) setSub(null); }}
          >
            <span className="menu-check" aria-hidden="true">{it.checked ? '✓' : ''}</span>
            <span className="menu-label"><MnemonicLabel m={mnemonics[n]} /></span>
            {it.shortcut ? <span className="menu-shortcut" aria-hidden="true">{it.shortcut}</span> : null}
            {it.submenu ? <span className="menu-arrow" aria-hidden="true">▸</span> : null}
          </div>
          {sub?.index === n ? (
            <Menu label={it.label.replace(/&(.)/g, '$1')} items={sub.items} onClose={closeSub} onNavigate={(d) => { if (d < 0) closeSub('escape'); }} className="submenu" />
          ) : null}
        </div>
      ))}
    </div>
  );
}
